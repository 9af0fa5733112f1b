import { NotionError } from '../notion/errors';
import { trashPage } from '../notion/requests';
import type { EngineContext } from './session';
import { loadState } from './session';
import { EngineSetupError, executionLogDatabase } from './sync';
import { recordExecution } from './execlog';
import { buildIndex } from './workspace-index';
import { BaseStore } from './pull';

export interface PruneReport {
  trashed: Array<{ path: string; url: string; why: 'duplicate' | 'orphaned' }>;
  failed: Array<{ path: string; reason: string }>;
  dryRun: boolean;
  apiCalls: number;
}

/**
 * Moves rows to Notion's trash (restorable there for 30 days): extra rows with the same key
 * (the oldest is kept) and rows whose file no longer exists. Never touches rows of other workspaces.
 */
export async function prune(
  ctx: EngineContext,
  options: {
    duplicates?: boolean;
    orphans?: boolean;
    category?: string;
    /** Only these keys (files or folders): e.g. one orphaned row removed from the editor's tree. */
    paths?: string[];
    dryRun?: boolean;
  },
): Promise<PruneReport> {
  const started = new Date();
  const state = await loadState(ctx);
  const index = await buildIndex(ctx, state, { category: options.category, paths: options.paths });
  const session = index.session;
  if (!session || !index.notion.reachable) {
    throw new EngineSetupError(
      index.notion.problem ?? { reason: 'error', message: 'Notion is not available.', fix: '' },
      index.notion.problem?.reason === 'auth',
    );
  }
  const targets: PruneReport['trashed'] = [];
  for (const item of index.items) {
    if (options.duplicates && item.duplicates)
      for (const d of item.duplicates)
        targets.push({ path: item.path, url: d.url, why: 'duplicate', ...{ pageId: d.pageId } });
    if (options.orphans && item.state === 'orphaned' && item.pageId)
      targets.push({ path: item.path, url: item.url ?? '', why: 'orphaned', ...{ pageId: item.pageId } });
  }
  const report: PruneReport = { trashed: [], failed: [], dryRun: !!options.dryRun, apiCalls: 0 };
  if (options.dryRun) {
    report.trashed = targets;
  } else {
    let bases: BaseStore | undefined;
    for (const t of targets as Array<PruneReport['trashed'][number] & { pageId: string }>) {
      try {
        await trashPage(session.gw, t.pageId);
        state.forgetPage(t.pageId);
        // The row of a file that is gone: its pull base goes too (a duplicate's path is the kept row's).
        if (t.why === 'orphaned') await (bases ??= await BaseStore.open(ctx.config.root, ctx.stateDir)).delete(t.path);
        report.trashed.push({ path: t.path, url: t.url, why: t.why });
      } catch (err) {
        if (err instanceof NotionError && err.kind === 'cancelled') break;
        report.failed.push({ path: t.path, reason: err instanceof Error ? err.message : String(err) });
      }
    }
    if (report.trashed.length + report.failed.length > 0) {
      await recordExecution(
        session.gw,
        state,
        ctx.config,
        {
          name: `prune ${ctx.config.workspaceName} ${started.toISOString().slice(0, 16).replace('T', ' ')}`,
          status: report.failed.length === 0 ? 'success' : report.trashed.length > 0 ? 'partial' : 'failed',
          started,
          finished: new Date(),
          trigger: ctx.trigger,
          command: ctx.command ?? 'notion-sync prune',
          exitCode: report.failed.length > 0 ? 1 : 0,
          items: { created: 0, updated: report.trashed.length, failed: report.failed.length },
          apiCalls: session.gw.counts.total,
          body: report.trashed.map((t) => `trashed ${t.why} row of ${t.path}: ${t.url}`),
        },
        await executionLogDatabase(ctx, session, state),
      );
    }
  }
  report.apiCalls = session.gw.counts.total;
  await state.save();
  return report;
}
