// Cline, Roo Code and Kilo Code (same task-folder layout):
//   <User>/globalStorage/<extension id>/tasks/<taskId>/{ui_messages.json, api_conversation_history.json,
//   task_metadata.json[, history_item.json]} — in every VS Code–family User folder (and its profiles/*), plus for
//   Cline ≥ 4 `$CLINE_DATA_DIR` (default ~/.cline/data) with the same `tasks/` + `state/taskHistory.json` layout.
//
// Matching — the task's folder is, in this order:
//   1. its HistoryItem (Roo/Kilo `tasks/<id>/history_item.json` or `tasks/_index.json` entries; Cline
//      `state/taskHistory.json`; older builds: the extension's globalState in the global `state.vscdb`
//      `ItemTable['<extension id>'].taskHistory`): field `workspace` (Roo/Kilo), else `cwdOnTaskInitialization`,
//      else any of `workspaceIds`, else `shadowGitConfigWorkTree` (Cline's checkpoint work tree = the workspace);
//   2. else the (absolute) `# Current Working Directory (<path>) Files` / `# Current Workspace Directory (<path>) Files` line
//      the extension puts in the environment details of the first API request.
// Tasks whose folder is not the workspace folder (or inside it), or cannot be determined, are not listed.
//
// Transcript: `ui_messages.json` (say:task / user_feedback = prompts; say:text / completion_result, ask:followup /
// plan_mode_respond = assistant text; say:reasoning = thinking; ask:tool / command / use_mcp_server = tool calls,
// say:command_output = their output). Without ui_messages, `api_conversation_history.json` is used (Anthropic
// messages; `<task>`/`<feedback>`/`<answer>`/`<user_message>` user text = prompts, tool results attached).
//
// Dates: message `ts` when there are any; else the task id — Cline's id is `Date.now().toString()` at task creation
// (`cline/cline:src/core/task/index.ts`), Roo/Kilo ids are UUIDs (v7 ids carry their creation time in the first 48
// bits) — for the start, and the HistoryItem `ts` (the time of the task's last message) for the last activity.
import { pathApi, CLINE_FAMILY_EXTENSION_IDS, clineDataDir } from './paths';
import { safeTitle } from './safe-title';
import { sqlJson, sqlText } from './sqlite';
import type { ChatSession } from './types';
import { toIso } from './dates';
import { listDir, pathExists, readJsonFile } from './files';
import { type Json, arr, compactInput, contentText, errorMessage, isRecord, str } from './json';
import { type ReaderContext, checkAbort } from './reader-context';
import { TranscriptBuilder, finishSession } from './transcript';

export type ClineFamilyTool = 'cline' | 'roo' | 'kilo' | 'zoo-code';

interface Root {
  dir: string;
  /** the editor User folder this root belongs to (for the globalState fallback) */
  userDir?: string;
}

