// Multi-root workspaces (issue 14, point 12), inside a real VS Code against the Notion sandbox. The window
// is a `.code-workspace` file with two folders, alpha-repo and beta-repo, each with its own
// .notion-sync.json (workspace name, databases) — prepared by prepareMultiRootWorkspace in
// tools/vscode/with-sandbox.mjs. In each, plans/<name>-synced.md is synced and plans/<name>-new.md is new.
// The view shows one configured folder at a time and follows the folder of the active file; a command given
// a file of the other folder acts in that file's folder, with that folder's configuration.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension/api';
import { Commands } from '../../src/extension/ids';

const EXTENSION_ID = 'notion-workspace-sync.notion-workspace-sync';
const SANDBOX = process.env.NOTION_SYNC_SANDBOX_URL;
const TOKEN = process.env.NOTION_TOKEN;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  for (let waited = 0; !ok(); waited += 100) {
    if (waited >= ms) assert.fail(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

interface SandboxPage {
  parent: { database_id?: string; data_source_id?: string };
  properties: Record<string, { rich_text?: Array<{ plain_text: string }> }>;
}

async function readPage(pageId: string): Promise<SandboxPage> {
  const r = await fetch(`${SANDBOX}/v1/pages/${pageId}`, {
    headers: { authorization: `Bearer ${TOKEN}`, 'notion-version': '2025-09-03' },
  });
  assert.ok(r.ok, `reading page ${pageId}: HTTP ${r.status}`);
  return (await r.json()) as SandboxPage;
}

const richText = (page: SandboxPage, name: string): string =>
  (page.properties[name]?.rich_text ?? []).map((t) => t.plain_text).join('');

/** The Plans database id in a folder's .notion-sync.json, as `init` wrote it (plain JSON). */
function plansDatabaseOf(folder: string): string {
  const config = JSON.parse(readFileSync(join(folder, '.notion-sync.json'), 'utf8')) as {
    categories: { plans: { databaseId: string } };
  };
  return config.categories.plans.databaseId;
}

suite('Multi-root workspace: two folders, each with its own configuration', function () {
  this.timeout(120_000);
  let api: ExtensionApi;
  let alpha: string;
  let beta: string;
  const pageOf = (path: string): string =>
    (api.nodeFor(path) as unknown as { status: { pageId: string } } | undefined)?.status.pageId ?? '';

  suiteSetup(async function () {
    assert.ok(SANDBOX && TOKEN, 'run through `npm run test:host` (tools/vscode/with-sandbox.mjs starts the sandbox)');
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    assert.equal(folders.length, 2, `a window with two folders, got ${JSON.stringify(folders)}`);
    assert.ok(vscode.workspace.workspaceFile?.fsPath.endsWith('.code-workspace'), 'opened as a .code-workspace');
    [alpha, beta] = folders as [string, string];
    assert.match(alpha, /alpha-repo$/);
    assert.match(beta, /beta-repo$/);
    assert.notEqual(plansDatabaseOf(alpha), plansDatabaseOf(beta), 'each folder has its databases');
    const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    await api.ready;
    await api.whenIdle();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test("at first the first configured folder is shown, named in the view's description, with truthful counts", () => {
    assert.equal(api.viewState, 'ready');
    assert.equal(api.itemState('plans/alpha-synced.md'), 'synced');
    assert.equal(api.itemState('plans/alpha-new.md'), 'new');
    assert.equal(api.itemState('plans/beta-new.md'), undefined, "beta's items are not mixed into alpha's");
    assert.equal(api.treeView.description, 'alpha-repo');
    // The status bar counts what the view shows: alpha's one new file (beta's is not counted).
    assert.equal(api.counts().toSync, 1, JSON.stringify(api.counts()));
    assert.match(api.statusBarItem.text, /1 to sync/);
  });

  test('the attention filter says so beside the folder, and Show All Items leaves the folder', async () => {
    await vscode.commands.executeCommand(Commands.filterAttention);
    assert.equal(api.treeView.description, 'alpha-repo · needs attention');
    await vscode.commands.executeCommand(Commands.showAll);
    assert.equal(api.treeView.description, 'alpha-repo');
  });

  test('opening a file of the other folder switches the view to it; switching back returns', async () => {
    await vscode.window.showTextDocument(vscode.Uri.file(join(beta, 'plans', 'beta-new.md')));
    await until('the view to show beta-repo', () => api.itemState('plans/beta-new.md') === 'new');
    await api.whenIdle();
    assert.equal(api.itemState('plans/beta-synced.md'), 'synced');
    assert.equal(api.itemState('plans/alpha-new.md'), undefined, "alpha's items are still shown");
    assert.equal(api.treeView.description, 'beta-repo');
    assert.equal(api.counts().toSync, 1, JSON.stringify(api.counts()));

    await vscode.window.showTextDocument(vscode.Uri.file(join(alpha, 'plans', 'alpha-synced.md')));
    await until('the view to show alpha-repo again', () => api.itemState('plans/alpha-new.md') === 'new');
    await api.whenIdle();
    assert.equal(api.itemState('plans/beta-new.md'), undefined);
    assert.equal(api.treeView.description, 'alpha-repo');
  });

  test("syncing a file of the other folder writes to that folder's database under its workspace name", async () => {
    assert.equal(api.treeView.description, 'alpha-repo', 'starts on alpha');
    const outcome = (await vscode.commands.executeCommand(
      Commands.sync,
      vscode.Uri.file(join(beta, 'plans', 'beta-new.md')),
    )) as { report?: { created: number } } | undefined;
    await api.whenIdle();
    assert.equal(outcome?.report?.created, 1, JSON.stringify(outcome));
    assert.equal(api.treeView.description, 'beta-repo', 'the view follows the folder the command acted in');
    assert.equal(api.itemState('plans/beta-new.md'), 'synced');
    const page = await readPage(pageOf('plans/beta-new.md'));
    assert.equal(richText(page, 'Workspace'), 'beta-repo');
    const betaPlans = plansDatabaseOf(beta);
    const alphaPlans = plansDatabaseOf(alpha);
    const parents = [page.parent.database_id, page.parent.data_source_id];
    assert.ok(parents.includes(betaPlans), `in beta's Plans database ${betaPlans}: ${JSON.stringify(page.parent)}`);
    assert.ok(!parents.includes(alphaPlans), "not in alpha's");
    assert.equal(api.counts().toSync, 0, JSON.stringify(api.counts()));

    // And back: a new file of alpha, synced by its URI while beta is shown, lands in alpha's database.
    const file = join(alpha, 'plans', 'alpha-later.md');
    writeFileSync(file, '# alpha: written during the test\n');
    const back = (await vscode.commands.executeCommand(Commands.sync, vscode.Uri.file(file))) as
      { report?: { created: number } } | undefined;
    await api.whenIdle();
    assert.equal(back?.report?.created, 1, JSON.stringify(back));
    assert.equal(api.treeView.description, 'alpha-repo');
    const alphaPage = await readPage(pageOf('plans/alpha-later.md'));
    assert.equal(richText(alphaPage, 'Workspace'), 'alpha-repo');
    assert.ok([alphaPage.parent.database_id, alphaPage.parent.data_source_id].includes(alphaPlans));
  });
});
