// Continue (VS Code / JetBrains): `$CONTINUE_GLOBAL_DIR` (default `~/.continue`) `sessions/<sessionId>.json`, with
// the index `sessions/sessions.json`. Sources: continuedev/continue `core/util/paths.ts` (getSessionsFolderPath,
// CONTINUE_GLOBAL_DIR) and `core/index.d.ts` (Session, ChatHistoryItem, BaseSessionMetadata), as summarised in
// research/agent_chats.md §6 and landscape_2026.md §3.
//
// Session `{sessionId, title, workspaceDirectory (file: URI or path), history[], chatModelTitle?}`; each history item
// `{message: {role: user|assistant|thinking|system|tool, content: string | parts[], toolCalls?, toolCallId?},
// contextItems[], promptLogs?[{modelTitle, …}], reasoning?}`. Index rows `{sessionId, title, dateCreated,
// workspaceDirectory}`. There are no per-message times: the start is the index's `dateCreated`, the last update the
// session file's modification time. Matching: `workspaceDirectory`.
import { promises as fsp } from 'node:fs';
import { type PlatformEnv, folderFromUri, pathApi } from './paths';
import { safeTitle } from './safe-title';
import type { ChatSession } from './types';
import { toIso } from './dates';
import { listDir, pathExists, readJsonFile } from './files';
import { type Json, arr, compactInput, contentText, isRecord, str } from './json';
import { type ReaderContext, checkAbort } from './reader-context';
import { TranscriptBuilder, finishSession } from './transcript';

export function continueHome(e: PlatformEnv): string {
  const p = pathApi(e.platform);
  const fromEnv = e.env.CONTINUE_GLOBAL_DIR?.trim();
  return fromEnv ? p.resolve(fromEnv) : p.join(e.home, '.continue');
}

export async function readContinue(ctx: ReaderContext): Promise<ChatSession[]> {
  const p = pathApi(ctx.env.platform);
  const dir = p.join(continueHome(ctx.env), 'sessions');
  const exists = await pathExists(dir);
  ctx.searched('continue', dir, exists);
  if (!exists) return [];
  const index = new Map<string, Json>();
  const idx = await readJsonFile(p.join(dir, 'sessions.json'), ctx, true);
  for (const row of arr(idx).filter(isRecord)) if (typeof row.sessionId === 'string') index.set(row.sessionId, row);

  const out: ChatSession[] = [];
  for (const e of await listDir(dir)) {
    if (!e.isFile || !e.name.endsWith('.json') || e.name === 'sessions.json') continue;
    checkAbort(ctx.signal);
    const file = p.join(dir, e.name);
    // the index names each session's folder: other folders' sessions are skipped without reading them
    const indexed = toFolder(str(index.get(e.name.slice(0, -5))?.workspaceDirectory), ctx);
    if (indexed && !ctx.matcher.matches(indexed)) continue;
    const data = await readJsonFile(file, ctx);
    if (!isRecord(data)) continue;
    const id = str(data.sessionId) ?? e.name.slice(0, -5);
    const row = index.get(id);
    const folder = toFolder(str(data.workspaceDirectory) ?? str(row?.workspaceDirectory), ctx);
    if (!folder || !ctx.matcher.matches(folder)) continue;
    let mtime: string | undefined;
    try {
      mtime = (await fsp.stat(file)).mtime.toISOString();
    } catch {
      // the file went away while reading: keep what was read
    }
    const s = buildSession(id, folder, data, row, mtime, file);
    if (s) out.push(s);
  }
  return out;
}

/** Continue names a session "New Session" until it has generated a title. */
function realTitle(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() && v.trim() !== 'New Session' ? v : undefined;
}

function toFolder(v: string | undefined, ctx: ReaderContext): string | undefined {
  if (!v) return undefined;
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(v)) return folderFromUri(v, ctx.env.platform);
  return v;
}

function buildSession(
  id: string,
  folder: string,
  data: Json,
  row: Json | undefined,
  mtime: string | undefined,
  file: string,
): ChatSession | undefined {
  const b = new TranscriptBuilder();
  const models: string[] = [];
  const chatModel = str(data.chatModelTitle);
  if (chatModel) models.push(chatModel);
  for (const item of arr(data.history).filter(isRecord)) {
    const msg = isRecord(item.message) ? item.message : {};
    const logModel = arr(item.promptLogs)
      .filter(isRecord)
      .map((l) => str(l.modelTitle))
      .find(Boolean);
    if (logModel && !models.includes(logModel)) models.push(logModel);
    const text = contentText(msg.content);
    switch (msg.role) {
      case 'user':
        b.user(text);
        break;
      case 'assistant': {
        const model = logModel ?? chatModel;
        if (typeof item.reasoning === 'string') b.thinking(item.reasoning, undefined, model);
        else if (isRecord(item.reasoning) && typeof item.reasoning.text === 'string')
          b.thinking(item.reasoning.text, undefined, model);
        b.assistantText(text, undefined, model);
        for (const c of arr(msg.toolCalls).filter(isRecord)) {
          const fn = isRecord(c.function) ? c.function : {};
          b.toolCall(
            { id: str(c.id), name: str(fn.name) ?? 'tool', input: compactInput(fn.arguments) },
            undefined,
            model,
          );
        }
        for (const st of arr(item.toolCallStates).filter(isRecord)) {
          const out = arr(st.output)
            .filter(isRecord)
            .map((o) => str(o.content) ?? '')
            .join('\n');
          if (out) b.toolResult(str(st.toolCallId), out, st.status === 'errored');
        }
        break;
      }
      case 'thinking':
        b.thinking(text);
        break;
      case 'tool':
        b.toolResult(str(msg.toolCallId), text);
        break;
      default:
        break; // system messages are not part of the conversation
    }
  }
  const firstPrompt = b.messages.find((m) => m.role === 'user')?.text;
  return finishSession({
    tool: 'continue',
    id,
    title: safeTitle(realTitle(data.title), realTitle(row?.title), firstPrompt),
    workspaceFolder: folder,
    startedAt: toIso(row?.dateCreated) ?? toIso(data.dateCreated),
    updatedAt: mtime,
    models,
    messages: b.messages,
    sources: [file],
  });
}
