import { createHash } from 'node:crypto';
import { Minimatch } from 'minimatch';
import { parse as parseYaml } from 'yaml';
import type { TriggerConfig } from '../config';
import { DEFAULT_PROCESSED_DAYS, normalizeNotionId } from '../config';
import { redactSecrets } from '../content';
import type { TriggerFile } from '../inventory';

/*
 * The pure half of "trigger files tracked in Notion": which row a trigger file belongs to, which files
 * get a row, what the row should say, and whether the row already says it. No I/O here (see
 * trigger-files.ts for the requests).
 */

/**
 * The State select of a row: the lifecycle folder, with inbox files past staleAfterHours flagged
 * `stale`; `backlog` for the row that counts old processed files; `gone` for a row whose file no
 * longer exists (the row is kept).
 */
export type RowState = 'inbox' | 'stale' | 'processed' | 'failed' | 'backlog' | 'gone';

/** The Path of the one row that counts the processed files that have no row of their own. */
export const BACKLOG_KEY = '(processed backlog)';
/** At most this many processed files get a new row per run (newest first); the rest are counted in the backlog. */
export const MAX_NEW_PROCESSED_ROWS = 200;
/** Characters of (redacted) content kept in a row's Summary. */
export const SUMMARY_CHARS = 300;
/** Bytes of a file read for its summary and task id (the hash covers the whole file). */
export const READ_BYTES = 64 * 1024;

export interface TrackedFile extends TriggerFile {
  /** The row's key: the path without its lifecycle folder (`jobs/inbox/a.json` → `jobs/a.json`). */
  key: string;
  /** The folder the file is in now (workspace-relative). */
  folder: string;
  rowState: RowState;
}

const MAGIC = /[*?[\]{}()!+@]/;

/** The glob up to its last literal folder (`**\/inbox/**` → `**\/inbox`), or undefined when it has none. */
function folderGlob(glob: string): Minimatch | undefined {
  const segs = glob.split('/');
  while (segs.length > 0 && MAGIC.test(segs[segs.length - 1]!)) segs.pop();
  if (segs.length === 0 || segs.every((s) => s === '**')) return undefined;
  return new Minimatch(segs.join('/'), { dot: true });
}

/**
 * The identity of a trigger file that survives its move between lifecycle folders: its path with
 * the lifecycle folder's name taken out. The lifecycle folder is the shortest leading folder that
 * the state's globs, cut after their last literal folder, match (`**\/inbox/**` → the first
 * `…/inbox`); failing that, a folder named like the state; failing that, the path itself.
 */
export function lifecycleKey(path: string, state: TriggerFile['state'], globs: readonly string[]): string {
  const segs = path.split('/');
  const dirs = segs.length - 1;
  const matchers = globs.map(folderGlob).filter((m): m is Minimatch => !!m);
  for (let i = 0; i < dirs; i++) {
    const prefix = segs.slice(0, i + 1).join('/');
    if (matchers.some((m) => m.match(prefix))) return [...segs.slice(0, i), ...segs.slice(i + 1)].join('/');
  }
  const named = segs.slice(0, dirs).indexOf(state);
  if (named >= 0) return [...segs.slice(0, named), ...segs.slice(named + 1)].join('/');
  return path;
}

const STATE_RANK: Record<TriggerFile['state'], number> = { inbox: 0, failed: 1, processed: 2 };

/**
 * One tracked file per key. When the same key is in two folders at once (a job dropped again into
 * the inbox while its processed twin is still there) the most recently modified one is the row's
 * file; on a tie inbox wins over failed over processed. `shadowed` counts the others.
 */
export function trackFiles(
  files: readonly TriggerFile[],
  config: TriggerConfig,
): { tracked: TrackedFile[]; shadowed: number } {
  const byKey = new Map<string, TrackedFile>();
  let shadowed = 0;
  for (const f of files) {
    const key = lifecycleKey(f.path, f.state, config[f.state]);
    const stale = f.state === 'inbox' && f.ageHours > config.staleAfterHours;
    const folder = f.path.includes('/') ? f.path.slice(0, f.path.lastIndexOf('/')) : '';
    const t: TrackedFile = { ...f, key, folder, rowState: stale ? 'stale' : f.state };
    const other = byKey.get(key);
    if (other) {
      shadowed++;
      const wins =
        t.mtimeMs > other.mtimeMs || (t.mtimeMs === other.mtimeMs && STATE_RANK[t.state] < STATE_RANK[other.state]);
      if (!wins) continue;
    }
    byKey.set(key, t);
  }
  return { tracked: [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)), shadowed };
}

/**
 * Which files get a row: every inbox and failed file, every file that already has a row (so a move
 * updates it, whatever its age), and processed files modified in the last `processedDays` days —
 * at most MAX_NEW_PROCESSED_ROWS new ones, newest first. The other processed files are the backlog,
 * counted in one row.
 */
export function chooseRows(
  tracked: readonly TrackedFile[],
  hasRow: (key: string) => boolean,
  config: TriggerConfig,
): { listed: TrackedFile[]; backlog: TrackedFile[] } {
  const windowHours = (config.processedDays ?? DEFAULT_PROCESSED_DAYS) * 24;
  const listed: TrackedFile[] = [];
  const candidates: TrackedFile[] = [];
  const backlog: TrackedFile[] = [];
  for (const t of tracked) {
    if (t.state !== 'processed' || hasRow(t.key)) listed.push(t);
    else if (t.ageHours <= windowHours) candidates.push(t);
    else backlog.push(t);
  }
  candidates.sort((a, b) => b.mtimeMs - a.mtimeMs || (a.key < b.key ? -1 : 1));
  listed.push(...candidates.slice(0, MAX_NEW_PROCESSED_ROWS));
  backlog.push(...candidates.slice(MAX_NEW_PROCESSED_ROWS));
  return { listed, backlog };
}

