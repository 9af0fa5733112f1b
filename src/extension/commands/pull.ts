import * as vscode from 'vscode';
import { NotionError } from '../../core/notion/errors';
import type { PullReport } from '../../core/sync/pull-items';
import { runPull } from '../../core/sync/pull-run';
import { Commands } from '../ids';
import { actionsFor, editorMessage, showProblem } from '../messages';
import { errorProblem } from '../model';
import { CategoryNode } from '../tree/nodes';
import type { CommandDeps, Target } from './deps';
import { itemOf, pathOf } from './targets';
import { runTask } from './task';

/** Up to this many paths, a pull is interactive (short retry budget). */
const INTERACTIVE_MAX_PATHS = 5;

/** What "Pull from Notion" did, for tests and callers. */
export interface PullOutcome {
  report?: PullReport;
  cancelled?: boolean;
  error?: string;
  /** Files left with conflict markers; the first one is opened where the markers are. */
  conflicts: string[];
}

/** States whose Notion side changed since the last sync: what a pull brings in. */
export const PULLABLE_STATES = new Set(['remote-modified', 'conflict']);

/** "Pull from Notion" on what it was invoked on: tree node(s), explorer/editor `(uri, uris[])`, a path; default the active file. */
export async function pullTargets(deps: CommandDeps, arg?: Target, args?: Target[]): Promise<PullOutcome> {
  const list: Target[] = Array.isArray(args) && args.length > 0 ? args : arg !== undefined ? [arg] : [];
  if (list.length === 0) {
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active?.scheme === 'file') list.push(active);
    else return pullPaths(deps, undefined, 'Pulling the changes made in Notion');
  }
  const paths: string[] = [];
  for (const t of list) {
    if (t instanceof CategoryNode) {
      paths.push(
        ...deps.model.items.filter((i) => i.category === t.name && PULLABLE_STATES.has(i.state)).map((i) => i.path),
      );
      continue;
    }
    const p = pathOf(deps, t);
    if (p === undefined) continue;
    const item = itemOf(deps, p);
    if (item && !item.pageId && deps.model.item(p)) {
      void vscode.window.showInformationMessage(`${p} is not in Notion yet: there is nothing to pull.`);
      continue;
    }
    paths.push(p);
  }
  if (paths.length === 0) return { conflicts: [] };
  const unique = [...new Set(paths)];
  const title =
    unique.length === 1
      ? `Pulling ${unique[0]!.split('/').pop()} from Notion`
      : `Pulling ${unique.length} items from Notion`;
  return pullPaths(deps, unique.includes('') ? undefined : unique, title);
}

/** "Pull All Changes from Notion": every item changed in Notion. */
export function pullAll(deps: CommandDeps): Promise<PullOutcome> {
  return pullPaths(deps, undefined, 'Pulling the changes made in Notion');
}

/**
 * Runs one pull through the engine (cancellable progress, one operation at a time), then reads the
 * state again and says what happened: clean merges are in the files; overlapping changes are left
 * as conflict markers, and the first such file is opened at its first conflict, where VS Code's
 * merge decorations offer "Accept Current Change" (local) and "Accept Incoming Change" (Notion).
 */
export async function pullPaths(
  deps: CommandDeps,
  paths: string[] | undefined,
  title: string,
  options: { quiet?: boolean } = {},
): Promise<PullOutcome> {
  const { model, log } = deps;
  if (!(await saveFirst(deps, paths))) return { cancelled: true, conflicts: [] };
  let outcome: PullOutcome;
  try {
    const report = await runTask(
      deps,
      {
        title: `Notion Sync: ${title}`,
        cancellable: true,
        busy: 'pulling',
        interactive: !!paths && paths.length <= INTERACTIVE_MAX_PATHS,
        command: `Notion Sync: Pull from Notion${paths ? ` ${paths.join(' ')}` : ''}`,
      },
      (ctx) => runPull(ctx, { paths }),
    );
    log.info(
      `Pull${paths ? ` ${paths.join(', ')}` : ''}: pulled ${report.pulled}, merged ${report.merged}, conflicts ${report.conflicts}, unchanged ${report.unchanged}, failed ${report.failed}, ${report.apiCalls} API calls${report.cancelled ? ' (cancelled)' : ''}`,
    );
    for (const i of report.items)
      if (i.action !== 'unchanged') log.info(`  ${i.action} ${i.path}${i.reason ? `: ${i.reason}` : ''}`);
    const conflicts = report.items.filter((i) => i.action === 'conflict').map((i) => i.path);
    outcome = { report, cancelled: report.cancelled, conflicts };
  } catch (err) {
    if (err instanceof NotionError && err.kind === 'cancelled') outcome = { cancelled: true, conflicts: [] };
    else {
      const p = errorProblem(err);
      log.error(`Pull failed: ${p.message} ${p.fix ?? ''}`);
      void showProblem(p, actionsFor(err), () => pullPaths(deps, paths, title, options));
      outcome = { error: editorMessage(p), conflicts: [] };
    }
  }
  if (!(outcome.error && model.offline)) await model.refresh();
  if (outcome.conflicts.length) await openAtConflict(deps, outcome.conflicts[0]!);
  if (outcome.report && !options.quiet) void summarize(deps, outcome.report, outcome.conflicts);
  return outcome;
}

