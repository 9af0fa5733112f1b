// VS Code Copilot Chat (the workbench chat): `<User>/workspaceStorage/<hash>/chatSessions/<sessionId>.json`
// (storage schema v1–v3) and the newer `<sessionId>.jsonl` operation log, replayed here:
//   {"kind":0,"v":<session>} initial · {"kind":1,"k":[path],"v":x} set · {"kind":2,"k":[path],"v":[…],"i":n}
//   truncate the array at `i` (when present) then append · {"kind":3,"k":[path]} delete.
// When both files exist for a session the `.jsonl` (newer) wins. Sessions that predate the file store live in the
// workspace `state.vscdb` `ItemTable['interactive.sessions']`; they are read when no file has the same id. Titles:
// `customTitle`, else the title in `ItemTable['chat.ChatSessionStore.index']`, else the first prompt.
//
// Matching: `<hash>/workspace.json` (`folder` URI, or a `.code-workspace` listing the folder) — see
// workspace-storage.ts. Empty-window sessions (`globalStorage/emptyWindowChatSessions`) belong to no folder and are
// never listed.
//
// Folding: one request = one prompt (`message.text`) + one reply: the kind-less markdown parts of `response[]`
// (concatenated — they are fragments of one stream), `thinking` parts, tool invocations joined with
// `result.metadata.toolCallRounds` (arguments) and `toolCallResults` (output) by tool call id.
import { pathApi } from './paths';
import { sqlJson, sqlText } from './sqlite';
import type { ChatSession } from './types';
import { maxIso, toIso } from './dates';
import { listDir, pathExists, readJsonFile, readText } from './files';
import { type Json, arr, compactInput, errorMessage, isRecord, str } from './json';
import { parseJsonl } from './jsonl';
import { type ReaderContext, checkAbort } from './reader-context';
import { TranscriptBuilder, finishSession } from './transcript';
import { matchingWorkspaceStorages } from './workspace-storage';

const KNOWN_SCHEMA_VERSION = 3;

export async function readCopilot(ctx: ReaderContext): Promise<ChatSession[]> {
  const p = pathApi(ctx.env.platform);
  const byId = new Map<string, ChatSession>();
  for (const { dir: userDir } of ctx.userDirs) {
    const wsRoot = p.join(userDir, 'workspaceStorage');
    const exists = await pathExists(wsRoot);
    ctx.searched('copilot', wsRoot, exists);
    if (!exists) continue;
    for (const ws of await matchingWorkspaceStorages(userDir, ctx)) {
      checkAbort(ctx.signal);
      const found = await readWorkspace(ws.dir, ws.folder, ctx);
      for (const s of found) {
        const prev = byId.get(s.id);
        if (!prev || s.updatedAt > prev.updatedAt) byId.set(s.id, s);
      }
    }
  }
  return [...byId.values()];
}

async function readWorkspace(dir: string, folder: string, ctx: ReaderContext): Promise<ChatSession[]> {
  const p = pathApi(ctx.env.platform);
  const chatDir = p.join(dir, 'chatSessions');
  const files = (await listDir(chatDir)).filter(
    (e) => e.isFile && (e.name.endsWith('.json') || e.name.endsWith('.jsonl')),
  );
  const jsonlIds = new Set(files.filter((f) => f.name.endsWith('.jsonl')).map((f) => f.name.slice(0, -6)));
  const db = await readStateDb(p.join(dir, 'state.vscdb'), ctx);

  const out: ChatSession[] = [];
  const ids = new Set<string>();
  for (const f of files) {
    checkAbort(ctx.signal);
    const file = p.join(chatDir, f.name);
    if (f.name.endsWith('.json') && jsonlIds.has(f.name.slice(0, -5))) continue;
    const obj = f.name.endsWith('.jsonl') ? await readLog(file, ctx) : await readJson(file, ctx);
    if (!obj) continue;
    const s = sessionFromObject(obj, file, folder, db.titles, ctx, p.basename(f.name).replace(/\.jsonl?$/, ''));
    if (s) {
      out.push(s);
      ids.add(s.id);
    }
  }
  for (const legacy of db.legacy) {
    const id = str(legacy.sessionId);
    if (id && ids.has(id)) continue;
    const s = sessionFromObject(legacy, db.file, folder, db.titles, ctx, id ?? 'interactive-session');
    if (s) out.push(s);
  }
  return out;
}