export async function readClineFamily(ctx: ReaderContext, tool: ClineFamilyTool): Promise<ChatSession[]> {
  const p = pathApi(ctx.env.platform);
  const extId = CLINE_FAMILY_EXTENSION_IDS[tool];
  const roots: Root[] = [];
  for (const { dir: userDir } of ctx.userDirs) {
    roots.push({ dir: p.join(userDir, 'globalStorage', extId), userDir });
    for (const prof of await listDir(p.join(userDir, 'profiles'))) {
      if (prof.isDir) roots.push({ dir: p.join(userDir, 'profiles', prof.name, 'globalStorage', extId), userDir });
    }
  }
  if (tool === 'cline') roots.push({ dir: clineDataDir(ctx.env) });

  const byId = new Map<string, ChatSession>();
  for (const root of roots) {
    const tasksDir = p.join(root.dir, 'tasks');
    const exists = await pathExists(tasksDir);
    // profile folders without the extension are not worth listing as "searched"
    if (exists || !root.dir.includes(`${p.sep}profiles${p.sep}`)) ctx.searched(tool, tasksDir, exists);
    if (!exists) continue;
    const history = await readHistory(root, tasksDir, ctx);
    let globalState: Map<string, Json> | undefined;
    for (const t of await listDir(tasksDir)) {
      if (!t.isDir) continue;
      checkAbort(ctx.signal);
      const taskDir = p.join(tasksDir, t.name);
      let item = history.get(t.name);
      const own = (await readJsonFile(p.join(taskDir, 'history_item.json'), ctx, true)) as unknown;
      if (isRecord(own)) item = { ...(item ?? {}), ...own };
      let folder = item ? historyFolder(item, ctx) : undefined;
      const ui = await readJsonFile(p.join(taskDir, 'ui_messages.json'), ctx, true);
      const uiMessages = Array.isArray(ui) ? ui.filter(isRecord) : undefined;
      if (ui !== undefined && !uiMessages)
        ctx.warn(p.join(taskDir, 'ui_messages.json'), 'skipped: not a list of messages');
      const api = await readJsonFile(p.join(taskDir, 'api_conversation_history.json'), ctx, true);
      const apiMessages = Array.isArray(api) ? api.filter(isRecord) : undefined;
      if (api !== undefined && !apiMessages)
        ctx.warn(p.join(taskDir, 'api_conversation_history.json'), 'skipped: not a list of messages');
      if (!folder && !item && root.userDir) {
        globalState ??= await readGlobalStateHistory(p.join(root.userDir, 'globalStorage', 'state.vscdb'), extId, ctx);
        const g = globalState.get(t.name);
        if (g) {
          item = g;
          folder = historyFolder(g, ctx);
        }
      }
      if (!folder) folder = envDetailsFolder(apiMessages, uiMessages, ctx);
      if (!folder || !ctx.matcher.matches(folder)) continue;
      const meta = await readJsonFile(p.join(taskDir, 'task_metadata.json'), ctx, true);
      const sources = [
        'ui_messages.json',
        'api_conversation_history.json',
        'task_metadata.json',
        'history_item.json',
      ].map((f) => p.join(taskDir, f));
      const s = buildTask(tool, t.name, folder, item, uiMessages, apiMessages, meta, sources);
      if (!s) continue;
      s.sources = (await Promise.all(s.sources.map(async (f) => ((await pathExists(f)) ? f : undefined)))).filter(
        (f): f is string => !!f,
      );
      const prev = byId.get(s.id);
      if (!prev || s.updatedAt > prev.updatedAt) byId.set(s.id, s);
    }
  }
  return [...byId.values()];
}

async function readHistory(root: Root, tasksDir: string, ctx: ReaderContext): Promise<Map<string, Json>> {
  const p = pathApi(ctx.env.platform);
  const out = new Map<string, Json>();
  const addAll = (list: unknown) => {
    for (const h of arr(list)) if (isRecord(h) && typeof h.id === 'string') out.set(h.id, h);
  };
  addAll(await readJsonFile(p.join(root.dir, 'state', 'taskHistory.json'), ctx, true));
  const index = await readJsonFile(p.join(tasksDir, '_index.json'), ctx, true);
  if (isRecord(index)) addAll(index.entries);
  return out;
}

async function readGlobalStateHistory(file: string, extId: string, ctx: ReaderContext): Promise<Map<string, Json>> {
  const out = new Map<string, Json>();
  if (!(await pathExists(file))) return out;
  let opened;
  try {
    opened = await ctx.openSqlite(file);
  } catch (err) {
    ctx.warn(
      file,
      `cannot open the global state database (${errorMessage(err)}); tasks without a history file may be missing`,
    );
    return out;
  }
  try {
    for (const row of opened.db.all('SELECT value FROM ItemTable WHERE key = ?', [extId])) {
      if (!sqlText(row.value)) continue;
      const v = sqlJson(row.value);
      if (v === undefined) {
        ctx.warn(file, `skipped ItemTable['${extId}']: not valid JSON`);
        continue;
      }
      if (isRecord(v))
        for (const h of arr(v.taskHistory)) if (isRecord(h) && typeof h.id === 'string') out.set(h.id, h);
    }
  } catch (err) {
    ctx.warn(file, `cannot read the global state database (${errorMessage(err)})`);
  } finally {
    opened.db.close();
  }
  return out;
}

