// Shared helpers for the readers: tolerant file/JSON/JSONL reading, time stamps, and the transcript builder that
// folds a tool's records into prompts and replies.
import { promises as fsp } from 'node:fs';
import type { ChatMessage, ChatSession, ChatTool, ToolCall } from './types';
import type { EditorUserDir, PlatformEnv, WorkspaceMatcher } from './paths';
import type { SqliteOpener } from './sqlite';

export interface ReaderContext {
  /** the workspace folder as given (resolved) */
  workspaceFolder: string;
  matcher: WorkspaceMatcher;
  env: PlatformEnv;
  userDirs: EditorUserDir[];
  signal?: AbortSignal;
  openSqlite: SqliteOpener;
  warn(file: string, message: string): void;
  searched(tool: ChatTool, path: string, exists: boolean): void;
}

export type Json = Record<string, unknown>;

export function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    throw reason instanceof Error
      ? reason
      : Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
  }
}

export async function pathExists(p: string): Promise<boolean> {
  try {
    await fsp.stat(p);
    return true;
  } catch {
    return false;
  }
}

export async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fsp.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** Names in a folder, sorted for determinism; [] if it cannot be read. */
export async function listDir(dir: string): Promise<Array<{ name: string; isDir: boolean; isFile: boolean }>> {
  try {
    const entries = await fsp.readdir(dir, { withFileTypes: true });
    return entries
      .map((e) => ({ name: e.name, isDir: e.isDirectory(), isFile: e.isFile() }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

/** A file's text; a file that cannot be read gives a warning naming it (silence for a missing one when `optional`). */
export async function readText(file: string, ctx: ReaderContext, optional = false): Promise<string | undefined> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (err) {
    if (!(optional && (err as NodeJS.ErrnoException).code === 'ENOENT'))
      ctx.warn(file, `cannot read file: ${errorMessage(err)}`);
    return undefined;
  }
}

/** Parses a JSON file; a missing file gives undefined silently when `optional`, a corrupt one a warning. */
export async function readJsonFile(file: string, ctx: ReaderContext, optional = false): Promise<unknown> {
  const text = await readText(file, ctx, optional);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(stripBom(text));
  } catch (err) {
    ctx.warn(file, `skipped: not valid JSON (${errorMessage(err)})`);
    return undefined;
  }
}

export interface JsonlLine {
  line: number;
  value: Json;
}

/**
 * Parses JSONL text. Lines that are not JSON objects are skipped with one warning per file (a truncated last line —
 * a write in progress — is named as such); everything else is returned.
 */
export function parseJsonl(text: string, file: string, ctx: ReaderContext): JsonlLine[] {
  const out: JsonlLine[] = [];
  const lines = stripBom(text).split('\n');
  const bad: number[] = [];
  let truncatedLast = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (!raw) continue;
    try {
      const v: unknown = JSON.parse(raw);
      if (isRecord(v)) out.push({ line: i + 1, value: v });
      else bad.push(i + 1);
    } catch {
      if (i === lines.length - 1 && !text.endsWith('\n')) truncatedLast = true;
      else bad.push(i + 1);
    }
  }
  if (truncatedLast)
    ctx.warn(file, `skipped a truncated last line (line ${lines.length}); the rest of the file was read`);
  if (bad.length) {
    ctx.warn(
      file,
      `skipped ${bad.length} malformed line${bad.length > 1 ? 's' : ''} (line ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ', …' : ''})`,
    );
  }
  return out;
}

export function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0];
  return String(err);
}

/** ISO-8601 from an ISO string, epoch milliseconds (number or numeric string) or epoch seconds. */
export function toIso(v: unknown): string | undefined {
  let ms: number | undefined;
  if (typeof v === 'number' && Number.isFinite(v)) ms = v;
  else if (typeof v === 'string' && v.trim()) {
    if (/^\d+(\.\d+)?$/.test(v.trim())) ms = Number(v);
    else {
      const t = Date.parse(v);
      if (!Number.isNaN(t)) ms = t;
    }
  }
  if (ms === undefined || ms <= 0) return undefined;
  if (ms < 1e11) ms *= 1000; // epoch seconds
  const d = new Date(Math.round(ms));
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export function minIso(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return a < b ? a : b;
}

export function maxIso(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}

/** A one-line title from a prompt: first non-empty line, whitespace collapsed, at most 80 characters. */
export function titleFromText(text: string | undefined, max = 80): string | undefined {
  if (!text) return undefined;
  const line = text
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .find((l) => l.length > 0);
  if (!line) return undefined;
  return line.length > max ? line.slice(0, max - 1).trimEnd() + '…' : line;
}

/** Tool input as compact JSON (a JSON string is re-serialised compactly; plain text stays as it is). */
export function compactInput(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') {
    const t = v.trim();
    if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
      try {
        return JSON.stringify(JSON.parse(t));
      } catch {
        return v;
      }
    }
    return v;
  }
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

