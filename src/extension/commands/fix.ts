import * as vscode from 'vscode';
import { prune } from '../../core/sync';
import { Commands } from '../ids';
import { chatState } from '../tree/chat-node';
import { categoryTitle } from '../tree/format';
import type { CommandDeps } from './deps';
import { setFilter } from './navigate';
import { restoreOrphans } from './orphans';
import { runTask } from './task';

/** One finding the editor can fix, as the "Fix…" quick pick lists it. */
export interface Finding {
  id: string;
  label: string;
  detail?: string;
  fix: () => Thenable<unknown>;
}

/**
 * What needs fixing now, from the same state the tree and the status bar show (so the three agree),
 * each with the editor action that fixes it: sync, review conflicts, remove orphaned rows from Notion,
 * capture chats, run a script that never ran with an execution log.
 */
export function findings(deps: CommandDeps): Finding[] {
  const { model } = deps;
  const counts = model.counts;
  const out: Finding[] = [];
  const s = (n: number, one = '', many = 's'): string => (n === 1 ? one : many);
  if (counts.conflicts)
    out.push({
      id: 'conflicts',
      label: `$(warning) Review ${counts.conflicts} conflict${s(counts.conflicts)}`,
      detail:
        "Changed here and in Notion since the last sync: pull and merge, compare, overwrite Notion or take Notion's version.",
      fix: () => setFilter(deps, true),
    });
  if (counts.remoteModified) {
    const paths = model.items.filter((i) => i.state === 'remote-modified').map((i) => i.path);
    out.push({
      id: 'pull',
      label: `$(cloud-download) Pull ${counts.remoteModified} item${s(counts.remoteModified)} changed in Notion`,
      detail: paths.slice(0, 6).join(', '),
      fix: () => vscode.commands.executeCommand(Commands.pull, paths[0], paths),
    });
  }
  // As the audit's remediation: rows other tools wrote that match local files (adopted, not duplicated),
  // and files several such rows could be (listed, never guessed). Both are among the items "to sync".
  const adoptable = model.items.filter((i) => i.adopt);
  const ambiguous = model.items.filter((i) => i.adoptCandidates?.length);
  if (adoptable.length || ambiguous.length)
    out.push({
      id: 'adopt',
      label: adoptable.length
        ? `$(link) Adopt ${adoptable.length} existing Notion row${s(adoptable.length)} written by another tool${ambiguous.length ? ` (${ambiguous.length} ambiguous)` : ''}`
        : `$(link) ${ambiguous.length} file${s(ambiguous.length)} match${s(ambiguous.length, 'es', '')} several existing Notion rows`,
      detail: adoptable.length
        ? `They match local files and are managed by no workspace; adopting claims them (nothing is deleted): ${adoptable
            .slice(0, 6)
            .map((i) => i.path)
            .join(', ')}`
        : `Not adopted, not created: ${ambiguous
            .slice(0, 6)
            .map((i) => i.path)
            .join(', ')}. Give the right row the file's path in its "Path" property, then adopt.`,
      fix: () => vscode.commands.executeCommand(Commands.adopt),
    });
  if (counts.toSync) {
    const paths = model.items.filter((i) => (i.state === 'new' || i.state === 'modified') && i.local);
    out.push({
      id: 'sync',
      label: `$(cloud-upload) Sync ${counts.toSync} item${s(counts.toSync)} not in Notion or changed`,
      detail: paths
        .slice(0, 6)
        .map((i) => i.path)
        .join(', '),
      fix: () => vscode.commands.executeCommand(Commands.syncAll),
    });
  }
  const orphansBy = new Map<string, string[]>();
  for (const i of model.items)
    if (i.state === 'orphaned') orphansBy.set(i.category, [...(orphansBy.get(i.category) ?? []), i.path]);
  for (const [category, paths] of orphansBy)
    out.push({
      id: `orphans:${category}`,
      label: `$(trash) Remove ${paths.length} orphaned row${s(paths.length)} of ${categoryTitle(category)} from Notion`,
      detail: `The file${s(paths.length, ' is', 's are')} gone: ${paths.join(', ')}. The row${s(paths.length)} go${s(paths.length, 'es', '')} to Notion's trash (restorable there for 30 days).`,
      fix: () => removeOrphans(deps, category, paths),
    });
  for (const [category, paths] of orphansBy)
    out.push({
      id: `restore:${category}`,
      label: `$(history) Restore ${paths.length} deleted file${s(paths.length)} of ${categoryTitle(category)} from Notion`,
      detail: `Writes ${paths.join(', ')} back from ${s(paths.length, 'its', 'their')} Notion page${s(paths.length)}; nothing is overwritten.`,
      fix: () => restoreOrphans(deps, paths[0], paths),
    });
  if (counts.chats) {
    const ids = model.sessions.filter((c) => chatState(c) !== 'captured').map((c) => c.id);
    out.push({
      id: 'chats',
      label: `$(comment-discussion) Capture ${counts.chats} agent chat${s(counts.chats)}`,
      detail: 'Not captured yet, or with new turns since the last capture.',
      fix: () => vscode.commands.executeCommand(Commands.captureChats, ids),
    });
  }
  const neverRun = model.items.filter((i) => i.category === 'scripts' && i.local && model.lastRun(i.path) === null);
  if (neverRun.length && vscode.workspace.isTrusted)
    out.push({
      id: 'scripts',
      label: `$(play) Run a script that never ran with an execution log (${neverRun.length})`,
      detail: neverRun.map((i) => i.path).join(', '),
      fix: async () => {
        const pick = await vscode.window.showQuickPick(
          neverRun.map((i) => ({ label: i.path })),
          { title: 'Notion Sync: run a script with an execution log', placeHolder: 'The script to run' },
        );
        if (pick) return vscode.commands.executeCommand(Commands.runScript, pick.label);
        return undefined;
      },
    });
  if (counts.errors || model.lastSync?.outcome === 'failed')
    out.push({
      id: 'errors',
      label: `$(error) ${counts.errors ? `${counts.errors} item${s(counts.errors)} cannot be synced` : 'The last sync failed'}`,
      detail: model.lastSync?.message || 'The log says why.',
      fix: () => vscode.commands.executeCommand(Commands.showLog),
    });
  return out;
}

