// Zed's agent panel threads (also the threads of external ACP agents run inside Zed): SQLite
// `<Zed data>/threads/threads.db`, table `threads(id, summary, updated_at, data_type, data, parent_id, folder_paths,
// folder_paths_order, created_at)`; `data` is the thread as JSON, zstd-compressed when `data_type` = 'zstd' (what Zed
// writes today) or plain when 'json'. `<Zed data>` = `$XDG_DATA_HOME/zed` (`~/.local/share/zed`) on Linux,
// `~/Library/Application Support/Zed` on macOS, `%LOCALAPPDATA%\Zed` on Windows.
// Sources: zed-industries/zed `crates/agent/src/db.rs` (table, DataType json|zstd, DbThread) and `thread.rs`
// (Message / UserMessageContent / AgentMessageContent) as documented in a "Zed Thread Schema Reference" written
// against zed@511be9a3 (version "0.3.0"); kch/zed-thread-viewer README (v0.2.0 role/segments vs v0.3.0 User/Agent);
// `folder_paths` one folder per line (zedhub `copy_sessions.py` `_paths_of`), a JSON array is accepted too.
// research/landscape_2026.md §3.
//
// Payload 0.3.0: `{title, messages: [{"User": {id, content: [{"Text": s} | {"Mention": {uri, content}} | …]}} |
// {"Agent": {content: [{"Text": s} | {"Thinking": {text}} | {"RedactedThinking": s} | {"ToolUse": {id, name,
// input, raw_input}}], tool_results: {<id>: {tool_use_id, tool_name, is_error, content, output}}}} | "Resume"],
// updated_at, model: {provider, model}}`. Older payloads: `{messages: [{role, segments: [{type, text}]}]}`.
// There are no per-message times: the thread's `created_at` and `updated_at` are used.
// Matching: any of `folder_paths`. Sub-agent threads (`parent_id` set) are left out, as Claude Code's are.
import { decompress } from 'fzstd';
import { type PlatformEnv, pathApi } from './paths';
import { safeTitle } from './safe-title';
import { sqlText, tableExists } from './sqlite';
import type { ChatSession } from './types';
import { toIso } from './dates';
import { pathExists } from './files';
import { type Json, arr, compactInput, errorMessage, isRecord, str } from './json';
import { type ReaderContext } from './reader-context';
import { TranscriptBuilder, finishSession } from './transcript';

export function zedDataDir(e: PlatformEnv): string {
  const p = pathApi(e.platform);
  if (e.platform === 'darwin') return p.join(e.home, 'Library', 'Application Support', 'Zed');
  if (e.platform === 'win32') {
    const local = e.env.LOCALAPPDATA?.trim() || p.join(e.home, 'AppData', 'Local');
    return p.join(local, 'Zed');
  }
  const xdg = e.env.XDG_DATA_HOME?.trim();
  return p.join(xdg ? p.resolve(xdg) : p.join(e.home, '.local', 'share'), 'zed');
}

/** `folder_paths` column: one folder per line (Zed's PathList), or a JSON array. */
export function zedFolderPaths(v: unknown): string[] {
  const t = sqlText(v)?.trim();
  if (!t) return [];
  if (t.startsWith('[')) {
    try {
      return arr(JSON.parse(t)).filter((x): x is string => typeof x === 'string' && !!x);
    } catch {
      // not JSON: fall through to lines
    }
  }
  return t
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
}

export async function readZed(ctx: ReaderContext): Promise<ChatSession[]> {
  const p = pathApi(ctx.env.platform);
  const file = p.join(zedDataDir(ctx.env), 'threads', 'threads.db');
  const exists = await pathExists(file);
  ctx.searched('zed', file, exists);
  if (!exists) return [];
  let opened;
  try {
    opened = await ctx.openSqlite(file);
  } catch (err) {
    ctx.warn(file, `cannot open the Zed threads database (${errorMessage(err)})`);
    return [];
  }
  const out: ChatSession[] = [];
  try {
    for (const n of opened.notes) ctx.warn(file, n);
    const db = opened.db;
    if (!tableExists(db, 'threads')) {
      ctx.warn(file, 'no `threads` table: not a Zed threads database this reader knows');
      return [];
    }
    const cols = new Set(db.all('PRAGMA table_info(threads)').map((r) => String(r.name)));
    const pick = (c: string) => (cols.has(c) ? c : `NULL AS ${c}`);
    const rows = db.all(
      `SELECT id, summary, updated_at, data_type, data, ${pick('parent_id')}, ${pick('folder_paths')}, ${pick('created_at')} FROM threads`,
    );
    let undecodable = 0;
    let unknownVersion = 0;
    for (const r of rows) {
      if (sqlText(r.parent_id)) continue;
      const folder = zedFolderPaths(r.folder_paths).find((f) => ctx.matcher.matches(f));
      if (!folder) continue;
      const payload = decodePayload(r.data_type, r.data);
      if (!payload) {
        undecodable++;
        continue;
      }
      const v = str(payload.version);
      if (v && v !== '0.3.0' && !v.startsWith('0.2') && !v.startsWith('0.1')) unknownVersion++;
      const s = build(String(r.id), folder, payload, r, file);
      if (s) out.push(s);
    }
    if (undecodable)
      ctx.warn(file, `skipped ${undecodable} Zed thread${undecodable > 1 ? 's' : ''} whose data could not be decoded`);
    if (unknownVersion)
      ctx.warn(
        file,
        `${unknownVersion} Zed thread${unknownVersion > 1 ? 's have' : ' has'} a format version newer than 0.3.0; read as 0.3.0`,
      );
  } catch (err) {
    ctx.warn(file, `cannot read the Zed threads database (${errorMessage(err)})`);
  } finally {
    opened.db.close();
  }
  return out;
}

