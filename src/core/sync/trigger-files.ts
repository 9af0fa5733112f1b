import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PROCESSED_DAYS } from '../config';
import type { TriggerSummary } from '../inventory';
import type { RemoteRow, ResolvedDatabase } from '../notion/databases';
import { queryRows, resolveDatabase } from '../notion/databases';
import { NotionError } from '../notion/errors';
import type { NotionGateway } from '../notion/gateway';
import type { PageProperties } from '../notion/props';
import { prop, readDate, readNumber, readSelect, readText } from '../notion/props';
import type { QueryFilter } from '../notion/requests';
import { createRowInline, queryPages, updatePageProperties } from '../notion/requests';
import { survivorOrder } from './rows';
import type { EngineContext, NotionSession } from './session';
import type { SyncState } from './state';
import type { RowSnapshot, RowValues, TrackedFile } from './trigger-rows';
import {
  BACKLOG_KEY,
  backlogValues,
  changedProperties,
  chooseRows,
  describeContent,
  minuteIso,
  READ_BYTES,
  taskPageIdOf,
  trackFiles,
} from './trigger-rows';
import { resolveCached } from './workspace-index';

/** `sync --category triggerFiles`: only the Trigger Files database. */
export const TRIGGER_FILES_CATEGORY = 'triggerFiles';

/** What a sync did to the Trigger Files database (`triggerFiles` in `sync --json`). */
export interface TriggerFilesReport {
  databaseId: string;
  /** Rows created, updated (a move, a state change, new content), left as they were, and failed writes. */
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** Trigger files with a row of their own after this run. */
  tracked: number;
  /** Of them: inbox files older than staleAfterHours (State `stale`) and failed files (State `failed`). */
  stale: number;
  failedFiles: number;
  /** Processed files counted in the one backlog row instead of a row each. */
  backlog: number;
  /** Rows whose file no longer exists anywhere: kept, State `gone`. */
  gone: number;
  /** Extra rows with the same key (the oldest one is used; `prune --duplicates` does not touch this database). */
  duplicates: number;
  /** Files that share a key with a newer file in another lifecycle folder (the newer one is the row's). */
  shadowed: number;
  /** Rows linked to a page of the tasks database, and task ids found in no task page. */
  tasksLinked: number;
  tasksUnknown: string[];
  apiCalls: number;
  dryRun: boolean;
  cancelled: boolean;
  failures: Array<{ path: string; reason: string }>;
  /** With --dry-run: each row that would be written. */
  plan: Array<{ path: string; action: 'create' | 'update' }>;
}

interface Work {
  want: RowValues;
  row?: RemoteRow;
  /** Properties to write: all of them for a create. */
  changed: string[];
  taskPages?: string[];
}

/**
 * Brings the Trigger Files database in step with the lifecycle folders: one query per 100 of this
 * workspace's rows, then one request per row that must change (a create, or one properties update
 * — a move from inbox/ to processed/ is exactly one). Nothing is deleted.
 */