/** Text of Anthropic-style content: a string or an array of blocks (text blocks joined; images noted). */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  const parts: string[] = [];
  for (const b of arr(content)) {
    if (typeof b === 'string') parts.push(b);
    else if (isRecord(b)) {
      if (typeof b.text === 'string') parts.push(b.text);
      else if (b.type === 'image') parts.push('[image]');
    }
  }
  return parts.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Transcript builder

interface PendingCall extends ToolCall {
  id?: string;
}

/**
 * Folds a stream of events into ChatMessages: each `user()` starts a prompt; every assistant event (text, tool call,
 * tool result, thinking) until the next prompt goes into ONE assistant reply.
 */
export class TranscriptBuilder {
  readonly messages: ChatMessage[] = [];
  private readonly calls = new Map<string, PendingCall>();

  user(text: string, timestamp?: string): void {
    const t = text.trim();
    if (!t) return;
    this.messages.push({ role: 'user', text: t, timestamp, toolCalls: [] });
  }

  private current(timestamp?: string, model?: string): ChatMessage {
    const last = this.messages[this.messages.length - 1];
    if (last && last.role === 'assistant') {
      if (!last.timestamp && timestamp) last.timestamp = timestamp;
      if (model && !last.model) last.model = model;
      return last;
    }
    const m: ChatMessage = { role: 'assistant', text: '', toolCalls: [] };
    if (timestamp) m.timestamp = timestamp;
    if (model) m.model = model;
    this.messages.push(m);
    return m;
  }

  assistantText(text: string, timestamp?: string, model?: string): void {
    const t = text.trim();
    if (!t) return;
    const m = this.current(timestamp, model);
    m.text = m.text ? `${m.text}\n\n${t}` : t;
  }

  thinking(text: string, timestamp?: string, model?: string): void {
    const t = text.trim();
    if (!t) return;
    const m = this.current(timestamp, model);
    m.thinking = m.thinking ? `${m.thinking}\n\n${t}` : t;
  }

  toolCall(
    call: { id?: string; name: string; input: string; output?: string; isError?: boolean },
    timestamp?: string,
    model?: string,
  ): void {
    const m = this.current(timestamp, model);
    const tc: ToolCall = { name: call.name || 'tool', input: call.input };
    if (call.output !== undefined) tc.output = call.output;
    if (call.isError) tc.isError = true;
    m.toolCalls.push(tc);
    if (call.id) this.calls.set(call.id, tc);
  }

  /** Attaches a result to the call with this id; returns false if no such call was seen. */
  toolResult(id: string | undefined, output: string, isError?: boolean): boolean {
    const tc = id ? this.calls.get(id) : undefined;
    if (!tc) return false;
    tc.output = tc.output ? `${tc.output}\n${output}` : output;
    if (isError) tc.isError = true;
    return true;
  }

  hasCall(id: string | undefined): boolean {
    return !!id && this.calls.has(id);
  }
}

export interface SessionDraft {
  tool: ChatTool;
  id: string;
  title?: string;
  workspaceFolder: string;
  startedAt?: string;
  updatedAt?: string;
  models?: string[];
  messages: ChatMessage[];
  sources: string[];
}

/** Completes a draft (title, times, models from the messages); undefined when it holds no prompt and no reply. */
export function finishSession(d: SessionDraft): ChatSession | undefined {
  const messages = d.messages.filter((m) => m.text.trim() || m.toolCalls.length || m.thinking);
  if (!messages.some((m) => m.role === 'user' || m.text.trim())) return undefined;
  let started = d.startedAt;
  let updated = d.updatedAt;
  for (const m of messages) {
    started = minIso(started, m.timestamp);
    updated = maxIso(updated, m.timestamp);
  }
  const models: string[] = [];
  for (const m of [...(d.models ?? []), ...messages.map((x) => x.model)]) {
    if (m && isRealModel(m) && !models.includes(m)) models.push(m);
  }
  const firstPrompt = messages.find((m) => m.role === 'user')?.text;
  const title = titleFromText(d.title) ?? titleFromText(firstPrompt) ?? `${d.tool} session ${d.id.slice(0, 8)}`;
  const epoch = new Date(0).toISOString();
  return {
    tool: d.tool,
    id: d.id,
    title,
    workspaceFolder: d.workspaceFolder,
    startedAt: started ?? updated ?? epoch,
    updatedAt: updated ?? started ?? epoch,
    models,
    messages,
    sources: [...new Set(d.sources)],
  };
}

/** Placeholders that are not model names (Claude Code's `<synthetic>`, Cursor's picker `default`). */
export function isRealModel(m: string): boolean {
  return !!m && m !== '<synthetic>' && m !== 'default' && m !== 'unknown';
}
