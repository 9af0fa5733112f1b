// The words of the Workspace view: titles, states, times, tooltips.
import * as vscode from 'vscode';
import type { ItemStatus } from '../../core/sync';
import type { ScriptRun } from '../../core/sync/script-runs';

const CATEGORY_TITLES: Record<string, string> = {
  plans: 'Plans',
  reports: 'Reports',
  scripts: 'Scripts',
  agentChats: 'Agent Chats',
};

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
  'remote-modified': 'Changed in Notion (unchanged here)',
  conflict: 'Changed here and in Notion (conflict)',
  orphaned: 'Orphaned: the file no longer exists, its row is still in Notion',
  skipped: 'Skipped',
  error: 'Error',
  unknown: 'Notion side unknown (Notion cannot be reached)',
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

/** A script's last run in words: "2h ago — failed (exit 3)" and the short form for the description. */
export function runSummary(run: ScriptRun, now = Date.now()): { long: string; short: string } {
  const when = ago(run.started ?? run.finished, now) || 'at an unknown time';
  const status = (run.status ?? 'unknown').replace(/[^\w -]/g, '');
  const exit =
    run.exitCode !== undefined && (status !== 'success' || run.exitCode !== 0) ? ` (exit ${run.exitCode})` : '';
  return { long: `${when} — ${status}${exit}`, short: `${when}, ${status}${exit}` };
}

/** The description of an item row: its state and when. */
export function describe(s: ItemStatus): string {
  switch (s.state as string) {
    case 'synced':
      return `synced ${ago(s.row?.lastSynced ?? s.row?.lastEditedTime) || 'just now'}`;
    case 'modified':
      return s.movedFrom ? `moved from ${s.movedFrom.path}` : `modified ${ago(s.local?.mtimeMs)}`;
    case 'new':
      return 'not in Notion yet';
    case 'remote-modified':
      return `changed in Notion ${ago(s.row?.lastEditedTime)}`;
    case 'conflict':
      return `conflict · edited in Notion ${ago(s.row?.lastEditedTime)}`;
    case 'orphaned':
      return 'orphaned · file deleted';
    case 'unknown':
      return 'Notion unreachable';
    default:
      return s.reason ?? s.state;
  }
}

/** The hover of an item row. */
export function tooltip(s: ItemStatus): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escapeMarkdown(s.path)}**\n\n`);
  md.appendMarkdown(
    `State: ${STATE_LABELS[s.state] ?? s.state}${s.reason ? ` — ${escapeMarkdown(s.reason)}` : ''}\n\n`,
  );
  if (s.local) md.appendMarkdown(`Local file modified: ${new Date(s.local.mtimeMs).toLocaleString()}\n\n`);
  if (s.row?.lastSynced) md.appendMarkdown(`Last sync: ${new Date(s.row.lastSynced).toLocaleString()}\n\n`);
  else if (s.row) md.appendMarkdown(`Last sync: unknown\n\n`);
  else md.appendMarkdown(`Last sync: never\n\n`);
  if (s.row && (s.state === 'conflict' || s.state === 'remote-modified'))
    md.appendMarkdown(`Edited in Notion: ${new Date(s.row.lastEditedTime).toLocaleString()}\n\n`);
  if (s.state === 'remote-modified') md.appendMarkdown('"Pull from Notion" brings the change into the file.\n\n');
  else if (s.state === 'conflict')
    md.appendMarkdown(
      '"Resolve Conflict…": pull and merge, compare, keep the local file (overwrite Notion) or take Notion\'s version.\n\n',
    );
  if (s.url) md.appendMarkdown(`[$(link-external) Open in Notion](${s.url})`);
  return md;
}

/** Text shown literally inside Markdown. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
