import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { CONFIG_FILE_NAME } from '../../core/config';
import { classifyPath } from '../../core/inventory';
import { NotionError } from '../../core/notion/errors';
import type { SyncReport } from '../../core/sync';
import { runSync } from '../../core/sync';
import { Commands } from '../ids';
import { actionsFor, editorMessage, showProblem } from '../messages';
import { getSetting } from '../settings';
import { errorProblem } from '../model';
import { categoryTitle } from '../tree/format';
import { CategoryNode } from '../tree/nodes';
import type { CommandDeps, Target } from './deps';
import { compare, setFilter } from './navigate';
import { itemOf, pathOf } from './targets';
import { runTask } from './task';

/** Up to this many paths, a sync is interactive (short retry budget). */
const INTERACTIVE_MAX_PATHS = 5;

/** The user's path after a command ran, for tests and for callers. */
export interface SyncOutcome {
  report?: SyncReport;
  outside: string[];
  cancelled?: boolean;
  error?: string;
}

/** "Sync to Notion" on what it was invoked on (default: the active file, else everything pending). */
export async function syncTargets(deps: CommandDeps, arg?: Target, args?: Target[]): Promise<SyncOutcome> {
  const { model } = deps;
  const list: Target[] = Array.isArray(args) && args.length > 0 ? args : arg !== undefined ? [arg] : [];
  if (list.length === 0) {
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active && active.scheme === 'file') list.push(active);
    else return syncPaths(deps, undefined, { title: 'Syncing all pending items' });
  }
  // A file of another configured folder (multi-root): synced with that folder's configuration.
  const file = list.find((t): t is vscode.Uri => t instanceof vscode.Uri);
  if (file) await deps.folders?.follow(file);
  const config = model.config ?? (await model.loadConfig());
  const paths: string[] = [];
  const outside: string[] = [];
  for (const t of list) {
    if (t instanceof CategoryNode) {
      paths.push(...model.items.filter((i) => i.category === t.name && i.local).map((i) => i.path));
      continue;
    }
    const p = pathOf(deps, t);
    if (p === undefined) {
      outside.push(t instanceof vscode.Uri ? t.fsPath : String(t));
      continue;
    }
    const abs = model.absolutePath(p);
    const isDir =
      p === '' ||
      (abs
        ? await fs.stat(abs).then(
            (s) => s.isDirectory(),
            () => false,
          )
        : false);
    if (isDir) {
      const inside = model.items.some((i) => i.local && (p === '' || i.path.startsWith(`${p}/`))) || !model.overview;
      if (inside) paths.push(p);
      else outside.push(p || '.');
    } else if (classifyPath(config, p)) {
      paths.push(p);
    } else {
      outside.push(p);
    }
  }
  if (outside.length) void explainOutside(config.categories, outside);
  if (paths.length === 0) return { outside };
  const title = paths.length === 1 ? `Syncing ${paths[0]!.split('/').pop()}` : `Syncing ${paths.length} items`;
  const outcome = await syncPaths(deps, paths.includes('') ? undefined : [...new Set(paths)], { title });
  return { ...outcome, outside };
}

async function explainOutside(categories: Record<string, { include: string[] }>, outside: string[]): Promise<void> {
  const what = outside.length === 1 ? `"${outside[0]}" is` : `${outside.length} of the selected files are`;
  const cats = Object.entries(categories)
    .filter(([, c]) => c.include.length)
    .map(([name, c]) => `${categoryTitle(name)} (${c.include.join(', ')})`)
    .join('; ');
  const choice = await vscode.window.showWarningMessage(
    `${what} not in any Notion Sync category, so nothing was sent. Categories: ${cats}. To sync it, add a pattern to that category's "include" in ${CONFIG_FILE_NAME}.`,
    `Open ${CONFIG_FILE_NAME}`,
  );
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (choice && root) await vscode.window.showTextDocument(vscode.Uri.joinPath(root, CONFIG_FILE_NAME));
}

