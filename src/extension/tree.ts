import * as vscode from 'vscode';
import { TOOL_LABELS } from '../core/chats';
import type { ChatTool } from '../core/chats';
import type { ItemStatus, ListedChat } from '../core/sync';
import type { ScriptRun } from '../core/sync/editor-support';
import type { TriggerFile } from '../core/inventory';
import { chatContextValue, Commands, ContextValues, itemContextValue, Schemes } from './ids';
import type { SyncModel } from './model';
import { ATTENTION_STATES } from './model';

const CATEGORY_TITLES: Record<string, string> = {
  plans: 'Plans',
  reports: 'Reports',
  scripts: 'Scripts',
  agentChats: 'Agent Chats',
};
const TRIGGER_TITLES: Record<TriggerFile['state'], string> = {
  inbox: 'Inbox',
  processed: 'Processed',
  failed: 'Failed',
};
/** Trigger files listed per group; the rest is summed up in one line. */
const MAX_TRIGGER_FILES = 100;

export function categoryTitle(name: string): string {
  return (
    CATEGORY_TITLES[name] ??
    name
      .replace(/[-_]+/g, ' ')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .replace(/\b\w/g, (c) => c.toUpperCase())
  );
}

export const STATE_LABELS: Record<string, string> = {
  synced: 'Synced',
  modified: 'Modified locally',
  new: 'Not in Notion yet',
  conflict: 'Edited in Notion (conflict)',
  orphaned: 'Only in Notion (file deleted)',
  skipped: 'Skipped',
  error: 'Error',
};