async function readJson(file: string, ctx: ReaderContext): Promise<Json | undefined> {
  const v = await readJsonFile(file, ctx);
  if (v === undefined || isRecord(v)) return v;
  ctx.warn(file, 'skipped: not a chat session object');
  return undefined;
}

type Key = string | number;

/** Replays the ObjectMutationLog; unknown operations are skipped with one warning. */
export function replayOperationLog(ops: Json[]): { state: unknown; skipped: number } {
  let state: unknown = undefined;
  let skipped = 0;
  for (const op of ops) {
    const kind = opKind(op.kind);
    const k = Array.isArray(op.k) ? (op.k.filter((x) => typeof x === 'string' || typeof x === 'number') as Key[]) : [];
    try {
      if (kind === 0) state = op.v;
      else if (kind === 1) {
        if (!k.length) state = op.v;
        else if (!setAt(state, k, op.v)) skipped++;
      } else if (kind === 2) {
        const target = getAt(state, k, { leaf: 'array' });
        if (!Array.isArray(target)) {
          skipped++;
          continue;
        }
        if (typeof op.i === 'number' && op.i >= 0) target.length = Math.min(target.length, op.i);
        if (Array.isArray(op.v)) target.push(...(op.v as unknown[]));
        else if (op.v !== undefined) target.push(op.v);
      } else if (kind === 3) {
        if (!deleteAt(state, k)) skipped++;
      } else skipped++;
    } catch {
      skipped++;
    }
  }
  return { state, skipped };
}

function opKind(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (/^\d+$/.test(v)) return Number(v);
    const names: Record<string, number> = { initial: 0, set: 1, push: 2, delete: 3 };
    return names[v.toLowerCase()];
  }
  return undefined;
}

function child(container: unknown, key: Key): unknown {
  if (Array.isArray(container) && typeof key === 'number') return container[key];
  if (isRecord(container)) return container[String(key)];
  return undefined;
}

/**
 * Walks `k`; with `create`, missing containers are created: an array when the next key is a number, and for the
 * last key the `leaf` kind.
 */
function getAt(state: unknown, k: Key[], create?: { leaf: 'array' | 'object' }): unknown {
  let cur = state;
  for (let i = 0; i < k.length; i++) {
    let next = child(cur, k[i]);
    if (next === undefined && create && (isRecord(cur) || Array.isArray(cur))) {
      const last = i + 1 === k.length;
      next = last ? (create.leaf === 'array' ? [] : {}) : typeof k[i + 1] === 'number' ? [] : {};
      (cur as Record<Key, unknown>)[k[i]] = next;
    }
    cur = next;
    if (cur === undefined) return undefined;
  }
  return cur;
}

function setAt(state: unknown, k: Key[], v: unknown): boolean {
  const parent = getAt(state, k.slice(0, -1), { leaf: typeof k[k.length - 1] === 'number' ? 'array' : 'object' });
  if (!isRecord(parent) && !Array.isArray(parent)) return false;
  (parent as Record<Key, unknown>)[k[k.length - 1]] = v;
  return true;
}

function deleteAt(state: unknown, k: Key[]): boolean {
  if (!k.length) return false;
  const parent = getAt(state, k.slice(0, -1));
  const last = k[k.length - 1];
  if (Array.isArray(parent) && typeof last === 'number') {
    parent.splice(last, 1);
    return true;
  }
  if (isRecord(parent)) {
    delete parent[String(last)];
    return true;
  }
  return false;
}

