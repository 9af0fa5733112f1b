// GitHub Copilot CLI (`copilot`): `$COPILOT_HOME` (default `~/.copilot`) `session-state/<id>/events.jsonl`
// (+ `workspace.yaml`), older builds `session-state/<id>.jsonl` and `history-session-state/`.
// Sources: docs.github.com "GitHub Copilot CLI configuration directory" (cli-config-dir-reference: `~/.copilot`,
// `session-state/`), docs.rs `toolpath-copilot` paths module (COPILOT_HOME, legacy `history-session-state/`),
// qiaolei81/copilot-session-viewer README (directory and legacy `.jsonl` layouts), a tokentop Copilot CLI plugin's
// event types (`assistant.message.data.model` / `reasoningText` in newer builds), research/landscape_2026.md §3.
//
// Every line is `{type, id, timestamp, parentId, data}`: `session.start` (`data.sessionId`, `copilotVersion`,
// `startTime`, `context.cwd`/`gitRoot`), `session.model_change` (`data.newModel`), `user.message`
// (`data.content`), `assistant.message` (`data.content`, `toolRequests[]`, newer: `model`, `reasoningText`),
// `assistant.reasoning`,
// `tool.execution_start` / `tool.execution_complete` (`toolCallId`, `result.content`), `abort`, `session.*`.
// Matching: `session.start.data.context.cwd` (else `workspace.yaml` `cwd`, else `gitRoot`).
import * as YAML from 'yaml';
import { type PlatformEnv, pathApi } from './paths';
import { safeTitle } from './safe-title';
import type { ChatSession } from './types';
import { maxIso, toIso } from './dates';
import { listDir, pathExists, readText } from './files';
import { UnknownRecords } from './unknown-records';
import { type Json, arr, compactInput, isRecord, str } from './json';
import { parseJsonl } from './jsonl';
import { type ReaderContext, checkAbort } from './reader-context';
import { TranscriptBuilder, finishSession } from './transcript';

/** Event types this reader understands (anything else is counted and reported once). */
const KNOWN = new Set([
  'session.start',
  'session.resume',
  'session.info',
  'session.error',
  'session.truncation',
  'session.model_change',
  'session.compaction_start',
  'session.compaction_complete',
  'session.usage_info',
  'session.shutdown',
  'user.message',
  'assistant.message',
  'assistant.message_delta',
  'assistant.reasoning',
  'assistant.reasoning_delta',
  'assistant.turn_start',
  'assistant.turn_end',
  'assistant.usage',
  'tool.execution_start',
  'tool.execution_partial_result',
  'tool.execution_complete',
  'tool.user_requested',
  'abort',
  'hook.start',
  'hook.end',
]);

export function copilotCliHome(e: PlatformEnv): string {
  const p = pathApi(e.platform);
  const fromEnv = e.env.COPILOT_HOME?.trim();
  return fromEnv ? p.resolve(fromEnv) : p.join(e.home, '.copilot');
}

export async function readCopilotCli(ctx: ReaderContext): Promise<ChatSession[]> {
  const p = pathApi(ctx.env.platform);
  const home = copilotCliHome(ctx.env);
  const files: Array<{ file: string; dir?: string }> = [];
  for (const sub of ['session-state', 'history-session-state']) {
    const root = p.join(home, sub);
    const exists = await pathExists(root);
    if (sub === 'session-state' || exists) ctx.searched('copilot-cli', root, exists);
    if (!exists) continue;
    for (const e of await listDir(root)) {
      if (e.isDir) {
        const f = p.join(root, e.name, 'events.jsonl');
        if (await pathExists(f)) files.push({ file: f, dir: p.join(root, e.name) });
      } else if (e.isFile && e.name.endsWith('.jsonl')) files.push({ file: p.join(root, e.name) });
    }
  }
  const out = new Map<string, ChatSession>();
  const unknown = new UnknownRecords('Copilot CLI');
  for (const { file, dir } of files) {
    checkAbort(ctx.signal);
    const r = await readOne(file, dir, ctx, unknown);
    if (!r) continue;
    const prev = out.get(r.session.id);
    if (!prev || prev.messages.length < r.session.messages.length) out.set(r.session.id, r.session);
  }
  unknown.report(ctx, p.join(home, 'session-state'));
  return [...out.values()];
}

