import * as vscode from 'vscode';
import type { Alert, AuditReport } from '../core/audit';
import { auditAlerts, chatCensus, runAudit } from '../core/audit';
import { NotionError } from '../core/notion/errors';
import { showAuditReport } from './commands/audit';
import { runTask } from './commands/task';
import { Commands } from './ids';
import type { SyncModel } from './model';
import { affects, getSetting } from './settings';

/** What one periodic audit did (the log and the host tests). */
export interface AutomaticAudit {
  /** Why it did not run (a sync running, Notion not read, …); then nothing else is set. */
  skipped?: string;
  /** What is new since the previous audit (core's alerts), all kinds. */
  alerts: Alert[];
  /** The notification shown, if any (one at most). */
  notified?: string;
  /** Settles when the notification is answered: the report opened by "Show Audit", else undefined. */
  answered?: Promise<vscode.Uri | undefined>;
}

/**
 * Test-only knob, like NOTION_SYNC_CHAT_CAPTURE_DELAY_MS: `NOTION_SYNC_AUDIT_INTERVAL_MS` replaces the
 * interval of an enabled `notionSync.auditIntervalMinutes` (0 still means off). Read at each scheduling.
 */
function testIntervalMs(env: NodeJS.ProcessEnv): number | undefined {
  const v = Number(env.NOTION_SYNC_AUDIT_INTERVAL_MS);
  return env.NOTION_SYNC_AUDIT_INTERVAL_MS && Number.isFinite(v) && v > 0 ? v : undefined;
}

/** The view already says when Notion cannot be read (and reconnects by itself): not a monitoring alert here. */
const NOT_NOTIFIED = new Set<Alert['kind']>(['notion-unreachable']);

/**
 * Monitoring in the editor (issue 18): with `notionSync.auditIntervalMinutes` > 0 (off by default, never
 * in an untrusted workspace) the audit runs in the background every so often, one at a time, queued
 * behind the engine operations and skipped while a sync runs, with the background retry budget. Each
 * audit is compared with the previous one (core's alerts, snapshot in the extension's storage) and
 * what is new shows as ONE notification naming it, with "Show Audit" and "Fix…". Nothing new: nothing.
 */
export class AuditWatcher implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private timer?: ReturnType<typeof setTimeout>;
  private running?: Promise<AutomaticAudit>;
  private disposed = false;
  private enabledMs?: number;
  /** Periodic audits finished (run or skipped), for the host tests. */
  runs = 0;
  /** The last periodic audit, once one started. */
  last?: Promise<AutomaticAudit>;

  constructor(
    private readonly model: SyncModel,
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, 'auditIntervalMinutes')) this.schedule();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.schedule()),
    );
    this.schedule();
  }

  /** The interval now, or undefined when the periodic audit is off. */
  get intervalMs(): number | undefined {
    const minutes = Number(getSetting('auditIntervalMinutes'));
    if (!(minutes > 0) || !vscode.workspace.isTrusted) return undefined;
    return testIntervalMs(process.env) ?? Math.max(1, minutes) * 60_000;
  }

  /** (Re)arms the timer from the setting; the next audit comes one interval from now (or after the one running). */
  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.disposed) return;
    const ms = this.intervalMs;
    if (ms !== this.enabledMs)
      this.log.info(ms ? `Periodic audit every ${Math.round(ms / 1000)} s` : 'Periodic audit off');
    this.enabledMs = ms;
    if (!ms || this.running) return; // the running audit schedules the next when it ends
    this.timer = setTimeout(() => this.tick(), ms);
  }

  private tick(): void {
    this.timer = undefined;
    if (this.running || this.disposed) return;
    const run = this.runOnce()
      .catch((err: unknown): AutomaticAudit => {
        if (!(err instanceof NotionError && err.kind === 'cancelled'))
          this.log.warn(`Periodic audit failed: ${err instanceof Error ? err.message : String(err)}`);
        return { skipped: 'failed', alerts: [] };
      })
      .finally(() => {
        this.runs++;
        this.running = undefined;
        this.schedule();
      });
    this.running = run;
    this.last = run;
  }

  private async runOnce(): Promise<AutomaticAudit> {
    const model = this.model;
    const skip = model.busy
      ? `${model.busy.title} in progress`
      : model.viewState !== 'ready' || !model.connected
        ? `view ${model.viewState}`
        : model.offline
          ? 'Notion cannot be reached'
          : undefined;
    if (skip) {
      this.log.debug(`Periodic audit skipped: ${skip}`);
      return { skipped: skip, alerts: [] };
    }
    const result = await runTask(
      { model },
      { title: 'Notion Sync: periodic audit', quiet: true, trigger: 'auto', command: 'Notion Sync: periodic audit' },
      async (ctx) => {
        const census = chatCensus({
          workspaceFolder: ctx.config.root,
          editorUserDirs: [model.editorUserDir],
          tools: ctx.config.categories.agentChats?.capture,
          signal: ctx.signal,
        });
        const report = await runAudit(ctx, { chatCensus: census });
        const { alerts } = await auditAlerts(report, {
          stateDir: ctx.stateDir ?? this.context.globalStorageUri.fsPath,
          workspaceRoot: ctx.config.root,
        });
        return { report, root: ctx.config.root, alerts };
      },
    );
    for (const a of result.alerts) this.log.warn(`Periodic audit alert: [${a.severity}] ${a.title}`);
    if (result.alerts.length === 0) this.log.info('Periodic audit: nothing new since the previous audit');
    const shown = result.alerts.filter((a) => !NOT_NOTIFIED.has(a.kind));
    if (shown.length === 0 || this.disposed) return { alerts: result.alerts };
    const notified = alertMessage(shown);
    const answered = this.notify(notified, result.report, result.root);
    return { alerts: result.alerts, notified, answered };
  }

  /** One notification; not awaited by the audit (it stays until dismissed). */
  private async notify(message: string, report: AuditReport, root: string): Promise<vscode.Uri | undefined> {
    const choice = await vscode.window.showWarningMessage(message, 'Show Audit', 'Fix…');
    try {
      if (choice === 'Show Audit') return await showAuditReport(this.context, report, root);
      if (choice === 'Fix…') await vscode.commands.executeCommand(Commands.fix);
    } catch (err) {
      this.log.error(`Periodic audit: ${err instanceof Error ? err.message : String(err)}`);
    }
    return undefined;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

/** One line for all the new gaps, critical ones first: "Notion Sync: 2 new trigger files stale in the inbox: inbox/a.json, inbox/b.json". */
export function alertMessage(alerts: Alert[]): string {
  const ordered = [...alerts].sort((a, b) => Number(b.severity === 'critical') - Number(a.severity === 'critical'));
  return `Notion Sync: ${ordered.map((a) => a.title).join('; ')}`;
}
