import { withMapping } from '../notion/databases';
import { PropertyNames } from '../notion/names';
import { NotionError } from '../notion/errors';
import type { Op, SyncOptions } from './plan';
import { planItem } from './plan';

export type { PlanAction, PlanEntry, SyncOptions } from './plan';
import { settleCreates } from './twins';
import { ConcurrentWriteError, execute } from './write-item';
import { linkFixups, orderForLinks, plannedFixups } from './link-fixups';
import { randomUUID } from 'node:crypto';
import { flushPendingLogs, recordExecution } from './execlog';
import type { LogDatabase, RunStatus } from './execlog';
import type { EngineContext, NotionProblem, NotionSession } from './session';
import { loadState } from './session';
import { SyncState } from './state';
import { acquireLock, describeOwner } from './lock';
import type { WorkspaceIndex } from './workspace-index';
import { buildIndex, mappingOf, resolveCached } from './workspace-index';
import { classifyPath } from '../inventory';
import { pullIndexed } from './pull-items';
import type { PullReport } from './pull-items';
import type { SyncReport } from './report';
import { emptyReport } from './report';
import { syncTriggerFilesOnly, triggerFilesOnly, triggerFilesStep } from './trigger-sync';
import { completeOneByOne, noteSealed, openRun, sealable } from './seals';

export type { SyncReport } from './report';

/** A sync cannot start: no token, no database, or the token was refused. */
export class EngineSetupError extends Error {
  constructor(
    readonly problem: NotionProblem,
    readonly auth: boolean,
  ) {
    super(`${problem.message} ${problem.fix}`);
    this.name = 'EngineSetupError';
  }
}

/** Plan, then act: builds the plan of operations and, unless it is a dry run, carries it out. */
export async function runSync(ctx: EngineContext, options: SyncOptions = {}): Promise<SyncReport> {
  if (options.dryRun) return syncLocked(ctx, options);
  // One writer per workspace on this machine; the plan is made after the lock, from fresh state.
  const lock = await acquireLock(SyncState.lockFileFor(ctx.config.root, ctx.stateDir), {
    waitMs: options.lockWaitMs,
    command: ctx.command ?? 'notion-sync sync',
    signal: ctx.signal,
    onWait: (owner) => ctx.log?.('info', `Waiting for another run to finish: ${describeOwner(owner)}`),
  });
  try {
    return await syncLocked(ctx, options);
  } finally {
    await lock.release();
  }
}