/** "Fix…": the findings in a quick pick (it stays in the view's title and the status menu, unlike a notification). */
export async function fix(deps: CommandDeps, given?: string): Promise<unknown> {
  const list = findings(deps);
  if (given) return list.find((f) => f.id === given)?.fix();
  if (list.length === 0) {
    void vscode.window.showInformationMessage('Notion Sync: nothing to fix, everything is in sync.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    list.map((f) => ({ label: f.label, detail: f.detail, id: f.id })),
    { title: 'Notion Sync: fix what needs attention', placeHolder: 'Most urgent first' },
  );
  return pick ? list.find((f) => f.id === pick.id)?.fix() : undefined;
}

/** Moves the orphaned rows of a category to Notion's trash, after a modal confirmation (Cancel is the default). */
async function removeOrphans(deps: CommandDeps, category: string, paths: string[]): Promise<unknown> {
  const choice = await vscode.window.showWarningMessage(
    `Remove ${paths.length} orphaned row${paths.length === 1 ? '' : 's'} of ${categoryTitle(category)} from Notion?`,
    {
      modal: true,
      detail: `Their files no longer exist: ${paths.join(', ')}. The pages go to Notion's trash, where they can be restored for 30 days. Nothing in the workspace changes.`,
    },
    'Remove from Notion',
  );
  if (choice !== 'Remove from Notion') return undefined;
  const report = await runTask(
    deps,
    { title: 'Notion Sync: removing orphaned rows', busy: 'removing orphaned rows', command: 'Notion Sync: Fix…' },
    (ctx) => prune(ctx, { orphans: true, category }),
  );
  deps.log.info(`Removed ${report.trashed.length} orphaned row(s) of ${category}; ${report.failed.length} failed`);
  for (const f of report.failed) deps.log.error(`${f.path}: ${f.reason}`);
  await deps.model.refresh();
  if (report.failed.length)
    void vscode.window
      .showErrorMessage(`Notion Sync: ${report.failed.length} row(s) could not be removed.`, 'Show Log')
      .then((c) => c && deps.log.show());
  else
    vscode.window.setStatusBarMessage(`$(check) Removed ${report.trashed.length} orphaned row(s) from Notion.`, 5000);
  return report;
}
