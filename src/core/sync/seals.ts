import type { RemoteRow } from '../notion/databases';
import type { NotionGateway } from '../notion/gateway';
import type { RowTarget } from '../notion/names';
import { NotionError } from '../notion/errors';
import { prop } from '../notion/props';
import { updatePageProperties } from '../notion/requests';
import type { LogFn } from './session';
import type { SyncState } from './state';

/*
 * Group commit of the pages a sync creates in several requests (DESIGN.md principle 9, issue 16).
 *
 * A page whose body does not fit into its create request is partial until its last append. Notion has no
 * request that appends blocks and sets a property at once, so marking each such row complete costs one
 * more write per page. Instead, a run that writes an Execution Logs row anyway (the CLI, the Action) creates
 * those rows with `Content Hash` = `run:<run id>;<hash>`: the row is complete only once the Execution Logs
 * holds a row whose `Run ID` is that run id — the run's own log row, written at its end and only when every
 * page it tagged is complete (or was marked `incomplete`). One write seals every page of the run.
 *
 * Readers resolve the tag before they compare hashes: a sealed run's rows read as their hash, an unsealed
 * run's as `incomplete` (rewritten by the next sync), except while that run still writes (a row of it was
 * edited in the last quarter of an hour): then its rows are left alone. Anything that reads a tagged row
 * without resolving it sees a hash no file has, and so never takes a partial page for done.
 */

/** The `Content Hash` of a row whose body is still being written (or whose write was interrupted). */
export const INCOMPLETE_HASH = 'incomplete';

const TAG = /^run:([0-9a-f-]{36});(.*)$/s;

/** How long after its latest write an unsealed run is taken for still running (another machine's). */
export const WRITER_QUIET_MS = 15 * 60_000;

/** The `Content Hash` a row of run `runId` carries until the run is sealed. */
export function sealedHash(runId: string, hash: string): string {
  return `run:${runId};${hash}`;
}

/** The run and the hash of a tagged `Content Hash`; undefined for any other value. */
export function parseSealed(contentHash: string): { runId: string; hash: string } | undefined {
  const m = TAG.exec(contentHash);
  return m ? { runId: m[1]!, hash: m[2]! } : undefined;
}

/** The pages one run created in several requests: sealed together by its log row. */
export interface RunSeal {
  id: string;
  /** Tagged pages whose body is complete. */
  pages: string[];
  /**
   * Tagged pages created and not (yet) complete, nor marked `incomplete` in Notion: while one is left at
   * the end of the run, the run must not be sealed (its seal would cover a partial page).
   */
  open: Set<string>;
}

/** Whether the run's log row may seal it: every page it tagged is complete or says otherwise in Notion. */
export function sealable(seal: RunSeal): boolean {
  return seal.pages.length > 0 && seal.open.size === 0;
}

const KEEP_SEALED = 500;

/** A run looked up and not found sealed is not asked about again for this long (the editor refreshes often). */
export const RECHECK_MS = 2 * 60_000;

/**
 * Runs this machine knows about: its own not yet sealed (`open`), those whose seal it wrote or found, and
 * when it last looked up a run that was not sealed then (`missing`, epoch ms).
 */
function runsOf(state: SyncState): NonNullable<SyncState['data']['runs']> {
  state.data.runs ??= { open: [], sealed: [] };
  return state.data.runs;
}

/** Starts a run that seals its pages; recorded before any write, so a killed run is known as this machine's. */
export function openRun(state: SyncState, id: string): RunSeal {
  const runs = runsOf(state);
  runs.open.push(id);
  state.markDirty();
  return { id, pages: [], open: new Set() };
}

/** The run's seal is in Notion (written now, from the queue, or found there). */
export function noteSealed(state: SyncState, ids: Iterable<string>): void {
  const runs = runsOf(state);
  for (const id of ids) {
    runs.open = runs.open.filter((o) => o !== id);
    if (runs.missing) delete runs.missing[id];
    if (!runs.sealed.includes(id)) runs.sealed.push(id);
  }
  if (runs.sealed.length > KEEP_SEALED) runs.sealed = runs.sealed.slice(-KEEP_SEALED);
  state.markDirty();
}

/** Whether `id` is one of this machine's own open runs (only those are noted sealed when their log goes out). */
export function isOpenRun(state: SyncState, id: string): boolean {
  return !!state.data.runs?.open.includes(id);
}

