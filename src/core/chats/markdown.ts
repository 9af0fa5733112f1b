// ChatSession → markdown (the transcript written under agent-chats/ and pushed to Notion), its file name, and the
// contract's message count. Output is deterministic (same session → same bytes) and redacted.
import { createHash } from 'node:crypto';
import { redactSecrets } from '../content/redact';
import type { SessionCommit } from './commits';
import type { ChatMessage, ChatSession, ChatTool, ToolCall } from './types';

export const TOOL_LABELS: Record<ChatTool, string> = {
  'claude-code': 'Claude Code',
  cursor: 'Cursor',
  copilot: 'GitHub Copilot Chat',
  codex: 'OpenAI Codex CLI',
  cline: 'Cline',
  roo: 'Roo Code',
  kilo: 'Kilo Code',
  // --- chats-a ---
  'gemini-cli': 'Gemini CLI',
  opencode: 'OpenCode',
  // --- chats-b ---
  'copilot-cli': 'GitHub Copilot CLI',
  continue: 'Continue',
  aider: 'aider',
  kiro: 'Kiro',
  zed: 'Zed Agent',
  amp: 'Amp',
  'zoo-code': 'Zoo Code',
};

/** Truncation limits for the folded blocks (characters, after redaction). Message text is never truncated. */
export const MARKDOWN_LIMITS = { toolInput: 2000, toolOutput: 4000, thinking: 6000, summaryHint: 60 } as const;

/**
 * Contract (§3 `chats`): user prompts + assistant replies, where a reply is the assistant's text between two prompts.
 * Readers already merge everything between two prompts into one assistant message, so: every user message, plus
 * every assistant message that has text (a reply made only of tool calls or thinking is not counted).
 */
export function countMessages(session: ChatSession): number {
  return session.messages.filter((m) => (m.role === 'user' || m.role === 'assistant') && m.text.trim().length > 0)
    .length;
}

function redact(text: string): string {
  if (!text) return text;
  return redactSecrets(text).text;
}

/** `agent-chats/<tool>/<YYYY-MM-DD>-<slug>-<shortid>.md`; depends only on tool, id, start date and first prompt. */
export function exportFileName(session: ChatSession): string {
  const date = /^\d{4}-\d{2}-\d{2}/.test(session.startedAt) ? session.startedAt.slice(0, 10) : 'undated';
  const firstPrompt = session.messages.find((m) => m.role === 'user' && m.text.trim())?.text;
  const slug = slugify(redact(firstPrompt ?? session.title));
  const shortId = createHash('sha256').update(`${session.tool}:${session.id}`).digest('hex').slice(0, 8);
  return `agent-chats/${session.tool}/${date}-${slug}-${shortId}.md`;
}

export function slugify(text: string, max = 48): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  let s = ascii.slice(0, max);
  if (ascii.length > max && s.includes('-')) s = s.slice(0, s.lastIndexOf('-'));
  s = s.replace(/-+$/g, '');
  return s || 'chat';
}

function when(iso: string | undefined): string {
  if (!iso) return '';
  return iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');
}

function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

function htmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A fenced block whose fence is longer than any backtick run inside. */
export function fence(text: string, lang = ''): string {
  const runs = text.match(/`+/g) ?? [];
  const longest = runs.reduce((n, r) => Math.max(n, r.length), 0);
  const f = '`'.repeat(Math.max(3, longest + 1));
  return `${f}${lang}\n${text.replace(/\n+$/, '')}\n${f}`;
}

/** Keeps head and tail of long text with a marker saying how much was left out. */
export function truncateMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const tail = Math.floor(max * 0.2);
  const head = max - tail;
  const omitted = text.length - head - tail;
  return `${text.slice(0, head)}\n… [${omitted} characters omitted] …\n${text.slice(text.length - tail)}`;
}

/** Closes a code fence the text left open, so one message cannot swallow the rest of the document. */
export function balanceFences(text: string): string {
  let open: { ch: string; len: number } | undefined;
  for (const line of text.split('\n')) {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (!m) continue;
    const ch = m[1][0];
    const len = m[1].length;
    if (!open) open = { ch, len };
    else if (ch === open.ch && len >= open.len && line.trim() === m[1]) open = undefined;
  }
  return open ? `${text}\n${open.ch.repeat(open.len)}` : text;
}

