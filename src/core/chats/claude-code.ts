// Claude Code: `<config>/projects/<encoded-cwd>/<sessionId>.jsonl` (config = $CLAUDE_CONFIG_DIR, else ~/.claude and
// $XDG_CONFIG_HOME/claude).
//
// Matching: by the `cwd` field of the session's first user/assistant record (the folder the session was started
// in), never by the lossy folder-name encoding. A file's head is read first to find that cwd; only files whose cwd
// is the workspace folder or inside it are parsed in full.
//
// Folding: `user` records with text are prompts (slash commands become `/name args`; meta records, local command
// output, compaction summaries and "[Request interrupted …]" markers are not prompts); `user` records carrying
// `tool_result` blocks attach their output to the matching `tool_use` (by id); every `assistant` record (one content
// block per record, several API calls per turn) until the next prompt is merged into one reply. Sidechain records
// (sub-agents) and `agent-*.jsonl` files are not part of the main transcript. Several files with the same sessionId
// (resumed sessions) are merged, records deduplicated by uuid.
import { promises as fsp } from 'node:fs';
import { claudeConfigDirs, pathApi } from './paths';
import type { ChatSession } from './types';
import { maxIso, minIso, toIso } from './dates';
import { listDir, pathExists, readText } from './files';
import { type Json, arr, compactInput, contentText, errorMessage, isRecord, str } from './json';
import { type JsonlLine, parseJsonl } from './jsonl';
import { type ReaderContext, checkAbort } from './reader-context';
import { TranscriptBuilder, finishSession } from './transcript';
import { UnknownRecords } from './unknown-records';

const HEAD_BYTES = 64 * 1024;

/**
 * Record types that carry no transcript content (known, ignored without a warning). Sources: the type table in
 * research agent_chats.md §3.3; `progress` (splitrail#104, Jan 2026); the Dynamic Workflows lifecycle entries of
 * v2.1.154 (`workflow-*`, `fork-context-ref`: delexw/claude-code-trace#115/#118); `effort` lines and per-message
 * effort fields of v2.1.212 (claude-code-trace#209) — unknown fields are tolerated anyway. Any other type is counted
 * and reported once per store with the Claude Code `version`s that wrote it.
 */
const IGNORED_TYPES = new Set([
  'system',
  'file-history-snapshot',
  'file-history-delta',
  'queue-operation',
  'attachment',
  'mode',
  'pr-link',
  'turn_end',
  'agent-name',
  'last-prompt',
  'progress',
  'tag',
  'workflow-start',
  'workflow-progress',
  'workflow-complete',
  'workflow-cancelled',
  'workflow-error',
  'fork-context-ref',
  'effort',
  'away-summary',
]);

export async function readClaudeCode(ctx: ReaderContext): Promise<ChatSession[]> {
  const p = pathApi(ctx.env.platform);
  const files: string[] = [];
  for (const config of claudeConfigDirs(ctx.env)) {
    const projects = p.join(config, 'projects');
    const exists = await pathExists(projects);
    ctx.searched('claude-code', projects, exists);
    if (!exists) continue;
    for (const proj of await listDir(projects)) {
      if (!proj.isDir) continue;
      for (const f of await listDir(p.join(projects, proj.name))) {
        if (f.isFile && f.name.endsWith('.jsonl') && !f.name.startsWith('agent-'))
          files.push(p.join(projects, proj.name, f.name));
      }
    }
  }

  const bySession = new Map<string, Array<{ file: string; lines: JsonlLine[] }>>();
  for (const file of files) {
    checkAbort(ctx.signal);
    const cwd = await peekCwd(file, ctx);
    if (!cwd || !ctx.matcher.matches(cwd)) continue;
    const text = await readText(file, ctx);
    if (text === undefined) continue;
    const lines = parseJsonl(text, file, ctx);
    const sessionId = lines.map((l) => str(l.value.sessionId)).find(Boolean) ?? p.basename(file, '.jsonl');
    const list = bySession.get(sessionId) ?? [];
    list.push({ file, lines });
    bySession.set(sessionId, list);
  }

  const sessions: ChatSession[] = [];
  const unknown = new UnknownRecords('Claude Code');
  for (const [id, parts] of bySession) {
    const s = buildSession(id, parts, ctx, unknown);
    if (s) sessions.push(s);
  }
  const first = unknown.firstFile;
  if (first) unknown.report(ctx, p.dirname(p.dirname(first))); // <config>/projects
  return sessions;
}

