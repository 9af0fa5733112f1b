import type { EngineContext } from './session';
import { loadState } from './session';
import { SyncState } from './state';
import { acquireLock, describeOwner } from './lock';
import { EngineSetupError } from './sync';
import { NotionError } from '../notion/errors';
import { buildIndex } from './workspace-index';
import { pullIndexed } from './pull-items';
import type { PullOptions, PullReport } from './pull-items';

/** `notion-sync pull`: one writer at a time (the sync lock), then pull-items.ts on a fresh index. */
export async function runPull(ctx: EngineContext, options: PullOptions = {}): Promise<PullReport> {
  if (options.dryRun) return pullLocked(ctx, options);
  const lock = await acquireLock(SyncState.lockFileFor(ctx.config.root, ctx.stateDir), {
    waitMs: options.lockWaitMs,
    command: ctx.command ?? 'notion-sync pull',
    signal: ctx.signal,
    onWait: (owner) => ctx.log?.('info', `Waiting for another run to finish: ${describeOwner(owner)}`),
  });
  try {
    return await pullLocked(ctx, options);
  } finally {
    await lock.release();
  }
}

async function pullLocked(ctx: EngineContext, options: PullOptions): Promise<PullReport> {
  const state = await loadState(ctx);
  const index = await buildIndex(ctx, state, { paths: options.paths, category: options.category });
  const session = index.session;
  if (!session || (index.notion.problem && !index.notion.reachable)) {
    const problem = index.notion.problem ?? { reason: 'error' as const, message: 'Notion is not available.', fix: '' };
    await state.save();
    throw new EngineSetupError(problem, problem.reason === 'auth');
  }
  try {
    return await pullIndexed(ctx, session, state, index, { dryRun: options.dryRun });
  } catch (err) {
    if (err instanceof NotionError && err.kind === 'auth')
      throw new EngineSetupError({ reason: 'auth', message: err.message, fix: 'Check the integration token.' }, true);
    throw err;
  }
}
