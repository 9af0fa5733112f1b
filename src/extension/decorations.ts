import * as vscode from 'vscode';
import { Schemes } from './ids';
import type { SyncModel } from './model';

interface Badge {
  badge: string;
  tooltip: string;
  color?: string;
}

/** One badge per state (≤ 2 characters, the same marks as `notion-sync status`), in contributed theme colours. */
const ITEM_BADGES: Record<string, Badge> = {
  // Quiet where all is well: no colour for synced, so what needs attention stands out.
  synced: { badge: '✓', tooltip: 'Synced with Notion' },
  modified: { badge: 'M', tooltip: 'Modified locally since the last sync', color: 'notionSync.modifiedForeground' },
  new: { badge: '+', tooltip: 'Not in Notion yet', color: 'notionSync.newForeground' },
  'remote-modified': {
    badge: 'R',
    tooltip: 'Changed in Notion since the last sync, unchanged here: "Pull from Notion" brings it in',
    color: 'notionSync.remoteModifiedForeground',
  },
  conflict: {
    badge: '!',
    tooltip: 'Changed here and in Notion since the last sync (conflict)',
    color: 'notionSync.conflictForeground',
  },
  orphaned: {
    badge: '?',
    tooltip: 'Orphaned: the file no longer exists, its row is still in Notion',
    color: 'notionSync.orphanedForeground',
  },
  skipped: { badge: '-', tooltip: 'Skipped', color: 'notionSync.skippedForeground' },
  error: { badge: '✗', tooltip: 'Cannot be synced', color: 'notionSync.errorForeground' },
  unknown: { badge: '…', tooltip: 'Notion cannot be reached: its side is unknown' },
};

const TRIGGER_BADGES: Record<string, Badge> = {
  stale: {
    badge: 'S',
    tooltip: 'Stale: waiting in the inbox for longer than triggerFiles.staleAfterHours',
    color: 'notionSync.conflictForeground',
  },
  failed: { badge: 'F', tooltip: 'Failed trigger file', color: 'notionSync.errorForeground' },
};

/** Agent chat sessions: the same marks as items (not captured = new, captured = synced, has new turns = modified). */
const CHAT_BADGES: Record<string, Badge> = {
  new: { badge: '+', tooltip: 'Not captured yet', color: 'notionSync.newForeground' },
  captured: { badge: '✓', tooltip: 'Captured in Notion' },
  grown: { badge: 'M', tooltip: 'Has new turns since the last capture', color: 'notionSync.modifiedForeground' },
};

/**
 * The one decoration provider of the extension. Tree items carry a `notion-sync-item:` URI whose
 * query names their state; the workspace's own `file:` URIs (Explorer, editor tabs) get the same
 * badge from the model, except synced files, which stay quiet. A changed state is a changed URI for
 * the tree; for files, `update` fires for every path whose badge may have changed.
 */
export class ItemDecorationProvider implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private shown = new Map<string, string>();

  constructor(private readonly model?: SyncModel) {}

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme === 'file') return this.forFile(uri);
    if (uri.scheme !== Schemes.item) return undefined;
    const q = new URLSearchParams(uri.query);
    const state = q.get('state') ?? '';
    const kind = q.get('kind');
    const badge =
      kind === 'trigger'
        ? TRIGGER_BADGES[state]
        : kind === 'item'
          ? ITEM_BADGES[state]
          : kind === 'chat'
            ? CHAT_BADGES[state]
            : undefined;
    if (!badge) return undefined;
    const newTurns = kind === 'chat' && state === 'grown' ? Number(q.get('new') ?? 0) : 0;
    const tip =
      newTurns > 0 ? `${newTurns} new turn${newTurns === 1 ? '' : 's'} since the last capture` : badge.tooltip;
    return decoration(badge, tip);
  }

  /** A file of the workspace: the badge of its item, prefixed "Notion:" in the tooltip (Git's badges sit beside it). */
  private forFile(uri: vscode.Uri): vscode.FileDecoration | undefined {
    const rel = this.model?.relativePath(uri.fsPath);
    const state = rel ? this.model?.item(rel)?.state : undefined;
    if (!state || state === 'synced' || state === 'skipped') return undefined;
    const badge = ITEM_BADGES[state];
    return badge ? decoration(badge, `Notion: ${badge.tooltip}`) : undefined;
  }

  /** After the model changed: tells VS Code which files' badges changed. */
  update(): void {
    if (!this.model) return;
    const next = new Map<string, string>();
    for (const i of this.model.items) {
      const abs = i.local ? this.model.absolutePath(i.path) : undefined;
      if (abs) next.set(abs, i.state);
    }
    const changed: vscode.Uri[] = [];
    for (const [abs, state] of next) if (this.shown.get(abs) !== state) changed.push(vscode.Uri.file(abs));
    for (const abs of this.shown.keys()) if (!next.has(abs)) changed.push(vscode.Uri.file(abs));
    this.shown = next;
    if (changed.length) this.changed.fire(changed);
  }

  refresh(uris?: vscode.Uri[]): void {
    this.changed.fire(uris);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function decoration(badge: Badge, tooltip: string): vscode.FileDecoration {
  const d = new vscode.FileDecoration(
    badge.badge,
    tooltip,
    badge.color ? new vscode.ThemeColor(badge.color) : undefined,
  );
  d.propagate = false;
  return d;
}

export { CHAT_BADGES, ITEM_BADGES };