/** "2h ago", "3 days ago", "just now". */
export function ago(when: number | string | undefined, now = Date.now()): string {
  if (when === undefined) return '';
  const t = typeof when === 'number' ? when : Date.parse(when);
  if (!Number.isFinite(t)) return '';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m}m ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h}h ago`;
  const d = Math.round(h / 24);
  if (d < 30) return `${d} day${d === 1 ? '' : 's'} ago`;
  return new Date(t).toISOString().slice(0, 10);
}

/** The private URI a tree item carries: the decoration provider reads the badge from it. */
export function itemUri(kind: 'item' | 'trigger', path: string, state: string): vscode.Uri {
  return vscode.Uri.from({ scheme: Schemes.item, path: `/${path}`, query: `kind=${kind}&state=${state}` });
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
    if (counts.conflict) parts.push(`${counts.conflict} conflict${counts.conflict === 1 ? '' : 's'}`);
    if (counts.error) parts.push(`${counts.error} error${counts.error === 1 ? '' : 's'}`);
    if (counts.orphaned) parts.push(`${counts.orphaned} only in Notion`);
    this.description = total === 0 ? 'no items' : parts.length ? parts.join(' · ') : 'all synced';
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
    this.iconPath = vscode.ThemeIcon.File;
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
    if (s.local) this.command = { command: Commands.openFile, title: 'Open File', arguments: [s.path] };
    else if (s.url) this.command = { command: Commands.openInNotion, title: 'Open in Notion', arguments: [s.path] };
    this.accessibilityInformation = { label: `${s.path}, ${STATE_LABELS[s.state] ?? s.state}` };
  }
  get path(): string {
    return this.status.path;
  }
}

/** A script's last run in words: "2h ago — failed (exit 3)" and the short form for the description. */
export function runSummary(run: ScriptRun, now = Date.now()): { long: string; short: string } {
  const when = ago(run.started ?? run.finished, now) || 'at an unknown time';
  const status = (run.status ?? 'unknown').replace(/[^\w -]/g, '');
  const exit =
    run.exitCode !== undefined && (status !== 'success' || run.exitCode !== 0) ? ` (exit ${run.exitCode})` : '';
  return { long: `${when} — ${status}${exit}`, short: `${when}, ${status}${exit}` };
}

const TOOL_ICONS: Record<ChatTool, string> = {
  'claude-code': 'sparkle',
  codex: 'terminal',
  copilot: 'copilot',
  cursor: 'inspect',
  cline: 'robot',
  roo: 'robot',
  kilo: 'robot',
  // chats-b readers (issue 15)
  'copilot-cli': 'copilot',
  continue: 'comment-discussion',
  aider: 'terminal',
  kiro: 'robot',
  zed: 'comment-discussion',
  amp: 'zap',
  'zoo-code': 'robot',
};

export type ChatState = 'new' | 'captured' | 'grown';

/** new: not captured; grown: captured, but the session has more messages now; captured: up to date. */
export function chatState(s: ListedChat): ChatState {
  if (!s.captured) return 'new';
  if (s.capturedMessages !== undefined && s.capturedMessages < s.messages) return 'grown';
  return 'captured';
}

const CHAT_STATE_LABELS: Record<ChatState, string> = {
  new: 'Not captured yet',
  captured: 'Captured',
  grown: 'Captured, has new turns',
};

/** One agent chat session of this workspace; its markdown export (if any) is not listed again. */
export class ChatNode extends Node {
  readonly state: ChatState;
  constructor(
    readonly session: ListedChat,
    /** The sync state of its markdown export under agent-chats/, when the file is an item. */
    readonly exportItem?: ItemStatus,
  ) {
    const s = session;
    super(s.title || s.id, vscode.TreeItemCollapsibleState.None);
    const state = chatState(s);
    this.state = state;
    const newMessages = state === 'grown' ? s.messages - (s.capturedMessages ?? 0) : 0;
    this.id = `chat:${s.tool}:${s.id}`;
    this.resourceUri = vscode.Uri.from({
      scheme: Schemes.item,
      path: `/${s.exportPath}`,
      query: `kind=chat&state=${state}${newMessages ? `&new=${newMessages}` : ''}`,
    });
    this.iconPath = new vscode.ThemeIcon(TOOL_ICONS[s.tool] ?? 'comment-discussion');
    const date = (s.updatedAt || s.startedAt).slice(0, 10);
    this.description = `${date} · ${s.messages} message${s.messages === 1 ? '' : 's'}${state === 'new' ? ' · not captured' : state === 'grown' ? ` · ${newMessages} new` : ''}`;
    this.contextValue = chatContextValue(state, { page: !!s.pageId, export: s.exported });
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escape(s.title || s.id)}**\n\n`);
    md.appendMarkdown(`${escape(TOOL_LABELS[s.tool] ?? s.tool)} · session \`${s.id.replace(/`/g, '')}\`\n\n`);
    md.appendMarkdown(
      `Started ${new Date(s.startedAt).toLocaleString()} · last message ${new Date(s.updatedAt).toLocaleString()}\n\n`,
    );
    md.appendMarkdown(`${s.messages} message${s.messages === 1 ? '' : 's'}`);
    md.appendMarkdown(state === 'grown' ? ` · ${newMessages} not captured yet\n\n` : '\n\n');
    md.appendMarkdown(`State: ${CHAT_STATE_LABELS[state]}\n\n`);
    md.appendMarkdown(
      s.exported ? `Exported to ${escape(s.exportPath)}\n\n` : `Not exported yet (will be ${escape(s.exportPath)})\n\n`,
    );
    if (s.url) md.appendMarkdown(`[$(link-external) Open in Notion](${s.url})`);
    this.tooltip = md;
    if (s.exported)
      this.command = { command: Commands.openFile, title: 'Open the Exported Markdown', arguments: [s.exportPath] };
    else if (s.url) this.command = { command: Commands.openInNotion, title: 'Open in Notion', arguments: [this] };
    this.accessibilityInformation = {
      label: `${TOOL_LABELS[s.tool] ?? s.tool} chat ${s.title}, ${s.messages} messages, ${CHAT_STATE_LABELS[state]}`,
    };
  }
  get path(): string {
    return this.session.exportPath;
  }
  get needsAttention(): boolean {
    return this.state !== 'captured';
  }
}