function decodePayload(type: unknown, data: unknown): Json | undefined {
  try {
    let text: string | undefined;
    if (type === 'zstd') {
      const bytes = data instanceof Uint8Array ? data : undefined;
      if (!bytes) return undefined;
      text = Buffer.from(decompress(bytes)).toString('utf8');
    } else text = sqlText(data);
    if (text === undefined) return undefined;
    const v: unknown = JSON.parse(text);
    return isRecord(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Text of one tagged content item (`{"Text": s}`, `{"Mention": {content}}`, or a bare string). */
function taggedText(c: unknown): string {
  if (typeof c === 'string') return c;
  if (!isRecord(c)) return '';
  if (typeof c.Text === 'string') return c.Text;
  if (typeof c.text === 'string') return c.text;
  return '';
}

function toolResultText(c: unknown): string {
  if (typeof c === 'string') return c;
  if (isRecord(c)) {
    for (const k of ['Text', 'text']) if (typeof c[k] === 'string') return c[k] as string;
    if (c.type === 'text' && typeof c.text === 'string') return c.text;
  }
  return c === undefined ? '' : compactInput(c);
}

function build(id: string, folder: string, t: Json, row: Json, file: string): ChatSession | undefined {
  const b = new TranscriptBuilder();
  const mdl = isRecord(t.model) ? t.model : {};
  const model = str(mdl.model);
  for (const m of arr(t.messages)) {
    if (!isRecord(m)) continue; // "Resume"
    if (isRecord(m.User)) {
      const parts = arr(m.User.content).map(taggedText).filter(Boolean);
      b.user(parts.join('\n'));
    } else if (isRecord(m.Agent)) {
      const a = m.Agent;
      for (const c of arr(a.content)) {
        if (!isRecord(c)) continue;
        if (typeof c.Text === 'string') b.assistantText(c.Text, undefined, model);
        else if (isRecord(c.Thinking) && typeof c.Thinking.text === 'string')
          b.thinking(c.Thinking.text, undefined, model);
        else if (isRecord(c.ToolUse)) {
          const u = c.ToolUse;
          b.toolCall(
            { id: str(u.id), name: str(u.name) ?? 'tool', input: compactInput(u.input ?? u.raw_input) },
            undefined,
            model,
          );
        }
      }
      const results = isRecord(a.tool_results) ? a.tool_results : {};
      for (const [rid, r] of Object.entries(results)) {
        if (!isRecord(r)) continue;
        b.toolResult(str(r.tool_use_id) ?? rid, toolResultText(r.content), r.is_error === true);
      }
    } else if (m.role === 'user' || m.role === 'assistant') {
      // pre-0.3 payloads: {role, segments: [{type: "text" | "thinking", text}]}
      const segs = arr(m.segments).filter(isRecord);
      const text = segs
        .filter((s) => s.type === 'text' || s.type === 'Text')
        .map((s) => str(s.text) ?? '')
        .join('\n');
      if (m.role === 'user') b.user(text);
      else {
        for (const s of segs)
          if ((s.type === 'thinking' || s.type === 'Thinking') && typeof s.text === 'string')
            b.thinking(s.text, undefined, model);
        b.assistantText(text, undefined, model);
      }
    }
  }
  const firstPrompt = b.messages.find((x) => x.role === 'user')?.text;
  return finishSession({
    tool: 'zed',
    id,
    title: safeTitle(str(t.title), sqlText(row.summary), firstPrompt),
    workspaceFolder: folder,
    startedAt: toIso(sqlText(row.created_at)),
    updatedAt: toIso(sqlText(row.updated_at)) ?? toIso(t.updated_at),
    models: model ? [model] : [],
    messages: b.messages,
    sources: [file],
  });
}
