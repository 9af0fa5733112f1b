import * as vscode from 'vscode';
import { Commands } from './ids';
import type { SyncModel } from './model';
import { ago, STATE_LABELS } from './tree/format';

/**
 * The state of the file in the active editor, beside the workspace's status: "Notion: synced 2h ago",
 * "Notion: modified", … Clicking it opens the page in Notion when there is one, else syncs the file.
 * Hidden for files that belong to no category.
 */
export class ActiveFileStatus implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly model: SyncModel,
    item = vscode.window.createStatusBarItem('notionSync.activeFile', vscode.StatusBarAlignment.Left, 49),
  ) {
    this.item = item;
    this.item.name = 'Notion Sync: Current File';
    this.subscriptions = [
      model.onDidChange(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    ];
    this.update();
  }

  update(): void {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const rel = uri?.scheme === 'file' ? this.model.relativePath(uri.fsPath) : undefined;
    const status = rel ? this.model.item(rel) : undefined;
    if (!status || !status.local) {
      this.item.hide();
      return;
    }
    const state = status.state as string;
    const when = ago(status.row?.lastSynced ?? status.row?.lastEditedTime);
    const words: Record<string, string> = {
      synced: `synced ${when}`,
      modified: 'modified locally',
      new: 'not in Notion yet',
      'remote-modified': 'changed in Notion',
      conflict: 'conflict (changed in Notion too)',
      error: 'cannot be synced',
      unknown: 'offline',
    };
    const icon =
      state === 'conflict'
        ? '$(warning)'
        : state === 'error'
          ? '$(error)'
          : state === 'remote-modified'
            ? '$(cloud-download)'
            : '$(cloud)';
    this.item.text = `${icon} Notion: ${words[state] ?? state}`;
    const label = STATE_LABELS[state] ?? state;
    if (state === 'remote-modified' || state === 'conflict') {
      // Changed in Notion: one click brings it in (a conflict is merged, overlaps marked in the file).
      this.item.command = { command: Commands.pull, title: 'Pull from Notion', arguments: [status.path] };
      this.item.tooltip = `${status.path}: ${label}. Click to pull the changes made in Notion into the file.`;
    } else if (status.url) {
      this.item.command = { command: Commands.openInNotion, title: 'Open in Notion', arguments: [status.path] };
      this.item.tooltip = `${status.path}: ${label}. Click to open its page in Notion.`;
    } else {
      this.item.command = { command: Commands.sync, title: 'Sync to Notion', arguments: [status.path] };
      this.item.tooltip = `${status.path}: ${label}. Click to sync it to Notion.`;
    }
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