function isJsonLike(s: string): boolean {
  const t = s.trim();
  return (t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'));
}

/** A short hint for the tool's summary line: the command / path / pattern / query, else the input's first line. */
function toolHint(input: string): string {
  let hint = '';
  if (isJsonLike(input)) {
    try {
      const v: unknown = JSON.parse(input);
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        const o = v as Record<string, unknown>;
        for (const k of [
          'command',
          'cmd',
          'file_path',
          'path',
          'filePath',
          'target_file',
          'pattern',
          'query',
          'url',
          'description',
        ]) {
          const x = o[k];
          if (typeof x === 'string' && x.trim()) {
            hint = x;
            break;
          }
          if (Array.isArray(x) && x.every((y) => typeof y === 'string')) {
            hint = x.join(' ');
            break;
          }
        }
      }
    } catch {
      // not JSON after all
    }
  } else hint = input;
  hint =
    hint
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? '';
  if (hint.length > MARKDOWN_LIMITS.summaryHint) hint = hint.slice(0, MARKDOWN_LIMITS.summaryHint - 1) + '…';
  return hint;
}

function renderToolCall(call: ToolCall): string {
  const name = redact(call.name);
  const input = redact(call.input ?? '');
  const hint = toolHint(input);
  const status = call.isError ? ' (error)' : '';
  const summary = `Tool: ${htmlEscape(name)}${hint ? ` — <code>${htmlEscape(hint)}</code>` : ''}${status}`;
  const parts = [`<details><summary>${summary}</summary>`, ''];
  if (input.trim()) {
    parts.push(fence(truncateMiddle(input, MARKDOWN_LIMITS.toolInput), isJsonLike(input) ? 'json' : 'text'), '');
  }
  if (call.output !== undefined && call.output.trim()) {
    parts.push(
      call.isError ? 'Error:' : 'Output:',
      '',
      fence(truncateMiddle(redact(call.output), MARKDOWN_LIMITS.toolOutput), 'text'),
      '',
    );
  }
  parts.push('</details>');
  return parts.join('\n');
}

function renderMessage(m: ChatMessage, turn: number): string {
  const out: string[] = [];
  out.push(`## ${turn}. ${m.role === 'user' ? 'User' : 'Assistant'}`, '');
  const meta = [m.role === 'assistant' && m.model ? redact(m.model) : '', when(m.timestamp)].filter(Boolean);
  if (meta.length) out.push(`_${meta.join(' · ')}_`, '');
  if (m.thinking && m.thinking.trim()) {
    out.push(
      '<details><summary>Thinking</summary>',
      '',
      balanceFences(truncateMiddle(redact(m.thinking.trim()), MARKDOWN_LIMITS.thinking)),
      '',
      '</details>',
      '',
    );
  }
  if (m.text.trim()) out.push(balanceFences(redact(m.text.trim())), '');
  for (const call of m.toolCalls) out.push(renderToolCall(call), '');
  return out.join('\n');
}

export interface MarkdownOptions {
  /** commits made in the repository while the session ran (commits.ts); rendered as their own section */
  commits?: SessionCommit[];
}

/** chats-b (issue 15, point 7): the commits that came out of the session, newest first; subjects redacted. */
export function commitsSection(commits: SessionCommit[]): string {
  const out = ['## Commits during this session', ''];
  if (!commits.length) {
    out.push('_No commits were made in this repository while the session ran._', '');
    return out.join('\n');
  }
  out.push('| Commit | Date | Author | Subject |', '| --- | --- | --- | --- |');
  for (const c of commits)
    out.push(`| \`${c.shortHash}\` | ${when(c.date)} | ${cell(redact(c.author))} | ${cell(redact(c.subject))} |`);
  out.push('');
  return out.join('\n');
}

/** The transcript: title, metadata table, one section per prompt and reply; tool calls and thinking folded. */
export function sessionToMarkdown(session: ChatSession, options: MarkdownOptions = {}): string {
  const title = redact(session.title).replace(/\s+/g, ' ').trim() || 'Untitled chat';
  const rows: Array<[string, string]> = [
    ['Tool', TOOL_LABELS[session.tool] ?? session.tool],
    ['Session ID', `\`${session.id}\``],
    ['Models', session.models.map((x) => redact(x)).join(', ') || '—'],
    ['Started', when(session.startedAt)],
    ['Updated', when(session.updatedAt)],
    ['Messages', String(countMessages(session))],
    ['Workspace', `\`${session.workspaceFolder}\``],
  ];
  const out: string[] = [`# ${title}`, '', '| Field | Value |', '| --- | --- |'];
  for (const [k, v] of rows) out.push(`| ${k} | ${cell(v)} |`);
  out.push('');
  if (options.commits) out.push(commitsSection(options.commits));
  let turn = 0;
  for (const m of session.messages) {
    if (m.role === 'user' || turn === 0) turn++;
    out.push(renderMessage(m, turn));
  }
  return out.join('\n').replace(/\n*$/, '\n');
}
