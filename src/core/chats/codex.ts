// OpenAI Codex CLI: `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<ts>-<uuid>.jsonl` and `$CODEX_HOME/archived_sessions/`
// (CODEX_HOME defaults to ~/.codex). Thread names come from `$CODEX_HOME/session_index.jsonl` (newest line wins) or
// `thread_name_updated` events; otherwise the first prompt is the title.
//
// Layouts handled:
//  * envelope (current): every line `{timestamp, type, payload}`; type ∈ session_meta, turn_context, response_item,
//    event_msg, compacted (+ newer world_state, inter_agent_communication*). The transcript text comes from
//    `event_msg` user_message/agent_message when the file has them (the UI log — no scaffolding); otherwise from
//    `response_item` messages with the injected scaffolding (`<environment_context>`, `<user_instructions>`,
//    AGENTS.md …, developer/system roles) dropped. Tool calls and reasoning come from `response_item`.
//  * older direct layout: first line `{id, timestamp, instructions, git}`, then bare response items
//    (`{type:"message", role, content}`, `function_call`, …) and `{record_type:"state"}` markers.
//
// Matching: `session_meta.payload.cwd` (read from the head of the file); for the older layout (no cwd in the
// meta line) the `<cwd>` of the first `<environment_context>` message, or a `turn_context` cwd.
// Compressed `.jsonl.zst` rollouts (Codex compresses rollouts idle for 7 days, `codex-rs/rollout/src/compression.rs`;
// the plain file wins when both exist) are decompressed with fzstd (pure JavaScript, so it runs in every editor
// build, unlike a native addon or the zstd of Node ≥ 23.8's zlib).
// Paginated threads (`event_msg` `item_completed` TurnItems): codex-items.ts.
// Records of a type this reader does not know are counted and reported once for the whole store, with the
// `cli_version`s that wrote them.
import { decompress as zstdDecompress } from 'fzstd';
import { promises as fsp } from 'node:fs';
import { foldTurnItem, isPaginated } from './codex-items';
import { codexHome, pathApi } from './paths';
import type { ChatSession } from './types';
import { maxIso, minIso, toIso } from './dates';
import { listDir, pathExists, readText } from './files';
import { type Json, arr, compactInput, errorMessage, isRecord, str } from './json';
import { type JsonlLine, parseJsonl } from './jsonl';
import { type ReaderContext, checkAbort } from './reader-context';
import { TranscriptBuilder, finishSession } from './transcript';
import { UnknownRecords } from './unknown-records';

const HEAD_BYTES = 256 * 1024;
const ENVELOPE_TYPES = new Set([
  'session_meta',
  'response_item',
  'event_msg',
  'turn_context',
  'compacted',
  'world_state',
  'inter_agent_communication',
  'inter_agent_communication_metadata',
]);
const ITEM_TYPES = new Set([
  'message',
  'reasoning',
  'function_call',
  'function_call_output',
  'custom_tool_call',
  'custom_tool_call_output',
  'local_shell_call',
  'web_search_call',
  'image_generation_call',
  'compaction',
  'tool_search_call',
  'tool_search_output',
]);

export async function readCodex(ctx: ReaderContext): Promise<ChatSession[]> {
  const p = pathApi(ctx.env.platform);
  const home = codexHome(ctx.env);
  const files: string[] = [];
  for (const sub of ['sessions', 'archived_sessions']) {
    const dir = p.join(home, sub);
    const exists = await pathExists(dir);
    ctx.searched('codex', dir, exists);
    if (exists) await collectRollouts(dir, files, ctx, 0);
  }
  // Prefer the plain file when both `x.jsonl` and `x.jsonl.zst` exist.
  const plain = new Set(files.filter((f) => f.endsWith('.jsonl')));
  const rollouts = files.filter((f) => !(f.endsWith('.zst') && plain.has(f.slice(0, -4))));
  const titles = await readSessionIndex(p.join(home, 'session_index.jsonl'), ctx);
  const byId = new Map<string, ChatSession>();
  const unknown = new UnknownRecords('Codex');
  for (const file of rollouts) {
    checkAbort(ctx.signal);
    const s = await readRollout(file, ctx, titles, unknown);
    if (!s) continue;
    const prev = byId.get(s.id);
    if (
      !prev ||
      s.updatedAt > prev.updatedAt ||
      (s.updatedAt === prev.updatedAt && s.messages.length > prev.messages.length)
    )
      byId.set(s.id, s);
  }
  unknown.report(ctx, p.join(home, 'sessions'));
  return [...byId.values()];
}

