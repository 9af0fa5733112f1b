// Gemini CLI: `<gemini>/tmp/<project>/chats/session-<YYYY-MM-DDTHH-MM>-<8 hex>.jsonl` (JSONL since about February
// 2026) and the older `session-….json` (one JSON document), where <gemini> is `$GEMINI_CLI_HOME/.gemini` or
// `~/.gemini` (paths.ts geminiDir). Facts from google-gemini/gemini-cli `packages/core/src/services/
// chatRecordingService.ts` (commit 016443b5) and `packages/core/src/config/projectRegistry.ts` (commit 04fbf507):
//
//  * <project> is a slug of the project folder's name (`my-app`, `my-app-1`, …) with a `.project_root` file holding
//    the project's absolute path (newer), or the sha256 hex of that path (older). Matching: `.project_root` is the
//    workspace folder or inside it; else the folder name (or the file's `projectHash`) is the sha256 of the
//    workspace folder (or its real path) — a hash cannot say "inside", so those are exact matches only.
//  * JSONL lines: the first is the metadata `{sessionId, projectHash, startTime, lastUpdated, kind?, directories?}`;
//    a `MessageRecord` is any line with a string `id` (a later line with the same id replaces the earlier one);
//    `{"$set": {…}}` updates metadata (`summary`, `lastUpdated`, …); `{"$rewindTo": id}` drops that message and every
//    later one. The legacy .json is `{sessionId, projectHash, startTime, lastUpdated, summary?, messages: [...]}`.
//    When both `x.json` and `x.jsonl` exist (a resumed legacy session is migrated to `x.jsonl`) the .jsonl wins.
//  * MessageRecord `{id, timestamp, type: user|gemini|info|error|warning, content: string | Part[], model?,
//    thoughts?: [{subject, description}], toolCalls?: [{id, name, args, result: [{functionResponse: {response:
//    {output|error}}}], status}]}`. `user` = prompt; `gemini` = reply; info/error/warning are CLI notices (not
//    messages). Sub-agent transcripts (`chats/<parent id>/<id>.jsonl`, kind "subagent") are not listed.
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { geminiDir, pathApi } from './paths';
import type { ChatSession } from './types';
import { toIso } from './dates';
import { listDir, pathExists, readJsonFile, readText } from './files';
import { type Json, arr, compactInput, isRecord, str } from './json';
import { parseJsonl } from './jsonl';
import { type ReaderContext, checkAbort } from './reader-context';
import { TranscriptBuilder, finishSession } from './transcript';
import { UnknownRecords } from './unknown-records';

const NOTICE_TYPES = new Set(['info', 'error', 'warning']);

interface Loaded {
  meta: Json;
  messages: Json[];
  file: string;
}

export async function readGeminiCli(ctx: ReaderContext): Promise<ChatSession[]> {
  const p = pathApi(ctx.env.platform);
  const tmp = p.join(geminiDir(ctx.env), 'tmp');
  const exists = await pathExists(tmp);
  ctx.searched('gemini-cli', tmp, exists);
  if (!exists) return [];
  const hashes = new Set<string>();
  for (const f of [ctx.workspaceFolder, ...ctx.matcher.folders])
    hashes.add(createHash('sha256').update(f).digest('hex'));

  const unknown = new UnknownRecords('Gemini CLI');
  const sessions: ChatSession[] = [];
  for (const proj of await listDir(tmp)) {
    if (!proj.isDir) continue;
    checkAbort(ctx.signal);
    const projDir = p.join(tmp, proj.name);
    const rootText = await readText(p.join(projDir, '.project_root'), ctx, true);
    const projectRoot = rootText?.trim();
    let folder: string | undefined;
    if (projectRoot) folder = ctx.matcher.matches(projectRoot) ? projectRoot : undefined;
    else if (hashes.has(proj.name.toLowerCase())) folder = ctx.workspaceFolder;
    const chats = p.join(projDir, 'chats');
    const files = (await listDir(chats)).filter(
      (f) => f.isFile && f.name.startsWith('session-') && (f.name.endsWith('.jsonl') || f.name.endsWith('.json')),
    );
    const names = new Set(files.map((f) => f.name));
    for (const f of files) {
      if (f.name.endsWith('.json') && names.has(f.name + 'l')) continue; // migrated to .jsonl
      const file = p.join(chats, f.name);
      if (projectRoot && !folder) continue; // the marker names another project
      // an unclaimed folder (no marker, not our hash) may still be ours by the file's own projectHash
      const loaded = await load(file, ctx, unknown);
      if (!loaded) continue;
      let sessionFolder = folder;
      if (!sessionFolder && !projectRoot && hashes.has(str(loaded.meta.projectHash) ?? ''))
        sessionFolder = ctx.workspaceFolder;
      if (!sessionFolder) continue;
      if (loaded.meta.kind === 'subagent') continue;
      const s = await toSession(loaded, sessionFolder);
      if (s) sessions.push(s);
    }
  }
  unknown.report(ctx, tmp);
  // a session resumed across several files (same sessionId): keep the newest
  const byId = new Map<string, ChatSession>();
  for (const s of sessions) {
    const prev = byId.get(s.id);
    if (!prev || s.updatedAt > prev.updatedAt) byId.set(s.id, s);
  }
  return [...byId.values()];
}

