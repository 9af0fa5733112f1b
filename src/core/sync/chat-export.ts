import type { PageProperties } from '../notion/props';
import { TOOL_LABELS } from '../chats';
import type { ChatTool } from '../chats';
import { prop } from '../notion/props';

/** What the metadata table at the top of an exported chat (agent-chats/…md) says about its session. */
export interface ChatExportFacts {
  tool?: ChatTool;
  sessionId: string;
  models?: string;
  started?: string;
  messages?: number;
}

const LABEL_TO_TOOL = new Map<string, ChatTool>(
  Object.entries(TOOL_LABELS).map(([tool, label]) => [label.toLowerCase(), tool as ChatTool]),
);

function cellText(raw: string): string {
  return raw
    .trim()
    .replace(/\\\|/g, '|')
    .replace(/^`(.*)`$/, '$1')
    .trim();
}

/**
 * Reads the `| Field | Value |` table `chats capture` writes under the title of an exported
 * session. Undefined when the file is not such an export (no Session ID row near the top).
 */
export function readChatExport(markdown: string): ChatExportFacts | undefined {
  const fields = new Map<string, string>();
  const lines = markdown.split(/\r?\n/, 40);
  for (const line of lines) {
    const m = /^\|\s*([^|]+?)\s*\|\s*(.*?)\s*\|\s*$/.exec(line);
    if (m) fields.set(m[1]!.toLowerCase(), cellText(m[2]!));
    else if (fields.size > 0 && line.trim() === '') break;
  }
  const sessionId = fields.get('session id');
  if (!sessionId) return undefined;
  const label = fields.get('tool')?.toLowerCase() ?? '';
  const tool = LABEL_TO_TOOL.get(label) ?? (label in TOOL_LABELS ? (label as ChatTool) : undefined);
  const started = fields.get('started')?.replace(/^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}(?::\d{2})?) UTC$/, '$1T$2Z');
  const messages = Number(fields.get('messages'));
  const models = fields.get('models');
  return {
    sessionId,
    tool,
    models: models && models !== '—' ? models : undefined,
    started: started && !Number.isNaN(Date.parse(started)) ? started : undefined,
    messages: Number.isFinite(messages) && fields.get('messages') !== '' ? messages : undefined,
  };
}

/**
 * The Agent Chats properties of an exported session, so that a `sync` that finds an export
 * `chats capture` wrote but never pushed (Notion was down, the run was killed) makes a chat row:
 * Session ID, Tool, Messages, Model, Started, not a plain document row.
 */
export function chatExportProperties(markdown: string): PageProperties {
  const facts = readChatExport(markdown);
  if (!facts) return {};
  const out: PageProperties = { 'Session ID': prop.text(facts.sessionId) };
  if (facts.tool) out['Tool'] = prop.select(facts.tool);
  if (facts.messages !== undefined) out['Messages'] = prop.number(facts.messages);
  if (facts.models) out['Model'] = prop.text(facts.models);
  if (facts.started) out['Started'] = prop.date(facts.started);
  return out;
}