/** The first `cwd` in the file; reads only the head unless the head has none. */
async function peekCwd(file: string, ctx: ReaderContext): Promise<string | undefined> {
  let head: string;
  let whole = false;
  try {
    const fh = await fsp.open(file, 'r');
    try {
      const buf = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
      head = buf.subarray(0, bytesRead).toString('utf8');
      whole = bytesRead < HEAD_BYTES;
    } finally {
      await fh.close();
    }
  } catch (err) {
    ctx.warn(file, `cannot read file: ${errorMessage(err)}`);
    return undefined;
  }
  const found = firstCwd(head, whole);
  if (found || whole) return found;
  try {
    return firstCwd(await fsp.readFile(file, 'utf8'), true);
  } catch {
    return undefined;
  }
}

function firstCwd(text: string, complete: boolean): string | undefined {
  const lines = text.split('\n');
  if (!complete) lines.pop(); // possibly cut in the middle
  for (const line of lines) {
    if (!line.includes('"cwd"')) continue;
    try {
      const v: unknown = JSON.parse(line);
      if (isRecord(v) && (v.type === 'user' || v.type === 'assistant') && typeof v.cwd === 'string' && v.cwd)
        return v.cwd;
    } catch {
      // malformed lines are reported by the full parse
    }
  }
  return undefined;
}

const INTERRUPTED = /^\[Request interrupted by user[^\]]*\]$/;

function promptFromText(text: string): string | undefined {
  const t = text.trim();
  if (!t || INTERRUPTED.test(t)) return undefined;
  if (
    t.startsWith('<local-command-stdout>') ||
    t.startsWith('<local-command-stderr>') ||
    t.startsWith('<local-command-caveat>')
  )
    return undefined;
  const cmd = /<command-name>([\s\S]*?)<\/command-name>/.exec(t);
  if (cmd) {
    const args = /<command-args>([\s\S]*?)<\/command-args>/.exec(t)?.[1]?.trim();
    const name = cmd[1].trim();
    return `${name.startsWith('/') ? name : '/' + name}${args ? ' ' + args : ''}`;
  }
  return t;
}