/** Runs one sync through the engine, with a cancellable notification, then reads the state again. */
export async function syncPaths(
  deps: CommandDeps,
  paths: string[] | undefined,
  options: { title: string; force?: boolean; quiet?: boolean; trigger?: 'editor' | 'auto' },
): Promise<SyncOutcome> {
  const { model, log } = deps;
  if (!options.quiet && !(await confirmBigSync(deps, paths))) return { outside: [], cancelled: true };
  let outcome: SyncOutcome;
  try {
    outcome = await runTask(
      deps,
      {
        title: `Notion Sync: ${options.title}`,
        cancellable: true,
        quiet: options.quiet,
        busy: 'syncing',
        markWritten: true,
        trigger: options.trigger,
        // A few files for someone waiting: fail fast when Notion is down; big runs keep the long budget.
        interactive: options.trigger !== 'auto' && !!paths && paths.length <= INTERACTIVE_MAX_PATHS,
        command: `Notion Sync: ${options.force ? 'Overwrite Notion' : 'Sync to Notion'}${paths ? ` ${paths.join(' ')}` : ''}`,
      },
      async (ctx): Promise<SyncOutcome> => {
        try {
          // Execution Logs rows for the editor's own syncs only when asked (CLI, CI and script runs always record).
          const report = await runSync(ctx, {
            paths,
            force: options.force,
            executionLog: getSetting('logEditorSyncs'),
          });
          log.info(
            `Sync${paths ? ` ${paths.join(', ')}` : ''}: created ${report.created}, updated ${report.updated}, moved ${report.moved}, unchanged ${report.unchanged}, conflicts ${report.conflicts}, failed ${report.failed}, ${report.apiCalls} API calls${report.cancelled ? ' (cancelled)' : ''}`,
          );
          for (const f of report.failures) log.error(`${f.path}: ${f.reason}`);
          for (const s of report.secrets)
            log.warn(`${s.path}: ${s.count} secret(s) (${s.kinds.join(', ')}) replaced by [REDACTED:…] before sending`);
          return { report, outside: [], cancelled: report.cancelled };
        } catch (err) {
          if (err instanceof NotionError && err.kind === 'cancelled') return { outside: [], cancelled: true };
          throw err;
        }
      },
    );
  } catch (err) {
    outcome = { outside: [], error: showSyncError(deps, err, () => syncPaths(deps, paths, options)) };
  }
  const failed = outcome.error ?? (outcome.report?.failed ? `${outcome.report.failed} item(s) failed` : undefined);
  model.noteRun(failed ? 'failed' : outcome.cancelled ? 'cancelled' : 'ok', failed);
  // Known to be offline and the sync failed: reading again would only fail again (it reconnects by itself).
  if (!(outcome.error && model.offline)) await refreshAfter(model, outcome.report);
  if (outcome.report && !options.quiet) void summarize(deps, outcome.report);
  return outcome;
}

/**
 * After a sync: what it wrote is in its report (each row as the writes left it), so a clean run is
 * shown by re-reading the files only — no request. A run that failed, met a conflict, pulled or was
 * cancelled reads Notion again (its rows may hold what the report cannot say).
 */
async function refreshAfter(model: CommandDeps['model'], report: SyncReport | undefined): Promise<void> {
  const clean = report && !report.failed && !report.conflicts && !report.cancelled && !report.pull;
  if (clean && model.canReadLocally) {
    // Queued like every engine operation, so a check of Notion running now cannot undo it.
    await model.exclusive(async () => model.applyWritten(report.written));
    await model.refresh('local');
  } else await model.refresh();
}

/**
 * A preview above `notionSync.confirmSyncAbove` items: how many pages are created and updated, the
 * requests that costs and the minutes at Notion's rate limit (about 3 per second). Cancel is the
 * default; below the threshold nothing is asked.
 */
