import * as vscode from 'vscode';
import type { PruneReport, RestoreResult } from '../../core/sync';
import { prune, restoreFile, RestoreError } from '../../core/sync';
import { categoryTitle } from '../tree/format';
import type { CommandDeps, Target } from './deps';
import { itemOf } from './targets';
import { runTask } from './task';

/** The orphaned items a command was invoked on (a tree row, the selection, or paths). */
function orphansOf(deps: CommandDeps, arg?: Target, args?: Target[]): Array<{ path: string; category: string }> {
  const list: Target[] = Array.isArray(args) && args.length > 0 ? args : arg !== undefined ? [arg] : [];
  const out: Array<{ path: string; category: string }> = [];
  for (const t of list) {
    const item = itemOf(deps, t);
    const status = item ? deps.model.item(item.path) : undefined;
    if (status?.state === 'orphaned') out.push({ path: status.path, category: status.category });
  }
  return out;
}

function notOrphaned(): void {
  void vscode.window.showInformationMessage(
    'Notion Sync: choose an orphaned row (its file was deleted here) in the Workspace view.',
  );
}

/**
 * "Restore the File from Notion" on orphaned rows: each page written back as its file (markdown with its
 * front matter, scripts as they were), never over an existing file; the file then shows synced.
 */
export async function restoreOrphans(deps: CommandDeps, arg?: Target, args?: Target[]): Promise<RestoreResult[]> {
  const orphans = orphansOf(deps, arg, args);
  if (orphans.length === 0) return (void notOrphaned(), []);
  const results: RestoreResult[] = [];
  const refused: string[] = [];
  await runTask(
    deps,
    {
      title: `Notion Sync: restoring ${orphans.length === 1 ? orphans[0]!.path : `${orphans.length} files`} from Notion`,
      busy: 'restoring from Notion',
      interactive: true,
    },
    async (ctx) => {
      for (const o of orphans) {
        try {
          results.push(await restoreFile(ctx, o.path));
        } catch (err) {
          if (!(err instanceof RestoreError)) throw err;
          refused.push(`${err.message} ${err.fix}`);
        }
      }
    },
  );
  for (const r of results) deps.log.info(`Restored ${r.path} from Notion (${r.bytes} bytes, ${r.apiCalls} API calls)`);
  await deps.model.refresh('local');
  if (refused.length) void vscode.window.showWarningMessage(`Notion Sync: ${refused.join(' ')}`);
  if (results.length === 1) {
    const abs = deps.model.absolutePath(results[0]!.path);
    if (abs) await vscode.window.showTextDocument(vscode.Uri.file(abs), { preview: true });
  } else if (results.length > 1) {
    vscode.window.setStatusBarMessage(`$(check) Restored ${results.length} files from Notion.`, 5000);
  }
  return results;
}

/**
 * "Remove from Notion" on orphaned rows: after a modal confirmation (Cancel is the default), only those
 * rows go to Notion's trash (restorable there for 30 days); nothing in the workspace changes.
 */
export async function removeOrphanRows(
  deps: CommandDeps,
  arg?: Target,
  args?: Target[],
): Promise<PruneReport | undefined> {
  const orphans = orphansOf(deps, arg, args);
  if (orphans.length === 0) return (void notOrphaned(), undefined);
  const paths = orphans.map((o) => o.path);
  const categories = [...new Set(orphans.map((o) => o.category))];
  const what = paths.length === 1 ? `the row of ${paths[0]}` : `${paths.length} orphaned rows`;
  const choice = await vscode.window.showWarningMessage(
    `Remove ${what} from Notion?`,
    {
      modal: true,
      detail: `The file${paths.length === 1 ? ' is' : 's are'} gone here (${paths.join(', ')}). The page${paths.length === 1 ? ' goes' : 's go'} to Notion's trash, where ${paths.length === 1 ? 'it' : 'they'} can be restored for 30 days. "Restore the File" brings the file back instead.`,
    },
    'Remove from Notion',
  );
  if (choice !== 'Remove from Notion') return undefined;
  const report = await runTask(
    deps,
    {
      title: `Notion Sync: removing ${what} from Notion`,
      busy: 'removing orphaned rows',
      command: 'Notion Sync: Remove from Notion',
      interactive: true,
    },
    (ctx) => prune(ctx, { orphans: true, paths, category: categories.length === 1 ? categories[0] : undefined }),
  );
  deps.log.info(
    `Removed ${report.trashed.length} orphaned row(s) (${categories.map(categoryTitle).join(', ')}); ${report.failed.length} failed`,
  );
  for (const f of report.failed) deps.log.error(`${f.path}: ${f.reason}`);
  await deps.model.refresh();
  if (report.failed.length)
    void vscode.window
      .showErrorMessage(`Notion Sync: ${report.failed.length} row(s) could not be removed.`, 'Show Log')
      .then((c) => c && deps.log.show());
  else vscode.window.setStatusBarMessage(`$(check) Removed ${report.trashed.length} row(s) from Notion.`, 5000);
  return report;
}