function historyFolder(item: Json, ctx: ReaderContext): string | undefined {
  const direct = str(item.workspace) || str(item.cwdOnTaskInitialization);
  if (direct) return direct;
  const ids = arr(item.workspaceIds).filter((x): x is string => typeof x === 'string' && !!x);
  if (ids.length) return ids.find((x) => ctx.matcher.matches(x)) ?? ids[0];
  return str(item.shadowGitConfigWorkTree) || undefined;
}

const ENV_DIR = /# Current Work(?:ing|space) Directory \((.+?)\) Files/;

function envDetailsFolder(api: Json[] | undefined, ui: Json[] | undefined, ctx: ReaderContext): string | undefined {
  const absolute = (s: string | undefined) =>
    s && pathApi(ctx.env.platform).isAbsolute(s.trim()) ? s.trim() : undefined;
  for (const m of (api ?? []).slice(0, 4)) {
    if (m.role !== 'user') continue;
    const hit = absolute(ENV_DIR.exec(contentText(m.content))?.[1]);
    if (hit) return hit;
  }
  for (const m of (ui ?? []).slice(0, 20)) {
    if (m.say !== 'api_req_started' || typeof m.text !== 'string') continue;
    try {
      const req: unknown = JSON.parse(m.text);
      const hit = absolute(
        isRecord(req) && typeof req.request === 'string' ? ENV_DIR.exec(req.request)?.[1] : undefined,
      );
      if (hit) return hit;
    } catch {
      // not JSON: ignore
    }
  }
  return undefined;
}

