import * as vscode from 'vscode';
import type { EngineContext, ProgressEvent, Trigger } from '../../core/sync';
import { ContextKeys } from '../ids';
import type { SyncModel } from '../model';
import { timeLeft } from '../time-left';
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
  /** A sync: each item turns synced in the tree as soon as it is written, not at the end of the run. */
  markWritten?: boolean;
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
          const busyEta = timeLeft();
          if (options.busy) model.setBusy({ title: options.busy });
          try {
            const ctx = await model.engine(options.trigger ?? 'editor', {
              signal: abort?.signal,
              command: options.command,
              interactive: options.interactive,
              onProgress: (e) => {
                report(e);
                const left = e.phase === 'write' && e.total ? busyEta(e.done ?? 0, e.total) : '';
                if (options.busy)
                  model.setBusy({
                    title: options.busy,
                    message: left ? `${e.message} — ${left}` : e.message,
                    done: e.done,
                    total: e.total,
                  });
              },
            });
            if (options.markWritten) trackWrites(model, ctx);
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

/** Engine progress events as progress reports: counts and the time left while items are written, and the bar advanced by percent. */
function progressReporter(
  progress: vscode.Progress<{ message?: string; increment?: number }>,
): (e: ProgressEvent) => void {
  let last = 0;
  const eta = timeLeft();
  return (e) => {
    const counted = e.phase === 'write' && e.total;
    const pct = e.total ? Math.round(((e.done ?? 0) / e.total) * 100) : undefined;
    const left = counted ? eta(e.done ?? 0, e.total!) : '';
    progress.report({
      message: counted
        ? `${e.message} (${Math.min((e.done ?? 0) + 1, e.total!)}/${e.total}${left ? `, ${left}` : ''})`
        : e.message,
      increment: pct !== undefined ? Math.max(0, pct - last) : undefined,
    });
    if (pct !== undefined) last = pct;
  };
}

/**
 * The engine announces each item before writing it (`write` events name its path) and logs an error
 * naming the path when it fails: an item announced, not failed, and followed by the next is written.
 */
function trackWrites(model: SyncModel, ctx: EngineContext): void {
  let current: string | undefined;
  const failed = new Set<string>();
  const onProgress = ctx.onProgress;
  const log = ctx.log;
  const settle = (): void => {
    if (current && !failed.has(current)) model.markWritten(current);
    current = undefined;
  };
  ctx.log = (level, message) => {
    if (level === 'error' && current && message.startsWith(`${current}: `)) failed.add(current);
    log?.(level, message);
  };
  ctx.onProgress = (e) => {
    if (e.phase === 'write') {
      settle();
      if (e.total && (e.done ?? 0) < e.total && e.message !== 'Written') current = e.message;
    }
    onProgress?.(e);
  };
}