async function readOne(
  file: string,
  dir: string | undefined,
  ctx: ReaderContext,
  unknown: UnknownRecords,
): Promise<{ session: ChatSession } | undefined> {
  const p = pathApi(ctx.env.platform);
  let meta: Json | undefined;
  if (dir) {
    const y = await readText(p.join(dir, 'workspace.yaml'), ctx, true);
    if (y !== undefined) {
      try {
        const v: unknown = YAML.parse(y);
        if (isRecord(v)) meta = v;
      } catch {
        ctx.warn(p.join(dir, 'workspace.yaml'), 'skipped: not valid YAML');
      }
    }
  }
  // workspace.yaml names the folder: sessions of other folders are skipped without reading their (large) event log
  const metaFolder = str(meta?.cwd) || str(meta?.git_root);
  if (metaFolder && !ctx.matcher.matches(metaFolder)) return undefined;
  const text = await readText(file, ctx);
  if (text === undefined) return undefined;
  const lines = parseJsonl(text, file, ctx);
  const start = lines.find((l) => l.value.type === 'session.start')?.value;
  const sd = isRecord(start?.data) ? start.data : {};
  const context = isRecord(sd.context) ? sd.context : {};
  const folder = str(context.cwd) || str(meta?.cwd) || str(context.gitRoot) || str(meta?.git_root);
  if (!folder || !ctx.matcher.matches(folder)) return undefined;

  const b = new TranscriptBuilder();
  let model = str(sd.selectedModel) || str(sd.model);
  const models: string[] = model ? [model] : [];
  let last: string | undefined; // replies fold several records: the last record's time is the update time
  for (const { value: e } of lines) {
    const type = str(e.type) ?? '';
    const d = isRecord(e.data) ? e.data : {};
    const ts = toIso(e.timestamp);
    if (!KNOWN.has(type)) {
      unknown.add(type || '(no type)', file, str(sd.copilotVersion));
      continue;
    }
    last = maxIso(last, ts);
    switch (type) {
      case 'session.model_change':
        model = str(d.newModel) ?? model;
        if (model && !models.includes(model)) models.push(model);
        break;
      case 'user.message':
        b.user(str(d.content) ?? '', ts);
        break;
      case 'assistant.message': {
        const m = str(d.model) ?? model; // `data.model` in newer CLI builds
        if (m && !models.includes(m)) models.push(m);
        b.thinking(str(d.reasoningText) ?? '', ts, m);
        b.assistantText(str(d.content) ?? '', ts, m);
        for (const t of arr(d.toolRequests).filter(isRecord)) {
          const id = str(t.toolCallId);
          if (!b.hasCall(id)) b.toolCall({ id, name: str(t.name) ?? 'tool', input: compactInput(t.arguments) }, ts, m);
        }
        break;
      }
      case 'assistant.reasoning':
        b.thinking(str(d.content) ?? '', ts, model);
        break;
      case 'tool.execution_start': {
        const id = str(d.toolCallId);
        if (!b.hasCall(id))
          b.toolCall({ id, name: str(d.toolName) ?? 'tool', input: compactInput(d.arguments) }, ts, model);
        break;
      }
      case 'tool.execution_complete': {
        const res = isRecord(d.result) ? d.result : {};
        const err = isRecord(d.error) ? str(d.error.message) : str(d.error);
        b.toolResult(str(d.toolCallId), str(res.content) ?? err ?? '', d.success === false);
        break;
      }
      default:
        break;
    }
  }
  const id = str(sd.sessionId) || str(meta?.id) || p.basename(dir ?? file).replace(/\.jsonl$/, '');
  const firstPrompt = b.messages.find((m) => m.role === 'user')?.text;
  const session = finishSession({
    tool: 'copilot-cli',
    id,
    title: safeTitle(str(meta?.summary), firstPrompt),
    workspaceFolder: folder,
    startedAt: toIso(sd.startTime) ?? toIso(meta?.created_at),
    updatedAt: maxIso(toIso(meta?.updated_at), last),
    models,
    messages: b.messages,
    sources: dir && meta ? [file, p.join(dir, 'workspace.yaml')] : [file],
  });
  return session ? { session } : undefined;
}