export async function syncTriggerFiles(
  ctx: EngineContext,
  session: NotionSession,
  state: SyncState,
  triggers: TriggerSummary,
  options: { dryRun?: boolean } = {},
): Promise<TriggerFilesReport> {
  const config = ctx.config.triggerFiles;
  const databaseId = config.databaseId!;
  const gw = session.gw;
  const startCalls = gw.counts.total;
  const report: TriggerFilesReport = {
    databaseId,
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    tracked: 0,
    stale: 0,
    failedFiles: 0,
    backlog: 0,
    gone: 0,
    duplicates: 0,
    shadowed: 0,
    tasksLinked: 0,
    tasksUnknown: [],
    apiCalls: 0,
    dryRun: !!options.dryRun,
    cancelled: false,
    failures: [],
    plan: [],
  };
  ctx.onProgress?.({ phase: 'query', message: 'Reading Trigger Files from Notion' });
  const db = await resolveCached(session, state, databaseId, false, undefined);
  for (const key of ['Workspace', 'Path', 'State'])
    if (!db.properties[key])
      throw new NotionError(
        'validation',
        `The Trigger Files database has no "${key}" property. Run "notion-sync init --trigger-files" to add the missing properties.`,
      );
  const rows = await queryRows(gw, db, { workspace: ctx.config.workspaceName });
  const byKey = new Map<string, RemoteRow>();
  for (const row of [...rows].sort(survivorOrder)) {
    if (byKey.has(row.path)) report.duplicates++;
    else byKey.set(row.path, row);
  }

  const { tracked, shadowed } = trackFiles(triggers.files, config);
  report.shadowed = shadowed;
  const { listed, backlog } = chooseRows(tracked, (key) => byKey.has(key), config);
  report.backlog = backlog.length;
  const has = (name: string): boolean => name in db.properties;
  const work: Work[] = [];
  const secrets = ctx.token ? [ctx.token] : [];

  for (const file of listed) {
    const content = await readContent(ctx.config.root, file, ctx.config.maxFileBytes, secrets);
    if (!content) continue; // moved or deleted since the scan: the next run sees where it went
    report.tracked++;
    if (file.rowState === 'stale') report.stale++;
    if (file.rowState === 'failed') report.failedFiles++;
    const want: RowValues = {
      key: file.key,
      name: file.path.slice(file.path.lastIndexOf('/') + 1),
      state: file.rowState,
      folder: file.folder,
      modified: minuteIso(file.mtimeMs),
      summary: content.summary,
      taskId: content.taskId,
      contentHash: content.contentHash,
    };
    plan(work, want, byKey.get(file.key), has);
  }
  const backlogRow = byKey.get(BACKLOG_KEY);
  if (backlog.length > 0 || backlogRow)
    plan(work, backlogValues(backlog, config.processedDays ?? DEFAULT_PROCESSED_DAYS), backlogRow, has);
  const present = new Set(tracked.map((t) => t.key));
  for (const [key, row] of byKey) {
    if (key === BACKLOG_KEY || present.has(key)) continue;
    report.gone++;
    const have = snapshot(row);
    if (have.state !== 'gone')
      work.push({ want: { ...fromSnapshot(key, have), state: 'gone' }, row, changed: ['State'] });
  }

  // Task links: looked up only for rows that are written anyway or whose link is missing.
  if (config.tasksDatabaseId && db.properties['Task'] === 'relation') {
    const pending = work.filter(
      (w) => w.want.taskId && (!w.row || w.changed.length > 0 || snapshot(w.row).taskPages.length === 0),
    );
    const found = await lookupTasks(ctx, session, state, [...new Set(pending.map((w) => w.want.taskId))]);
    for (const w of work) {
      if (!w.want.taskId) {
        if (w.row && snapshot(w.row).taskPages.length > 0) w.taskPages = [];
      } else if (pending.includes(w)) {
        const page = found.get(w.want.taskId);
        w.taskPages = page ? [page] : [];
        if (!page && !report.tasksUnknown.includes(w.want.taskId)) report.tasksUnknown.push(w.want.taskId);
      }
      if (w.taskPages !== undefined && w.row) {
        const same = changedProperties(w.want, snapshot(w.row), (p) => p === 'Task', w.taskPages).length === 0;
        if (!same && !w.changed.includes('Task')) w.changed.push('Task');
      }
    }
  }
  for (const w of work) if ((w.taskPages ?? (w.row ? snapshot(w.row).taskPages : [])).length > 0) report.tasksLinked++;

  const writes = work.filter((w) => !w.row || w.changed.length > 0);
  report.unchanged = byKey.size - writes.filter((w) => w.row).length;
  if (options.dryRun) {
    report.plan = writes.map((w) => ({ path: w.want.key, action: w.row ? 'update' : 'create' }));
    report.created = writes.filter((w) => !w.row).length;
    report.updated = writes.length - report.created;
    report.apiCalls = gw.counts.total - startCalls;
    return report;
  }

  let done = 0;
  for (const w of writes) {
    if (ctx.signal?.aborted) {
      report.cancelled = true;
      break;
    }
    ctx.onProgress?.({ phase: 'write', message: `Trigger file ${w.want.key}`, done, total: writes.length });
    try {
      const props = rowProperties(db, ctx.config.workspaceName, w, gw.serverNow());
      if (w.row) {
        await updatePageProperties(gw, w.row.pageId, props);
        report.updated++;
      } else {
        await createRowInline(gw, db.dataSourceId, props, []);
        report.created++;
      }
    } catch (err) {
      if (err instanceof NotionError && err.kind === 'cancelled') {
        report.cancelled = true;
        break;
      }
      if (err instanceof NotionError && (err.kind === 'auth' || gw.unreachable)) throw err;
      report.failed++;
      report.failures.push({ path: w.want.key, reason: err instanceof Error ? err.message : String(err) });
      ctx.log?.('error', `Trigger file ${w.want.key}: ${err instanceof Error ? err.message : String(err)}`);
    }
    done++;
  }
  report.apiCalls = gw.counts.total - startCalls;
  return report;
}

function plan(work: Work[], want: RowValues, row: RemoteRow | undefined, has: (p: string) => boolean): void {
  if (!row) work.push({ want, changed: [] });
  else work.push({ want, row, changed: changedProperties(want, snapshot(row), has) });
}

/** A row's current values, as changedProperties compares them. */
export function snapshot(row: RemoteRow): RowSnapshot {
  const p = row.properties;
  const rel = (p['Task']?.relation ?? []) as Array<{ id: string }>;
  return {
    name: row.name,
    state: readSelect(p['State']),
    folder: readText(p['Folder']),
    modified: readDate(p['Modified']),
    files: readNumber(p['Files']),
    summary: readText(p['Summary']),
    taskId: readText(p['Task ID']),
    contentHash: readText(p['Content Hash']),
    taskPages: rel.map((r) => r.id),
  };
}

function fromSnapshot(key: string, s: RowSnapshot): RowValues {
  return {
    key,
    name: s.name,
    state: 'inbox',
    folder: s.folder,
    modified: s.modified ?? '',
    files: s.files,
    summary: s.summary,
    taskId: s.taskId,
    contentHash: s.contentHash,
  };
}

