import * as vscode from 'vscode';
import type { TriggerFile } from '../../core/inventory';
import { ContextValues } from '../ids';
import type { SyncModel } from '../model';
import { ago } from './format';
import { itemUri, MessageNode, Node, openOnClick } from './nodes';

const TRIGGER_TITLES: Record<TriggerFile['state'], string> = {
  inbox: 'Inbox',
  processed: 'Processed',
  failed: 'Failed',
};
/** Trigger files listed per group; the rest is summed up in one line. */
const MAX_TRIGGER_FILES = 100;

class TriggerGroupNode extends Node {
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
    this.command = openOnClick(f.path);
  }
  get path(): string {
    return this.file.path;
  }
}

class TriggerCategoryNode extends Node {
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

/** The Trigger Files category: its inbox, processed and failed groups. */
export function triggerNode(t: NonNullable<SyncModel['overview']>['triggers']): Node {
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
