import type { AuditReport } from '../core/audit';
import type { ItemStatus, ListedChat } from '../core/sync';
import { chatState } from './tree/chat-node';

/**
 * What needs the user, counted once: the status bar, the view's badge and the editor's audit summary
 * all use these numbers, so they never disagree. Chat sessions count by their own state (their
 * markdown exports are not counted a second time as items).
 */
export interface AttentionCounts {
  /** new or modified locally: one sync sends them. */
  toSync: number;
  /** changed in Notion, unchanged here: one pull brings them in. */
  remoteModified: number;
  /** changed on both sides since the last sync. */
  conflicts: number;
  /** rows whose file no longer exists ("Orphaned"). */
  orphaned: number;
  errors: number;
  /** agent chat sessions not captured, or captured with new turns since. */
  chats: number;
  /** The last sync started from this editor failed or was cancelled. */
  lastRun?: 'failed' | 'cancelled';
}

export function attentionTotal(c: AttentionCounts): number {
  return c.toSync + c.remoteModified + c.conflicts + c.orphaned + c.errors + c.chats + (c.lastRun ? 1 : 0);
}

/** The counts of what the tree shows: items, then chat sessions in place of their exports. */
export function countAttention(
  items: readonly ItemStatus[],
  sessions: readonly ListedChat[],
  lastRun?: AttentionCounts['lastRun'],
): AttentionCounts {
  const claimed = new Set(sessions.map((s) => s.exportPath));
  const c: AttentionCounts = { toSync: 0, remoteModified: 0, conflicts: 0, orphaned: 0, errors: 0, chats: 0, lastRun };
  for (const i of items) {
    if (i.category === 'agentChats' && claimed.has(i.path)) continue;
    if (i.state === 'new' || i.state === 'modified') c.toSync++;
    else if (i.state === 'remote-modified') c.remoteModified++;
    else if (i.state === 'conflict') c.conflicts++;
    else if (i.state === 'orphaned') c.orphaned++;
    else if (i.state === 'error') c.errors++;
  }
  for (const s of sessions) if (chatState(s) !== 'captured') c.chats++;
  return c;
}

/**
 * The same counts from an audit report. The audit counts a session's markdown export as an item of
 * Agent Chats; the tree shows that export as its session: `claimedExports` (the export paths of the
 * sessions the tree lists) are left out of the item counts, as `countAttention` does.
 */
export function countAudit(report: AuditReport, claimedExports: ReadonlySet<string> = new Set()): AttentionCounts {
  const c: AttentionCounts = { toSync: 0, remoteModified: 0, conflicts: 0, orphaned: 0, errors: 0, chats: 0 };
  for (const [name, k] of Object.entries(report.categories)) {
    const d = report.details[name];
    if (!d) continue;
    const keep = (path: string): boolean => name !== 'agentChats' || !claimedExports.has(path);
    // The tree gives each file one state: a file edited in Notion is remote-modified when unchanged
    // here and a conflict when it changed here too (not "to sync"); an orphaned row matched by a moved
    // file is that file's "moved", not an orphan.
    const orphanPaths = new Set(d.orphaned.map((o) => o.path));
    const edited = new Set(d.edited.map((e) => e.path).filter((p) => keep(p) && !orphanPaths.has(p)));
    const modified = new Set(d.modified.filter(keep));
    const missing = d.missing.filter((m) => keep(m.path));
    const movedFrom = missing.filter((m) => m.movedFrom).length;
    c.toSync += missing.length + [...modified].filter((p) => !edited.has(p)).length;
    for (const p of edited) {
      if (modified.has(p)) c.conflicts++;
      else c.remoteModified++;
    }
    c.orphaned += d.orphaned.filter((o) => keep(o.path)).length - movedFrom;
    if (d.problem && d.problem.reason !== 'not-configured' && d.problem.reason !== 'no-token') c.errors += k.local;
  }
  c.chats = report.agentChats.notCaptured;
  return c;
}

/** "1 conflict · 1 to pull · 2 to sync · 1 orphaned · 4 chats to capture · last sync failed" (empty when nothing). */
export function describeAttention(c: AttentionCounts): string[] {
  const parts: string[] = [];
  const n = (k: number, one: string, many = `${one}s`): string => `${k} ${k === 1 ? one : many}`;
  if (c.conflicts) parts.push(n(c.conflicts, 'conflict'));
  if (c.errors) parts.push(`${c.errors} failed`);
  if (c.remoteModified) parts.push(`${c.remoteModified} to pull`);
  if (c.toSync) parts.push(`${c.toSync} to sync`);
  if (c.orphaned) parts.push(`${c.orphaned} orphaned`);
  if (c.chats) parts.push(n(c.chats, 'chat') + ' to capture');
  if (c.lastRun) parts.push(`last sync ${c.lastRun}`);
  return parts;
}