/** What a row should say (besides Workspace, Path and Last Synced). */
export interface RowValues {
  key: string;
  name: string;
  state: RowState;
  folder: string;
  /** ISO, to the minute (Notion keeps date-times to the minute). */
  modified: string;
  files?: number;
  summary: string;
  taskId: string;
  contentHash: string;
}

/** A date to the minute, as ISO: what Notion gives back for a date-time, so a re-read compares equal. */
export function minuteIso(ms: number): string {
  return new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
}

/** What a file's content contributes to its row: hash, redacted summary, named task id. */
export function describeContent(
  bytes: Buffer,
  path: string,
  extraSecrets: readonly string[] = [],
): { contentHash: string; summary: string; taskId: string; secrets: number } {
  const contentHash = createHash('sha256').update(bytes).digest('hex');
  const text = bytes.subarray(0, READ_BYTES).toString('utf8');
  if (text.includes('\u0000'))
    return { contentHash, summary: `(binary, ${bytes.length} bytes)`, taskId: '', secrets: 0 };
  const redacted = redactSecrets(text, { extraSecrets });
  const flat = redacted.text.replace(/\s+/g, ' ').trim();
  const summary = flat.length > SUMMARY_CHARS ? `${flat.slice(0, SUMMARY_CHARS - 1)}…` : flat;
  const taskId = taskIdOf(text, path);
  // A task id is sent too: never one that the redactor would have removed.
  const safeTask = taskId && redactSecrets(taskId, { extraSecrets }).findings.length === 0 ? taskId : '';
  return { contentHash, summary, taskId: safeTask, secrets: redacted.findings.length };
}

const TASK_FIELDS = ['taskId', 'task_id', 'task'];

/** The task a trigger file names: a JSON object's `taskId`/`task_id`/`task`, or front matter `task:`. */
export function taskIdOf(text: string, path: string): string {
  const pick = (obj: unknown): string => {
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return '';
    for (const field of TASK_FIELDS) {
      const v = (obj as Record<string, unknown>)[field];
      if (typeof v === 'string' && v.trim()) return v.trim().slice(0, 200);
      if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    }
    return '';
  };
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (/\.json$/i.test(path) || trimmed.startsWith('{')) {
    try {
      return pick(JSON.parse(trimmed));
    } catch {
      return '';
    }
  }
  const fm = /^---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)\s*(?:\r?\n|$)/.exec(trimmed);
  const yamlText = fm ? fm[1]! : /\.ya?ml$/i.test(path) ? trimmed : undefined;
  if (yamlText === undefined) return '';
  try {
    return pick(parseYaml(yamlText, { logLevel: 'silent' }));
  } catch {
    return '';
  }
}

/** A task id that is itself a Notion page id (32 hex digits, a UUID or a page URL): the page to link. */
export function taskPageIdOf(taskId: string): string | undefined {
  return /[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.test(taskId)
    ? normalizeNotionId(taskId)
    : undefined;
}

/** The backlog row: how many processed files have no row of their own, and their date range. */
export function backlogValues(backlog: readonly TrackedFile[], processedDays: number): RowValues {
  const times = backlog.map((t) => t.mtimeMs);
  const newest = times.length ? Math.max(...times) : 0;
  const oldest = times.length ? Math.min(...times) : 0;
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
  return {
    key: BACKLOG_KEY,
    name: `Processed backlog (${backlog.length} file${backlog.length === 1 ? '' : 's'})`,
    state: 'backlog',
    folder: '',
    modified: backlog.length ? minuteIso(newest) : '',
    files: backlog.length,
    summary: backlog.length
      ? `${backlog.length} processed trigger file${backlog.length === 1 ? '' : 's'} without a row of their own (older than ${processedDays} days, or beyond ${MAX_NEW_PROCESSED_ROWS} new rows per run), modified ${day(oldest)} … ${day(newest)}. Counted here, not listed one by one.`
      : 'No processed trigger files outside the window.',
    taskId: '',
    contentHash: '',
  };
}

/** The values a row holds now, read back from a query result (the same shape as RowValues). */
export interface RowSnapshot {
  name: string;
  state?: string;
  folder: string;
  modified?: string;
  files?: number;
  summary: string;
  taskId: string;
  contentHash: string;
  taskPages: string[];
}

/** Which properties differ between what a row holds and what it should hold (only properties the database has). */
export function changedProperties(
  want: RowValues,
  have: RowSnapshot,
  has: (property: string) => boolean,
  taskPages?: string[],
): string[] {
  const out: string[] = [];
  const sameDate = (a: string | undefined, b: string): boolean =>
    (!a && !b) || (!!a && !!b && Date.parse(a) === Date.parse(b));
  if (has('Name') && have.name !== want.name) out.push('Name');
  if (has('State') && (have.state ?? '') !== want.state) out.push('State');
  if (has('Folder') && have.folder !== want.folder) out.push('Folder');
  if (has('Modified') && !sameDate(have.modified, want.modified)) out.push('Modified');
  if (has('Files') && (have.files ?? undefined) !== want.files) out.push('Files');
  if (has('Summary') && have.summary !== want.summary) out.push('Summary');
  if (has('Task ID') && have.taskId !== want.taskId) out.push('Task ID');
  if (has('Content Hash') && have.contentHash !== want.contentHash) out.push('Content Hash');
  if (has('Task') && taskPages !== undefined) {
    const norm = (ids: string[]): string =>
      ids
        .map((id) => id.replace(/-/g, ''))
        .sort()
        .join(',');
    if (norm(have.taskPages) !== norm(taskPages)) out.push('Task');
  }
  return out;
}