async function collectRollouts(dir: string, out: string[], ctx: ReaderContext, depth: number): Promise<void> {
  if (depth > 6) return;
  const p = pathApi(ctx.env.platform);
  for (const e of await listDir(dir)) {
    const full = p.join(dir, e.name);
    if (e.isDir) await collectRollouts(full, out, ctx, depth + 1);
    else if (e.isFile && e.name.startsWith('rollout-') && (e.name.endsWith('.jsonl') || e.name.endsWith('.jsonl.zst')))
      out.push(full);
  }
}

async function readSessionIndex(file: string, ctx: ReaderContext): Promise<Map<string, string>> {
  const out = new Map<string, { name: string; at: string }>();
  if (!(await pathExists(file))) return new Map();
  const text = await readText(file, ctx);
  if (text === undefined) return new Map();
  for (const { value } of parseJsonl(text, file, ctx)) {
    const id = str(value.id);
    const name = str(value.thread_name);
    if (!id || !name) continue;
    const at = str(value.updated_at) ?? '';
    const prev = out.get(id);
    if (!prev || at >= prev.at) out.set(id, { name, at });
  }
  return new Map([...out].map(([k, v]) => [k, v.name]));
}

async function readBytes(
  file: string,
  ctx: ReaderContext,
  headOnly: boolean,
): Promise<{ text: string; complete: boolean } | undefined> {
  try {
    if (file.endsWith('.zst')) {
      const raw = await fsp.readFile(file);
      let dec: Uint8Array;
      try {
        dec = zstdDecompress(raw);
      } catch (err) {
        ctx.warn(file, `skipped: not a readable zstd file (${errorMessage(err)})`);
        return undefined;
      }
      return { text: Buffer.from(dec.buffer, dec.byteOffset, dec.byteLength).toString('utf8'), complete: true };
    }
    if (!headOnly) return { text: await fsp.readFile(file, 'utf8'), complete: true };
    const fh = await fsp.open(file, 'r');
    try {
      const buf = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
      return { text: buf.subarray(0, bytesRead).toString('utf8'), complete: bytesRead < HEAD_BYTES };
    } finally {
      await fh.close();
    }
  } catch (err) {
    ctx.warn(file, `cannot read file: ${errorMessage(err)}`);
    return undefined;
  }
}

/** The cwd from the first line when it is an envelope `session_meta`; undefined means "read everything to know". */
function headCwd(head: string): string | undefined {
  const nl = head.indexOf('\n');
  if (nl < 0) return undefined;
  try {
    const v: unknown = JSON.parse(head.slice(0, nl));
    if (isRecord(v) && v.type === 'session_meta' && isRecord(v.payload)) return str(v.payload.cwd);
  } catch {
    // decided by the full parse
  }
  return undefined;
}

const ENV_CWD = /<cwd>([\s\S]*?)<\/cwd>/;

function isScaffolding(text: string): boolean {
  const t = text.trim();
  if (/^<([a-zA-Z_][\w -]*)>[\s\S]*<\/\1>$/.test(t)) return true;
  return (
    t.startsWith('# AGENTS.md instructions') ||
    t.startsWith('<user_instructions>') ||
    t.startsWith('<environment_context>')
  );
}

function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  return arr(content)
    .filter(isRecord)
    .map((c) => (typeof c.text === 'string' ? c.text : c.type === 'input_image' ? '[image]' : ''))
    .filter(Boolean)
    .join('\n');
}

function outputText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (isRecord(v)) {
    if (typeof v.content === 'string') return v.content;
    if (typeof v.output === 'string') return v.output;
    const t = messageText(v.content);
    if (t) return t;
  }
  return compactInput(v);
}