function buildSession(
  id: string,
  parts: Array<{ file: string; lines: JsonlLine[] }>,
  ctx: ReaderContext,
  unknownRecords: UnknownRecords,
): ChatSession | undefined {
  // Resumed sessions: order files by their first time stamp.
  const firstTs = (lines: JsonlLine[]) => lines.map((l) => str(l.value.timestamp)).find(Boolean) ?? '';
  parts.sort((a, b) =>
    firstTs(a.lines) < firstTs(b.lines) ? -1 : firstTs(a.lines) > firstTs(b.lines) ? 1 : a.file < b.file ? -1 : 1,
  );

  const b = new TranscriptBuilder();
  const seen = new Set<string>();
  const uuids = new Set<string>();
  const summaries: Array<{ summary: string; leafUuid?: string }> = [];
  const models: string[] = [];
  let customTitle: string | undefined;
  let aiTitle: string | undefined;
  let cwd: string | undefined;
  let started: string | undefined;
  let updated: string | undefined;

  for (const { file, lines } of parts) {
    const unknown = new Map<string, number>();
    let version: string | undefined;
    for (const { value: rec } of lines) {
      const type = str(rec.type);
      version = str(rec.version) ?? version;
      if (type === 'user' || type === 'assistant') {
        const uuid = str(rec.uuid);
        if (uuid) uuids.add(uuid); // summary leaves may point at any record of the file
        if (rec.isSidechain === true) continue;
        if (uuid) {
          if (seen.has(uuid)) continue;
          seen.add(uuid);
        }
        const ts = toIso(rec.timestamp);
        started = minIso(started, ts);
        updated = maxIso(updated, ts);
        if (!cwd && typeof rec.cwd === 'string') cwd = rec.cwd;
        const message = isRecord(rec.message) ? rec.message : undefined;
        if (!message) continue;
        if (type === 'user') userRecord(rec, message, ts, b);
        else {
          const model = str(message.model);
          if (model && !models.includes(model)) models.push(model);
          assistantRecord(message, ts, model, b);
        }
      } else if (type === 'summary') {
        const s = str(rec.summary);
        if (s) summaries.push({ summary: s, leafUuid: str(rec.leafUuid) });
      } else if (type === 'custom-title') {
        customTitle = str(rec.customTitle) ?? str(rec.title) ?? customTitle;
      } else if (type === 'ai-title') {
        aiTitle = str(rec.aiTitle) ?? str(rec.title) ?? aiTitle;
      } else if (type && IGNORED_TYPES.has(type)) {
        continue;
      } else {
        const k = type ?? '(no type)';
        unknown.set(k, (unknown.get(k) ?? 0) + 1);
      }
    }
    for (const [k, n] of unknown) unknownRecords.add(k, file, version, n);
  }

  const summary = [...summaries].reverse().find((s) => s.leafUuid && uuids.has(s.leafUuid))?.summary;
  return finishSession({
    tool: 'claude-code',
    id,
    title: customTitle ?? summary ?? aiTitle,
    workspaceFolder: cwd ?? ctx.workspaceFolder,
    startedAt: started,
    updatedAt: updated,
    models,
    messages: b.messages,
    sources: parts.map((x) => x.file),
  });
}

function userRecord(rec: Json, message: Json, ts: string | undefined, b: TranscriptBuilder): void {
  if (rec.isMeta === true || rec.isCompactSummary === true || rec.isVisibleInTranscriptOnly === true) return;
  const content = message.content;
  if (typeof content === 'string') {
    const prompt = promptFromText(content);
    if (prompt) b.user(prompt, ts);
    return;
  }
  const blocks = arr(content).filter(isRecord);
  const results = blocks.filter((x) => x.type === 'tool_result');
  for (const r of results) {
    const out = contentText(r.content);
    if (!b.toolResult(str(r.tool_use_id), out, r.is_error === true)) {
      // a result whose call is not in this transcript (e.g. cut by compaction): keep it visible
      b.toolCall(
        { id: str(r.tool_use_id), name: 'tool_result', input: '', output: out, isError: r.is_error === true },
        ts,
      );
    }
  }
  if (results.length) return;
  const texts: string[] = [];
  for (const x of blocks) {
    if (x.type === 'text' && typeof x.text === 'string') {
      const t = promptFromText(x.text);
      if (t) texts.push(t);
    } else if (x.type === 'image') texts.push('[image]');
  }
  if (texts.length) b.user(texts.join('\n\n'), ts);
}

function assistantRecord(message: Json, ts: string | undefined, model: string | undefined, b: TranscriptBuilder): void {
  const content = message.content;
  if (typeof content === 'string') {
    b.assistantText(content, ts, model);
    return;
  }
  for (const x of arr(content)) {
    if (!isRecord(x)) continue;
    if (x.type === 'text' && typeof x.text === 'string') b.assistantText(x.text, ts, model);
    else if (x.type === 'thinking' && typeof x.thinking === 'string') b.thinking(x.thinking, ts, model);
    else if (x.type === 'tool_use' || x.type === 'server_tool_use')
      b.toolCall({ id: str(x.id), name: str(x.name) ?? 'tool', input: compactInput(x.input) }, ts, model);
  }
}
