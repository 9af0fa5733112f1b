import * as vscode from 'vscode';
import { notionSideUri } from '../compare';
import { ContextKeys } from '../ids';
import { viewDescription } from '../folders';
import type { CommandDeps, Target } from './deps';
import { fileUriOf, itemOf } from './targets';

/** Opens the item's Notion page in the browser. */
export async function openInNotion(deps: CommandDeps, arg?: Target): Promise<unknown> {
  const item = itemOf(deps, arg);
  if (!item?.url)
    return void vscode.window.showInformationMessage(
      `${item?.path ?? 'This file'} has no Notion page yet: sync it first.`,
    );
  return vscode.env.openExternal(vscode.Uri.parse(item.url));
}

/**
 * A diff editor: the Notion page as markdown (or as the script) on the left, read-only, rendered by the
 * converter `pull` merges with; the local file itself on the right, editable and saved as usual.
 */
export async function compare(deps: CommandDeps, arg?: Target): Promise<void> {
  const item = itemOf(deps, arg);
  if (!item?.pageId) {
    void vscode.window.showInformationMessage(
      `${item?.path ?? 'This file'} has no Notion page to compare with: sync it first.`,
    );
    return;
  }
  if (!item.local) {
    void vscode.window.showInformationMessage(`${item.path} no longer exists locally.`);
    return;
  }
  const local = fileUriOf(deps, item.path);
  if (!local) return;
  const name = item.path.split('/').pop();
  await vscode.commands.executeCommand(
    'vscode.diff',
    notionSideUri(item.path, item.pageId),
    local,
    `${name}: Notion ↔ Local`,
    {
      preview: true,
    },
  );
}

/**
 * Opens the file in an editor. A click on a tree row passes `{ preview, preserveFocus }` (the focus
 * stays in the tree); from a menu the second argument is the selection, and the editor takes the focus.
 */
export async function openFile(deps: CommandDeps, arg?: Target, options?: unknown): Promise<void> {
  const uri = fileUriOf(deps, arg);
  const click = options && typeof options === 'object' && !Array.isArray(options) ? options : {};
  const preserveFocus = 'preserveFocus' in click && click.preserveFocus === true;
  if (uri) await vscode.window.showTextDocument(uri, { preview: true, preserveFocus });
}

export async function revealInExplorer(deps: CommandDeps, arg?: Target): Promise<void> {
  const uri = fileUriOf(deps, arg);
  if (uri) await vscode.commands.executeCommand('revealInExplorer', uri);
}

/** Shows only the items that need attention (or everything again). */
export async function setFilter(deps: CommandDeps, on: boolean): Promise<void> {
  deps.tree.attentionOnly = on;
  deps.treeView.description = viewDescription(deps.model.root, on);
  await deps.setContext(ContextKeys.filtered, on);
  deps.tree.rebuild();
}
