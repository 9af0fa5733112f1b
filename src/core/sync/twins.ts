import type { RemoteRow } from '../notion/databases';
import { queryRows } from '../notion/databases';
import { NotionError } from '../notion/errors';
import type { NotionGateway } from '../notion/gateway';
import type { RowTarget } from '../notion/names';
import type { PageBody } from '../notion/block-diff';
import { rowIncomplete, survivorOrder, trashQuietly } from './rows';
import type { EngineContext, LogFn, NotionSession } from './session';
import type { SyncState } from './state';
import type { WorkspaceIndex } from './workspace-index';

/*
 * Two writers (two processes, two clones on two machines) may create the row of one key at the same
 * moment. Every writer reads its new keys again after its creates; of several rows, all writers keep
 * the same one (the earliest created, then the smallest id) and trash the others. The last writer to
 * look sees every twin made before, so whatever the interleaving one row per key remains.
 */

/** A row this run created: its key, its id, the hash and body it wrote. */
export interface CreatedRow {
  category: string;
  path: string;
  pageId: string;
  hash: string;
  body: PageBody;
}

/** Keys looked up in one query by the twin check (`Path` equals any of them). */
const KEYS_PER_QUERY = 50;

/**
 * The batched form of the twin check, for a run that created many rows, instead of one query per
 * create: the new keys looked up (one query per 50 keys), or — when that costs more — every row of
 * the workspace read once (one query per 100 rows; `rowsBefore` is how many the run read before its
 * creates). Each key with several rows keeps its survivor and trashes the others; returns, for each of
 * `mine` (path → our page id) that lost, the surviving row.
 */
export async function settleKeys(
  gw: NotionGateway,
  db: RowTarget,
  workspace: string,
  mine: Map<string, string>,
  log?: LogFn,
  rowsBefore = Infinity,
): Promise<Map<string, RemoteRow>> {
  const lost = new Map<string, RemoteRow>();
  if (mine.size === 0) return lost;
  const keys = [...mine.keys()];
  const byKeys = Math.ceil(keys.length / KEYS_PER_QUERY);
  const whole = Math.max(1, Math.ceil((rowsBefore + keys.length) / 100));
  const rows: RemoteRow[] = [];
  if (byKeys < whole)
    for (let i = 0; i < keys.length; i += KEYS_PER_QUERY)
      rows.push(...(await queryRows(gw, db, { workspace, paths: keys.slice(i, i + KEYS_PER_QUERY) })));
  else rows.push(...(await queryRows(gw, db, { workspace })));
  const byPath = new Map<string, RemoteRow[]>();
  for (const row of rows) {
    if (!mine.has(row.path)) continue;
    byPath.set(row.path, [...(byPath.get(row.path) ?? []), row]);
  }
  for (const [path, rows] of byPath) {
    rows.sort(survivorOrder);
    const survivor = rows[0]!;
    for (const row of rows.slice(1)) {
      log?.('info', `${path}: ${row.pageId} duplicates ${survivor.pageId} (created at the same time); trashing it`);
      await trashQuietly(gw, row.pageId);
    }
    // Ours lost, or is gone already: the other writer looked first and trashed it.
    if (survivor.pageId !== mine.get(path)) lost.set(path, survivor);
  }
  return lost;
}

/**
 * After all creates of a run: each new key is read again (see `settleKeys`: by key, or every row of the
 * workspace when that is cheaper). Where our row lost to a twin, the survivor becomes the file's row —
 * in step when it holds the same content, else a conflict (`conflicts`: never a silent loss). Returns
 * the survivors' ids.
 */
export async function settleCreates(
  ctx: EngineContext,
  session: NotionSession,
  state: SyncState,
  index: WorkspaceIndex,
  created: CreatedRow[],
): Promise<{ survivors: Map<string, string>; conflicts: string[] }> {
  const survivors = new Map<string, string>();
  const conflicts: string[] = [];
  const byCategory = new Map<string, CreatedRow[]>();
  for (const c of created) byCategory.set(c.category, [...(byCategory.get(c.category) ?? []), c]);
  for (const [category, rows] of byCategory) {
    const db = index.categories[category]?.db;
    if (!db) continue;
    let lost: Map<string, RemoteRow>;
    try {
      const mine = new Map(rows.map((c) => [c.path, c.pageId]));
      const rowsBefore = index.categories[category]?.keysOnly ? Infinity : index.categories[category]!.rows.length;
      lost = await settleKeys(session.gw, db, ctx.config.workspaceName, mine, ctx.log, rowsBefore);
    } catch (err) {
      if (err instanceof NotionError && err.kind === 'cancelled') throw err;
      const why = err instanceof Error ? err.message : String(err);
      ctx.log?.('warn', `Could not check the new rows of ${category} for twins: ${why}`);
      continue;
    }
    for (const ours of rows) {
      const survivor = lost.get(ours.path);
      if (!survivor) continue;
      state.forgetPage(ours.pageId);
      survivors.set(ours.path, survivor.pageId);
      if (survivor.contentHash === ours.hash) {
        // The same file, written by two machines at once: one row, in step.
        state.setPage(survivor.pageId, {
          path: ours.path,
          hash: ours.hash,
          body: { ...ours.body, ids: ours.body.ids.map(() => null) },
          lastEditedTime: survivor.lastEditedTime,
        });
      } else if (!rowIncomplete(survivor)) {
        // Never a base this file had: the next run shows the row as a conflict instead of overwriting it.
        state.noteSeen(survivor.pageId, 'concurrent-create');
        conflicts.push(ours.path);
        ctx.log?.(
          'warn',
          `${ours.path}: another machine created its row at the same time with other content; its version was kept (sync again with --force to replace it)`,
        );
      }
      // Else still being written by the other machine: the next run finds it in step, or a conflict.
    }
  }
  return { survivors, conflicts };
}
