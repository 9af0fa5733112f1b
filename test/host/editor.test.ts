// The editor experience inside a real VS Code extension host, against the Notion sandbox:
// connect, the tree and its badges, Sync to Notion and the status bar, conflicts and Overwrite
// Notion (never without confirmation), Compare with Notion, the filter, the audit, running a script.
// Needs the world tools/vscode/with-sandbox.mjs prepares (`npm run test:host` does it); skipped without.
import * as assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension/extension';
import { Commands, ContextValues } from '../../src/extension/ids';

const EXTENSION_ID = 'notion-workspace-sync.notion-workspace-sync';
const SANDBOX = process.env.NOTION_SYNC_SANDBOX_URL;
const TOKEN = process.env.NOTION_TOKEN;

type Window = typeof vscode.window;
type Answer = string | undefined;

/** Replaces a `vscode.window` prompt for one test; returns what it was asked, and the buttons offered. */
function stubPrompt(
  name: 'showWarningMessage' | 'showInformationMessage' | 'showErrorMessage',
  answer: (message: string) => Answer,
): { asked: string[]; buttons: string[][]; modal: boolean[]; restore(): void } {
  const win = vscode.window as unknown as Record<string, unknown>;
  const original = win[name];
  const asked: string[] = [];
  const buttons: string[][] = [];
  const modal: boolean[] = [];
  win[name] = (message: string, ...rest: unknown[]) => {
    asked.push(message);
    buttons.push(rest.filter((r): r is string => typeof r === 'string'));
    modal.push(rest.some((r) => !!r && typeof r === 'object' && (r as { modal?: boolean }).modal === true));
    return Promise.resolve(answer(message));
  };
  return { asked, buttons, modal, restore: () => (win[name] = original) };
}

