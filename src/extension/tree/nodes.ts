import * as vscode from 'vscode';
import type { ItemStatus } from '../../core/sync';
import type { ScriptRun } from '../../core/sync/script-runs';
import { Commands, ContextValues, itemContextValue, Schemes } from '../ids';
import { categoryTitle, describe, runSummary, STATE_LABELS, tooltip } from './format';

/** The private URI a tree item carries: the decoration provider reads the badge from it. */
export function itemUri(kind: 'item' | 'trigger', path: string, state: string): vscode.Uri {
  return vscode.Uri.from({ scheme: Schemes.item, path: `/${path}`, query: `kind=${kind}&state=${state}` });
}

/**
 * What clicking a row that has a file does: open it as a preview and keep the focus in the tree,
 * so typing meant for the tree (its search, the arrow keys) never lands in the file.
 */
export function openOnClick(path: string, title = 'Open File'): vscode.Command {
  return { command: Commands.openFile, title, arguments: [path, { preview: true, preserveFocus: true }] };
}

/** A node of the Workspace view: it is its own TreeItem (stable `id`, namespaced `contextValue`). */
export abstract class Node extends vscode.TreeItem {
  parent?: Node;
  children(): Node[] {
    return [];
  }
}

export class CategoryNode extends Node {
  constructor(
    readonly name: string,
    readonly kids: Node[],
    counts: Record<string, number>,
    database?: { title?: string; url?: string; problem?: { message: string; fix: string } },
    chats?: { total: number; new: number; grown: number },
  ) {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    super(
      categoryTitle(name),
      total === 0 ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Expanded,
    );
    this.id = `category:${name}`;
    this.contextValue = ContextValues.category;
    this.iconPath = new vscode.ThemeIcon(
      name === 'scripts'
        ? 'terminal'
        : name === 'agentChats'
          ? 'comment-discussion'
          : name === 'reports'
            ? 'graph'
            : 'checklist',
    );
    const todo = (counts.new ?? 0) + (counts.modified ?? 0);
    const parts: string[] = [];
    if (todo) parts.push(`${todo} to sync`);
    if (counts['remote-modified']) parts.push(`${counts['remote-modified']} changed in Notion`);
    if (counts.conflict) parts.push(`${counts.conflict} conflict${counts.conflict === 1 ? '' : 's'}`);
    if (counts.error) parts.push(`${counts.error} error${counts.error === 1 ? '' : 's'}`);
    if (counts.orphaned) parts.push(`${counts.orphaned} orphaned`);
    if (counts.unknown) parts.push('Notion side unknown');
    this.description = total === 0 ? 'no items' : parts.length ? parts.join(' · ') : `${total} synced`;
    if (chats?.total) {
      // Agent Chats: the sessions found, then their exports' sync state when something is pending.
      const chatParts = [`${chats.total} session${chats.total === 1 ? '' : 's'}`];
      if (chats.new) chatParts.push(`${chats.new} not captured`);
      if (chats.grown) chatParts.push(`${chats.grown} with new turns`);
      this.description = [...chatParts, ...parts].join(' · ');
      this.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
    }
    const md = new vscode.MarkdownString(
      `**${categoryTitle(name)}** — ${chats?.total ? `${chats.total} agent chat session${chats.total === 1 ? '' : 's'}, ` : ''}${total} item${total === 1 ? '' : 's'}`,
      true,
    );
    if (database?.url) md.appendMarkdown(`\n\nDatabase: [${database.title ?? 'open in Notion'}](${database.url})`);
    if (database?.problem) md.appendMarkdown(`\n\n$(warning) ${database.problem.message} ${database.problem.fix}`);
    this.tooltip = md;
  }
  override children(): Node[] {
    return this.kids;
  }
}

export class FolderNode extends Node {
  readonly kids: Node[] = [];
  constructor(
    readonly category: string,
    readonly path: string,
  ) {
    super(path.split('/').pop() ?? path, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `folder:${category}:${path}`;
    this.contextValue = ContextValues.folder;
    this.iconPath = vscode.ThemeIcon.Folder;
    this.resourceUri = vscode.Uri.from({ scheme: Schemes.item, path: `/${path}`, query: 'kind=folder' });
    this.tooltip = path;
  }
  override children(): Node[] {
    return this.kids;
  }
}

export class ItemNode extends Node {
  /**
   * `lastRun` (scripts only): the last Execution Logs row of the script, `null` when it has none,
   * undefined when Execution Logs could not be read.
   */
  constructor(
    readonly status: ItemStatus,
    readonly lastRun?: ScriptRun | null,
  ) {
    const s = status;
    super(s.path.split('/').pop() ?? s.path, vscode.TreeItemCollapsibleState.None);
    this.id = `item:${s.category}:${s.path}`;
    this.resourceUri = itemUri('item', s.path, s.state);
    // A script whose last run failed shows as a failure, whatever its sync state.
    this.iconPath =
      s.category === 'scripts' && lastRun?.status === 'failed'
        ? new vscode.ThemeIcon('error', new vscode.ThemeColor('notionSync.errorForeground'))
        : vscode.ThemeIcon.File;
    const run = s.category === 'scripts' && lastRun ? runSummary(lastRun) : undefined;
    this.description = run ? `${describe(s)} · ran ${run.short}` : describe(s);
    this.tooltip = tooltip(s);
    if (s.category === 'scripts' && lastRun !== undefined) {
      const md = this.tooltip;
      if (run)
        md.appendMarkdown(`\n\nLast run: ${run.long}${lastRun?.url ? ` — [execution log](${lastRun.url})` : ''}`);
      else md.appendMarkdown('\n\nNever run with an execution log');
    }
    this.contextValue = itemContextValue(s.state, {
      local: !!s.local,
      page: !!s.pageId,
      script: s.category === 'scripts' && !!s.local,
    });
    if (s.local) this.command = openOnClick(s.path);
    else if (s.url) this.command = { command: Commands.openInNotion, title: 'Open in Notion', arguments: [s.path] };
    this.accessibilityInformation = { label: `${s.path}, ${STATE_LABELS[s.state] ?? s.state}` };
  }
  get path(): string {
    return this.status.path;
  }
}

/** A line of text in the tree ("… and 12 more", "Nothing needs attention"). */
export class MessageNode extends Node {
  constructor(id: string, text: string, icon = 'info') {
    super(text, vscode.TreeItemCollapsibleState.None);
    this.id = id;
    this.contextValue = ContextValues.message;
    this.iconPath = new vscode.ThemeIcon(icon);
  }
}