export class TriggerGroupNode extends Node {
  constructor(
    readonly state: TriggerFile['state'],
    readonly kids: Node[],
    count: number,
    stale: number,
  ) {
    super(
      TRIGGER_TITLES[state],
      count ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    this.id = `trigger:${state}`;
    this.contextValue = ContextValues.triggerFolder;
    this.iconPath = new vscode.ThemeIcon(state === 'inbox' ? 'inbox' : state === 'failed' ? 'error' : 'pass');
    this.description = `${count}${stale ? ` · ${stale} stale` : ''}`;
  }
  override children(): Node[] {
    return this.kids;
  }
}

export class TriggerFileNode extends Node {
  constructor(
    readonly file: TriggerFile,
    readonly stale: boolean,
  ) {
    const f = file;
    super(f.path.split('/').pop() ?? f.path, vscode.TreeItemCollapsibleState.None);
    this.id = `triggerFile:${f.path}`;
    this.resourceUri = itemUri('trigger', f.path, stale ? 'stale' : f.state);
    this.iconPath = vscode.ThemeIcon.File;
    this.description = `${stale ? 'stale · ' : ''}${ago(f.mtimeMs)}`;
    this.tooltip = `${f.path}\n${TRIGGER_TITLES[f.state]}${stale ? ' (stale)' : ''}, modified ${new Date(f.mtimeMs).toLocaleString()}`;
    this.contextValue = ContextValues.triggerFile;
    this.command = { command: Commands.openFile, title: 'Open File', arguments: [f.path] };
  }
  get path(): string {
    return this.file.path;
  }
}

export class TriggerCategoryNode extends Node {
  constructor(
    readonly groups: Node[],
    t: { inbox: number; processed: number; failed: number; stale: unknown[] },
  ) {
    super('Trigger Files', vscode.TreeItemCollapsibleState.Collapsed);
    this.id = 'category:triggerFiles';
    this.contextValue = ContextValues.triggerCategory;
    this.iconPath = new vscode.ThemeIcon('zap');
    this.description = `inbox ${t.inbox} · processed ${t.processed} · failed ${t.failed}${t.stale.length ? ` · ${t.stale.length} stale` : ''}`;
  }
  override children(): Node[] {
    return this.groups;
  }
}

export class MessageNode extends Node {
  constructor(id: string, text: string, icon = 'info') {
    super(text, vscode.TreeItemCollapsibleState.None);
    this.id = id;
    this.contextValue = ContextValues.message;
    this.iconPath = new vscode.ThemeIcon(icon);
  }
}

function describe(s: ItemStatus): string {
  switch (s.state) {
    case 'synced':
      return `synced ${ago(s.row?.lastSynced ?? s.row?.lastEditedTime)}`;
    case 'modified':
      return s.movedFrom ? `moved from ${s.movedFrom.path}` : `modified ${ago(s.local?.mtimeMs)}`;
    case 'new':
      return `new · not in Notion`;
    case 'conflict':
      return `edited in Notion ${ago(s.row?.lastEditedTime)}`;
    case 'orphaned':
      return 'only in Notion';
    default:
      return s.reason ?? s.state;
  }
}

function tooltip(s: ItemStatus): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escape(s.path)}**\n\n`);
  md.appendMarkdown(`State: ${STATE_LABELS[s.state] ?? s.state}${s.reason ? ` — ${escape(s.reason)}` : ''}\n\n`);
  if (s.local) md.appendMarkdown(`Local file modified: ${new Date(s.local.mtimeMs).toLocaleString()}\n\n`);
  if (s.row?.lastSynced) md.appendMarkdown(`Last sync: ${new Date(s.row.lastSynced).toLocaleString()}\n\n`);
  else if (s.row) md.appendMarkdown(`Last sync: unknown\n\n`);
  else md.appendMarkdown(`Last sync: never\n\n`);
  if (s.row && s.state === 'conflict')
    md.appendMarkdown(`Edited in Notion: ${new Date(s.row.lastEditedTime).toLocaleString()}\n\n`);
  if (s.url) md.appendMarkdown(`[$(link-external) Open in Notion](${s.url})`);
  return md;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/** Builds the tree of one overview. With `attentionOnly`, only items that need the user. */
export function buildTree(model: SyncModel, attentionOnly: boolean): Node[] {
  const overview = model.overview;
  const config = model.config;
  if (!overview || !config || model.viewState !== 'ready') return [];
  const roots: Node[] = [];
  for (const name of Object.keys(config.categories)) {
    const all = overview.items.filter((i) => i.category === name);
    const counts: Record<string, number> = {};
    for (const i of all) counts[i.state] = (counts[i.state] ?? 0) + 1;
    let shown = attentionOnly ? all.filter((i) => ATTENTION_STATES.has(i.state)) : all;
    let chatNodes: ChatNode[] = [];
    let chatCounts: { total: number; new: number; grown: number } | undefined;
    if (name === 'agentChats' && model.sessions.length) {
      // One node per session; the export of a listed session is that node, not a second item.
      const byPath = new Map(all.map((i) => [i.path, i]));
      const nodes = model.sessions.map((s) => new ChatNode(s, byPath.get(s.exportPath)));
      const claimed = new Set(nodes.map((n) => n.path));
      shown = shown.filter((i) => !claimed.has(i.path));
      chatCounts = {
        total: nodes.length,
        new: nodes.filter((n) => n.state === 'new').length,
        grown: nodes.filter((n) => n.state === 'grown').length,
      };
      chatNodes = attentionOnly ? nodes.filter((n) => n.needsAttention) : nodes;
    }
    if (attentionOnly && shown.length === 0 && chatNodes.length === 0) continue;
    const kids = [
      ...chatNodes,
      ...nest(name, shown, (i) => (i.category === 'scripts' ? model.lastRun(i.path) : undefined)),
    ];
    const cat = new CategoryNode(name, kids, counts, overview.databases[name], chatCounts);
    for (const k of cat.kids) k.parent = cat;
    roots.push(cat);
  }
  if (!attentionOnly) roots.push(triggerNode(overview.triggers));
  else if (roots.length === 0)
    roots.push(new MessageNode('message:allGood', 'Nothing needs attention: everything is in sync.', 'pass'));
  return roots;
}

function triggerNode(t: NonNullable<SyncModel['overview']>['triggers']): Node {
  const stale = new Set(t.stale.map((f) => f.path));
  const groups: Node[] = [];
  for (const state of ['inbox', 'processed', 'failed'] as const) {
    const files = t.files.filter((f) => f.state === state);
    const kids: Node[] = files.slice(0, MAX_TRIGGER_FILES).map((f) => new TriggerFileNode(f, stale.has(f.path)));
    if (files.length > MAX_TRIGGER_FILES)
      kids.push(new MessageNode(`message:more:${state}`, `… and ${files.length - MAX_TRIGGER_FILES} more`, 'ellipsis'));
    const group = new TriggerGroupNode(state, kids, files.length, state === 'inbox' ? t.stale.length : 0);
    for (const k of kids) k.parent = group;
    groups.push(group);
  }
  const node = new TriggerCategoryNode(groups, t);
  for (const g of groups) g.parent = node;
  return node;
}

/** Items under folders below the category's common base folder ("folders where the category is nested"). */
function nest(
  category: string,
  items: ItemStatus[],
  lastRun: (i: ItemStatus) => ScriptRun | null | undefined = () => undefined,
): Node[] {
  const dirs = items.map((i) => i.path.split('/').slice(0, -1));
  let base = dirs[0] ?? [];
  for (const d of dirs) {
    let k = 0;
    while (k < base.length && k < d.length && base[k] === d[k]) k++;
    base = base.slice(0, k);
  }
  const top: Node[] = [];
  const folders = new Map<string, FolderNode>();
  const folderFor = (segments: string[]): FolderNode | undefined => {
    if (segments.length <= base.length) return undefined;
    const path = segments.join('/');
    let f = folders.get(path);
    if (!f) {
      f = new FolderNode(category, path);
      folders.set(path, f);
      const parent = folderFor(segments.slice(0, -1));
      f.parent = parent;
      (parent ? parent.kids : top).push(f);
    }
    return f;
  };
  const sorted = [...items].sort((a, b) => a.path.localeCompare(b.path));
  for (const item of sorted) {
    const node = new ItemNode(item, lastRun(item));
    const folder = folderFor(item.path.split('/').slice(0, -1));
    node.parent = folder;
    (folder ? folder.kids : top).push(node);
  }
  const order = (list: Node[]): void => {
    list.sort((a, b) => Number(b instanceof FolderNode) - Number(a instanceof FolderNode));
    for (const n of list) if (n instanceof FolderNode) order(n.kids);
  };
  order(top);
  return top;
}

export class SyncTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: Node[] = [];
  private readonly index = new Map<string, Node>();
  attentionOnly = false;

  constructor(private readonly model: SyncModel) {}

  /** Rebuilds the nodes from the model and tells the view. */
  rebuild(): void {
    this.roots = buildTree(this.model, this.attentionOnly);
    this.index.clear();
    const walk = (nodes: Node[]): void => {
      for (const n of nodes) {
        if (n.id) this.index.set(n.id, n);
        walk(n.children());
      }
    };
    walk(this.roots);
    this.changed.fire();
  }

  /** The node of a workspace-relative item path (any category). */
  nodeForPath(path: string): ItemNode | undefined {
    for (const n of this.index.values()) if (n instanceof ItemNode && n.path === path) return n;
    return undefined;
  }

  /** The node of an agent chat session. */
  nodeForSession(sessionId: string): ChatNode | undefined {
    for (const n of this.index.values()) if (n instanceof ChatNode && n.session.id === sessionId) return n;
    return undefined;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return node;
  }
  getChildren(node?: Node): Node[] {
    return node ? node.children() : this.roots;
  }
  getParent(node: Node): Node | undefined {
    return node.parent;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
