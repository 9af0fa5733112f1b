import * as vscode from 'vscode';
import { Commands } from './ids';
import { describeAttention } from './attention';
import { editorMessage } from './messages';
import type { SyncModel } from './model';
import { ago } from './tree/format';

/**
 * One status bar item that says the state at a glance. Background colours only where it matters:
 * warning for conflicts, error when Notion cannot be used. Clicking opens a quick pick of actions.
 */
export class StatusBarController implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly model: SyncModel,
    item = vscode.window.createStatusBarItem('notionSync.status', vscode.StatusBarAlignment.Left, 50),
  ) {
    this.item = item;
    this.item.name = 'Notion Sync';
    this.item.command = Commands.statusMenu;
    this.subscription = model.onDidChange(() => this.update());
    this.update();
    this.item.show();
  }

  update(): void {
    const m = this.model;
    const { item } = this;
    let text: string;
    let background: vscode.ThemeColor | undefined;
    const lines: string[] = [];
    const counts = m.counts;
    const parts = describeAttention(counts);
    const urgent = counts.conflicts + counts.errors + (counts.lastRun === 'failed' ? 1 : 0);

    if (m.busy) {
      const progress = m.busy.total ? ` ${m.busy.done ?? 0}/${m.busy.total}` : '';
      text = `$(sync~spin) Notion: ${m.busy.title}${progress}`;
      lines.push(`${m.busy.title}${progress}${m.busy.message ? ` — ${m.busy.message}` : ''}`);
    } else if (m.viewState === 'loading' || (m.refreshing && !m.overview)) {
      text = '$(sync~spin) Notion';
      lines.push('Reading the state of the workspace…');
    } else if (m.viewState === 'noFolder') {
      text = '$(sync) Notion';
      lines.push('Open a folder to sync it with Notion.');
    } else if (m.viewState === 'notConnected') {
      text = m.tokenRefused ? '$(error) Notion: token refused' : '$(debug-disconnect) Notion: not connected';
      lines.push(
        m.tokenRefused
          ? 'Notion refuses the saved token: it was revoked, or the integration was removed.'
          : (m.problem?.message ?? 'Not connected to Notion.'),
        `[Connect to Notion](command:${Commands.connect})`,
      );
    } else if (m.viewState === 'noDatabases') {
      text = '$(database) Notion: set up databases';
      lines.push(
        'No Notion database is configured for this workspace.',
        `[Initialize Databases](command:${Commands.initDatabases})`,
      );
    } else if (m.viewState === 'error') {
      text = '$(error) Notion: error';
      background = new vscode.ThemeColor('statusBarItem.errorBackground');
      lines.push(
        m.problem ? editorMessage(m.problem) : 'Something went wrong.',
        `[Retry](command:${Commands.refresh}) · [Show Log](command:${Commands.showLog})`,
      );
    } else if (m.offline) {
      text = '$(cloud) Notion: offline';
      background = new vscode.ThemeColor('statusBarItem.warningBackground');
      lines.push(
        `Notion cannot be reached: ${editorMessage(m.offline)}`,
        'The local files are listed; their Notion side is unknown. Reconnecting by itself.',
        `[Retry](command:${Commands.refresh}) · [Show Log](command:${Commands.showLog})`,
      );
      if (m.lastRefresh)
        lines.push(
          `Last read from Notion: ${m.lastRefresh.toLocaleTimeString()} (${ago(m.lastRefresh.getTime())}); the items show their last known state in their tooltips`,
        );
    } else if (parts.length > 0) {
      // The same counts as the view's badge and the audit summary (attention.ts).
      const icon = urgent ? (counts.conflicts ? '$(warning)' : '$(error)') : '$(sync)';
      text = `${icon} Notion: ${parts.join(', ')}`;
      if (urgent)
        background = new vscode.ThemeColor(
          counts.conflicts ? 'statusBarItem.warningBackground' : 'statusBarItem.errorBackground',
        );
      lines.push(`Needs attention: ${parts.join(' · ')}.`);
      if (m.lastSync)
        lines.push(`Last sync ${m.lastSync.outcome}${m.lastSync.message ? `: ${m.lastSync.message}` : ''}.`);
      if (counts.toSync) lines.push(`[Sync All Pending Items](command:${Commands.syncAll})`);
      if (counts.remoteModified) lines.push(`[Pull All Changes from Notion](command:${Commands.pullAll})`);
      lines.push(`[Show Only Items That Need Attention](command:${Commands.filterAttention})`);
    } else {
      text = '$(check) Notion: synced';
      lines.push('Everything is in sync.');
    }
    if (m.notionWorkspace) lines.push(`Notion workspace: ${m.notionWorkspace}`);
    if (m.lastRefresh) lines.push(`Checked ${m.lastRefresh.toLocaleTimeString()}`);
    item.text = text;
    item.backgroundColor = background;
    const tooltip = new vscode.MarkdownString(lines.filter(Boolean).join('\n\n'), true);
    tooltip.isTrusted = {
      enabledCommands: [
        Commands.connect,
        Commands.initDatabases,
        Commands.showLog,
        Commands.syncAll,
        Commands.pullAll,
        Commands.refresh,
        Commands.filterAttention,
      ],
    };
    item.tooltip = tooltip;
    item.accessibilityInformation = { label: text.replace(/\$\([^)]+\)\s*/g, '') };
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
