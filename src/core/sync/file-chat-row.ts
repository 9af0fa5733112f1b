import type { PageProperties } from '../notion/props';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { parseChatFile } from '../chats/file-chats';
import type { FileChat } from '../chats/file-chats';
import { prop } from '../notion/props';
import type { Block } from '../content/types';
import { chatToBlocks } from '../chats/to-blocks';
import type { ChatTool } from '../chats/types';

/** What a chat kept as a file in the repository makes of its row in the Agent Chats database. */
export interface FileChatRow {
  /** redacted, one line */
  title: string;
  /** Tool, Session ID, Messages, Started, Model */
  properties: PageProperties;
  chats: FileChat[];
}

/**
 * A SpecStory export, aider history, Cursor "Export Chat" markdown or Copilot "Export Chat" JSON synced in the
 * agentChats category becomes a chat row (issue 15, point 3), not a plain document row; undefined for any other
 * file. An aider history holds one chat per run: its row counts them all, starts at the first, and is keyed by the
 * file's path (the runs have no id of their own).
 */
export function fileChatRow(relPath: string, raw: string, lastModified?: string): FileChatRow | undefined {
  const chats = parseChatFile(relPath, raw, { lastModified });
  if (chats.length === 0) return undefined;
  const first = chats[0];
  const starts = chats.map((c) => c.startedAt).filter((d): d is string => !!d);
  const started = starts.sort()[0];
  const models = [...new Set(chats.flatMap((c) => c.models))];
  const properties: PageProperties = {
    Tool: prop.select(first.tool),
    'Session ID': prop.text(chats.length === 1 ? first.id : first.path),
    Messages: prop.number(chats.reduce((n, c) => n + c.messages, 0)),
    Model: prop.text(models.join(', ')),
  };
  if (started) properties['Started'] = prop.date(started);
  return { title: first.title, properties, chats };
}

/** The page body of a chat kept as JSON (Copilot "Export Chat"): its transcript, redacted, not the raw JSON. */
export function fileChatBlocks(row: FileChatRow): Block[] {
  return row.chats.flatMap((c) =>
    chatToBlocks({
      tool: c.tool as ChatTool,
      id: c.id,
      title: c.title,
      workspaceFolder: '',
      startedAt: c.startedAt ?? '',
      updatedAt: c.updatedAt ?? '',
      models: c.models,
      messages: c.transcript,
      sources: [c.path],
    }),
  );
}

/**
 * `tool:id` → path of the sessions kept as SpecStory exports under `.specstory/history/` (the folder SpecStory
 * writes). A session found both in a tool's store and there is one row: the file's (capture leaves it out).
 */
export async function specStorySessions(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const dir = join(root, '.specstory', 'history');
  const files = await fs.readdir(dir, { recursive: true }).catch(() => [] as string[]);
  for (const f of files.map(String).sort()) {
    if (!/\.md$/i.test(f)) continue;
    const rel = `.specstory/history/${f.replace(/\\/g, '/')}`;
    const text = await fs.readFile(join(root, rel), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    for (const c of parseChatFile(rel, text)) if (c.format === 'specstory') out.set(`${c.tool}:${c.id}`, rel);
  }
  return out;
}