/**
 * Pull writes the files on disk: unsaved edits of the files it may touch would then clash with it.
 * Asks to save them first (modal; Cancel pulls nothing). True when the pull may go on.
 */
async function saveFirst(deps: CommandDeps, paths: string[] | undefined): Promise<boolean> {
  const inScope = (rel: string): boolean =>
    paths ? paths.some((p) => rel === p || rel.startsWith(`${p}/`)) : !!deps.model.item(rel);
  const dirty = vscode.workspace.textDocuments.filter((d) => {
    if (!d.isDirty || d.uri.scheme !== 'file') return false;
    const rel = deps.model.relativePath(d.uri.fsPath);
    return rel !== undefined && inScope(rel);
  });
  if (dirty.length === 0) return true;
  const names = dirty.map((d) => deps.model.relativePath(d.uri.fsPath)).join(', ');
  const choice = await vscode.window.showWarningMessage(
    `Save ${dirty.length === 1 ? names : `${dirty.length} files`} before pulling from Notion?`,
    {
      modal: true,
      detail: `Pull merges the changes made in Notion into the files on disk; unsaved edits (${names}) would clash with it. Saved, they are merged like any local edit.`,
    },
    'Save and Pull',
  );
  if (choice !== 'Save and Pull') return false;
  for (const d of dirty) if (!(await d.save())) return false;
  return true;
}

/** Opens a file that holds conflict markers at its first conflict (reloading it from disk if needed). */
export async function openAtConflict(deps: CommandDeps, path: string): Promise<vscode.TextEditor | undefined> {
  const abs = deps.model.absolutePath(path);
  if (!abs) return undefined;
  const editor = await vscode.window.showTextDocument(vscode.Uri.file(abs), { preview: false });
  const marker = /^<{7} /m;
  // The editor may still hold the text from before the pull (the file watcher has not told it yet).
  for (let i = 0; i < 20 && !marker.test(editor.document.getText()); i++) {
    if (!editor.document.isDirty) await vscode.commands.executeCommand('workbench.action.files.revert');
    if (!marker.test(editor.document.getText())) await new Promise((r) => setTimeout(r, 100));
  }
  const line = editor.document
    .getText()
    .split(/\r?\n/)
    .findIndex((l) => /^<{7} /.test(l));
  if (line >= 0) {
    const at = new vscode.Position(line, 0);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
  }
  return editor;
}

async function summarize(deps: CommandDeps, r: PullReport, conflicts: string[]): Promise<void> {
  const parts = [`${r.pulled} pulled`, `${r.merged} merged`];
  if (r.conflicts) parts.push(`${r.conflicts} with conflicts`);
  if (r.failed) parts.push(`${r.failed} failed`);
  if (r.cancelled) parts.push('cancelled');
  const summary = `Notion Sync: ${parts.join(', ')}.`;
  const merged = r.items.filter((i) => i.action === 'merged').map((i) => i.path);
  if (conflicts.length) {
    const which = conflicts.length === 1 ? conflicts[0]! : `${conflicts.length} files`;
    const c = await vscode.window.showWarningMessage(
      `${summary} ${r.conflicts} conflict${r.conflicts === 1 ? '' : 's'}: ${which} changed in the same place here and in Notion. Both versions are marked in the file (<<<<<<< local … >>>>>>> notion): choose "Accept Current Change" (local), "Accept Incoming Change" (Notion) or "Accept Both Changes" above each, save, then "Sync to Notion".`,
      ...(conflicts.length > 1 ? ['Open the Others'] : []),
      'Show Log',
    );
    if (c === 'Open the Others') for (const p of conflicts.slice(1)) await openAtConflict(deps, p);
    else if (c === 'Show Log') deps.log.show();
  } else if (r.failed) {
    const failures = r.items.filter((i) => i.action === 'failed');
    const c = await vscode.window.showErrorMessage(
      `${summary} ${failures.map((f) => `${f.path} (${f.reason ?? 'failed'})`).join('; ')}`,
      'Show Log',
    );
    if (c) deps.log.show();
  } else if (merged.length) {
    const c = await vscode.window.showInformationMessage(
      `${summary} Notion's changes and your local edits are both in ${merged.length === 1 ? merged[0] : `${merged.length} files`}: "Sync to Notion" sends your edits.`,
      'Sync to Notion',
    );
    if (c) await vscode.commands.executeCommand(Commands.sync, ...merged.slice(0, 1), merged);
  } else {
    vscode.window.setStatusBarMessage(`$(check) ${summary}`, 5000);
  }
}
