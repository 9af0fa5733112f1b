import * as vscode from 'vscode';
import { NotionError } from '../core/notion/errors';
import { checkRemote } from '../core/sync/remote-check';
import type { SyncModel } from './model';
import { affects, getSetting } from './settings';

/** What one check of Notion did (the log and the host tests). */
export interface NotionCheck {
  /** Why it did not ask Notion (not ready, offline, a sync running, …). */
  skipped?: string;
  /** Requests spent: one query per database whose rows are known. */
  apiCalls: number;
  /** Rows found edited since the previous read or check. */
  changed: string[];
  /** Why Notion could not be asked; a full read then follows (it marks the view offline if need be). */
  problem?: string;
}

/** Focus comes and goes often: a check on focus waits at least this long after the previous one. */
const FOCUS_MIN_GAP_MS = 30_000;

/**
 * Test-only knob, like NOTION_SYNC_AUDIT_INTERVAL_MS: `NOTION_SYNC_NOTION_CHECK_MS` replaces the interval
 * (and the gap between focus checks) of an enabled `notionSync.notionCheckIntervalMinutes`.
 */
function testIntervalMs(): number | undefined {
  const v = Number(process.env.NOTION_SYNC_NOTION_CHECK_MS);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

/**
 * Keeps the Notion side current without reading everything again. One timer and the window's focus:
 *
 * - online: every `notionSync.notionCheckIntervalMinutes` (5; 0 = off) and when the window gets focus,
 *   one query per database for this workspace's rows edited since the last read (core's `checkRemote`);
 *   nothing changed costs only those queries, a change re-classifies the files against the rows — a
 *   teammate's edit shows as remote-modified or conflict with no full refresh.
 * - offline (Notion could not be read): a full read again on focus and on a timer that starts short (a
 *   blip) and backs off to once a minute (an outage), so the view reconnects by itself.
 */
export class NotionWatcher implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private timer?: ReturnType<typeof setTimeout>;
  /** What the armed timer does: read again while offline, or check while online. */
  private timerKind?: 'reconnect' | 'check';
  private readonly firstRetryMs = Math.max(500, Number(process.env.NOTION_SYNC_RECONNECT_MS) || 5000);
  private retryMs = this.firstRetryMs;
  private lastCheck = 0;
  private checking?: Promise<NotionCheck>;
  private disposed = false;
  /** Checks finished (run or skipped), and the last one, for the host tests. */
  checks = 0;
  last?: Promise<NotionCheck>;

  constructor(
    private readonly model: SyncModel,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      model.onDidChange(() => this.schedule()),
      vscode.window.onDidChangeWindowState((w) => {
        if (w.focused) this.focused();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, 'notionCheckIntervalMinutes')) this.reschedule();
      }),
    );
  }

  /** The interval of the online check, or undefined when it is off. */
  get intervalMs(): number | undefined {
    const minutes = Number(getSetting('notionCheckIntervalMinutes'));
    if (!(minutes > 0)) return undefined;
    return testIntervalMs() ?? Math.max(1, minutes) * 60_000;
  }

  private focused(): void {
    if (this.model.offline) return void this.reconnect();
    const gap = Math.min(FOCUS_MIN_GAP_MS, this.intervalMs ?? FOCUS_MIN_GAP_MS);
    if (this.intervalMs && Date.now() - this.lastCheck >= gap) void this.check();
  }

  private reconnect(): void {
    if (this.model.offline && !this.model.refreshing) void this.model.refresh();
  }

  private reschedule(): void {
    this.clearTimer();
    this.schedule();
  }

  private clearTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerKind = undefined;
  }

  /** Arms the one timer for what the model's state needs: a reconnect while offline, else the next check. */
  private schedule(): void {
    if (this.disposed) return;
    if (this.model.offline) {
      if (this.timerKind === 'check') this.clearTimer();
      if (this.timer || this.model.refreshing) return;
      this.timerKind = 'reconnect';
      this.timer = setTimeout(() => {
        this.clearTimer();
        this.retryMs = Math.min(this.retryMs * 2, 60_000);
        this.reconnect();
      }, this.retryMs);
      return;
    }
    this.retryMs = this.firstRetryMs;
    const ms = this.intervalMs;
    if (!ms || this.timerKind === 'reconnect') this.clearTimer();
    if (!ms || this.timer || this.checking) return;
    this.timerKind = 'check';
    this.timer = setTimeout(() => {
      this.clearTimer();
      void this.check().finally(() => this.schedule());
    }, ms);
  }

  /** Asks Notion what changed since the last read (one query per database); coalesces with one running. */
  check(): Promise<NotionCheck> {
    if (this.checking) return this.checking;
    const run = this.checkOnce()
      .catch((err: unknown): NotionCheck => {
        const message = err instanceof Error ? err.message : String(err);
        if (!(err instanceof NotionError && err.kind === 'cancelled'))
          this.log.warn(`Checking Notion failed: ${message}`);
        return { apiCalls: 0, changed: [], problem: message };
      })
      .finally(() => {
        this.checks++;
        this.lastCheck = Date.now();
        this.checking = undefined;
      });
    this.checking = run;
    this.last = run;
    return run;
  }

  private async checkOnce(): Promise<NotionCheck> {
    const model = this.model;
    const skip = model.busy
      ? `${model.busy.title} in progress`
      : model.refreshing
        ? 'a refresh is running'
        : !model.canReadLocally || !model.connected || !model.notionReadAt
          ? `view ${model.offline ? 'offline' : model.viewState}`
          : undefined;
    if (skip) {
      this.log.debug(`Notion check skipped: ${skip}`);
      return { skipped: skip, apiCalls: 0, changed: [] };
    }
    const result = await model.exclusive(async () => {
      // Read here, after the operations queued before this one (a read may have replaced them).
      const known = model.knownRows;
      const since = model.notionReadAt;
      if (!known || !since || !model.canReadLocally) return undefined;
      // Fail fast: a full read follows a failure and says what is wrong.
      const ctx = await model.engine('auto', { interactive: true });
      return { since, ...(await checkRemote(ctx, known, since)) };
    });
    if (!result) return { skipped: 'nothing known', apiCalls: 0, changed: [] };
    if (result.problem) {
      this.log.warn(`Checking Notion: ${result.problem.message}`);
      // Unreachable or refused: a full read says so in the view (and reconnects by itself).
      await model.refresh();
      return { apiCalls: result.apiCalls, changed: [], problem: result.problem.message };
    }
    model.knownRows = result.rows;
    model.notionReadAt = result.checkedAt;
    model.lastRefresh = new Date();
    const changed = result.changed.map((c) => c.row.path);
    if (changed.length) {
      this.log.info(`Notion: ${changed.length} row(s) changed since the last read (${changed.join(', ')})`);
      await model.refresh('local');
    } else this.log.debug(`Notion checked: nothing changed (${result.apiCalls} request(s))`);
    return { apiCalls: result.apiCalls, changed };
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimer();
    for (const d of this.disposables) d.dispose();
  }
}
