import type { TriggerSummary } from '../inventory';
import { scanWorkspace } from '../inventory';
import { NotionError } from '../notion/errors';
import type { EngineContext, NotionProblem, NotionSession } from './session';
import { openSession, problemOf } from './session';
import type { SyncState } from './state';
import type { SyncOptions } from './plan';
import type { SyncReport } from './report';
import { emptyReport } from './report';
import { syncTriggerFiles, TRIGGER_FILES_CATEGORY } from './trigger-files';

/*
 * Where the Trigger Files database meets `sync`: a step of every full sync when
 * `triggerFiles.databaseId` is set, or the whole run with `--category triggerFiles` (and when no
 * category database is configured at all).
 */

/** The run is about trigger files only: `--category triggerFiles`, or they are all that is configured. */
export function triggerFilesOnly(ctx: EngineContext, options: SyncOptions): boolean {
  const { config } = ctx;
  if (options.category === TRIGGER_FILES_CATEGORY && !config.categories[TRIGGER_FILES_CATEGORY]) return true;
  return (
    !options.category &&
    !options.paths &&
    !!config.triggerFiles.databaseId &&
    !Object.values(config.categories).some((c) => c.databaseId)
  );
}

/**
 * The trigger-files step of a full sync (no PATH…, no --category): writes `report.triggerFiles`;
 * its failures count in `failed` (as `triggerFiles:<path>`), its requests in `apiCalls`.
 */
export async function triggerFilesStep(
  ctx: EngineContext,
  session: NotionSession,
  state: SyncState,
  triggers: TriggerSummary,
  options: SyncOptions,
  report: SyncReport,
): Promise<void> {
  if (!ctx.config.triggerFiles.databaseId) return;
  if (options.paths || (options.category && options.category !== TRIGGER_FILES_CATEGORY)) return;
  try {
    const t = await syncTriggerFiles(ctx, session, state, triggers, { dryRun: options.dryRun });
    report.triggerFiles = t;
    if (t.cancelled) report.cancelled = true;
    for (const f of t.failures) report.failures.push({ path: `${TRIGGER_FILES_CATEGORY}:${f.path}`, reason: f.reason });
    report.failed += t.failed;
  } catch (err) {
    if (err instanceof NotionError && err.kind === 'cancelled') {
      report.cancelled = true;
      return;
    }
    if (err instanceof NotionError && (err.kind === 'auth' || err.kind === 'permission')) throw err;
    const problem = problemOf(err, 'Trigger Files');
    report.failed++;
    report.failures.push({ path: TRIGGER_FILES_CATEGORY, reason: `${problem.message} ${problem.fix}`.trim() });
    ctx.log?.('error', `Trigger files: ${problem.message}`);
  }
}

/**
 * A sync of the Trigger Files database alone (the rest of the report stays zero). `setupError` makes
 * the error a sync that cannot start throws (sync.ts's EngineSetupError).
 */
export async function syncTriggerFilesOnly(
  ctx: EngineContext,
  state: SyncState,
  options: SyncOptions,
  setupError: (problem: NotionProblem, auth: boolean) => Error,
): Promise<SyncReport> {
  if (!ctx.config.triggerFiles.databaseId) {
    throw setupError(
      {
        reason: 'not-configured',
        message: 'No Trigger Files database is configured (triggerFiles.databaseId).',
        fix: 'Run "notion-sync init --trigger-files" to create it, or set triggerFiles.databaseId in .notion-sync.json.',
      },
      false,
    );
  }
  ctx.onProgress?.({ phase: 'scan', message: 'Scanning the workspace' });
  const inventory = await scanWorkspace(ctx.config, { signal: ctx.signal });
  const opened = await openSession(ctx, state);
  if (!opened.session) {
    await state.save();
    throw setupError(opened.problem!, opened.problem!.reason === 'auth');
  }
  const session = opened.session;
  const report = emptyReport(!!options.dryRun, {
    configured: true,
    reachable: true,
    botId: session.botId,
    notionWorkspace: session.notionWorkspace,
  });

  try {
    await triggerFilesStep(
      ctx,
      session,
      state,
      inventory.triggers,
      { ...options, category: TRIGGER_FILES_CATEGORY },
      report,
    );
  } finally {
    report.apiCalls = session.gw.counts.total;
    report.reads = session.gw.counts.reads;
    report.writes = session.gw.counts.writes;
    await state.save();
  }
  if (report.failures.some((f) => f.path === TRIGGER_FILES_CATEGORY)) report.notion.reachable = !session.gw.unreachable;
  ctx.onProgress?.({ phase: 'done', message: 'Done' });
  return report;
}
