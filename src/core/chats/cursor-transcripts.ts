// Cursor's JSONL agent transcripts (written since about February 2026 by the IDE agent and cursor-agent):
// `~/.cursor/projects/<slug>/agent-transcripts/<id>/<id>.jsonl` (the older `.txt` transcripts are no longer loaded
// by Cursor). Facts: research landscape_2026.md §3 / agent_chats.md §1.8; jcontini/agentos-community
// `skills/cursor/cursor.py` (commit 53b6257a), which reads them:
//  * <slug> is the project folder without its leading separator, separators → `-` (`/Users/a/app` →
//    `Users-a-app`); it is lossy, so a transcript belongs to this workspace only when the slug of the workspace
//    folder (or its real path) is exactly the folder's name — sessions of a subfolder cannot be told apart from a
//    sibling folder sharing the name prefix and are not claimed. `subagents/` transcripts are not listed.
//  * one line per message: `{role: "user"|"assistant", message: {content: [{type: "text", text}, {type: "tool_use",
//    name, input}, {type: "tool_result", …}, {type: "thinking", thinking}]}}`; the user's words are inside
//    `<user_query>…</user_query>` (other user text blocks are context such as `<user_info>`). No time stamps: the
//    start is the file's creation (birth) time and the last activity its modification time.
//  * <id> is the composer id, the same as in the IDE's state.vscdb: readCursor keeps the richer of the two.
import { promises as fsp } from 'node:fs';
import { cursorHomeDir, pathApi } from './paths';
import type { ChatSession } from './types';
import { listDir, pathExists, readText } from './files';
import { arr, compactInput, isRecord, str } from './json';
import { parseJsonl } from './jsonl';
import { type ReaderContext, checkAbort } from './reader-context';
import { TranscriptBuilder, finishSession } from './transcript';
import { UnknownRecords } from './unknown-records';

const USER_QUERY = /<user_query>\s*([\s\S]*?)\s*<\/user_query>/g;

/** Cursor's project folder name for a path. */
export function cursorProjectSlug(folder: string): string {
  return folder.replace(/^[\\/]+/, '').replace(/[\\/:]+/g, '-');
}

export async function readCursorTranscripts(ctx: ReaderContext): Promise<ChatSession[]> {
  const p = pathApi(ctx.env.platform);
  const projects = p.join(cursorHomeDir(ctx.env), 'projects');
  const exists = await pathExists(projects);
  ctx.searched('cursor', projects, exists);
  if (!exists) return [];
  const insensitive = ctx.env.platform === 'win32' || ctx.env.platform === 'darwin';
  const norm = (s: string) => (insensitive ? s.toLowerCase() : s);
  const slugs = new Map<string, string>();
  for (const f of [ctx.workspaceFolder, ...ctx.matcher.folders]) slugs.set(norm(cursorProjectSlug(f)), f);

  const unknown = new UnknownRecords('Cursor agent transcripts');
  const out: ChatSession[] = [];
  for (const proj of await listDir(projects)) {
    const folder = proj.isDir ? slugs.get(norm(proj.name)) : undefined;
    if (!folder) continue;
    const root = p.join(projects, proj.name, 'agent-transcripts');
    for (const dir of await listDir(root)) {
      if (!dir.isDir || dir.name === 'subagents') continue;
      checkAbort(ctx.signal);
      const file = p.join(root, dir.name, `${dir.name}.jsonl`);
      if (!(await pathExists(file))) continue;
      const s = await readTranscript(file, dir.name, ctx.workspaceFolder, ctx, unknown);
      if (s) out.push(s);
    }
  }
  unknown.report(ctx, projects);
  return out;
}

async function readTranscript(
  file: string,
  id: string,
  folder: string,
  ctx: ReaderContext,
  unknown: UnknownRecords,
): Promise<ChatSession | undefined> {
  const text = await readText(file, ctx);
  if (text === undefined) return undefined;
  const b = new TranscriptBuilder();
  for (const { value } of parseJsonl(text, file, ctx)) {
    const role = str(value.role);
    const message = isRecord(value.message) ? value.message : undefined;
    const content = message
      ? typeof message.content === 'string'
        ? [{ type: 'text', text: message.content }]
        : arr(message.content)
      : [];
    if (role === 'user') {
      const texts = content
        .filter(isRecord)
        .filter((c) => c.type === 'text')
        .map((c) => str(c.text) ?? '');
      const queries = texts.flatMap((t) => [...t.matchAll(USER_QUERY)].map((m) => m[1]));
      if (queries.length) b.user(queries.join('\n\n'));
      else {
        // a plain prompt without the wrapper; context blocks (<user_info>, <attached_files>, …) are not prompts
        const plain = texts.filter((t) => !/^\s*<[a-z_]+>/.test(t)).join('\n\n');
        if (plain.trim()) b.user(plain);
      }
      for (const c of content.filter(isRecord).filter((x) => x.type === 'tool_result'))
        b.toolResult(
          str(c.tool_use_id) ?? str(c.toolCallId),
          typeof c.content === 'string' ? c.content : compactInput(c.content),
        );
    } else if (role === 'assistant') {
      for (const c of content.filter(isRecord)) {
        if (c.type === 'text') b.assistantText(str(c.text) ?? '');
        else if (c.type === 'thinking' || c.type === 'reasoning') b.thinking(str(c.thinking) ?? str(c.text) ?? '');
        else if (c.type === 'tool_use' || c.type === 'tool-call')
          b.toolCall({
            id: str(c.id) ?? str(c.toolCallId),
            name: str(c.name) ?? str(c.toolName) ?? 'tool',
            input: compactInput(c.input ?? c.args),
          });
      }
    } else if (role === 'tool') {
      for (const c of content.filter(isRecord))
        b.toolResult(str(c.toolCallId) ?? str(c.tool_use_id), compactInput(c.result ?? c.output ?? c.content));
    } else if (role !== 'system') unknown.add(`role ${role ?? '(none)'}`, file);
  }
  const st = await fsp.stat(file).catch(() => undefined);
  // birth time where the file system keeps one (and it is not later than the last write, as after a copy)
  const born = st && st.birthtimeMs > 0 && st.birthtimeMs <= st.mtimeMs ? st.birthtime : st?.mtime;
  return finishSession({
    tool: 'cursor',
    id,
    workspaceFolder: folder,
    startedAt: born?.toISOString(),
    updatedAt: st?.mtime.toISOString(),
    messages: b.messages,
    sources: [file],
  });
}
