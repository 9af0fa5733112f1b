// OpenCode: `<data>/opencode.db` (SQLite, WAL mode; since v1.2, which migrated the JSON storage into it) plus the
// release-channel databases `opencode-<channel>.db`, and the older JSON `<data>/storage/` (paths.ts
// opencodeDataDir). Facts from anomalyco/opencode (formerly sst/opencode) `packages/opencode/src/session/
// session.sql.ts` (commit 063e8306) and `message-v2.ts`; the research landscape_2026.md §3:
//
//  * table `session` (id, project_id, parent_id, slug, directory, title, version, time_created, time_updated,
//    time_archived, model JSON …); `message` (id, session_id, time_created, time_updated, data JSON = MessageV2.Info
//    without id/sessionID: `{role: "user"|"assistant", time: {created, completed?}, modelID?, providerID?,
//    model?: {providerID, modelID}, …}`); `part` (id, message_id, session_id, time_created, data JSON = Part without
//    ids: `{type: "text", text, synthetic?}`, `{type: "reasoning", text}`, `{type: "tool", callID, tool, state:
//    {status, input, output?, error?}}`, and bookkeeping types step-start, step-finish, snapshot, patch, file, agent,
//    subtask, retry, compaction). Parts are ordered by id (ascending ids), messages by time_created then id.
//  * JSON storage: `storage/session/<projectID>/<sessionID>.json` (`{id, projectID, directory, parentID?, title,
//    version, time: {created, updated}}`), `storage/message/<sessionID>/<messageID>.json` (Info with id),
//    `storage/part/<messageID>/<partID>.json` (Part with ids). A session in both the database and the JSON storage
//    is read from the database.
//
// Matching: the session's `directory` is the workspace folder or inside it. Child sessions (`parent_id`, sub-agents
// started by a task tool) are not listed on their own. Databases are opened read-only through sqlite.ts, which
// sees un-checkpointed WAL frames (node:sqlite reads them in place; the sql.js path replays the -wal file).
import { opencodeDataDir, pathApi } from './paths';
import { type SqliteDb, sqlJson, tableExists } from './sqlite';
import type { ChatSession } from './types';
import { toIso } from './dates';
import { listDir, pathExists, readJsonFile } from './files';
import { type Json, compactInput, errorMessage, isRecord, str } from './json';
import { type ReaderContext, checkAbort } from './reader-context';
import { TranscriptBuilder, finishSession } from './transcript';
import { UnknownRecords } from './unknown-records';

const QUIET_PARTS = new Set([
  'step-start',
  'step-finish',
  'snapshot',
  'patch',
  'agent',
  'subtask',
  'retry',
  'compaction',
]);

/** OpenCode's placeholder until a title is generated (`session/index.ts` createDefaultTitle; "New Session" earlier). */
const DEFAULT_TITLE = /^(New session|Child session) - \d{4}-\d{2}-\d{2}T/i;

interface SessionHead {
  id: string;
  directory: string;
  title?: string;
  version?: string;
  created?: string;
  updated?: string;
  source: string;
}

interface Msg {
  info: Json;
  parts: Json[];
}

export async function readOpenCode(ctx: ReaderContext): Promise<ChatSession[]> {
  const p = pathApi(ctx.env.platform);
  const data = opencodeDataDir(ctx.env);
  const exists = await pathExists(data);
  ctx.searched('opencode', data, exists);
  if (!exists) return [];
  const unknown = new UnknownRecords('OpenCode');
  const byId = new Map<string, ChatSession>();
  const dbs = (await listDir(data))
    .filter((f) => f.isFile && /^opencode(-[\w.-]+)?\.db$/.test(f.name))
    .map((f) => p.join(data, f.name));
  for (const file of dbs) {
    checkAbort(ctx.signal);
    for (const s of await readDatabase(file, ctx, unknown)) {
      const prev = byId.get(s.id);
      if (!prev || s.updatedAt > prev.updatedAt) byId.set(s.id, s);
    }
  }
  for (const s of await readJsonStorage(p.join(data, 'storage'), ctx, unknown)) {
    if (!byId.has(s.id)) byId.set(s.id, s);
  }
  unknown.report(ctx, data);
  return [...byId.values()];
}

async function readDatabase(file: string, ctx: ReaderContext, unknown: UnknownRecords): Promise<ChatSession[]> {
  let db: SqliteDb;
  try {
    const opened = await ctx.openSqlite(file);
    for (const n of opened.notes) ctx.warn(file, n);
    db = opened.db;
  } catch (err) {
    ctx.warn(file, `skipped: cannot open the OpenCode database (${errorMessage(err)})`);
    return [];
  }
  const out: ChatSession[] = [];
  try {
    if (!tableExists(db, 'session') || !tableExists(db, 'message') || !tableExists(db, 'part')) {
      ctx.warn(file, 'skipped: not an OpenCode database (no session/message/part tables)');
      return [];
    }
    const heads: SessionHead[] = [];
    for (const r of db.all('SELECT * FROM session')) {
      const id = str(r.id);
      const directory = str(r.directory);
      if (!id || !directory || str(r.parent_id) || !ctx.matcher.matches(directory)) continue;
      heads.push({
        id,
        directory,
        title: str(r.title),
        version: str(r.version),
        created: toIso(r.time_created),
        updated: toIso(r.time_updated),
        source: file,
      });
    }
    for (const h of heads) {
      checkAbort(ctx.signal);
      const msgs = new Map<string, Msg>();
      for (const m of db.all(
        'SELECT id, time_created, data FROM message WHERE session_id = ? ORDER BY time_created, id',
        [h.id],
      )) {
        const info = sqlJson(m.data);
        if (!isRecord(info)) continue;
        if (!isRecord(info.time)) info.time = { created: m.time_created };
        msgs.set(String(m.id), { info, parts: [] });
      }
      for (const pr of db.all('SELECT id, message_id, data FROM part WHERE session_id = ? ORDER BY id', [h.id])) {
        const part = sqlJson(pr.data);
        const msg = msgs.get(String(pr.message_id));
        if (isRecord(part) && msg) msg.parts.push(part);
      }
      const s = toSession(h, [...msgs.values()], unknown);
      if (s) out.push(s);
    }
  } catch (err) {
    ctx.warn(file, `cannot read the OpenCode database (${errorMessage(err)})`);
  } finally {
    db.close();
  }
  return out;
}