export interface SealResolution {
  /** Rows of a run that is still writing (another machine's, or another process'): left alone this time. */
  writingElsewhere: Map<string, string>;
}

/**
 * Resolves the tagged `Content Hash` of `rows` in place (see the top of this file; Notion's value stays
 * in `rawContentHash`). `lookUp` asks the
 * Execution Logs which of the given run ids have their log row (one query per 50 ids); it is called
 * only for runs this machine knows nothing about, or did not find sealed more than `RECHECK_MS` ago.
 */
export async function resolveSeals(
  state: SyncState,
  rows: RemoteRow[],
  lookUp: (runIds: string[]) => Promise<Set<string>>,
  options: { now?: number; quietMs?: number } = {},
): Promise<SealResolution> {
  // A row resolved before (rows kept between reads, e.g. the editor's) is resolved again from what Notion holds.
  const tagged = rows.flatMap((row) => {
    const tag = parseSealed(row.rawContentHash ?? row.contentHash);
    return tag ? [{ row, ...tag }] : [];
  });
  const out: SealResolution = { writingElsewhere: new Map() };
  if (tagged.length === 0) return out;
  const runs = runsOf(state);
  const sealed = new Set(runs.sealed);
  // A log row waiting in this machine's queue seals its run here already (it is only queued when safe).
  const queued = new Set(state.data.pendingLogs.map((l) => l.id));
  const now = options.now ?? Date.now();
  const missing = (runs.missing ??= {});
  const unknown = new Set<string>();
  for (const t of tagged) {
    if (sealed.has(t.runId) || queued.has(t.runId) || runs.open.includes(t.runId)) continue;
    if (now - (missing[t.runId] ?? -Infinity) >= RECHECK_MS) unknown.add(t.runId);
  }
  if (unknown.size > 0) {
    const found = await lookUp([...unknown]);
    for (const id of found) sealed.add(id);
    if (found.size > 0) noteSealed(state, found);
    for (const id of unknown) if (!found.has(id)) missing[id] = now;
    for (const [id, at] of Object.entries(missing)) if (found.has(id) || now - at > 86_400_000) delete missing[id];
    state.markDirty();
  }
  const quiet = options.quietMs ?? WRITER_QUIET_MS;
  const latest = new Map<string, number>();
  for (const t of tagged) {
    const at = Date.parse(t.row.lastEditedTime);
    if (Number.isFinite(at) && at > (latest.get(t.runId) ?? -Infinity)) latest.set(t.runId, at);
  }
  for (const t of tagged) {
    t.row.rawContentHash ??= t.row.contentHash;
    if (sealed.has(t.runId) || queued.has(t.runId)) {
      t.row.contentHash = t.hash;
      continue;
    }
    t.row.contentHash = INCOMPLETE_HASH;
    // This machine's own run is over (a run here holds the workspace lock): its unsealed rows are rewritten.
    if (runs.open.includes(t.runId)) continue;
    if (now - (latest.get(t.runId) ?? 0) < quiet)
      out.writingElsewhere.set(t.row.pageId, new Date(latest.get(t.runId)!).toISOString());
  }
  return out;
}

/**
 * The run cannot be sealed (a page of it may be partial and Notion was not told): each of its pages that
 * is complete gets its final `Content Hash` (one write each, as without sealing). What fails here stays
 * tagged and unsealed, read as incomplete by every machine: rewritten by the next sync.
 */
export async function completeOneByOne(
  gw: NotionGateway,
  state: SyncState,
  seal: RunSeal,
  dbOf: (path: string) => RowTarget | undefined,
  log?: LogFn,
): Promise<void> {
  for (const pageId of seal.pages) {
    const memory = state.data.pages[pageId];
    const db = memory && dbOf(memory.path);
    if (!memory || memory.incomplete || !db) continue;
    try {
      const page = await updatePageProperties(gw, pageId, { 'Content Hash': prop.text(memory.hash) }, db.names);
      state.setPage(pageId, { ...memory, lastEditedTime: page.lastEditedTime });
    } catch (err) {
      if (err instanceof NotionError && err.kind === 'cancelled') return;
      log?.('warn', `${memory.path}: could not be marked complete (${String(err)}); the next sync rewrites it`);
    }
  }
}