async function readLog(file: string, ctx: ReaderContext): Promise<Json | undefined> {
  const text = await readText(file, ctx);
  if (text === undefined) return undefined;
  const ops = parseJsonl(text, file, ctx).map((l) => l.value);
  const { state, skipped } = replayOperationLog(ops);
  if (skipped)
    ctx.warn(
      file,
      `skipped ${skipped} operation${skipped > 1 ? 's' : ''} of the chat log that could not be applied (unknown kind or path)`,
    );
  if (!isRecord(state)) {
    ctx.warn(file, 'skipped: the chat log has no initial session state');
    return undefined;
  }
  return state;
}

interface StateDb {
  file: string;
  titles: Map<string, string>;
  legacy: Json[];
}

async function readStateDb(file: string, ctx: ReaderContext): Promise<StateDb> {
  const out: StateDb = { file, titles: new Map(), legacy: [] };
  if (!(await pathExists(file))) return out;
  let opened;
  try {
    opened = await ctx.openSqlite(file);
  } catch (err) {
    ctx.warn(
      file,
      `cannot open the workspace state database (${errorMessage(err)}); Copilot titles may fall back to the first prompt`,
    );
    return out;
  }
  for (const n of opened.notes) ctx.warn(file, n);
  try {
    const rows = opened.db.all(
      "SELECT key, value FROM ItemTable WHERE key IN ('chat.ChatSessionStore.index', 'interactive.sessions')",
    );
    for (const row of rows) {
      if (!sqlText(row.value)) continue;
      const v = sqlJson(row.value);
      if (v === undefined) {
        ctx.warn(file, `skipped ItemTable['${String(row.key)}']: not valid JSON`);
        continue;
      }
      if (row.key === 'chat.ChatSessionStore.index' && isRecord(v) && isRecord(v.entries)) {
        for (const [id, e] of Object.entries(v.entries))
          if (isRecord(e) && typeof e.title === 'string' && e.title) out.titles.set(id, e.title);
      } else if (row.key === 'interactive.sessions') out.legacy.push(...arr(v).filter(isRecord));
    }
  } catch (err) {
    ctx.warn(file, `cannot read the workspace state database (${errorMessage(err)})`);
  } finally {
    opened.db.close();
  }
  return out;
}

function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (isRecord(v) && typeof v.value === 'string') return v.value;
  return '';
}

