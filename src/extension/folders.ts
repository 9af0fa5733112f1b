import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CONFIG_FILE_NAME } from '../core/config';
import type { SyncModel } from './model';

/** The workspace folders that have a .notion-sync.json (each syncs with its own configuration). */
export function configuredFolders(): vscode.WorkspaceFolder[] {
  return (vscode.workspace.workspaceFolders ?? []).filter(
    (f) => f.uri.scheme === 'file' && existsSync(join(f.uri.fsPath, CONFIG_FILE_NAME)),
  );
}

/** The configured folder a file belongs to, if any. */
export function configuredFolderOf(uri: vscode.Uri): string | undefined {
  if (uri.scheme !== 'file') return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return folder && configuredFolders().some((f) => f.uri.fsPath === folder.uri.fsPath) ? folder.uri.fsPath : undefined;
}

/**
 * The view's description: the folder shown when several folders are configured (multi-root), and
 * "needs attention" while the filter is on; undefined when there is nothing to say.
 */
export function viewDescription(root: string | undefined, attentionOnly: boolean): string | undefined {
  const folder =
    root && configuredFolders().length > 1
      ? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(root))?.name
      : undefined;
  const parts = [folder, attentionOnly ? 'needs attention' : undefined].filter((p): p is string => !!p);
  return parts.length ? parts.join(' · ') : undefined;
}

/**
 * Multi-root workspaces: each folder with its own .notion-sync.json is synced with its own
 * configuration, one at a time — the view, the badges and the commands follow the folder of the
 * active file (and a command invoked on a file of another folder switches to that folder first).
 * With one configured folder nothing changes.
 */
export class FolderFollower implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly model: SyncModel) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e) void this.follow(e.document.uri);
      }),
    );
    const active = vscode.window.activeTextEditor;
    if (active) void this.follow(active.document.uri);
  }

  /** Switches to the folder of `uri` when it is another configured folder; resolves once it is read. */
  async follow(uri: vscode.Uri): Promise<void> {
    if (configuredFolders().length < 2) return;
    const folder = configuredFolderOf(uri);
    if (folder && folder !== this.model.root) await this.model.useFolder(folder);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
