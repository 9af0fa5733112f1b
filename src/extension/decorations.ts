import * as vscode from 'vscode';
import { Schemes } from './ids';

interface Badge {
  badge: string;
  tooltip: string;
  color?: string;
}

/** One badge per state (≤ 2 characters, the same marks as `notion-sync status`), in contributed theme colours. */
const ITEM_BADGES: Record<string, Badge> = {
  synced: { badge: '✓', tooltip: 'Synced with Notion', color: 'notionSync.syncedForeground' },
  modified: { badge: 'M', tooltip: 'Modified locally since the last sync', color: 'notionSync.modifiedForeground' },
  new: { badge: '+', tooltip: 'Not in Notion yet', color: 'notionSync.newForeground' },
  conflict: {
    badge: '!',
    tooltip: 'Edited in Notion since the last sync (conflict)',
    color: 'notionSync.conflictForeground',
  },
  orphaned: {
    badge: '?',
    tooltip: 'Only in Notion: the file no longer exists',
    color: 'notionSync.orphanedForeground',
  },
  skipped: { badge: '-', tooltip: 'Skipped', color: 'notionSync.skippedForeground' },
  error: { badge: '✗', tooltip: 'Cannot be synced', color: 'notionSync.errorForeground' },
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
  captured: { badge: '✓', tooltip: 'Captured in Notion', color: 'notionSync.syncedForeground' },
  grown: { badge: 'M', tooltip: 'Has new turns since the last capture', color: 'notionSync.modifiedForeground' },
};

/**
 * The one decoration provider of the extension: tree items carry a `notion-sync-item:` URI whose
 * query names their state, and this turns it into a badge. A changed state is a changed URI, so
 * VS Code asks again; `refresh` fires for the URIs shown, for theme or setting changes.
 */
export class ItemDecorationProvider implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
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
    const decoration = new vscode.FileDecoration(
      badge.badge,
      tip,
      badge.color ? new vscode.ThemeColor(badge.color) : undefined,
    );
    decoration.propagate = false;
    return decoration;
  }

  refresh(uris?: vscode.Uri[]): void {
    this.changed.fire(uris);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export { CHAT_BADGES, ITEM_BADGES };