async function load(file: string, ctx: ReaderContext, unknown: UnknownRecords): Promise<Loaded | undefined> {
  if (file.endsWith('.json')) {
    const v = await readJsonFile(file, ctx);
    if (!isRecord(v)) return undefined;
    const messages = arr(v.messages).filter(isRecord);
    const { messages: _drop, ...meta } = v;
    return { meta, messages, file };
  }
  const text = await readText(file, ctx);
  if (text === undefined) return undefined;
  let meta: Json = {};
  const byId = new Map<string, Json>();
  const kinds = new Map<string, number>();
  for (const { value } of parseJsonl(text, file, ctx)) {
    if (typeof value.$rewindTo === 'string') {
      const ids = [...byId.keys()];
      const at = ids.indexOf(value.$rewindTo);
      for (const id of at >= 0 ? ids.slice(at) : ids) byId.delete(id);
    } else if (typeof value.id === 'string') {
      byId.set(value.id, value);
    } else if (isRecord(value.$set)) {
      meta = { ...meta, ...value.$set };
    } else if (typeof value.sessionId === 'string') {
      meta = { ...meta, ...value };
    } else {
      const k = Object.keys(value)[0] ?? '(empty)';
      kinds.set(k, (kinds.get(k) ?? 0) + 1);
    }
  }
  for (const m of byId.values()) {
    const t = str(m.type);
    if (t !== 'user' && t !== 'gemini' && !(t && NOTICE_TYPES.has(t))) {
      const k = `type:${t ?? '(none)'}`;
      kinds.set(k, (kinds.get(k) ?? 0) + 1);
    }
  }
  for (const [k, n] of kinds) unknown.add(k, file, undefined, n);
  return { meta, messages: [...byId.values()], file };
}

function partsText(content: unknown): string {
  if (typeof content === 'string') return content;
  return arr(content)
    .map((x) => (typeof x === 'string' ? x : isRecord(x) ? (str(x.text) ?? (x.inlineData ? '[image]' : '')) : ''))
    .filter(Boolean)
    .join('\n');
}

function toolOutput(result: unknown): { output?: string; isError: boolean } {
  const outs: string[] = [];
  let isError = false;
  for (const r of arr(result)) {
    const fr = isRecord(r) && isRecord(r.functionResponse) ? r.functionResponse : undefined;
    const resp = fr && isRecord(fr.response) ? fr.response : undefined;
    if (!resp) continue;
    if (resp.error !== undefined) {
      isError = true;
      outs.push(typeof resp.error === 'string' ? resp.error : compactInput(resp.error));
    } else if (resp.output !== undefined) {
      outs.push(typeof resp.output === 'string' ? resp.output : compactInput(resp.output));
    }
  }
  return { output: outs.length ? outs.join('\n') : undefined, isError };
}

async function toSession(l: Loaded, folder: string): Promise<ChatSession | undefined> {
  const b = new TranscriptBuilder();
  const models: string[] = [];
  for (const m of l.messages) {
    const ts = toIso(m.timestamp);
    if (m.type === 'user') b.user(partsText(m.content), ts);
    else if (m.type === 'gemini') {
      const model = str(m.model);
      if (model && !models.includes(model)) models.push(model);
      const thoughts = arr(m.thoughts)
        .filter(isRecord)
        .map((t) => [str(t.subject), str(t.description)].filter(Boolean).join(': '))
        .filter(Boolean)
        .join('\n\n');
      if (thoughts) b.thinking(thoughts, ts, model);
      for (const c of arr(m.toolCalls).filter(isRecord)) {
        const out = toolOutput(c.result);
        b.toolCall(
          {
            id: str(c.id),
            name: str(c.name) ?? 'tool',
            input: compactInput(c.args),
            output: out.output,
            isError: out.isError || c.status === 'error',
          },
          toIso(c.timestamp) ?? ts,
          model,
        );
      }
      b.assistantText(partsText(m.content), ts, model);
    }
  }
  let updated = toIso(l.meta.lastUpdated);
  if (!updated)
    updated = await fsp.stat(l.file).then(
      (st) => st.mtime.toISOString(),
      () => undefined,
    );
  const fromName = /session-.*-([0-9a-f]{8})\.jsonl?$/i.exec(l.file)?.[1];
  return finishSession({
    tool: 'gemini-cli',
    id: str(l.meta.sessionId) ?? fromName ?? l.file,
    title: str(l.meta.summary),
    workspaceFolder: folder,
    startedAt: toIso(l.meta.startTime),
    updatedAt: updated,
    models,
    messages: b.messages,
    sources: [l.file],
  });
}
