import * as vscode from 'vscode';
import type { ExtensionApi } from './extension';
import { Commands, ViewIds } from './ids';

/** Builds the extension's services. Issue 6 grows this into the full editor experience. */
export async function startExtension(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<ExtensionApi> {
  const tree = new SyncTreeProvider();
  const view = vscode.window.createTreeView(ViewIds.items, { treeDataProvider: tree, showCollapseAll: true });
  const status = vscode.window.createStatusBarItem('notionSync.status', vscode.StatusBarAlignment.Left, 50);
  status.name = 'Notion Sync';
  status.text = '$(sync) Notion';
  status.tooltip = 'Notion Workspace Sync';
  status.command = Commands.showLog;
  status.show();

  const refresh = async (): Promise<void> => {
    tree.refresh();
  };

  context.subscriptions.push(
    view,
    status,
    vscode.commands.registerCommand(Commands.refresh, refresh),
    vscode.commands.registerCommand(Commands.showLog, () => log.show()),
  );
  log.info('Notion Workspace Sync activated');
  return { log, refresh };
}

class SyncTreeProvider implements vscode.TreeDataProvider<vscode.TreeItem> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  refresh(): void {
    this.changed.fire();
  }
  getTreeItem(element: vscode.TreeItem): vscode.TreeItem {
    return element;
  }
  getChildren(): vscode.TreeItem[] {
    return ['Plans', 'Reports', 'Scripts', 'Agent Chats', 'Trigger Files'].map((label) => {
      const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `category:${label}`;
      item.contextValue = 'notionSync.category';
      return item;
    });
  }
}