async function readJsonStorage(storage: string, ctx: ReaderContext, unknown: UnknownRecords): Promise<ChatSession[]> {
  const p = pathApi(ctx.env.platform);
  const sessionRoot = p.join(storage, 'session');
  if (!(await pathExists(sessionRoot))) return [];
  const out: ChatSession[] = [];
  for (const proj of await listDir(sessionRoot)) {
    if (!proj.isDir) continue;
    for (const f of await listDir(p.join(sessionRoot, proj.name))) {
      if (!f.isFile || !f.name.endsWith('.json')) continue;
      checkAbort(ctx.signal);
      const file = p.join(sessionRoot, proj.name, f.name);
      const info = await readJsonFile(file, ctx);
      if (!isRecord(info)) continue;
      const id = str(info.id);
      const directory = str(info.directory);
      if (!id || !directory || str(info.parentID) || !ctx.matcher.matches(directory)) continue;
      const time = isRecord(info.time) ? info.time : {};
      const head: SessionHead = {
        id,
        directory,
        title: str(info.title),
        version: str(info.version),
        created: toIso(time.created),
        updated: toIso(time.updated),
        source: file,
      };
      const msgDir = p.join(storage, 'message', id);
      const msgs: Array<Msg & { key: string }> = [];
      for (const mf of await listDir(msgDir)) {
        if (!mf.isFile || !mf.name.endsWith('.json')) continue;
        const m = await readJsonFile(p.join(msgDir, mf.name), ctx);
        if (!isRecord(m)) continue;
        const mid = str(m.id) ?? mf.name.slice(0, -5);
        const parts: Json[] = [];
        const partDir = p.join(storage, 'part', mid);
        for (const pf of await listDir(partDir)) {
          if (!pf.isFile || !pf.name.endsWith('.json')) continue;
          const part = await readJsonFile(p.join(partDir, pf.name), ctx);
          if (isRecord(part)) parts.push(part);
        }
        const created = isRecord(m.time) ? Number(m.time.created) || 0 : 0;
        msgs.push({ info: m, parts, key: `${String(created).padStart(15, '0')}:${mid}` });
      }
      msgs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const s = toSession(head, msgs, unknown);
      if (s) {
        s.sources = [file, msgDir];
        out.push(s);
      }
    }
  }
  return out;
}

function toSession(h: SessionHead, msgs: Msg[], unknown: UnknownRecords): ChatSession | undefined {
  const b = new TranscriptBuilder();
  const models: string[] = [];
  for (const { info, parts } of msgs) {
    const time = isRecord(info.time) ? info.time : {};
    const ts = toIso(time.created);
    const role = str(info.role);
    if (role === 'user') {
      const text = parts
        .filter((x) => x.type === 'text' && !x.synthetic && !x.ignored)
        .map((x) => str(x.text) ?? '')
        .filter(Boolean)
        .join('\n\n');
      const files = parts
        .filter((x) => x.type === 'file')
        .map((x) => `[file: ${str(x.filename) ?? str(x.url) ?? '?'}]`);
      b.user([text, ...files].filter(Boolean).join('\n'), ts);
      continue;
    }
    if (role !== 'assistant') {
      unknown.add(`message role ${role ?? '(none)'}`, h.source, h.version);
      continue;
    }
    const model = str(info.modelID) ?? (isRecord(info.model) ? str(info.model.modelID) : undefined);
    if (model && !models.includes(model)) models.push(model);
    for (const part of parts) {
      const type = str(part.type) ?? '(none)';
      if (type === 'text') {
        if (!part.synthetic) b.assistantText(str(part.text) ?? '', ts, model);
      } else if (type === 'reasoning') b.thinking(str(part.text) ?? '', ts, model);
      else if (type === 'tool') {
        const state = isRecord(part.state) ? part.state : {};
        const output = state.output ?? state.error;
        b.toolCall(
          {
            id: str(part.callID),
            name: str(part.tool) ?? 'tool',
            input: compactInput(state.input),
            output: output === undefined || output === null ? undefined : compactInput(output),
            isError: state.status === 'error',
          },
          ts,
          model,
        );
      } else if (type === 'file') b.assistantText(`[file: ${str(part.filename) ?? str(part.url) ?? '?'}]`, ts, model);
      else if (!QUIET_PARTS.has(type)) unknown.add(`part ${type}`, h.source, h.version);
    }
  }
  return finishSession({
    tool: 'opencode',
    id: h.id,
    title: h.title && !DEFAULT_TITLE.test(h.title) ? h.title : undefined,
    workspaceFolder: h.directory,
    startedAt: h.created,
    updatedAt: h.updated,
    models,
    messages: b.messages,
    sources: [h.source],
  });
}
