import type { ChatMessage, ChatSession } from './types';
import { codeBlocks, divider, paragraphs, textBlock, textBlocks } from '../content/blocks';
import { markdownToBlocks } from '../content/markdown';
import { redactSecrets } from '../content/redact';
import { richText } from '../content/richtext';
import type { Block } from '../content/types';

/** Tool inputs and outputs longer than this are cut (head and tail kept) in the Notion transcript. */
export const TOOL_TEXT_LIMIT = 6000;

const ROLE_LABEL: Record<ChatMessage['role'], string> = { user: '🧑 User', assistant: '🤖 Assistant' };

function clean(text: string): string {
  return redactSecrets(text).text;
}

function cut(text: string, limit = TOOL_TEXT_LIMIT): string {
  if (text.length <= limit) return text;
  const half = Math.floor(limit / 2);
  return `${text.slice(0, half)}\n… [${text.length - limit} characters omitted] …\n${text.slice(text.length - half)}`;
}

/**
 * The blocks of one message: a heading naming the turn, the text as markdown blocks, each tool
 * call folded into a toggle (input and output as code), thinking folded into a toggle. Everything
 * passes secret redaction first.
 */
export function messageBlocks(message: ChatMessage, turn: number): Block[] {
  const when = message.timestamp ? ` · ${message.timestamp.replace('T', ' ').slice(0, 16)}` : '';
  const model = message.role === 'assistant' && message.model ? ` · ${message.model}` : '';
  const blocks: Block[] = [textBlock('heading_3', richText(`${turn}. ${ROLE_LABEL[message.role]}${model}${when}`))];
  if (message.thinking && message.thinking.trim()) {
    blocks.push(
      ...textBlocks('toggle', richText('💭 Thinking', { italic: true }), {
        children: paragraphs(cut(clean(message.thinking))),
      }),
    );
  }
  const text = clean(message.text).trim();
  if (text) blocks.push(...markdownToBlocks(text, { placeholders: 'text' }).blocks);
  for (const call of message.toolCalls) {
    const children: Block[] = [...codeBlocks(cut(clean(call.input || '(no input)')), 'json')];
    if (call.output !== undefined) {
      children.push(...paragraphs(call.isError ? 'Result (error):' : 'Result:'));
      children.push(...codeBlocks(cut(clean(call.output)), 'plain text'));
    }
    blocks.push(
      ...textBlocks('toggle', richText(`🔧 ${call.name}${call.isError ? ' (error)' : ''}`, { code: true }), {
        children,
      }),
    );
  }
  return blocks;
}

/** The whole transcript: a short header, then every message in order, turns separated by dividers. */
export function chatToBlocks(session: ChatSession): Block[] {
  const blocks: Block[] = [
    ...paragraphs(
      `${session.tool} session ${session.id} · ${session.messages.length} messages · started ${session.startedAt}${session.models.length ? ` · ${session.models.join(', ')}` : ''}`,
      { color: 'gray' },
    ),
  ];
  session.messages.forEach((m, i) => {
    if (i > 0 && m.role === 'user') blocks.push(divider());
    blocks.push(...messageBlocks(m, i + 1));
  });
  return blocks;
}