async function syncLocked(ctx: EngineContext, options: SyncOptions): Promise<SyncReport> {
  const started = new Date();
  const state = await loadState(ctx);
  if (triggerFilesOnly(ctx, options))
    return syncTriggerFilesOnly(ctx, state, options, (p, auth) => new EngineSetupError(p, auth));
  let index = await buildIndex(ctx, state, { paths: options.paths, category: options.category });
  let session = index.session;
  if (!session || (index.notion.problem && !index.notion.reachable)) {
    const problem = index.notion.problem ?? { reason: 'error' as const, message: 'Notion is not available.', fix: '' };
    await state.save();
    throw new EngineSetupError(problem, problem.reason === 'auth');
  }
  // Two-way: pull first, on the same row queries; the index is read again only when the pull wrote.
  let pull: PullReport | undefined;
  const earlier = { total: 0, reads: 0, writes: 0 };
  if (options.twoWay && !options.force) {
    try {
      pull = await pullIndexed(ctx, session, state, index, { dryRun: options.dryRun });
    } catch (err) {
      if (err instanceof NotionError && err.kind === 'auth')
        throw new EngineSetupError({ reason: 'auth', message: err.message, fix: 'Check the integration token.' }, true);
      throw err;
    }
    if (!options.dryRun && !pull.cancelled && pull.items.some((i) => i.action !== 'unchanged')) {
      const c = session.gw.counts;
      Object.assign(earlier, { total: c.total, reads: c.reads, writes: c.writes });
      index = await buildIndex(ctx, state, { paths: options.paths, category: options.category });
      if (!index.session) throw new EngineSetupError(index.notion.problem!, index.notion.problem?.reason === 'auth');
      session = index.session;
    }
  }

  const report: SyncReport = { ...emptyReport(!!options.dryRun, index.notion), pull };

  if (pull?.cancelled) {
    report.cancelled = true;
    finishCounts(report, session, earlier);
    await state.save();
    return report;
  }

  ctx.onProgress?.({ phase: 'plan', message: 'Planning' });
  options.onIndex?.(index);
  // A run that writes its log row anyway seals its multi-request creates with it (seals.ts): no
  // completion write per page. Decided before the plan, whose estimates follow from it (only when
  // something is new: the Execution Logs database may take a read to resolve).
  const logged = options.executionLog !== false;
  const sealing =
    logged && index.items.some((i) => i.state === 'new' && !i.adopt) && (await sealsWithLog(ctx, session, state));
  const ops: Op[] = [];
  for (const status of index.items) {
    if (status.state === 'skipped' || status.writingElsewhere) {
      report.skipped.push({ path: status.path, reason: status.reason ?? 'skipped' });
      continue;
    }
    if (status.state === 'orphaned') continue;
    if (options.adoptOnly && !status.adopt) continue;
    ops.push(await planItem(status, index, state, { ...options, sealed: sealing }));
  }
  // A document whose links wait for pages this run creates later is written again at the end (links.ts):
  // its changed blocks and its Content Hash, at least two writes.
  for (const op of plannedFixups(ops)) {
    op.estimatedCalls += 2;
    op.reason = op.reason ?? 'links to documents this run creates';
  }
  for (const op of ops) {
    report.plan.push({
      category: op.status.category,
      path: op.status.path,
      action: op.action,
      estimatedCalls: op.estimatedCalls,
      reason: op.reason,
      pageId: op.status.pageId ?? op.status.adopt?.row.pageId,
    });
    if (op.converted && op.converted.secrets.length > 0) {
      report.secrets.push({
        path: op.status.path,
        kinds: [...new Set(op.converted.secrets.map((s) => s.kind))],
        count: op.converted.secrets.length,
      });
    }
    if (op.action === 'ambiguous') {
      report.skipped.push({ path: op.status.path, reason: op.reason ?? 'several existing rows could be this file' });
      ctx.log?.('warn', `${op.status.path}: not created: ${op.reason}`);
    }
    if (op.action === 'unchanged') report.unchanged++;
    if (op.action === 'conflict') {
      report.conflicts++;
      report.conflictPaths.push(op.status.path);
    }
  }

  await triggerFilesStep(ctx, session, state, index.inventory.triggers, options, report);
  if (options.dryRun) {
    for (const op of ops)
      if (op.action === 'fail') report.failures.push({ path: op.status.path, reason: op.reason ?? 'failed' });
    report.failed = report.failures.length;
    finishCounts(report, session, earlier);
    await state.save();
    return report;
  }

  const work = orderForLinks(
    ops.filter(
      (op) =>
        op.action === 'create' ||
        op.action === 'update' ||
        op.action === 'move' ||
        op.action === 'adopt' ||
        op.action === 'fail',
    ),
  );
  const written = new Set<Op>();
  // Recorded (and saved) before the first write: a killed run is known here as over, its pages unsealed.
  const seal = sealing && work.some((op) => op.action === 'create') ? openRun(state, randomUUID()) : undefined;
  if (seal) await state.save();
  let done = 0;
  for (const op of work) {
    if (ctx.signal?.aborted) {
      report.cancelled = true;
      break;
    }
    ctx.onProgress?.({ phase: 'write', message: op.status.path, done, total: work.length });
    try {
      if (op.action === 'fail') throw new Error(op.reason ?? 'cannot be synced');
      try {
        report.written.push(await execute(ctx, session, state, index, op, seal));
      } catch (err) {
        // The cached schema was stale (someone removed a property in Notion): re-read it once and retry.
        if (!(
          err instanceof NotionError &&
          err.kind === 'validation' &&
          /is not a property that exists/.test(err.message)
        ))
          throw err;
        const cat = index.categories[op.status.category]!;
        cat.db = await resolveCached(session, state, cat.databaseId!, true, mappingOf(ctx.config, cat.databaseId!));
        report.written.push(await execute(ctx, session, state, index, op, seal));
      }
      written.add(op);
      if (op.action === 'create') report.created++;
      else if (op.action === 'move') report.moved++;
      else if (op.action === 'adopt') {
        report.adopted++;
        report.adoptedPaths.push(op.status.path);
      } else report.updated++;
    } catch (err) {
      if (err instanceof NotionError && err.kind === 'cancelled') {
        report.cancelled = true;
        break;
      }
      if (err instanceof ConcurrentWriteError) {
        report.conflicts++;
        report.conflictPaths.push(op.status.path);
        ctx.log?.('warn', `${op.status.path}: ${err.message}`);
        done++;
        continue;
      }
      if (err instanceof NotionError && err.kind === 'auth') {
        await state.save();
        throw new EngineSetupError({ reason: 'auth', message: err.message, fix: 'Check the integration token.' }, true);
      }
      report.failed++;
      report.failures.push({ path: op.status.path, reason: err instanceof Error ? err.message : String(err) });
      ctx.log?.('error', `${op.status.path}: ${err instanceof Error ? err.message : String(err)}`);
    }
    done++;
    await state.save();
  }
  ctx.onProgress?.({ phase: 'write', message: 'Written', done, total: work.length });
  // A cancelled run sends nothing more: its twins (if any) are settled by the other writer or by `prune`.
  const created = report.cancelled
    ? []
    : work.flatMap((op) => (op.created ? [{ category: op.status.category, path: op.status.path, ...op.created }] : []));
  const twins = await settleCreates(ctx, session, state, index, created);
  for (const [path, pageId] of twins.survivors) {
    index.links.setPage(path, pageId);
    for (const entry of report.plan) if (entry.path === path && entry.action === 'create') entry.pageId = pageId;
    // Another writer's twin survived: what it holds is not known from our answers.
    report.written = report.written.filter((w) => w.row.path !== path || w.row.pageId === pageId);
  }
  for (const path of twins.conflicts) {
    report.written = report.written.filter((w) => w.row.path !== path);
    report.created--;
    report.conflicts++;
    report.conflictPaths.push(path);
  }

  if (!report.cancelled) await fixLinks(ctx, session, state, index, ops, written, report);

  // Logs queued while Notion was unreachable go out with the first run that reaches it.
  await flushPendingLogs(session.gw, state, (id) =>
    resolveCached(session, state, id, false, mappingOf(ctx.config, id)),
  ).catch(() => undefined);

  // A page of this run may be partial without saying so: its complete pages are marked one by one instead.
  const sealed = seal && sealable(seal) && !report.cancelled ? seal : undefined;
  if (seal && !sealed && !report.cancelled)
    await completeOneByOne(
      session.gw,
      state,
      seal,
      (path) => index.categories[classifyPath(ctx.config, path) ?? '']?.db,
      ctx.log,
    );

  finishCounts(report, session, earlier);
  if (
    logged &&
    (report.created + report.adopted + report.updated + report.moved + report.failed > 0 || report.cancelled)
  ) {
    ctx.onProgress?.({ phase: 'log', message: 'Writing the execution log' });
    const status: RunStatus = report.cancelled
      ? 'cancelled'
      : report.failed === 0
        ? 'success'
        : report.created + report.adopted + report.updated + report.moved > 0
          ? 'partial'
          : 'failed';
    const logDb = await executionLogDatabase(ctx, session, state);
    const body = [
      `Sync of ${ctx.config.workspaceName}: created ${report.created}, adopted ${report.adopted}, updated ${report.updated}, moved ${report.moved}, unchanged ${report.unchanged}, conflicts ${report.conflicts}, failed ${report.failed}.`,
      ...report.failures.map((f) => `FAILED ${f.path}: ${f.reason}`),
      ...report.conflictPaths.map((p) => `CONFLICT ${p}: edited in Notion; not overwritten (use --force)`),
    ];
    // A cancelled run cannot send requests any more: its row is queued for the next run.
    const result = await recordExecution(
      report.cancelled ? undefined : session.gw,
      state,
      ctx.config,
      {
        name: `sync ${ctx.config.workspaceName} ${started.toISOString().slice(0, 16).replace('T', ' ')}`,
        status,
        started,
        finished: new Date(),
        trigger: ctx.trigger,
        command: ctx.command ?? 'notion-sync sync',
        exitCode: report.failed > 0 ? 1 : 0,
        items: {
          created: report.created + report.moved,
          updated: report.updated + report.adopted,
          failed: report.failed,
          conflicts: report.conflicts,
        },
        apiCalls: report.apiCalls,
        secrets: ctx.token ? [ctx.token] : [],
        body,
        // The run's id seals its pages (seals.ts) once this row is in Notion.
        runId: sealed?.id,
      },
      logDb,
    );
    if (sealed && result.pageId) noteSealed(state, [sealed.id]);
    report.executionLogPageId = result.pageId;
    report.executionLogNote = result.reason;
  }
  await state.save();
  ctx.onProgress?.({ phase: 'done', message: 'Done' });
  return report;
}

