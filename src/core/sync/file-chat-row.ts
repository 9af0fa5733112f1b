import type { PageProperties } from '../notion/props';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { mayBeChatFile, parseChatFile } from '../chats/file-chats';
import type { ChatIdentity } from '../chats/chat-identity';
import { firstPrompt, promptFingerprint, sameChat, sessionIdentity } from '../chats/chat-identity';
import type { SyncConfig } from '../config';
import type { Inventory, LocalItem } from '../inventory';
import { readItemText, scanWorkspace } from '../inventory';
import type { RemoteRow } from '../notion/databases';
import { prop, readSelect, readText } from '../notion/props';
import { readChatExport } from './chat-export';
import type { FileChat } from '../chats/file-chats';
import type { Block } from '../content/types';
import { chatToBlocks } from '../chats/to-blocks';
import type { ChatSession, ChatTool } from '../chats/types';

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

/** The identity of a chat kept as a file (chat-identity.ts); an export time is not a start time. */
export function fileChatIdentity(c: FileChat): ChatIdentity {
  return {
    tool: c.tool,
    id: c.idKnown ? c.id : undefined,
    prompt: promptFingerprint(firstPrompt(c.transcript)),
    started: c.format === 'cursor-export' ? undefined : c.startedAt,
  };
}

/** The first prompt of a transcript `chats capture` wrote (markdown.ts: `## 1. User`, an optional `_time_` line). */
function exportFirstPrompt(markdown: string): string | undefined {
  return /^## 1\. User\n\n(?:_[^\n]*_\n\n)?([\s\S]*?)(?=\n## \d+\. (?:User|Assistant)\n|$(?![\s\S]))/m.exec(
    markdown,
  )?.[1];
}

/** The sessions `chats capture` exported under agent-chats/ (its own folder), with their identities. */
export async function capturedExports(root: string): Promise<Array<{ path: string; identity: ChatIdentity }>> {
  const out: Array<{ path: string; identity: ChatIdentity }> = [];
  const files = await fs.readdir(join(root, 'agent-chats'), { recursive: true }).catch(() => [] as string[]);
  for (const f of files.map(String).sort()) {
    if (!/\.md$/i.test(f)) continue;
    const rel = `agent-chats/${f.replace(/\\/g, '/')}`;
    const text = await fs.readFile(join(root, rel), 'utf8').catch(() => undefined);
    const facts = text === undefined ? undefined : readChatExport(text);
    if (!facts?.tool) continue;
    const prompt = promptFingerprint(exportFirstPrompt(text!.replace(/\r\n/g, '\n')));
    out.push({ path: rel, identity: { tool: facts.tool, id: facts.sessionId, prompt, started: facts.started } });
  }
  return out;
}

const parsed = new Map<string, FileChat[]>();

/**
 * The chats kept as files among the agentChats items (SpecStory, aider, Cursor/Copilot exports; not capture's own
 * agent-chats/ exports). Parsed once per content hash.
 */
export async function repoChatFiles(
  items: readonly LocalItem[],
): Promise<Array<{ item: LocalItem; chats: FileChat[] }>> {
  const out: Array<{ item: LocalItem; chats: FileChat[] }> = [];
  for (const item of items) {
    if (item.category !== 'agentChats' || item.path.startsWith('agent-chats/') || !mayBeChatFile(item.path)) continue;
    const key = `${item.path}\u0000${item.hash}`;
    let chats = parsed.get(key);
    if (!chats) {
      const text = await readItemText(item).catch(() => undefined);
      chats = text === undefined ? [] : parseChatFile(item.path, text);
      if (parsed.size > 5000) parsed.clear();
      parsed.set(key, chats);
    }
    if (chats.length) out.push({ item, chats });
  }
  return out;
}

/**
 * One row per session, whichever came first (issue 15, point 3): a chat file in the repository whose session
 * `chats capture` also takes from the tool's store is set aside (skipped with the reason) — the store's capture,
 * with its new turns and commits, is the session's row. "Captured" means: an export of it under agent-chats/, or a
 * row of this workspace carrying its tool and session id at another path (a teammate captured it).
 * A file holding several sessions (an aider history) is set aside when any of them is captured.
 */
export async function setAsideCapturedChatFiles(
  root: string,
  inventory: Inventory,
  rows: readonly RemoteRow[] = [],
): Promise<void> {
  const files = await repoChatFiles(inventory.items);
  if (files.length === 0) return;
  const captured = await capturedExports(root);
  for (const r of rows) {
    const tool = readSelect(r.properties['Tool']);
    const id = readText(r.properties['Session ID']);
    if (tool && id && r.path.startsWith('agent-chats/')) captured.push({ path: r.path, identity: { tool, id } });
  }
  if (captured.length === 0) return;
  const aside = new Map<string, string>();
  for (const { item, chats } of files) {
    const hit = captured.find(
      (e) => e.path !== item.path && chats.some((c) => sameChat(fileChatIdentity(c), e.identity)),
    );
    if (hit) aside.set(item.path, hit.path);
  }
  if (aside.size === 0) return;
  inventory.items = inventory.items.filter((i) => !(i.category === 'agentChats' && aside.has(i.path)));
  for (const [path, by] of aside)
    inventory.skipped.push({
      category: 'agentChats',
      path,
      code: 'captured',
      reason: `the same chat is captured from its tool's store as ${by}: one row per session`,
    });
}

/**
 * For capture: the row a chat kept as a file made for a session before the session was captured from its store
 * (file first, then store). Capture adopts that row — re-keyed to its export's path — instead of making a second.
 */
export async function chatFileRowFinder(
  config: SyncConfig,
  byPath: ReadonlyMap<string, RemoteRow>,
  signal?: AbortSignal,
): Promise<(s: ChatSession) => RemoteRow | undefined> {
  const agentChats = config.categories.agentChats;
  if (!agentChats || ![...byPath.keys()].some((p) => !p.startsWith('agent-chats/'))) return () => undefined;
  const inventory = await scanWorkspace({ ...config, categories: { agentChats } }, { signal });
  const files = (await repoChatFiles(inventory.items)).filter((f) => byPath.has(f.item.path));
  return (s) => {
    const id = sessionIdentity(s);
    const hit = files.find((f) => f.chats.some((c) => sameChat(fileChatIdentity(c), id)));
    return hit ? byPath.get(hit.item.path) : undefined;
  };
}