async function admin(path: string, body: unknown): Promise<unknown> {
  const r = await fetch(`${SANDBOX}/__sandbox/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await r.text();
  assert.ok(r.ok, `sandbox ${path}: HTTP ${r.status} ${text}`);
  return JSON.parse(text) as unknown;
}

/** The text of a page's top-level blocks, read straight from the sandbox with the Notion API. */
async function pageText(pageId: string): Promise<string> {
  const r = await fetch(`${SANDBOX}/v1/blocks/${pageId}/children?page_size=100`, {
    headers: { authorization: `Bearer ${TOKEN}`, 'notion-version': '2025-09-03' },
  });
  assert.ok(r.ok, `reading page ${pageId}: HTTP ${r.status}`);
  const body = (await r.json()) as { results: Array<Record<string, { rich_text?: Array<{ plain_text: string }> }>> };
  return body.results
    .map((b) =>
      Object.values(b)
        .flatMap((v) =>
          v && typeof v === 'object' && Array.isArray(v.rich_text) ? v.rich_text.map((t) => t.plain_text) : [],
        )
        .join(''),
    )
    .join('\n');
}

function root(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return folder.uri.fsPath;
}

const fileUri = (rel: string): vscode.Uri => vscode.Uri.file(join(root(), ...rel.split('/')));

suite('Editor experience against the Notion sandbox', function () {
  this.timeout(60_000);
  let api: ExtensionApi;

  suiteSetup(async function () {
    if (!SANDBOX || !TOKEN) {
      console.log('      (no sandbox: run through `npm run test:host`, which starts one; skipping)');
      this.skip();
    }
    const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    await api.ready;
    await api.whenIdle();
  });

  const idle = async (): Promise<void> => {
    await api.whenIdle();
  };
  const pending = (): number => Number(/(\d+) to sync/.exec(api.statusBarItem.text)?.[1] ?? 0);

  test('connect: a refused token is not stored; a good one is, and names the Notion workspace', async () => {
    // Disconnect asks first: Cancel (Escape) keeps the token.
    const keep = stubPrompt('showWarningMessage', () => undefined);
    try {
      assert.equal(await vscode.commands.executeCommand(Commands.disconnect), false);
    } finally {
      keep.restore();
    }
    assert.equal(keep.asked.length, 1, 'Disconnect did not ask before removing the token');
    assert.match(keep.asked[0]!, /Disconnect from Notion\?/);
    assert.equal(keep.modal[0], true, 'the confirmation is a modal dialog');
    await idle();
    assert.notEqual(api.viewState, 'notConnected', 'a cancelled Disconnect removed the token');

    const confirm = stubPrompt('showWarningMessage', (m) =>
      /Disconnect from Notion/.test(m) ? 'Disconnect' : undefined,
    );
    try {
      assert.equal(await vscode.commands.executeCommand(Commands.disconnect), true);
    } finally {
      confirm.restore();
    }
    await idle();
    assert.equal(
      api.viewState,
      'notConnected',
      'after Disconnect the view should ask to connect (NOTION_TOKEN is ignored until Connect)',
    );
    assert.match(api.statusBarItem.text, /not connected/);
    assert.equal(
      (await api.treeDataProvider.getChildren(undefined))?.length ?? 0,
      0,
      'a disconnected view is empty, so its welcome content shows',
    );

    const errors = stubPrompt('showErrorMessage', () => undefined);
    try {
      const refused = await vscode.commands.executeCommand(Commands.connect, 'ntn_not_the_right_token');
      assert.equal(refused, undefined);
      assert.equal(errors.asked.length, 1, 'the user is told why the token was refused');
      assert.match(errors.asked[0]!, /Could not connect to Notion/);
    } finally {
      errors.restore();
    }
    await idle();
    assert.equal(api.viewState, 'notConnected');

    const connected = (await vscode.commands.executeCommand(Commands.connect, TOKEN)) as
      { notionWorkspace?: string } | undefined;
    assert.ok(connected, 'Connect with the sandbox token failed');
    assert.ok(connected.notionWorkspace, 'Connect did not report the Notion workspace name');
    await idle();
    assert.equal(api.viewState, 'ready');
    assert.equal(api.notionWorkspace, connected.notionWorkspace);
  });

  test('the tree lists the workspace by category, each item with its state, badge, description and tooltip', async () => {
    const roots = (await api.treeDataProvider.getChildren(undefined)) ?? [];
    const labels = roots.map((r) => String(r.label));
    assert.deepEqual(labels, ['Plans', 'Reports', 'Scripts', 'Agent Chats', 'Trigger Files']);

    const expected: Record<string, string> = {
      'plans/2025-q2-roadmap.md': 'synced',
      'plans/onboarding-checklist.md': 'modified',
      'scripts/cleanup.sh': 'synced',
      'reports/incident-2025-03-19.md': 'new',
      'scripts/ingest_media.py': 'new',
    };
    for (const [path, state] of Object.entries(expected)) {
      assert.equal(api.itemState(path), state, `${path}`);
      const item = api.treeItemFor(path);
      assert.ok(item, `${path} is not in the tree`);
      assert.ok(
        item.id && item.contextValue?.startsWith(`notionSync.item.${state}`),
        `${path}: contextValue ${item.contextValue}`,
      );
      assert.equal(item.resourceUri?.scheme, 'notion-sync-item');
      const badge = api.decorationFor(item.resourceUri);
      assert.ok(badge?.badge && [...badge.badge].length <= 2, `${path}: badge ${badge?.badge}`);
      // Colour only for what needs attention: synced rows stay quiet.
      if (state === 'synced') assert.equal(badge.color, undefined, `${path}: a synced badge is coloured`);
      else assert.ok(badge.color instanceof vscode.ThemeColor, `${path}: badge without a theme colour`);
      assert.ok(typeof item.description === 'string' && item.description.length > 0, `${path}: no description`);
      const tip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip);
      assert.ok(tip.includes('Last sync'), `${path}: tooltip without the last sync: ${tip}`);
    }
    assert.match(String(api.treeItemFor('plans/onboarding-checklist.md')?.description), /^modified .*ago|just now/);
    assert.match(String(api.treeItemFor('plans/2025-q2-roadmap.md')?.description), /^synced/);
    const synced = api.treeItemFor('plans/2025-q2-roadmap.md')!;
    assert.match((synced.tooltip as vscode.MarkdownString).value, /Open in Notion\]\(https?:/);
    assert.notEqual(
      api.decorationFor(synced.resourceUri!)?.badge,
      api.decorationFor(api.treeItemFor('plans/onboarding-checklist.md')!.resourceUri!)?.badge,
    );
    assert.match(api.statusBarItem.text, /Notion: \d+ to sync/);
    const attention = Number(api.treeView.badge?.value ?? 0);
    assert.ok(attention >= pending() && attention > 0, `view badge ${attention} vs ${pending()} pending`);
    // Every contextValue the tree uses is declared in ids.ts (menus are checked against those).
    assert.ok(Object.values(ContextValues).includes(synced.contextValue as never));
  });

  test('clicking a row opens its file as a preview and leaves the focus in the tree; from a menu the editor takes it', async () => {
    const win = vscode.window as unknown as Record<string, unknown>;
    const original = win.showTextDocument as (...a: unknown[]) => unknown;
    const shown: Array<{ path: string; options: vscode.TextDocumentShowOptions | undefined }> = [];
    win.showTextDocument = (...a: unknown[]) => {
      shown.push({ path: (a[0] as vscode.Uri).fsPath, options: a[1] as vscode.TextDocumentShowOptions | undefined });
      return original.apply(vscode.window, a);
    };
    const paths = ['plans/2025-q2-roadmap.md', 'scripts/cleanup.sh'];
    try {
      for (const path of paths) {
        const click = api.treeItemFor(path)?.command;
        assert.ok(click, `${path}: a click does nothing`);
        await vscode.commands.executeCommand(click.command, ...(click.arguments ?? []));
      }
      // The context menu passes (node, selection): an explicit Open moves the focus as usual.
      const node = api.nodeFor(paths[0]!);
      await vscode.commands.executeCommand(Commands.openFile, node, [node]);
    } finally {
      win.showTextDocument = original;
    }
    assert.deepEqual(
      shown.map((s) => [s.path, s.options]),
      [
        [fileUri(paths[0]!).fsPath, { preview: true, preserveFocus: true }],
        [fileUri(paths[1]!).fsPath, { preview: true, preserveFocus: true }],
        [fileUri(paths[0]!).fsPath, { preview: true, preserveFocus: false }],
      ],
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('one vocabulary: the status menu and the status bar name each action with its command title', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { commands: Array<{ command: string; title: string }> };
    };
    const titles = new Map(manifest.contributes.commands.map((c) => [c.command, c.title]));
    const win = vscode.window as unknown as Record<string, unknown>;
    const original = win.showQuickPick;
    let offered: Array<vscode.QuickPickItem & { command?: string }> = [];
    win.showQuickPick = (items: typeof offered) => {
      offered = items;
      return Promise.resolve(undefined);
    };
    try {
      await vscode.commands.executeCommand(Commands.statusMenu);
    } finally {
      win.showQuickPick = original;
    }
    assert.ok(pending() > 0);
    assert.ok(
      offered.some((i) => i.command === Commands.syncAll),
      `with items pending the menu offers Sync All: ${offered.map((i) => i.label).join(' | ')}`,
    );
    for (const item of offered) {
      // "Show the 2 Conflicts" says what the filter will show; every other entry is its command's title (and a count).
      if (!item.command || item.command === Commands.filterAttention) continue;
      const label = item.label.replace(/^\$\([^)]+\)\s*/, '').replace(/ \(\d+\)$/, '');
      assert.equal(label, titles.get(item.command), `status menu entry for ${item.command}`);
    }
    const tip = (api.statusBarItem.tooltip as vscode.MarkdownString).value;
    const links = [...tip.matchAll(/\[([^\]]+)\]\(command:([\w.]+)\)/g)];
    assert.ok(
      links.some((l) => l[2] === Commands.syncAll),
      `the status bar tooltip offers Sync All: ${tip}`,
    );
    for (const [, text, id] of links) assert.equal(text, titles.get(id!)?.replace(/…$/, ''), `tooltip link to ${id}`);
  });

  test('"Sync to Notion" on a file (as from the explorer) turns it synced, and the status bar follows', async () => {
    const before = pending();
    assert.ok(before > 0);
    const path = 'reports/incident-2025-03-19.md';
    const outcome = (await vscode.commands.executeCommand(Commands.sync, fileUri(path), [fileUri(path)])) as {
      report?: { created: number };
    };
    await idle();
    assert.equal(outcome.report?.created, 1);
    assert.equal(api.itemState(path), 'synced');
    assert.equal(api.decorationFor(api.treeItemFor(path)!.resourceUri!)?.badge, '✓');
    assert.equal(pending(), before - 1, `status bar: ${api.statusBarItem.text}`);
  });

  test('several files and a folder at once; a file outside every category gets a clear message and is not sent', async () => {
    const warnings = stubPrompt('showWarningMessage', () => undefined);
    try {
      const outcome = (await vscode.commands.executeCommand(Commands.sync, fileUri('reports'), [
        fileUri('reports'),
        fileUri('README.md'),
      ])) as { outside: string[]; report?: { created: number } };
      await idle();
      assert.deepEqual(outcome.outside, ['README.md']);
      assert.equal(outcome.report?.created, 2, 'the two remaining reports are created');
      assert.ok(
        warnings.asked.some((m) => /README\.md" is not in any Notion Sync category/.test(m)),
        `messages: ${warnings.asked.join(' | ')}`,
      );
    } finally {
      warnings.restore();
    }
    for (const p of ['reports/storage-cost-review.md', 'reports/weekly-ingest-2025-w14.md'])
      assert.equal(api.itemState(p), 'synced', p);
  });

  test('an edit made in Notion is "changed in Notion"; changed here too, a conflict, not overwritten without confirmation', async () => {
    const path = 'plans/2025-q2-roadmap.md';
    const node = api.nodeFor(path) as unknown as { status: { pageId: string } };
    const pageId = node.status.pageId;
    await admin('clock', { advanceMs: 5 * 60_000 });
    await admin('human-edit', { pageId, appendParagraph: 'A person added this line in Notion.' });
    await vscode.commands.executeCommand(Commands.refresh);
    await idle();
    // Notion only: remote-modified, its own badge, counted "to pull" and not as a conflict.
    assert.equal(api.itemState(path), 'remote-modified');
    assert.equal(api.decorationFor(api.treeItemFor(path)!.resourceUri!)?.badge, 'R');
    assert.match(api.statusBarItem.text, /1 to pull/);
    assert.doesNotMatch(api.statusBarItem.text, /conflict/);
    // Changed here too: a conflict.
    appendFileSync(join(root(), path), '\nA line added locally too.\n');
    await vscode.commands.executeCommand(Commands.refresh);
    await idle();
    assert.equal(api.itemState(path), 'conflict');
    assert.equal(api.decorationFor(api.treeItemFor(path)!.resourceUri!)?.badge, '!');
    assert.match(api.statusBarItem.text, /1 conflict/);
    assert.ok(api.statusBarItem.backgroundColor, 'a conflict gets the warning background');

    // A plain sync leaves it alone.
    const plain = (await vscode.commands.executeCommand(Commands.sync, path)) as {
      report?: { conflicts: number; updated: number };
    };
    await idle();
    assert.equal(plain.report?.conflicts, 1);
    assert.equal(plain.report?.updated, 0);

    // Overwrite asks first; Cancel (Escape) changes nothing.
    const cancel = stubPrompt('showWarningMessage', () => undefined);
    try {
      await vscode.commands.executeCommand(Commands.overwrite, api.nodeFor(path));
      await idle();
    } finally {
      cancel.restore();
    }
    assert.equal(cancel.asked.length, 1, 'Overwrite Notion did not ask for confirmation');
    assert.match(cancel.asked[0]!, /Overwrite the Notion page/);
    assert.equal(cancel.modal[0], true);
    // VS Code's default button (Enter) is the first one: it must not be the one that loses the Notion edits.
    assert.ok(cancel.buttons[0]!.includes('Overwrite'), `buttons: ${cancel.buttons[0]!.join(', ')}`);
    assert.notEqual(cancel.buttons[0]![0], 'Overwrite', 'Enter would overwrite the edits made in Notion');
    assert.equal(api.itemState(path), 'conflict');
    assert.match(await pageText(pageId), /A person added this line in Notion\./);

    // Confirmed, it overwrites.
    const confirm = stubPrompt('showWarningMessage', (m) =>
      /Overwrite the Notion page/.test(m) ? 'Overwrite' : undefined,
    );
    try {
      await vscode.commands.executeCommand(Commands.overwrite, api.nodeFor(path));
      await idle();
    } finally {
      confirm.restore();
    }
    assert.equal(api.itemState(path), 'synced');
    assert.doesNotMatch(await pageText(pageId), /A person added this line/);
    assert.doesNotMatch(api.statusBarItem.text, /conflict/);
  });

  test('"Compare with Notion" opens a diff of the page as markdown against the local file itself', async () => {
    const path = 'plans/onboarding-checklist.md';
    await vscode.commands.executeCommand(Commands.compare, api.nodeFor(path));
    let tab: vscode.Tab | undefined;
    for (let i = 0; i < 50 && !tab; i++) {
      tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      if (!(tab?.input instanceof vscode.TabInputTextDiff)) tab = undefined;
      if (!tab) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(tab, 'no diff editor opened');
    const input = tab.input as vscode.TabInputTextDiff;
    assert.equal(input.original.scheme, 'notion-sync-page');
    assert.equal(input.modified.scheme, 'file', 'the right side is the file itself, editable');
    assert.equal(input.modified.fsPath, fileUri(path).fsPath);
    const notionDoc = await vscode.workspace.openTextDocument(input.original);
    const notion = notionDoc.getText();
    const local = (await vscode.workspace.openTextDocument(input.modified)).getText();
    assert.equal(notionDoc.languageId, 'markdown');
    assert.match(local, /Edited locally after the last sync/);
    assert.doesNotMatch(notion, /Edited locally after the last sync/);
    // Markdown, not flattened text: front matter from the row, the heading, the to-dos.
    assert.match(notion, /^---\n(title: .*\n)?status: done\n---\n/);
    assert.match(notion, /^# Onboarding checklist for new editors$/m);
    assert.match(notion, /^- \[x\] Access to the shared media bucket$/m);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('"needs attention" filter hides synced items and is undone by "Show All Items"', async () => {
    await vscode.commands.executeCommand(Commands.filterAttention);
    const walk = async (parent?: vscode.TreeItem): Promise<vscode.TreeItem[]> => {
      const kids = (await api.treeDataProvider.getChildren(parent)) ?? [];
      return (await Promise.all(kids.map(async (k) => [k, ...(await walk(k))]))).flat();
    };
    const filtered = await walk();
    assert.ok(filtered.some((i) => i.contextValue?.startsWith('notionSync.item.modified')));
    assert.ok(
      !filtered.some((i) => i.contextValue?.startsWith('notionSync.item.synced')),
      'a synced item is shown under the filter',
    );
    assert.equal(api.treeView.description, 'needs attention');
    await vscode.commands.executeCommand(Commands.showAll);
    assert.ok((await walk()).some((i) => i.contextValue?.startsWith('notionSync.item.synced')));
  });

  test('"Run Full Audit" writes the markdown report and opens its preview', async () => {
    const uri = (await vscode.commands.executeCommand(Commands.audit)) as vscode.Uri | undefined;
    assert.ok(uri && existsSync(uri.fsPath), 'no report file');
    const text = readFileSync(uri.fsPath, 'utf8');
    assert.match(text, /^# Notion sync audit — demo-workspace/);
    assert.match(text, /\| Plans \|/);
    let preview: vscode.Tab | undefined;
    for (let i = 0; i < 50 && !preview; i++) {
      preview = vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType));
      if (!preview) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(preview, 'the markdown preview did not open');
    await vscode.window.tabGroups.close(preview);
  });

  test('"Run Script with Execution Log" runs in a terminal and records the run; the script\'s tooltip shows its last run', async () => {
    const tip = (path: string): string => {
      const t = api.treeItemFor(path)?.tooltip;
      return t instanceof vscode.MarkdownString ? t.value : String(t);
    };
    await vscode.commands.executeCommand(Commands.refresh);
    await idle();
    assert.match(tip('scripts/cleanup.sh'), /Never run with an execution log/);
    assert.match(tip('scripts/ingest_media.py'), /Never run with an execution log/);

    const result = (await vscode.commands.executeCommand(
      Commands.runScript,
      'scripts/cleanup.sh',
      'sh -c "echo hello from the host test"',
    )) as { exitCode: number; executionLogPageId?: string };
    assert.equal(result.exitCode, 0);
    assert.ok(result.executionLogPageId, 'no Execution Logs row was written');
    assert.ok(vscode.window.terminals.some((t) => t.name === 'Notion Sync: cleanup.sh'));
    await idle();
    assert.match(tip('scripts/cleanup.sh'), /Last run: just now — success \[?/);
    assert.match(tip('scripts/cleanup.sh'), /\]\(https?:[^)]+\)/, 'the tooltip links the execution log');
    assert.match(String(api.treeItemFor('scripts/cleanup.sh')?.description), /ran just now, success/);
    assert.match(tip('scripts/ingest_media.py'), /Never run with an execution log/);

    // The last run wins: a failure is shown with its exit code.
    const failed = (await vscode.commands.executeCommand(
      Commands.runScript,
      'scripts/cleanup.sh',
      'sh -c "exit 3"',
    )) as { exitCode: number };
    assert.equal(failed.exitCode, 3);
    await idle();
    assert.match(tip('scripts/cleanup.sh'), /Last run: just now — failed \(exit 3\)/);
    assert.match(String(api.treeItemFor('scripts/cleanup.sh')?.description), /ran just now, failed \(exit 3\)/);
  });

  test('a file changed on disk turns modified by itself; with sync on save, saving sends it', async () => {
    const path = 'plans/notion-dashboard.md';
    assert.equal(api.itemState(path), 'synced');
    appendFileSync(join(root(), path), '\nA line written by another program.\n');
    for (let i = 0; i < 100 && api.itemState(path) !== 'modified'; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(api.itemState(path), 'modified', 'the file watcher did not refresh the badge');

    const config = vscode.workspace.getConfiguration('notionSync');
    await config.update('syncOnSaveDelayMs', 50, vscode.ConfigurationTarget.Workspace);
    await config.update('syncOnSave', true, vscode.ConfigurationTarget.Workspace);
    try {
      const doc = await vscode.workspace.openTextDocument(fileUri(path));
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(doc.lineCount, 0), 'Typed in the editor.\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(await doc.save());
      for (let i = 0; i < 150 && api.itemState(path) !== 'synced'; i++) await new Promise((r) => setTimeout(r, 100));
      await idle();
      assert.equal(api.itemState(path), 'synced', 'saving with notionSync.syncOnSave did not sync the file');
    } finally {
      await config.update('syncOnSave', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('syncOnSaveDelayMs', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  test('"Initialize Databases" with a given parent page checks the configured databases', async () => {
    const result = (await vscode.commands.executeCommand(
      Commands.initDatabases,
      process.env.NOTION_SYNC_SANDBOX_ROOT,
    )) as { databases: Record<string, string> } | undefined;
    assert.ok(result);
    assert.deepEqual(Object.keys(result.databases).sort(), [
      'agentChats',
      'executionLogs',
      'plans',
      'reports',
      'scripts',
    ]);
    await idle();
    assert.equal(api.viewState, 'ready');
  });
});

export type { Window };