function modelName(id: string | undefined): string | undefined {
  if (!id) return undefined;
  return id.replace(/^copilot\//, '');
}

/** Also used for Copilot "Export Chat" JSON files found in the repository (file-chats.ts). */
export function sessionFromObject(
  obj: Json,
  file: string,
  folder: string,
  titles: Map<string, string>,
  ctx: Pick<ReaderContext, 'warn'>,
  fallbackId: string,
): ChatSession | undefined {
  if (!Array.isArray(obj.requests)) {
    ctx.warn(file, 'skipped: not a Copilot chat session (no requests list)');
    return undefined;
  }
  const version = typeof obj.version === 'number' ? obj.version : undefined;
  if (version !== undefined && version > KNOWN_SCHEMA_VERSION) {
    ctx.warn(
      file,
      `chat session schema version ${version} is newer than the known ${KNOWN_SCHEMA_VERSION}; read best-effort`,
    );
  }
  const id = str(obj.sessionId) ?? fallbackId;
  const b = new TranscriptBuilder();
  let updated = toIso(obj.lastMessageDate);
  const models: string[] = [];

  for (const req of obj.requests) {
    if (!isRecord(req)) continue;
    const ts = toIso(req.timestamp);
    const model = modelName(str(req.modelId));
    if (model && !models.includes(model)) models.push(model);
    const message = isRecord(req.message) ? req.message : undefined;
    let prompt = str(message?.text) ?? '';
    if (!prompt && message) {
      prompt = arr(message.parts)
        .filter(isRecord)
        .map((x) => str(x.text) ?? '')
        .join('');
    }
    b.user(prompt, ts);

    const result = isRecord(req.result) ? req.result : undefined;
    const metadata = isRecord(result?.metadata) ? result.metadata : undefined;
    const args = new Map<string, { name: string; args: string }>();
    for (const round of arr(metadata?.toolCallRounds)) {
      if (!isRecord(round)) continue;
      for (const c of arr(round.toolCalls)) {
        if (isRecord(c) && typeof c.id === 'string')
          args.set(c.id, { name: str(c.name) ?? 'tool', args: compactInput(c.arguments) });
      }
    }
    const results = isRecord(metadata?.toolCallResults) ? metadata.toolCallResults : {};
    const resultText = (callId: string | undefined): string | undefined => {
      const r = callId ? results[callId] : undefined;
      if (!isRecord(r)) return undefined;
      const t = arr(r.content)
        .map((c) =>
          isRecord(c) ? (typeof c.value === 'string' ? c.value : typeof c.text === 'string' ? c.text : '') : '',
        )
        .filter(Boolean)
        .join('\n');
      return t || undefined;
    };

    let pending = '';
    const flush = () => {
      if (pending.trim()) b.assistantText(pending, ts, model);
      pending = '';
    };
    const done = new Set<string>();
    for (const part of arr(req.response)) {
      if (!isRecord(part)) continue;
      const kind = str(part.kind);
      if (kind === undefined || kind === 'markdownContent') {
        pending += textOf(part.value) || textOf(part.content);
      } else if (kind === 'inlineReference') {
        const ref = isRecord(part.inlineReference) ? part.inlineReference : undefined;
        const name = str(part.name) ?? str(ref?.name) ?? str(ref?.path) ?? str(ref?.fsPath);
        if (name) pending += `\`${name}\``;
      } else if (kind === 'thinking') {
        flush();
        const v = part.value;
        const t = Array.isArray(v) ? v.map(textOf).join('') : textOf(v);
        if (t) b.thinking(t, ts, model);
      } else if (kind === 'toolInvocationSerialized' || kind === 'toolInvocation') {
        flush();
        const callId = str(part.toolCallId);
        const a = callId ? args.get(callId) : undefined;
        if (callId) done.add(callId);
        const details = isRecord(part.resultDetails) ? part.resultDetails : undefined;
        const output =
          resultText(callId) ??
          (details && typeof details.output === 'string' ? details.output : undefined) ??
          (textOf(part.pastTenseMessage) || undefined);
        b.toolCall(
          {
            id: callId,
            name: a?.name ?? str(part.toolId) ?? 'tool',
            input: a?.args ?? textOf(part.invocationMessage),
            output,
            isError: details?.isError === true,
          },
          ts,
          model,
        );
      } else if (kind === 'textEditGroup') {
        flush();
        const uri = isRecord(part.uri) ? (str(part.uri.path) ?? str(part.uri.fsPath)) : str(part.uri);
        b.toolCall({ name: 'edit', input: uri ?? '', output: `${arr(part.edits).length} edit group(s)` }, ts, model);
      }
    }
    flush();
    for (const [callId, a] of args) {
      if (done.has(callId)) continue;
      b.toolCall({ id: callId, name: a.name, input: a.args, output: resultText(callId) }, ts, model);
    }
    const timings = isRecord(result?.timings) ? result.timings : undefined;
    const elapsed = typeof timings?.totalElapsed === 'number' ? timings.totalElapsed : 0;
    const reqTime = typeof req.timestamp === 'number' ? req.timestamp + elapsed : undefined;
    updated = maxIso(updated, toIso(reqTime) ?? ts);
  }

  return finishSession({
    tool: 'copilot',
    id,
    title: str(obj.customTitle) || titles.get(id),
    workspaceFolder: folder,
    startedAt: toIso(obj.creationDate),
    updatedAt: updated,
    models,
    messages: b.messages,
    sources: [file],
  });
}
