// The cursor-agent CLI: `~/.cursor/chats/<md5 of the project folder>/<session id>/store.db` (SQLite). Facts: research
// agent_chats.md §1.8; specstoryai/getspecstory `specstory-cli/pkg/providers/cursorcli/path_utils.go` (commit
// c38a6052) and `sqlite_reader.go` (commit 06b088df):
//  * the folder name is the hex MD5 of the canonical absolute project path; the store records no cwd, so only the
//    workspace folder itself (or its real path) is matched — sessions started in a subfolder are not claimed.
//  * table `meta`: key `0` holds hex-encoded JSON `{agentId, latestRootBlobId, name, mode, createdAt (ms),
//    lastUsedModel}`; table `blobs` (id, data): content-addressed blobs, the message blobs being JSON
//    `{role: "system"|"user"|"assistant"|"tool", content: string | [{type: "text", text} | {type: "tool-call",
//    toolCallId, toolName, args} | {type: "tool-result", toolCallId, result} | {type: "reasoning", text}]}`, the
//    others binary tree nodes. Messages are taken in insertion (rowid) order; SpecStory orders them through the
//    blob DAG instead — the two agree for a linear conversation, which is what cursor-agent writes.
//  * user text is wrapped in `<user_query>`; a first user blob starting with `<user_info>` is context, not a prompt.
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { cursorHomeDir, pathApi } from './paths';
import { sqlText, tableExists } from './sqlite';
import type { ChatSession } from './types';
import { toIso } from './dates';
import { listDir, pathExists } from './files';
import { type Json, arr, compactInput, errorMessage, isRecord, str } from './json';
import { type ReaderContext, checkAbort } from './reader-context';
import { TranscriptBuilder, finishSession } from './transcript';

const USER_QUERY = /<user_query>\s*([\s\S]*?)\s*<\/user_query>/g;

export async function readCursorAgentCli(ctx: ReaderContext): Promise<ChatSession[]> {
  const p = pathApi(ctx.env.platform);
  const chats = p.join(cursorHomeDir(ctx.env), 'chats');
  const exists = await pathExists(chats);
  ctx.searched('cursor', chats, exists);
  if (!exists) return [];
  const out: ChatSession[] = [];
  for (const folder of [...new Set([ctx.workspaceFolder, ...ctx.matcher.folders])]) {
    const hashDir = p.join(chats, createHash('md5').update(folder).digest('hex'));
    for (const s of await listDir(hashDir)) {
      if (!s.isDir) continue;
      checkAbort(ctx.signal);
      const file = p.join(hashDir, s.name, 'store.db');
      if (!(await pathExists(file))) continue;
      const session = await readStore(file, s.name, ctx);
      if (session && !out.some((x) => x.id === session.id)) out.push(session);
    }
  }
  return out;
}

function blobJson(v: unknown): Json | undefined {
  const t = sqlText(v);
  if (!t || t.trimStart()[0] !== '{') return undefined;
  try {
    const j: unknown = JSON.parse(t);
    return isRecord(j) && typeof j.role === 'string' ? j : undefined;
  } catch {
    return undefined;
  }
}

function metaJson(v: unknown): Json {
  const t = sqlText(v)?.trim() ?? '';
  const text = /^[0-9a-f]+$/i.test(t) && t.length % 2 === 0 ? Buffer.from(t, 'hex').toString('utf8') : t;
  try {
    const j: unknown = JSON.parse(text);
    return isRecord(j) ? j : {};
  } catch {
    return {};
  }
}

async function readStore(file: string, dirName: string, ctx: ReaderContext): Promise<ChatSession | undefined> {
  let opened;
  try {
    opened = await ctx.openSqlite(file);
  } catch (err) {
    ctx.warn(file, `skipped: cannot open the cursor-agent store (${errorMessage(err)})`);
    return undefined;
  }
  for (const n of opened.notes) ctx.warn(file, n);
  const db = opened.db;
  try {
    if (!tableExists(db, 'blobs') || !tableExists(db, 'meta')) {
      ctx.warn(file, 'skipped: not a cursor-agent store (no blobs/meta tables)');
      return undefined;
    }
    const meta = metaJson(db.all("SELECT value FROM meta WHERE key = '0'")[0]?.value);
    const model = str(meta.lastUsedModel);
    const b = new TranscriptBuilder();
    let firstUser = true;
    for (const row of db.all('SELECT rowid AS r, data FROM blobs ORDER BY rowid')) {
      const m = blobJson(row.data);
      if (!m) continue;
      const parts =
        typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : arr(m.content).filter(isRecord);
      if (m.role === 'user') {
        const texts = parts.filter((c) => c.type === 'text').map((c) => str(c.text) ?? '');
        const queries = texts.flatMap((t) => [...t.matchAll(USER_QUERY)].map((x) => x[1]));
        const prompt = queries.length
          ? queries.join('\n\n')
          : texts.filter((t) => !(firstUser && t.trimStart().startsWith('<user_info>'))).join('\n\n');
        if (prompt.trim()) {
          b.user(prompt);
          firstUser = false;
        }
      } else if (m.role === 'assistant') {
        for (const c of parts) {
          if (c.type === 'text') b.assistantText(str(c.text) ?? '', undefined, model);
          else if (c.type === 'reasoning') b.thinking(str(c.text) ?? '', undefined, model);
          else if (c.type === 'tool-call' || c.type === 'tool_use')
            b.toolCall(
              {
                id: str(c.toolCallId) ?? str(c.id),
                name: str(c.toolName) ?? str(c.name) ?? 'tool',
                input: compactInput(c.args ?? c.input),
              },
              undefined,
              model,
            );
        }
      } else if (m.role === 'tool') {
        for (const c of parts) b.toolResult(str(c.toolCallId), compactInput(c.result ?? c.output));
      }
    }
    const st = await fsp.stat(file).catch(() => undefined);
    const wal = await fsp.stat(file + '-wal').catch(() => undefined);
    const mtime = [st?.mtimeMs ?? 0, wal?.mtimeMs ?? 0].reduce((a, x) => Math.max(a, x), 0);
    return finishSession({
      tool: 'cursor',
      id: str(meta.agentId) ?? dirName,
      title: str(meta.name),
      workspaceFolder: ctx.workspaceFolder,
      startedAt: toIso(meta.createdAt),
      updatedAt: mtime ? new Date(mtime).toISOString() : undefined,
      models: model ? [model] : [],
      messages: b.messages,
      sources: [file],
    });
  } catch (err) {
    ctx.warn(file, `cannot read the cursor-agent store (${errorMessage(err)})`);
    return undefined;
  } finally {
    db.close();
  }
}
