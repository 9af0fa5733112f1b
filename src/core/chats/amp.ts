// Amp (Sourcegraph / ampcode.com): one JSON file per thread, `$XDG_DATA_HOME/amp/threads/T-<uuid>.json` (default
// `~/.local/share/amp/threads`), and in older VS Code extension builds `<User>/globalStorage/sourcegraph.amp/threads3/`.
// Threads are also kept on Amp's server; only the local copies are read. Sources: research/landscape_2026.md §3;
// jonathan-kellerai/cross_agent_session_resumer `src/providers/amp.rs` (centralised store, XDG_DATA_HOME, legacy
// `threads3`); noamsto/houston `docs/AMP_AGENT_SUPPORT.md` and spm1001/garde-manger `adapters/amp.py` (observed thread
// shape: `{id, title, created (ms), env.initial.{cwd, trees[{uri}]}, messages[{role, messageId, content[], state,
// meta{sentAt (ms)}, usage{model, timestamp}}]}`, content blocks Anthropic-style `text` / `thinking` / `tool_use`,
// and `tool_result {toolUseID, run {status, progress | result}}` (casr amp.rs `extract_workspace`,
// `extract_tool_results`, `extract_message_timestamp`).
//
// Matching: `env.initial.cwd`, else any `env.initial.trees[].uri` (a `file://` URI, a path or `{fsPath}`).
import { type PlatformEnv, folderFromUri, pathApi } from './paths';
import { safeTitle } from './safe-title';
import type { ChatSession } from './types';
import { maxIso, toIso } from './dates';
import { listDir, pathExists, readJsonFile } from './files';
import { type Json, arr, compactInput, contentText, isRecord, str } from './json';
import { type ReaderContext, checkAbort } from './reader-context';
import { TranscriptBuilder, finishSession } from './transcript';

/** Amp's thread folders: the XDG data store first, then the legacy extension store of each editor User folder. */
export function ampThreadDirs(e: PlatformEnv, userDirs: string[]): string[] {
  const p = pathApi(e.platform);
  const xdg = e.env.XDG_DATA_HOME?.trim();
  const data = xdg ? p.resolve(xdg) : p.join(e.home, '.local', 'share');
  return [
    p.join(data, 'amp', 'threads'),
    ...userDirs.map((u) => p.join(u, 'globalStorage', 'sourcegraph.amp', 'threads3')),
  ];
}

export async function readAmp(ctx: ReaderContext): Promise<ChatSession[]> {
  const p = pathApi(ctx.env.platform);
  const out = new Map<string, ChatSession>();
  const dirs = ampThreadDirs(
    ctx.env,
    ctx.userDirs.map((u) => u.dir),
  );
  for (const dir of dirs) {
    const exists = await pathExists(dir);
    if (exists || dir === dirs[0]) ctx.searched('amp', dir, exists);
    if (!exists) continue;
    for (const e of await listDir(dir)) {
      if (!e.isFile || !e.name.endsWith('.json')) continue;
      checkAbort(ctx.signal);
      const file = p.join(dir, e.name);
      const t = await readJsonFile(file, ctx);
      if (!isRecord(t) || !Array.isArray(t.messages)) continue;
      const folder = threadFolder(t, ctx);
      if (!folder) continue;
      const s = build(t, folder, file, e.name.slice(0, -5));
      // the centralised store wins over a stale legacy copy of the same thread
      if (s && (!out.has(s.id) || out.get(s.id)!.messages.length < s.messages.length)) out.set(s.id, s);
    }
  }
  return [...out.values()];
}

function threadFolder(t: Json, ctx: ReaderContext): string | undefined {
  const env = isRecord(t.env) ? t.env : {};
  const initial = isRecord(env.initial) ? env.initial : {};
  const candidates = [str(initial.cwd)];
  for (const tree of arr(initial.trees).filter(isRecord)) {
    // a `file://` URI string; some builds store a plain path or a URI object {fsPath, path}
    const uri = isRecord(tree.uri) ? (str(tree.uri.fsPath) ?? str(tree.uri.path)) : str(tree.uri);
    candidates.push(uri?.startsWith('file:') ? folderFromUri(uri, ctx.env.platform) : uri);
  }
  return candidates.find((c) => !!c && ctx.matcher.matches(c));
}

function build(t: Json, folder: string, file: string, fallbackId: string): ChatSession | undefined {
  const b = new TranscriptBuilder();
  let last: string | undefined; // replies fold several records: the last record's time is the update time
  for (const m of arr(t.messages).filter(isRecord)) {
    const usage = isRecord(m.usage) ? m.usage : {};
    const meta = isRecord(m.meta) ? m.meta : {};
    const ts = toIso(meta.sentAt) ?? toIso(usage.timestamp);
    last = maxIso(last, ts);
    const model = str(usage.model);
    const blocks =
      typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : arr(m.content).filter(isRecord);
    if (m.role === 'user') {
      for (const r of blocks.filter((x) => x.type === 'tool_result')) {
        const run = isRecord(r.run) ? r.run : {};
        const output =
          r.content !== undefined
            ? contentText(r.content)
            : typeof run.progress === 'string'
              ? run.progress
              : compactInput(run.result ?? run.progress ?? run.error ?? '');
        const failed = ['error', 'cancelled', 'rejected-by-user'].includes(str(run.status) ?? '');
        b.toolResult(str(r.toolUseID) ?? str(r.tool_use_id), output, failed || r.is_error === true);
      }
      b.user(contentText(blocks.filter((x) => x.type === 'text')), ts);
    } else if (m.role === 'assistant') {
      for (const x of blocks) {
        if (x.type === 'text' && typeof x.text === 'string') b.assistantText(x.text, ts, model);
        else if (x.type === 'thinking' && typeof x.thinking === 'string') b.thinking(x.thinking, ts, model);
        else if (x.type === 'tool_use')
          b.toolCall({ id: str(x.id), name: str(x.name) ?? 'tool', input: compactInput(x.input) }, ts, model);
      }
    }
  }
  const firstPrompt = b.messages.find((x) => x.role === 'user')?.text;
  return finishSession({
    tool: 'amp',
    id: str(t.id) ?? fallbackId,
    title: safeTitle(str(t.title), firstPrompt),
    workspaceFolder: folder,
    startedAt: toIso(t.created),
    updatedAt: last,
    messages: b.messages,
    sources: [file],
  });
}
