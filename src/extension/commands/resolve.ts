import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { notionSideText } from '../../core/sync/compare';
import type { PullReport } from '../../core/sync/pull-items';
import { runPull } from '../../core/sync/pull-run';
import { Commands } from '../ids';
import type { CommandDeps, Target } from './deps';
import { compare } from './navigate';
import { PULLABLE_STATES } from './pull';
import { itemOf } from './targets';
import { runTask } from './task';

/** What "Take Notion's Version" did, for tests and callers. */
export interface TakeOutcome {
  path: string;
  /** The copy of the local text as it was before, outside the workspace. */
  backup: string;
  report?: PullReport;
}

/**
 * A conflict (or any item with a page): the four ways out, none of which drops a side unless the
 * user picks it — pull and merge (overlaps marked in the file), compare, keep the local file
 * (overwrite Notion, confirmed), take Notion's version (confirmed, the local text kept).
 */
export async function resolveConflict(deps: CommandDeps, arg?: Target): Promise<unknown> {
  const item = itemOf(deps, arg);
  if (!item?.pageId || !item.local) {
    void vscode.window.showInformationMessage(
      `${item?.path ?? 'This file'} has no Notion page and a local file to reconcile.`,
    );
    return undefined;
  }
  type Choice = vscode.QuickPickItem & { command: string };
  const choices: Choice[] = [
    {
      label: '$(git-merge) Pull from Notion',
      detail:
        'Merge the changes made in Notion into the file. Where both sides changed the same lines, both are kept between conflict markers for you to choose.',
      command: Commands.pull,
    },
    {
      label: '$(diff) Compare with Notion',
      detail: "Notion's version (markdown) beside the local file, which you can edit there.",
      command: Commands.compare,
    },
    {
      label: '$(repo-force-push) Overwrite Notion…',
      detail: 'Keep the local file: replace the page in Notion with it (asks first).',
      command: Commands.overwrite,
    },
    {
      label: "$(cloud-download) Take Notion's Version…",
      detail: 'Replace the local file with the page from Notion (asks first; Undo and a backup keep your text).',
      command: Commands.takeNotion,
    },
  ];
  const pick = await vscode.window.showQuickPick(choices, {
    title: `Notion Sync: ${item.path} — ${item.state === 'conflict' ? 'changed here and in Notion' : 'changed in Notion'}`,
    placeHolder: 'How to bring the two versions together',
  });
  return pick ? vscode.commands.executeCommand(pick.command, item.path) : undefined;
}

/**
 * "Take Notion's Version": the file becomes the page as Notion has it (markdown with front matter, or
 * the script), after a modal confirmation. The replacement is an edit in the editor, so Undo brings
 * the local text back; a copy of it is also written outside the workspace. A pull of the item then
 * records that both sides agree (the row's Content Hash), so it shows synced and the next sync writes nothing.
 */
export async function takeNotion(deps: CommandDeps, arg?: Target): Promise<TakeOutcome | undefined> {
  const { model, log } = deps;
  const item = itemOf(deps, arg);
  const status = item ? model.item(item.path) : undefined;
  const abs = item ? model.absolutePath(item.path) : undefined;
  if (!item?.pageId || !status?.local || !abs) {
    void vscode.window.showInformationMessage(
      `${item?.path ?? 'This file'} has no Notion page and a local file to take it into.`,
    );
    return undefined;
  }
  const what = PULLABLE_STATES.has(item.state) || item.state === 'modified' ? 'your local changes' : 'the local text';
  const choice = await vscode.window.showWarningMessage(
    `Replace ${item.path} with Notion's version?`,
    {
      modal: true,
      detail: `The file becomes the page as it is in Notion, and ${what} to it are replaced. They stay in the editor's undo history (Undo brings them back), and a copy is kept outside the workspace. Compare first to see what changes.`,
    },
    // The first button is the default (Enter): it compares, it never replaces.
    'Compare First',
    "Take Notion's Version",
  );
  if (choice === 'Compare First') {
    await compare(deps, item.path);
    return undefined;
  }
  if (choice !== "Take Notion's Version") return undefined;

  const name = item.path.split('/').pop();
  const text = await runTask(
    deps,
    { title: `Notion Sync: reading ${name} from Notion`, cancellable: true, interactive: true },
    (ctx) =>
      notionSideText(ctx, {
        pageId: item.pageId!,
        properties: status.row?.properties,
        local: status.local,
        rows: Object.values(deps.model.knownRows ?? {}).flat(),
      }),
  );
  const uri = vscode.Uri.file(abs);
  const doc = await vscode.workspace.openTextDocument(uri);
  const backup = join(
    deps.context.globalStorageUri.fsPath,
    'backups',
    new Date().toISOString().replace(/[:.]/g, '-'),
    ...item.path.split('/'),
  );
  await fs.mkdir(dirname(backup), { recursive: true });
  // The text as the user last saw it: unsaved edits included.
  await fs.writeFile(backup, doc.isDirty ? doc.getText() : await fs.readFile(abs));
  log.info(`Take Notion's version of ${item.path}: the local text is kept in ${backup}`);

  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  if (!(await vscode.workspace.applyEdit(edit)) || !(await doc.save()))
    throw new Error(
      `${item.path} could not be written; nothing was replaced in Notion (the local text is in ${backup}).`,
    );
  await vscode.window.showTextDocument(doc, { preview: false });

  // The file now says what Notion says: a pull of it records that (Content Hash, base), writing no block.
  const report = await runTask(
    deps,
    { title: `Notion Sync: recording ${name} as in step with Notion`, busy: 'pulling', interactive: true },
    (ctx) => runPull(ctx, { paths: [item.path] }),
  );
  await model.refresh();
  const after = model.item(item.path)?.state;
  log.info(`Take Notion's version of ${item.path}: ${JSON.stringify(report.items)}; now ${after}`);
  void vscode.window
    .showInformationMessage(
      `Notion Sync: ${item.path} now has Notion's version. Undo in the editor brings your text back; a copy is kept.`,
      'Open the Copy',
    )
    .then((c) => (c ? vscode.window.showTextDocument(vscode.Uri.file(backup), { preview: true }) : undefined));
  return { path: item.path, backup, report };
}
