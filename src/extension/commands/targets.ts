import * as vscode from 'vscode';
import { ChatNode } from '../tree/chat-node';
import { FolderNode, ItemNode } from '../tree/nodes';
import { TriggerFileNode } from '../tree/trigger-nodes';
import type { CommandDeps, Target } from './deps';

/** The item a command is about, whatever it was invoked on. */
export interface TargetItem {
  path: string;
  url?: string;
  pageId?: string;
  state: string;
  local: boolean;
}

/** The workspace-relative path of a target, or undefined when it is not a file of this workspace. */
export function pathOf(deps: CommandDeps, target: Target): string | undefined {
  if (typeof target === 'string') return target.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/$/, '');
  if (target instanceof vscode.Uri)
    return target.scheme === 'file' ? deps.model.relativePath(target.fsPath) : undefined;
  if (target instanceof ItemNode || target instanceof FolderNode) return target.path;
  if (target instanceof TriggerFileNode) return target.path;
  if (target instanceof ChatNode) return target.session.exported ? target.path : undefined;
  return undefined;
}

/** The item of a target (default: the active editor's file), with its state as the view shows it. */
export function itemOf(deps: CommandDeps, arg?: Target): TargetItem | undefined {
  const target = arg ?? vscode.window.activeTextEditor?.document.uri;
  if (target instanceof ItemNode) return { ...target.status, local: !!target.status.local };
  if (target instanceof ChatNode) {
    const s = target.session;
    return { path: s.exportPath, url: s.url, pageId: s.pageId, state: target.state, local: s.exported };
  }
  if (!target) return undefined;
  const path = pathOf(deps, target);
  const status = path ? deps.model.item(path) : undefined;
  return status ? { ...status, local: !!status.local } : path ? { path, state: 'unknown', local: true } : undefined;
}

/** The `file:` URI of a target, for opening or revealing it. */
export function fileUriOf(deps: CommandDeps, arg?: Target): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const path = arg ? pathOf(deps, arg) : undefined;
  const abs = path ? deps.model.absolutePath(path) : undefined;
  return abs ? vscode.Uri.file(abs) : undefined;
}

/**
 * The sessions a capture was invoked on: a session id or ids (palette, tests), a chat node, or the
 * view's selection `(node, nodes[])`. Undefined: ask with the quick pick.
 */
export function sessionIdsOf(arg: unknown, args: unknown): string[] | undefined {
  const list =
    Array.isArray(args) && args.length
      ? args
      : Array.isArray(arg)
        ? arg
        : arg !== undefined && arg !== null
          ? [arg]
          : [];
  const ids = list.flatMap((a: unknown) =>
    typeof a === 'string' && a ? [a] : a instanceof ChatNode ? [a.session.id] : [],
  );
  return ids.length ? [...new Set(ids)] : undefined;
}