/** The request's properties: every one the database has for a create, the changed ones for an update. */
function rowProperties(db: ResolvedDatabase, workspace: string, w: Work, now: Date): PageProperties {
  const v = w.want;
  const titleName = Object.entries(db.properties).find(([, t]) => t === 'title')?.[0] ?? 'Name';
  const all: PageProperties = {
    Name: prop.title(v.name),
    Workspace: prop.text(workspace),
    Path: prop.text(v.key),
    State: prop.select(v.state),
    Folder: prop.text(v.folder),
    Modified: prop.date(v.modified || undefined),
    Files: prop.number(v.files),
    Summary: prop.text(v.summary),
    'Task ID': prop.text(v.taskId),
    'Content Hash': prop.text(v.contentHash),
    ...(w.taskPages !== undefined ? { Task: prop.relation(w.taskPages) } : {}),
  };
  const names = w.row ? w.changed : Object.keys(all);
  const out: PageProperties = {};
  for (const name of names) {
    const target = name === 'Name' ? titleName : name;
    if (all[name] !== undefined && target in db.properties) out[target] = all[name]!;
  }
  if ('Last Synced' in db.properties) out['Last Synced'] = prop.date(now.toISOString());
  return out;
}

/** Hash, redacted summary and task id of a file; undefined when it is gone (moved since the scan). */
async function readContent(
  root: string,
  file: TrackedFile,
  maxBytes: number,
  secrets: readonly string[],
): Promise<ReturnType<typeof describeContent> | undefined> {
  const abs = join(root, file.path);
  try {
    const st = await fs.stat(abs);
    if (st.size <= maxBytes) return describeContent(await fs.readFile(abs), file.path, secrets);
    const handle = await fs.open(abs, 'r');
    try {
      const head = Buffer.alloc(READ_BYTES);
      const { bytesRead } = await handle.read(head, 0, READ_BYTES, 0);
      const d = describeContent(head.subarray(0, bytesRead), file.path, secrets);
      return { ...d, contentHash: `${d.contentHash}:${st.size}:${Math.floor(st.mtimeMs)}` };
    } finally {
      await handle.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return { contentHash: '', summary: `(unreadable: ${code ?? 'error'})`, taskId: '', secrets: 0 };
  }
}

/**
 * Task ids → task pages. An id that is a Notion page id links to that page as it is; other ids are
 * looked up by `triggerFiles.taskIdProperty` (a text or title property of the tasks database): one
 * query per 100 ids.
 */
async function lookupTasks(
  ctx: EngineContext,
  session: NotionSession,
  state: SyncState,
  ids: string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const rest: string[] = [];
  for (const id of ids) {
    const page = taskPageIdOf(id);
    if (page) found.set(id, page);
    else rest.push(id);
  }
  const property = ctx.config.triggerFiles.taskIdProperty;
  if (rest.length === 0 || !property) return found;
  const tasks = await resolveCached(session, state, ctx.config.triggerFiles.tasksDatabaseId!, false, undefined);
  const type = tasks.properties[property];
  if (type !== 'title' && type !== 'rich_text') {
    ctx.log?.(
      'warn',
      `triggerFiles.taskIdProperty "${property}" is ${type ? `a ${type} property` : 'not a property'} of the tasks database; task ids are not looked up (use a text or title property).`,
    );
    return found;
  }
  await queryTasks(session.gw, tasks.dataSourceId, property, type, rest, found);
  return found;
}

async function queryTasks(
  gw: NotionGateway,
  dataSourceId: string,
  property: string,
  type: 'title' | 'rich_text',
  ids: string[],
  found: Map<string, string>,
): Promise<void> {
  for (let i = 0; i < ids.length; i += 100) {
    const batch = ids.slice(i, i + 100);
    const conditions = batch.map((v) => ({ property, [type]: { equals: v } }));
    const filter = (conditions.length === 1 ? conditions[0] : { or: conditions }) as QueryFilter;
    for (const page of await queryPages(gw, dataSourceId, filter)) {
      const value = readText(page.properties[property]).trim();
      if (batch.includes(value) && !found.has(value)) found.set(value, page.id);
    }
  }
}

/**
 * The data source of the configured tasks database (`init`: the target of the Trigger Files
 * database's `Task` relation); undefined, with a warning, when none is configured or it cannot be read.
 */
export async function tasksDataSourceId(ctx: EngineContext, gw: NotionGateway): Promise<string | undefined> {
  const id = ctx.config.triggerFiles.tasksDatabaseId;
  if (!id) return undefined;
  try {
    return (await resolveDatabase(gw, id)).dataSourceId;
  } catch (err) {
    if (!(err instanceof NotionError) || (err.kind !== 'not-found' && err.kind !== 'permission')) throw err;
    ctx.log?.(
      'warn',
      `The tasks database ${id} (triggerFiles.tasksDatabaseId) cannot be read: ${err.message}. Share it with the integration; the Task relation is left out until then.`,
    );
    return undefined;
  }
}
