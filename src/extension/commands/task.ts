import * as vscode from 'vscode';
import type { EngineContext, ProgressEvent, Trigger } from '../../core/sync';
import { ContextKeys } from '../ids';
import type { SyncModel } from '../model';
import type { CommandDeps } from './deps';

/** How one engine operation started by a command shows itself while it runs. */
export interface TaskOptions {
  /** The progress title, e.g. "Notion Sync: syncing all pending items". */
  title: string;
  /** A Cancel button that aborts the operation (the engine stops between requests). */
  cancellable?: boolean;
  /** In the status bar instead of a notification (background work: sync on save). */
  quiet?: boolean;
  /**
   * Marks the editor busy while the task runs: the `notionSync.busy` context key (menus hide
   * "Sync") and the status bar's spinner, which shows this text and the progress counts.
   */
  busy?: string;
  /** Who started it, for the engine and the execution log (default: the editor). */
  trigger?: Trigger;
  /** The command line recorded in the execution log. */
  command?: string;
  /** The user waits for it: a short retry budget, so an outage is reported in seconds. */
  interactive?: boolean;
}

/**
 * Runs one engine operation for a command: a progress notification (cancellable when asked),
 * queued behind the operations already running (`model.exclusive`: they share the state file),
 * with the engine's progress events shown as "message (n/total)" and, when `busy`, the editor
 * marked busy until it ends. `work` gets the engine context; `ctx.signal` is aborted by Cancel.
 * Used by the commands and by the automatic chat capture (which has no context keys to set).
 */
export async function runTask<T>(
  deps: { model: SyncModel; setContext?: CommandDeps['setContext'] },
  options: TaskOptions,
  work: (ctx: EngineContext) => Promise<T>,
): Promise<T> {
  const { model } = deps;
  const location = options.quiet ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification;
  if (options.busy) await deps.setContext?.(ContextKeys.busy, true);
  try {
    return await vscode.window.withProgress(
      { location, title: options.title, cancellable: !!options.cancellable && !options.quiet },
      (progress, cancel) =>
        model.exclusive(async () => {
          const abort = options.cancellable ? new AbortController() : undefined;
          const sub = abort ? cancel.onCancellationRequested(() => abort.abort()) : undefined;
          const report = progressReporter(progress);
          if (options.busy) model.setBusy({ title: options.busy });
          try {
            const ctx = await model.engine(options.trigger ?? 'editor', {
              signal: abort?.signal,
              command: options.command,
              interactive: options.interactive,
              onProgress: (e) => {
                report(e);
                if (options.busy)
                  model.setBusy({ title: options.busy, message: e.message, done: e.done, total: e.total });
              },
            });
            return await work(ctx);
          } finally {
            sub?.dispose();
            if (options.busy) model.setBusy(undefined);
          }
        }),
    );
  } finally {
    if (options.busy) await deps.setContext?.(ContextKeys.busy, false);
  }
}

/** Engine progress events as progress reports: counts while items are written, and the bar advanced by percent. */
function progressReporter(
  progress: vscode.Progress<{ message?: string; increment?: number }>,
): (e: ProgressEvent) => void {
  let last = 0;
  return (e) => {
    const counted = e.phase === 'write' && e.total;
    const pct = e.total ? Math.round(((e.done ?? 0) / e.total) * 100) : undefined;
    progress.report({
      message: counted ? `${e.message} (${Math.min((e.done ?? 0) + 1, e.total!)}/${e.total})` : e.message,
      increment: pct !== undefined ? Math.max(0, pct - last) : undefined,
    });
    if (pct !== undefined) last = pct;
  };
}
