// Kiro (the AWS VS Code–based IDE): `<Kiro User>/globalStorage/kiro.kiroagent/workspace-sessions/<base64(folder)>/`
// with `sessions.json` (index: `[{sessionId, title, dateCreated (ms), workspaceDirectory}]`) and one
// `<sessionId>.json` per chat: `{sessionId, title, workspacePath, selectedModel, history: [{message: {role,
// content: string | [{type: "text", text}], id}}]}`. `<Kiro User>` = `~/.config/Kiro/User` (Linux),
// `~/Library/Application Support/Kiro/User` (macOS), `%APPDATA%\Kiro\User` (Windows), plus `--editor-user-dir`s.
// Sources: research/landscape_2026.md §3; entireio external-agent research for Kiro (IDE sessions under
// `kiro.kiroagent/workspace-sessions/<base64(cwd)>/sessions.json`, transcript `<sessionId>.json` with
// `history[].message`); a Kiro exporter (`decode_workspace_path`: URL-safe base64, padding stripped); a
// cross-tool session reader (`KiroSession {sessionId, title, workspacePath, selectedModel, history}`).
//
// Matching: the session's `workspacePath`, else the index row's `workspaceDirectory`, else the decoded folder name.
// No per-message times: start = index `dateCreated`, last update = the session file's modification time.
import { promises as fsp } from 'node:fs';
import { type PlatformEnv, editorConfigRoot, pathApi } from './paths';
import { safeTitle } from './safe-title';
import type { ChatSession } from './types';
import { toIso } from './dates';
import { listDir, pathExists, readJsonFile } from './files';
import { type Json, arr, compactInput, contentText, isRecord, str } from './json';
import { type ReaderContext, checkAbort } from './reader-context';
import { TranscriptBuilder, finishSession } from './transcript';

export const KIRO_EXTENSION_ID = 'kiro.kiroagent';

/** `workspace-sessions` folder names: the folder path in (URL-safe or standard) base64, padding optional. */
export function decodeKiroFolderName(name: string): string | undefined {
  if (!/^[A-Za-z0-9+/_-]+=*$/.test(name)) return undefined;
  try {
    const s = Buffer.from(name.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    return s && !s.includes('\uFFFD') && /[/\\]/.test(s) ? s : undefined;
  } catch {
    return undefined;
  }
}

/** Kiro's own User folder (`<config root>/Kiro/User`), then the explicit / other editor User folders. */
export function kiroUserDirs(e: PlatformEnv, userDirs: string[]): string[] {
  return [...new Set([pathApi(e.platform).join(editorConfigRoot(e), 'Kiro', 'User'), ...userDirs])];
}

export async function readKiro(ctx: ReaderContext): Promise<ChatSession[]> {
  const p = pathApi(ctx.env.platform);
  const userDirs = kiroUserDirs(
    ctx.env,
    ctx.userDirs.map((u) => u.dir),
  );
  const out = new Map<string, ChatSession>();
  for (const userDir of userDirs) {
    const root = p.join(userDir, 'globalStorage', KIRO_EXTENSION_ID, 'workspace-sessions');
    const exists = await pathExists(root);
    if (exists || userDir === userDirs[0]) ctx.searched('kiro', root, exists);
    if (!exists) continue;
    for (const ws of await listDir(root)) {
      if (!ws.isDir) continue;
      checkAbort(ctx.signal);
      const dir = p.join(root, ws.name);
      const decoded = decodeKiroFolderName(ws.name);
      const index = new Map<string, Json>();
      for (const row of arr(await readJsonFile(p.join(dir, 'sessions.json'), ctx, true)).filter(isRecord))
        if (typeof row.sessionId === 'string') index.set(row.sessionId, row);
      // cheap rejection: a folder whose name and index rows all name other folders
      const candidates = [decoded, ...[...index.values()].map((r) => str(r.workspaceDirectory))].filter(Boolean);
      if (candidates.length && !candidates.some((c) => ctx.matcher.matches(c))) continue;
      for (const f of await listDir(dir)) {
        if (!f.isFile || !f.name.endsWith('.json') || f.name === 'sessions.json') continue;
        const file = p.join(dir, f.name);
        const data = await readJsonFile(file, ctx);
        if (!isRecord(data) || !Array.isArray(data.history)) continue;
        const id = str(data.sessionId) ?? f.name.slice(0, -5);
        const row = index.get(id);
        const folder = str(data.workspacePath) || str(row?.workspaceDirectory) || decoded;
        if (!folder || !ctx.matcher.matches(folder)) continue;
        let mtime: string | undefined;
        try {
          mtime = (await fsp.stat(file)).mtime.toISOString();
        } catch {
          // gone while reading
        }
        const s = build(id, folder, data, row, mtime, file);
        if (s && (!out.has(id) || out.get(id)!.updatedAt < s.updatedAt)) out.set(id, s);
      }
    }
  }
  return [...out.values()];
}

function build(
  id: string,
  folder: string,
  data: Json,
  row: Json | undefined,
  mtime: string | undefined,
  file: string,
): ChatSession | undefined {
  const b = new TranscriptBuilder();
  const model = str(data.selectedModel);
  for (const h of arr(data.history).filter(isRecord)) {
    const m = isRecord(h.message) ? h.message : h;
    if (m.role === 'user') {
      const blocks = arr(m.content).filter(isRecord);
      for (const r of blocks.filter((x) => x.type === 'tool_result'))
        b.toolResult(str(r.tool_use_id), contentText(r.content), r.is_error === true);
      const text = typeof m.content === 'string' ? m.content : contentText(blocks.filter((x) => x.type === 'text'));
      b.user(text);
    } else if (m.role === 'assistant') {
      if (typeof m.content === 'string') b.assistantText(m.content, undefined, model);
      for (const x of arr(m.content).filter(isRecord)) {
        if (x.type === 'text' && typeof x.text === 'string') b.assistantText(x.text, undefined, model);
        else if (x.type === 'thinking' && typeof x.thinking === 'string') b.thinking(x.thinking, undefined, model);
        else if (x.type === 'tool_use')
          b.toolCall({ id: str(x.id), name: str(x.name) ?? 'tool', input: compactInput(x.input) }, undefined, model);
      }
    }
  }
  const firstPrompt = b.messages.find((x) => x.role === 'user')?.text;
  return finishSession({
    tool: 'kiro',
    id,
    title: safeTitle(str(data.title), str(row?.title), firstPrompt),
    workspaceFolder: folder,
    startedAt: toIso(row?.dateCreated) ?? toIso(data.dateCreated),
    updatedAt: mtime,
    models: model ? [model] : [],
    messages: b.messages,
    sources: [file],
  });
}