function finishCounts(report: SyncReport, session: NotionSession, earlier = { total: 0, reads: 0, writes: 0 }): void {
  report.apiCalls = earlier.total + session.gw.counts.total;
  report.reads = earlier.reads + session.gw.counts.reads;
  report.writes = earlier.writes + session.gw.counts.writes;
}

/**
 * Documents whose links point at pages this run created (links.ts): their blocks with those links are
 * written again, then their Content Hash. A failure here is the document's failure; the next run retries.
 */
async function fixLinks(
  ctx: EngineContext,
  session: NotionSession,
  state: SyncState,
  index: WorkspaceIndex,
  ops: Op[],
  written: Set<Op>,
  report: SyncReport,
): Promise<void> {
  for (const { op, wasUnchanged } of linkFixups(index, ops, written, state)) {
    if (ctx.signal?.aborted) {
      report.cancelled = true;
      return;
    }
    ctx.onProgress?.({ phase: 'write', message: `${op.status.path} (links)` });
    try {
      const fixed = await execute(ctx, session, state, index, op);
      // The row as the fix-up left it replaces what the first write said (front ends apply these).
      report.written = [...report.written.filter((w) => w.row.pageId !== fixed.row.pageId), fixed];
      if (wasUnchanged) {
        report.unchanged--;
        report.updated++;
        const entry = report.plan.find((e) => e.path === op.status.path);
        if (entry) entry.action = 'update';
      }
    } catch (err) {
      if (err instanceof NotionError && err.kind === 'cancelled') {
        report.cancelled = true;
        return;
      }
      if (err instanceof NotionError && err.kind === 'auth') {
        await state.save();
        throw new EngineSetupError({ reason: 'auth', message: err.message, fix: 'Check the integration token.' }, true);
      }
      const reason = `links not updated: ${err instanceof Error ? err.message : String(err)}`;
      report.failed++;
      report.failures.push({ path: op.status.path, reason });
      ctx.log?.('error', `${op.status.path}: ${reason}`);
    }
    await state.save();
  }
}

/** Whether this run can seal its pages with its log row: an Execution Logs database with `Run ID` is at hand. */
async function sealsWithLog(ctx: EngineContext, session: NotionSession, state: SyncState): Promise<boolean> {
  const logDb = await executionLogDatabase(ctx, session, state);
  return !!logDb?.dataSourceId && !!logDb.names?.has('Run ID') && !!logDb.properties;
}

/** The Execution Logs database, resolved (from the cache when possible), with its property mapping. */
export async function executionLogDatabase(
  ctx: EngineContext,
  session: NotionSession | undefined,
  state: SyncState,
): Promise<LogDatabase | undefined> {
  const databaseId = ctx.config.executionLogs.databaseId;
  if (!databaseId) return undefined;
  const mapping = ctx.config.executionLogs.properties;
  const cached = state.data.dataSources[databaseId];
  if (cached && (cached.options !== undefined || !session)) return withMapping({ databaseId, ...cached }, mapping);
  const unresolved = { databaseId, names: new PropertyNames(mapping ?? {}) };
  if (!session) return unresolved;
  try {
    return await resolveCached(session, state, databaseId, false, mapping);
  } catch {
    return unresolved;
  }
}