async function confirmBigSync(deps: CommandDeps, paths: string[] | undefined): Promise<boolean> {
  const { model } = deps;
  const inScope = (p: string): boolean =>
    !paths || paths.some((q) => q === '' || p === q || p.startsWith(`${q.replace(/\/$/, '')}/`));
  const items = model.items.filter((i) => i.local && inScope(i.path));
  const creates = items.filter((i) => i.state === 'new').length;
  const updates = items.filter((i) => i.state === 'modified').length;
  const threshold = Math.max(0, getSetting('confirmSyncAbove'));
  if (creates + updates === 0 || creates + updates <= threshold) return true;
  // A create is a lookup by key, the page with its first 100 blocks, and usually an append; an update a few block writes.
  const requests = creates * 3 + updates * 4 + 1;
  const minutes = Math.max(1, Math.round(requests / 3 / 60));
  const choice = await vscode.window.showWarningMessage(
    `Sync ${(creates + updates).toLocaleString('en-US')} items to Notion?`,
    {
      modal: true,
      detail: `${creates.toLocaleString('en-US')} page${creates === 1 ? '' : 's'} created, ${updates.toLocaleString('en-US')} updated: about ${requests.toLocaleString('en-US')} requests, about ${minutes} min at Notion's rate limit. It can be cancelled at any time; what was written stays and the next sync continues.`,
    },
    'Sync',
  );
  return choice === 'Sync';
}

/** A failed sync: one message written for the editor, with the buttons that fix it (Retry runs it again). Returns the message. */
function showSyncError(deps: CommandDeps, err: unknown, retry: () => unknown): string {
  const p = errorProblem(err);
  deps.log.error(`Sync failed: ${p.message} ${p.fix ?? ''}`);
  void showProblem(p, actionsFor(err), retry);
  return editorMessage(p);
}

async function summarize(deps: CommandDeps, r: SyncReport): Promise<void> {
  const parts = [`${r.created} created`, `${r.updated + r.moved} updated`, `${r.unchanged} unchanged`];
  if (r.cancelled) parts.push('cancelled');
  const summary = `Notion Sync: ${parts.join(', ')}.`;
  if (r.conflicts > 0) {
    const first = r.conflictPaths[0]!;
    const c = await vscode.window.showWarningMessage(
      `${summary} ${r.conflicts} item${r.conflicts === 1 ? ' was' : 's were'} edited in Notion since the last sync and ${r.conflicts === 1 ? 'was' : 'were'} not overwritten${r.conflicts === 1 ? ` (${first})` : ''}.`,
      'Pull from Notion',
      'Compare with Notion',
      'Show in View',
    );
    if (c === 'Pull from Notion') await vscode.commands.executeCommand(Commands.pull, first, r.conflictPaths);
    else if (c === 'Compare with Notion') await vscode.commands.executeCommand(Commands.compare, first);
    else if (c === 'Show in View') await setFilter(deps, true);
  } else if (r.failed > 0) {
    const c = await vscode.window.showErrorMessage(
      `${summary} ${r.failed} failed: ${r.failures.map((f) => `${f.path} (${f.reason})`).join('; ')}`,
      'Show Log',
    );
    if (c) deps.log.show();
  } else {
    vscode.window.setStatusBarMessage(`$(check) ${summary}`, 5000);
  }
}

/** Changed in Notion (a conflict, or remote-modified): replaces the page's edits with the local file, after a modal warning. */
export async function overwrite(deps: CommandDeps, arg?: Target): Promise<SyncOutcome | undefined> {
  const item = itemOf(deps, arg);
  if (!item || (item.state !== 'conflict' && item.state !== 'remote-modified')) {
    void vscode.window.showInformationMessage(
      `${item?.path ?? 'This item'} was not changed in Notion since the last sync: use "Sync to Notion".`,
    );
    return undefined;
  }
  const status = deps.model.item(item.path);
  const when = status?.row?.lastEditedTime ? new Date(status.row.lastEditedTime).toLocaleString() : 'recently';
  const choice = await vscode.window.showWarningMessage(
    `Overwrite the Notion page of ${item.path}?`,
    {
      modal: true,
      detail: `The page was edited in Notion (${when}) after the last sync. Overwriting replaces those edits with the local file. Compare first to see what would be lost, or "Pull from Notion" to merge them into the file.`,
    },
    // VS Code makes the first button the default (Enter) and always adds Cancel: Enter compares, it never overwrites.
    'Compare First',
    'Overwrite',
  );
  if (choice === 'Compare First') {
    await compare(deps, item.path);
    return undefined;
  }
  if (choice !== 'Overwrite') return undefined;
  return syncPaths(deps, [item.path], { title: `Overwriting ${item.path.split('/').pop()}`, force: true });
}
