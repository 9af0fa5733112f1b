import * as vscode from 'vscode';
import { Commands } from './ids';
import type { SyncModel } from './model';

/**
 * One status bar item that says the state at a glance. Background colours only where it matters:
 * warning for conflicts, error when Notion cannot be used. Clicking opens a quick pick of actions.
 */
export class StatusBarController implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: SyncModel) {
    this.item = vscode.window.createStatusBarItem('notionSync.status', vscode.StatusBarAlignment.Left, 50);
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
    const conflicts = m.items.filter((i) => i.state === 'conflict').length;
    const errors = m.items.filter((i) => i.state === 'error').length;
    const pending = m.items.filter((i) => i.state === 'new' || i.state === 'modified').length;

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
      text = '$(debug-disconnect) Notion: not connected';
      lines.push(m.problem?.message ?? 'Not connected to Notion.', `[Connect to Notion](command:${Commands.connect})`);
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
        m.problem?.message ?? 'Something went wrong.',
        m.problem?.fix ?? '',
        `[Show Log](command:${Commands.showLog})`,
      );
    } else if (conflicts > 0) {
      text = `$(warning) Notion: ${conflicts} conflict${conflicts === 1 ? '' : 's'}`;
      background = new vscode.ThemeColor('statusBarItem.warningBackground');
      lines.push(`${conflicts} item${conflicts === 1 ? ' was' : 's were'} edited in Notion since the last sync.`);
      if (pending) lines.push(`${pending} more to sync.`);
    } else if (errors > 0) {
      text = `$(error) Notion: ${errors} failed`;
      background = new vscode.ThemeColor('statusBarItem.errorBackground');
      lines.push(`${errors} item${errors === 1 ? '' : 's'} cannot be synced.`);
    } else if (pending > 0) {
      text = `$(sync) Notion: ${pending} to sync`;
      lines.push(
        `${pending} item${pending === 1 ? '' : 's'} new or modified locally.`,
        `[Sync All Pending Items](command:${Commands.syncAll})`,
      );
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
      enabledCommands: [Commands.connect, Commands.initDatabases, Commands.showLog, Commands.syncAll],
    };
    item.tooltip = tooltip;
    item.accessibilityInformation = { label: text.replace(/\$\([^)]+\)\s*/g, '') };
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