function parseMaybeJson(text: string | undefined): Json | undefined {
  if (!text) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return isRecord(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function buildTask(
  tool: ClineFamilyTool,
  id: string,
  folder: string,
  item: Json | undefined,
  ui: Json[] | undefined,
  api: Json[] | undefined,
  meta: unknown,
  sources: string[],
): ChatSession | undefined {
  const models: string[] = [];
  const addModel = (m: unknown) => {
    if (typeof m === 'string' && m && !models.includes(m)) models.push(m);
  };
  if (isRecord(meta)) for (const u of arr(meta.model_usage)) if (isRecord(u)) addModel(u.model_id);
  addModel(item?.modelId);

  const b = ui && ui.length ? fromUiMessages(ui, addModel) : fromApiHistory(api ?? []);
  const model = models[0];
  for (const m of b.messages) if (m.role === 'assistant' && !m.model && model) m.model = model;
  return finishSession({
    tool,
    id,
    title: safeTitle(str(item?.title), str(item?.task), b.messages.find((m) => m.role === 'user')?.text),
    workspaceFolder: folder,
    startedAt: idTime(id) ?? toIso(item?.ts),
    updatedAt: toIso(item?.ts),
    models,
    messages: b.messages,
    sources,
  });
}

/** The creation time a task id carries: epoch milliseconds (Cline) or a UUIDv7 time stamp (newer Roo/Kilo). */
export function idTime(id: string): string | undefined {
  if (/^\d{12,14}$/.test(id)) return toIso(Number(id));
  const v7 = /^([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.exec(id);
  if (v7) return toIso(parseInt(v7[1] + v7[2], 16));
  return undefined;
}

function fromUiMessages(ui: Json[], addModel: (m: unknown) => void): TranscriptBuilder {
  const b = new TranscriptBuilder();
  let lastCommand: string | undefined;
  let n = 0;
  for (const m of ui) {
    const ts = toIso(m.ts);
    const text = str(m.text) ?? '';
    const info = isRecord(m.modelInfo) ? m.modelInfo : undefined;
    addModel(info?.modelId);
    if (m.type === 'say') {
      switch (m.say) {
        case 'task':
        case 'user_feedback':
          b.user(text, ts);
          break;
        case 'text':
        case 'completion_result':
          b.assistantText(text, ts);
          break;
        case 'reasoning':
          b.thinking(str(m.reasoning) ?? text, ts);
          break;
        case 'command_output':
          if (!b.toolResult(lastCommand, text)) b.toolCall({ name: 'command_output', input: '', output: text }, ts);
          break;
        case 'tool': {
          const t = parseMaybeJson(text);
          b.toolCall({ name: str(t?.tool) ?? 'tool', input: compactInput(text) }, ts);
          break;
        }
        default:
          break;
      }
    } else if (m.type === 'ask') {
      switch (m.ask) {
        case 'tool': {
          const t = parseMaybeJson(text);
          b.toolCall({ name: str(t?.tool) ?? 'tool', input: compactInput(text) }, ts);
          break;
        }
        case 'command':
          lastCommand = `cmd-${n++}`;
          b.toolCall({ id: lastCommand, name: 'execute_command', input: text }, ts);
          break;
        case 'use_mcp_server': {
          const t = parseMaybeJson(text);
          b.toolCall(
            {
              name: `mcp:${str(t?.serverName) ?? '?'}/${str(t?.toolName) ?? str(t?.uri) ?? '?'}`,
              input: compactInput(t?.arguments ?? text),
            },
            ts,
          );
          break;
        }
        case 'followup': {
          const t = parseMaybeJson(text);
          b.assistantText(str(t?.question) ?? text, ts);
          break;
        }
        case 'plan_mode_respond': {
          const t = parseMaybeJson(text);
          b.assistantText(str(t?.response) ?? text, ts);
          break;
        }
        case 'completion_result':
          if (text) b.assistantText(text, ts);
          break;
        default:
          break;
      }
    }
  }
  return b;
}

const PROMPT_TAGS = ['task', 'feedback', 'answer', 'user_message'];

function fromApiHistory(api: Json[]): TranscriptBuilder {
  const b = new TranscriptBuilder();
  for (const m of api) {
    const ts = toIso(m.ts);
    if (m.role === 'user') {
      const blocks =
        typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : arr(m.content).filter(isRecord);
      for (const r of blocks.filter((x) => x.type === 'tool_result'))
        b.toolResult(str(r.tool_use_id), contentText(r.content), r.is_error === true);
      const text = blocks
        .filter((x) => x.type === 'text')
        .map((x) => str(x.text) ?? '')
        .join('\n')
        .replace(/<environment_details>[\s\S]*?<\/environment_details>/g, '');
      const prompts: string[] = [];
      for (const tag of PROMPT_TAGS) {
        const re = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g');
        for (const hit of text.matchAll(re)) if (hit[1].trim()) prompts.push(hit[1].trim());
      }
      if (prompts.length) b.user(prompts.join('\n\n'), ts);
    } else if (m.role === 'assistant') {
      const blocks =
        typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : arr(m.content).filter(isRecord);
      for (const x of blocks) {
        if (x.type === 'text' && typeof x.text === 'string') {
          const thinking = [...x.text.matchAll(/<thinking>([\s\S]*?)<\/thinking>/g)]
            .map((h) => h[1].trim())
            .join('\n\n');
          if (thinking) b.thinking(thinking, ts);
          b.assistantText(x.text.replace(/<thinking>[\s\S]*?<\/thinking>/g, ''), ts);
        } else if (x.type === 'thinking' && typeof x.thinking === 'string') b.thinking(x.thinking, ts);
        else if (x.type === 'tool_use')
          b.toolCall({ id: str(x.id), name: str(x.name) ?? 'tool', input: compactInput(x.input) }, ts);
      }
    }
  }
  return b;
}
