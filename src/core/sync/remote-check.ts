import type { RemoteRow } from '../notion/databases';
import { queryRows } from '../notion/databases';
import { NotionError } from '../notion/errors';
import type { EngineContext, NotionProblem } from './session';
import { loadState, openSession, problemOf } from './session';
import { mappingOf, resolveCached } from './workspace-index';

/** What `checkRemote` found. */
export interface RemoteCheck {
  /** The known rows with every row edited since replacing (or joining) its earlier version. */
  rows: Record<string, RemoteRow[]>;
  /** Rows that differ from what was known (new, or edited since): empty when nothing changed. */
  changed: Array<{ category: string; row: RemoteRow }>;
  /** Notion's clock when this check began: the `since` of the next one. */
  checkedAt: string;
  apiCalls: number;
  /** Why Notion could not be asked (then `rows` is `known` and `changed` is empty). */
  problem?: NotionProblem;
}

/**
 * Has anything changed in Notion since `since`? One query per database whose rows are known — this
 * workspace's rows edited at or after that minute — and nothing else: no schema read (the cached one
 * is used), no body read. A teammate's edit, another machine's push, a row created elsewhere come
 * back here; a row moved to Notion's trash does not (a full read finds it orphaned or gone).
 */
export async function checkRemote(
  ctx: EngineContext,
  known: Record<string, RemoteRow[]>,
  since: string,
): Promise<RemoteCheck> {
  const state = await loadState(ctx);
  const opened = await openSession(ctx, state);
  if (!opened.session) return { rows: known, changed: [], checkedAt: since, apiCalls: 0, problem: opened.problem };
  const { gw } = opened.session;
  const began = Date.now();
  const rows: Record<string, RemoteRow[]> = {};
  const changed: RemoteCheck['changed'] = [];
  try {
    for (const [category, before] of Object.entries(known)) {
      const databaseId = ctx.config.categories[category]?.databaseId;
      if (!databaseId) continue;
      const db = await resolveCached(opened.session, state, databaseId, false, mappingOf(ctx.config, databaseId));
      const edited = await queryRows(gw, db, { workspace: ctx.config.workspaceName, editedSince: since });
      const byId = new Map(before.map((r) => [r.pageId, r]));
      for (const row of edited) {
        const was = byId.get(row.pageId);
        if (was && sameRow(was, row)) continue;
        byId.set(row.pageId, row);
        changed.push({ category, row });
      }
      rows[category] = [...byId.values()];
    }
  } catch (err) {
    if (err instanceof NotionError && err.kind === 'cancelled') throw err;
    await state.save();
    const problem = problemOf(err, undefined);
    return { rows: known, changed: [], checkedAt: since, apiCalls: gw.counts.total, problem };
  }
  await state.save();
  for (const [category, before] of Object.entries(known)) rows[category] ??= before;
  const checkedAt = new Date(gw.serverNow().getTime() - (Date.now() - began)).toISOString();
  return { rows, changed, checkedAt, apiCalls: gw.counts.total };
}

/** The same version of a row: same edit time and editor, same key and properties. */
export function sameRow(a: RemoteRow, b: RemoteRow): boolean {
  return (
    a.lastEditedTime === b.lastEditedTime &&
    a.lastEditedBy === b.lastEditedBy &&
    a.path === b.path &&
    // As Notion holds it: a row kept from an earlier read may have had a run's tag resolved (seals.ts).
    (a.rawContentHash ?? a.contentHash) === (b.rawContentHash ?? b.contentHash) &&
    a.name === b.name
  );
}