async function readRollout(
  file: string,
  ctx: ReaderContext,
  titles: Map<string, string>,
  unknownRecords: UnknownRecords,
): Promise<ChatSession | undefined> {
  const head = await readBytes(file, ctx, true);
  if (!head) return undefined;
  const metaCwd = headCwd(head.text);
  if (metaCwd !== undefined && !ctx.matcher.matches(metaCwd)) return undefined;
  const full = head.complete ? head : await readBytes(file, ctx, false);
  if (!full) return undefined;
  const lines = parseJsonl(full.text, file, ctx);
  if (!lines.length) return undefined;

  // Normalise both layouts to {ts, kind, payload}.
  const items: Array<{ ts?: string; kind: string; payload: Json }> = [];
  const unknown = new Map<string, number>();
  let legacyMeta: Json | undefined;
  lines.forEach((l: JsonlLine, i) => {
    const v = l.value;
    const type = str(v.type);
    if (type && ENVELOPE_TYPES.has(type) && isRecord(v.payload))
      items.push({ ts: toIso(v.timestamp), kind: type, payload: v.payload });
    else if (i === 0 && !type && (typeof v.id === 'string' || typeof v.timestamp === 'string')) legacyMeta = v;
    else if (v.record_type === 'state') return;
    else if (type && ITEM_TYPES.has(type)) items.push({ ts: toIso(v.timestamp), kind: 'response_item', payload: v });
    else {
      const k = type ?? (typeof v.record_type === 'string' ? `record_type:${v.record_type}` : '(no type)');
      unknown.set(k, (unknown.get(k) ?? 0) + 1);
    }
  });

  let id: string | undefined = str(legacyMeta?.id);
  let cwd = metaCwd;
  let started = toIso(legacyMeta?.timestamp);
  let updated: string | undefined;
  let title: string | undefined;
  let model: string | undefined;
  const models: string[] = [];
  let version: string | undefined;
  const paginated = isPaginated(items);
  const useEvents = !paginated && items.some((x) => x.kind === 'event_msg' && x.payload.type === 'user_message');
  const useResponses = !paginated && !useEvents;
  const b = new TranscriptBuilder();

  for (const { ts, kind, payload } of items) {
    started = minIso(started, ts);
    updated = maxIso(updated, ts);
    const ptype = str(payload.type);
    if (kind === 'session_meta') {
      id = id ?? str(payload.id) ?? str(payload.session_id);
      cwd = cwd ?? str(payload.cwd);
      version = version ?? str(payload.cli_version);
      started = minIso(started, toIso(payload.timestamp));
    } else if (kind === 'turn_context') {
      cwd = cwd ?? str(payload.cwd);
      const m = str(payload.model);
      if (m) {
        model = m;
        if (!models.includes(m)) models.push(m);
      }
    } else if (kind === 'event_msg') {
      if (ptype === 'user_message' && useEvents) b.user(str(payload.message) ?? '', ts);
      else if (ptype === 'agent_message' && useEvents) b.assistantText(str(payload.message) ?? '', ts, model);
      else if (ptype === 'thread_name_updated') title = str(payload.thread_name) ?? str(payload.name) ?? title;
      else if (ptype === 'item_completed' && paginated && isRecord(payload.item)) {
        const notUnderstood = foldTurnItem(payload.item, ts, model, b);
        if (notUnderstood) unknown.set(notUnderstood, (unknown.get(notUnderstood) ?? 0) + 1);
      }
    } else if (kind === 'response_item') {
      if (ptype === 'message') {
        const role = str(payload.role);
        const text = messageText(payload.content);
        if (role === 'user') {
          if (!cwd) cwd = ENV_CWD.exec(text)?.[1]?.trim();
          if (useResponses && !isScaffolding(text)) b.user(text, ts);
        } else if (role === 'assistant' && useResponses) b.assistantText(text, ts, model);
      } else if (paginated) {
        continue; // tool calls and reasoning come from the TurnItems
      } else if (ptype === 'reasoning') {
        const summary = arr(payload.summary)
          .filter(isRecord)
          .map((s) => str(s.text) ?? '')
          .filter(Boolean)
          .join('\n\n');
        if (summary) b.thinking(summary, ts, model);
      } else if (ptype === 'function_call' || ptype === 'custom_tool_call' || ptype === 'tool_search_call') {
        b.toolCall(
          {
            id: str(payload.call_id) ?? str(payload.id),
            name: str(payload.name) ?? ptype,
            input: compactInput(payload.arguments ?? payload.input),
          },
          ts,
          model,
        );
      } else if (ptype === 'local_shell_call') {
        b.toolCall(
          { id: str(payload.call_id) ?? str(payload.id), name: 'shell', input: compactInput(payload.action) },
          ts,
          model,
        );
      } else if (ptype === 'web_search_call') {
        b.toolCall({ id: str(payload.id), name: 'web_search', input: compactInput(payload.action) }, ts, model);
      } else if (
        ptype === 'function_call_output' ||
        ptype === 'custom_tool_call_output' ||
        ptype === 'tool_search_output'
      ) {
        const out = outputText(payload.output);
        const isError = isRecord(payload.output) && payload.output.success === false;
        b.toolResult(str(payload.call_id), out, isError);
      }
    }
  }

  if (!cwd || !ctx.matcher.matches(cwd)) return undefined;
  for (const [k, n] of unknown) unknownRecords.add(k, file, version, n);
  const p = pathApi(ctx.env.platform);
  if (!updated) {
    // the older layout has no per-line time stamps: the file's modification time is the last activity
    try {
      updated = (await fsp.stat(file)).mtime.toISOString();
    } catch {
      // keep the start time
    }
  }
  const fromName = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl(\.zst)?$/i.exec(
    p.basename(file),
  )?.[1];
  const sessionId = id ?? fromName ?? p.basename(file).replace(/\.jsonl(\.zst)?$/, '');
  return finishSession({
    tool: 'codex',
    id: sessionId,
    title: titles.get(sessionId) ?? title,
    workspaceFolder: cwd,
    startedAt: started,
    updatedAt: updated,
    models,
    messages: b.messages,
    sources: [file],
  });
}
