import * as vscode from 'vscode';
import { TOOL_LABELS } from '../../core/chats';
import type { ChatTool } from '../../core/chats';
import type { ItemStatus, ListedChat } from '../../core/sync';
import { chatContextValue, Commands, Schemes } from '../ids';
import { escapeMarkdown } from './format';
import { Node, openOnClick } from './nodes';

const TOOL_ICONS: Record<ChatTool, string> = {
  'claude-code': 'sparkle',
  codex: 'terminal',
  copilot: 'copilot',
  cursor: 'inspect',
  cline: 'robot',
  roo: 'robot',
  kilo: 'robot',
  // --- chats-a ---
  'gemini-cli': 'terminal',
  opencode: 'terminal',
  // --- chats-b ---
  'copilot-cli': 'copilot',
  continue: 'comment-discussion',
  aider: 'terminal',
  kiro: 'robot',
  zed: 'comment-discussion',
  amp: 'zap',
  'zoo-code': 'robot',
};

export type ChatState = 'new' | 'captured' | 'grown';

/** new: not captured; grown: captured, but the session has more messages now; captured: up to date. */
export function chatState(s: ListedChat): ChatState {
  if (!s.captured) return 'new';
  if (s.capturedMessages !== undefined && s.capturedMessages < s.messages) return 'grown';
  return 'captured';
}

const CHAT_STATE_LABELS: Record<ChatState, string> = {
  new: 'Not captured yet',
  captured: 'Captured',
  grown: 'Captured, has new turns',
};

/** One agent chat session of this workspace; its markdown export (if any) is not listed again. */
export class ChatNode extends Node {
  readonly state: ChatState;
  constructor(
    readonly session: ListedChat,
    /** The sync state of its markdown export under agent-chats/, when the file is an item. */
    readonly exportItem?: ItemStatus,
  ) {
    const s = session;
    super(s.title || s.id, vscode.TreeItemCollapsibleState.None);
    const state = chatState(s);
    this.state = state;
    const newMessages = state === 'grown' ? s.messages - (s.capturedMessages ?? 0) : 0;
    this.id = `chat:${s.tool}:${s.id}`;
    this.resourceUri = vscode.Uri.from({
      scheme: Schemes.item,
      path: `/${s.exportPath}`,
      query: `kind=chat&state=${state}${newMessages ? `&new=${newMessages}` : ''}`,
    });
    this.iconPath = new vscode.ThemeIcon(TOOL_ICONS[s.tool] ?? 'comment-discussion');
    const date = (s.updatedAt || s.startedAt).slice(0, 10);
    this.description = `${date} · ${s.messages} message${s.messages === 1 ? '' : 's'}${state === 'new' ? ' · not captured' : state === 'grown' ? ` · ${newMessages} new` : ''}`;
    this.contextValue = chatContextValue(state, { page: !!s.pageId, export: s.exported });
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escapeMarkdown(s.title || s.id)}**\n\n`);
    md.appendMarkdown(`${escapeMarkdown(TOOL_LABELS[s.tool] ?? s.tool)} · session \`${s.id.replace(/`/g, '')}\`\n\n`);
    md.appendMarkdown(
      `Started ${new Date(s.startedAt).toLocaleString()} · last message ${new Date(s.updatedAt).toLocaleString()}\n\n`,
    );
    md.appendMarkdown(`${s.messages} message${s.messages === 1 ? '' : 's'}`);
    md.appendMarkdown(state === 'grown' ? ` · ${newMessages} not captured yet\n\n` : '\n\n');
    md.appendMarkdown(`State: ${CHAT_STATE_LABELS[state]}\n\n`);
    md.appendMarkdown(
      s.exported
        ? `Exported to ${escapeMarkdown(s.exportPath)}\n\n`
        : `Not exported yet (will be ${escapeMarkdown(s.exportPath)})\n\n`,
    );
    if (s.url) md.appendMarkdown(`[$(link-external) Open in Notion](${s.url})`);
    this.tooltip = md;
    if (s.exported) this.command = openOnClick(s.exportPath, 'Open the Exported Markdown');
    else if (s.url) this.command = { command: Commands.openInNotion, title: 'Open in Notion', arguments: [this] };
    this.accessibilityInformation = {
      label: `${TOOL_LABELS[s.tool] ?? s.tool} chat ${s.title}, ${s.messages} messages, ${CHAT_STATE_LABELS[state]}`,
    };
  }
  get path(): string {
    return this.session.exportPath;
  }
  get needsAttention(): boolean {
    return this.state !== 'captured';
  }
}
