// Two-way in the editor (issue 13), inside a real VS Code extension host against the Notion sandbox:
// a teammate's edit in Notion shows as "changed in Notion" (remote-modified); "Pull from Notion"
// brings it into the file; edits to different parts merge; the same part changed on both sides is
// left as conflict markers that VS Code's merge CodeLens resolves, and the sync then writes only the
// resolution; "Take Notion's Version" replaces the file (Undo and a copy keep the local text);
// "Compare with Notion" shows markdown against the real file. Each test plays the teammate with the
// sandbox's human-edit route. Needs tools/vscode/with-sandbox.mjs (`npm run test:host`); skipped without.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension/extension';
import { Commands } from '../../src/extension/ids';

const EXTENSION_ID = 'notion-workspace-sync.notion-workspace-sync';
const SANDBOX = process.env.NOTION_SYNC_SANDBOX_URL;
const TOKEN = process.env.NOTION_TOKEN;

const DOC = (name: string): string =>
  `# ${name}\n\nFirst paragraph of ${name}.\n\nSecond paragraph of ${name}.\n\nThird paragraph of ${name}.\n`;
const FILES = {
  pull: 'plans/two-way-pull.md',
  merge: 'plans/two-way-merge.md',
  clash: 'plans/two-way-clash.md',
  take: 'plans/two-way-take.md',
};
const NAMES: Record<string, string> = {
  [FILES.pull]: 'Two way pull',
  [FILES.merge]: 'Two way merge',
  [FILES.clash]: 'Two way clash',
  [FILES.take]: 'Two way take',
};

async function admin(path: string, body?: unknown): Promise<Record<string, unknown>> {
  const r = await fetch(`${SANDBOX}/__sandbox/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  assert.ok(r.ok, `sandbox ${path}: HTTP ${r.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

interface PageBlock {
  id: string;
  type: string;
  text: string;
}

/** The top-level blocks of a page with their text, read with the Notion API. */
async function blocksOf(pageId: string): Promise<PageBlock[]> {
  const r = await fetch(`${SANDBOX}/v1/blocks/${pageId}/children?page_size=100`, {
    headers: { authorization: `Bearer ${TOKEN}`, 'notion-version': '2025-09-03' },
  });
  assert.ok(r.ok, `reading page ${pageId}: HTTP ${r.status}`);
  const body = (await r.json()) as { results: Array<Record<string, unknown> & { id: string; type: string }> };
  return body.results.map((b) => {
    const data = b[b.type] as { rich_text?: Array<{ plain_text: string }> } | undefined;
    return { id: b.id, type: b.type, text: (data?.rich_text ?? []).map((t) => t.plain_text).join('') };
  });
}

async function blockWith(pageId: string, text: string): Promise<PageBlock> {
  const b = (await blocksOf(pageId)).find((x) => x.text === text);
  assert.ok(b, `no block "${text}" on page ${pageId}`);
  return b;
}

/** A person edits a paragraph in Notion (minutes later, as people do): plain text, or rich text items. */
async function personSets(pageId: string, from: string, to: string | unknown[]): Promise<void> {
  const b = await blockWith(pageId, from);
  await admin('clock', { advanceMs: 5 * 60_000 });
  const op = typeof to === 'string' ? { text: to } : { richText: to };
  await admin('human-edit', { pageId, ops: [{ op: 'setText', blockId: b.id, ...op }] });
}

type PromptName = 'showWarningMessage' | 'showInformationMessage' | 'showErrorMessage';

/** Replaces `vscode.window` prompts for one test; records the messages. */
function stubPrompts(answers: Partial<Record<PromptName, (message: string) => string | undefined>> = {}): {
  asked: Record<PromptName, string[]>;
  restore(): void;
} {
  const win = vscode.window as unknown as Record<string, unknown>;
  const names: PromptName[] = ['showWarningMessage', 'showInformationMessage', 'showErrorMessage'];
  const originals = names.map((n) => win[n]);
  const asked = { showWarningMessage: [], showInformationMessage: [], showErrorMessage: [] } as Record<
    PromptName,
    string[]
  >;
  for (const n of names)
    win[n] = (message: string) => {
      asked[n].push(message);
      return Promise.resolve(answers[n]?.(message));
    };
  return { asked, restore: () => names.forEach((n, i) => (win[n] = originals[i])) };
}

function root(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return folder.uri.fsPath;
}
const abs = (rel: string): string => join(root(), ...rel.split('/'));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

suite('Two-way: pull, merge and conflicts in the editor', function () {
  this.timeout(90_000);
  let api: ExtensionApi;
  const pages: Record<string, string> = {};

  const refresh = async (): Promise<void> => {
    await vscode.commands.executeCommand(Commands.refresh);
    await api.whenIdle();
  };
  const pageOf = (path: string): string => {
    const id = pages[path];
    assert.ok(id, `${path} has no page`);
    return id;
  };
  const stats = async (): Promise<{ writes: number; byRoute: Record<string, number> }> =>
    (await admin('stats')) as unknown as { writes: number; byRoute: Record<string, number> };

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
    for (const [path, name] of Object.entries(NAMES)) writeFileSync(abs(path), DOC(name));
    await refresh();
    const paths = Object.values(FILES);
    const outcome = (await vscode.commands.executeCommand(Commands.sync, paths[0], paths)) as {
      report?: { created: number };
    };
    await api.whenIdle();
    assert.equal(outcome.report?.created, paths.length);
    for (const p of paths) {
      assert.equal(api.itemState(p), 'synced', p);
      pages[p] = (api.nodeFor(p) as unknown as { status: { pageId: string } }).status.pageId;
    }
  });

  suiteTeardown(async () => {
    if (!api) return;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const p of Object.values(FILES)) rmSync(abs(p), { force: true });
  });

  test('an edit made in Notion, the file unchanged: "changed in Notion" (R) in the tree, on the file, in the status bar', async () => {
    const path = FILES.pull;
    const before = api.counts();
    await personSets(pageOf(path), `Second paragraph of ${NAMES[path]}.`, 'Second paragraph, fixed by Pat in Notion.');
    await refresh();
    assert.equal(api.itemState(path), 'remote-modified');
    const item = api.treeItemFor(path)!;
    assert.ok(item.contextValue?.startsWith('notionSync.item.remote-modified+local+page'), item.contextValue);
    const badge = api.decorationFor(item.resourceUri!);
    assert.equal(badge?.badge, 'R');
    assert.ok(badge?.color instanceof vscode.ThemeColor, 'the badge has a theme colour');
    assert.match(String(item.description), /^changed in Notion/);
    const tip = (item.tooltip as vscode.MarkdownString).value;
    assert.match(tip, /Changed in Notion \(unchanged here\)/);
    assert.match(tip, /Pull from Notion/);
    assert.equal(api.decorationFor(vscode.Uri.file(abs(path)))?.badge, 'R', 'the file itself carries the badge');

    const after = api.counts();
    assert.equal(after.remoteModified, before.remoteModified + 1, JSON.stringify(after));
    assert.equal(after.conflicts, before.conflicts, 'a Notion-only edit is not a conflict');
    assert.match(api.statusBarItem.text, new RegExp(`${after.remoteModified} to pull`));
    const total = after.toSync + after.remoteModified + after.conflicts + after.orphaned + after.errors + after.chats;
    assert.equal(api.treeView.badge?.value, total + (after.lastRun ? 1 : 0), 'the view badge counts it');

    // The audit's summary counts it the same way (changed in Notion, not a conflict, not "to sync").
    const quiet = stubPrompts();
    try {
      await vscode.commands.executeCommand(Commands.audit);
    } finally {
      quiet.restore();
    }
    const audit = api.lastAuditCounts();
    for (const k of ['remoteModified', 'conflicts', 'toSync'] as const)
      assert.equal(audit?.[k], after[k], `audit ${k}: ${JSON.stringify(audit)} vs view ${JSON.stringify(after)}`);
    for (const t of vscode.window.tabGroups.all.flatMap((g) => g.tabs))
      if (t.input instanceof vscode.TabInputWebview) await vscode.window.tabGroups.close(t);

    // The tree offers Pull on it, inline and in the context menu.
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { menus: Record<string, Array<{ command: string; when?: string; group?: string }>> };
    };
    const offers = manifest.contributes.menus['view/item/context']!.filter((m) => m.command === Commands.pull);
    const matches = (when?: string): boolean => {
      const re = /viewItem =~ \/(.+)\/$/.exec(when ?? '')?.[1];
      return !!re && new RegExp(re).test(item.contextValue!);
    };
    assert.ok(
      offers.some((m) => m.group?.startsWith('inline') && matches(m.when)),
      'no inline Pull',
    );
    assert.ok(
      offers.some((m) => !m.group?.startsWith('inline') && matches(m.when)),
      'no Pull in the context menu',
    );
  });

  test('"Pull from Notion" on the tree item brings the edit into the file, byte for byte; the next sync writes nothing', async () => {
    const path = FILES.pull;
    const prompts = stubPrompts();
    let outcome: { report?: { pulled: number; conflicts: number } };
    try {
      outcome = (await vscode.commands.executeCommand(Commands.pull, api.nodeFor(path))) as typeof outcome;
      await api.whenIdle();
    } finally {
      prompts.restore();
    }
    assert.equal(outcome.report?.pulled, 1, JSON.stringify(outcome.report));
    assert.equal(
      readFileSync(abs(path), 'utf8'),
      DOC(NAMES[path]!).replace(`Second paragraph of ${NAMES[path]}.`, 'Second paragraph, fixed by Pat in Notion.'),
    );
    assert.equal(api.itemState(path), 'synced');
    assert.equal(api.decorationFor(vscode.Uri.file(abs(path))), undefined, 'a synced file is quiet again');

    await admin('reset-stats', {});
    const sync = (await vscode.commands.executeCommand(Commands.sync, path)) as {
      report?: { updated: number; created: number };
    };
    await api.whenIdle();
    assert.equal((sync.report?.updated ?? 0) + (sync.report?.created ?? 0), 0);
    assert.equal((await stats()).writes, 0, 'nothing written to Notion after a pull');
  });

  test('edits to different parts, here and in Notion, merge cleanly; "Sync to Notion" then sends the local edit', async () => {
    const path = FILES.merge;
    const name = NAMES[path]!;
    await personSets(pageOf(path), `First paragraph of ${name}.`, 'First paragraph, Notion side.');
    writeFileSync(abs(path), DOC(name).replace(`Third paragraph of ${name}.`, 'Third paragraph, local side.'));
    await refresh();
    assert.equal(api.itemState(path), 'conflict', 'changed on both sides');
    assert.equal(api.decorationFor(vscode.Uri.file(abs(path)))?.badge, '!');

    const prompts = stubPrompts();
    let outcome: { report?: { merged: number; conflicts: number }; conflicts: string[] };
    try {
      outcome = (await vscode.commands.executeCommand(Commands.pull, path)) as typeof outcome;
      await api.whenIdle();
      await sleep(50);
    } finally {
      prompts.restore();
    }
    assert.equal(outcome.report?.merged, 1, JSON.stringify(outcome.report));
    assert.deepEqual(outcome.conflicts, []);
    const merged = DOC(name)
      .replace(`First paragraph of ${name}.`, 'First paragraph, Notion side.')
      .replace(`Third paragraph of ${name}.`, 'Third paragraph, local side.');
    assert.equal(readFileSync(abs(path), 'utf8'), merged);
    assert.equal(api.itemState(path), 'modified', 'the local edit is still to be sent');
    assert.ok(
      prompts.asked.showInformationMessage.some((m) => /1 merged/.test(m) && /Sync to Notion/.test(m)),
      `messages: ${JSON.stringify(prompts.asked)}`,
    );

    const sync = (await vscode.commands.executeCommand(Commands.sync, path)) as { report?: { updated: number } };
    await api.whenIdle();
    assert.equal(sync.report?.updated, 1);
    const texts = (await blocksOf(pageOf(path))).map((b) => b.text);
    assert.ok(
      texts.includes('First paragraph, Notion side.') && texts.includes('Third paragraph, local side.'),
      texts.join(' | '),
    );
    assert.equal(api.itemState(path), 'synced');
  });

  test("the same paragraph changed on both sides: markers in the file, opened at the conflict with VS Code's merge CodeLens; the resolution alone is synced", async () => {
    const path = FILES.clash;
    const name = NAMES[path]!;
    const second = `Second paragraph of ${name}.`;
    const secondId = (await blockWith(pageOf(path), second)).id;
    await personSets(pageOf(path), second, 'Second, as Pat wants it.');
    writeFileSync(abs(path), DOC(name).replace(second, 'Second, as I want it.'));
    await refresh();
    assert.equal(api.itemState(path), 'conflict');

    const prompts = stubPrompts();
    let outcome: { report?: { conflicts: number }; conflicts: string[] };
    try {
      outcome = (await vscode.commands.executeCommand(Commands.pull, api.nodeFor(path))) as typeof outcome;
      await api.whenIdle();
      await sleep(50);
    } finally {
      prompts.restore();
    }
    assert.equal(outcome.report?.conflicts, 1);
    assert.deepEqual(outcome.conflicts, [path]);
    const text = readFileSync(abs(path), 'utf8');
    assert.match(
      text,
      /^<<<<<<< local\nSecond, as I want it\.\n[\s\S]*^=======\nSecond, as Pat wants it\.\n>>>>>>> notion$/m,
    );
    assert.ok(
      prompts.asked.showWarningMessage.some((m) => /1 conflict/.test(m) && /Accept Current Change/.test(m)),
      `the message names the count and the way out: ${JSON.stringify(prompts.asked)}`,
    );

    // The file is open, at the conflict, and VS Code's merge-conflict extension offers its choices.
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, abs(path), 'the conflicted file is not the active editor');
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /^<<<<<<< local/);
    let lenses: vscode.CodeLens[] = [];
    for (let i = 0; i < 100; i++) {
      lenses =
        (await vscode.commands.executeCommand<vscode.CodeLens[]>(
          'vscode.executeCodeLensProvider',
          editor.document.uri,
        )) ?? [];
      if (lenses.some((l) => /Accept Current Change/.test(l.command?.title ?? ''))) break;
      await sleep(100);
    }
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(
      titles.some((t) => /Accept Incoming Change/.test(t)),
      `CodeLens: ${titles.join(' | ')}`,
    );
    const keepLocal = lenses.find((l) => /Accept Current Change/.test(l.command?.title ?? ''))!.command!;

    // Sync refuses the markers.
    const refused = stubPrompts();
    try {
      const r = (await vscode.commands.executeCommand(Commands.sync, path)) as { report?: { failed: number } };
      await api.whenIdle();
      assert.equal(r.report?.failed, 1, 'a file with conflict markers is not sent');
    } finally {
      refused.restore();
    }
    assert.equal((await blockWith(pageOf(path), 'Second, as Pat wants it.')).id, secondId);

    // The user clicks "Accept Current Change" (keep the local wording) and saves.
    await vscode.window.showTextDocument(editor.document, { preview: false });
    await vscode.commands.executeCommand(keepLocal.command, ...(keepLocal.arguments ?? []));
    const markers = /^(<{7}|={7}|>{7})/m;
    for (let i = 0; i < 30 && markers.test(editor.document.getText()); i++) await sleep(100);
    assert.doesNotMatch(editor.document.getText(), markers, `markers left after Accept:\n${editor.document.getText()}`);
    assert.ok(await editor.document.save());
    assert.equal(readFileSync(abs(path), 'utf8'), DOC(name).replace(second, 'Second, as I want it.'));
    await refresh();
    assert.equal(api.itemState(path), 'modified', 'resolved: the resolution is to be sent');

    await admin('reset-stats', {});
    const sync = (await vscode.commands.executeCommand(Commands.sync, path)) as { report?: { updated: number } };
    await api.whenIdle();
    assert.equal(sync.report?.updated, 1);
    const byRoute = (await stats()).byRoute;
    // One block update (the paragraph, in place) and the row's properties; nothing deleted, appended or re-created.
    assert.equal(byRoute['PATCH /v1/blocks/{id}'], 1, JSON.stringify(byRoute));
    assert.equal(byRoute['DELETE /v1/blocks/{id}'] ?? 0, 0, JSON.stringify(byRoute));
    assert.equal(byRoute['PATCH /v1/blocks/{id}/children'] ?? 0, 0, JSON.stringify(byRoute));
    assert.equal((await blockWith(pageOf(path), 'Second, as I want it.')).id, secondId, 'the same block, edited');
    assert.equal(api.itemState(path), 'synced');
  });

  test('"Compare with Notion" shows Notion\'s markdown (read-only) against the real, editable file', async () => {
    const path = FILES.take;
    const name = NAMES[path]!;
    await personSets(pageOf(path), `First paragraph of ${name}.`, [
      { type: 'text', text: { content: 'First, rewritten in Notion with ' } },
      { type: 'text', text: { content: 'bold' }, annotations: { bold: true } },
      { type: 'text', text: { content: '.' } },
    ]);
    writeFileSync(abs(path), DOC(name).replace(`Third paragraph of ${name}.`, 'Third, rewritten here.'));
    await refresh();
    assert.equal(api.itemState(path), 'conflict');

    await vscode.commands.executeCommand(Commands.compare, api.nodeFor(path));
    let tab: vscode.Tab | undefined;
    for (let i = 0; i < 50 && !tab; i++) {
      tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      if (!(tab?.input instanceof vscode.TabInputTextDiff)) tab = undefined;
      if (!tab) await sleep(100);
    }
    assert.ok(tab, 'no diff editor opened');
    const input = tab.input as vscode.TabInputTextDiff;
    assert.equal(input.original.scheme, 'notion-sync-page');
    assert.equal(input.modified.scheme, 'file', 'the right side is the file itself');
    assert.equal(input.modified.fsPath, abs(path));
    const notion = await vscode.workspace.openTextDocument(input.original);
    const local = await vscode.workspace.openTextDocument(input.modified);
    assert.equal(notion.languageId, 'markdown');
    assert.equal(local.languageId, 'markdown');
    // Markdown on both sides: the heading, the bold as markdown, the paragraphs as they are.
    assert.equal(
      notion.getText(),
      DOC(name).replace(`First paragraph of ${name}.`, 'First, rewritten in Notion with **bold**.'),
    );
    assert.equal(local.getText(), DOC(name).replace(`Third paragraph of ${name}.`, 'Third, rewritten here.'));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('"Take Notion\'s Version" asks first, replaces the file with the page, keeps the local text (Undo and a copy); then synced', async () => {
    const path = FILES.take;
    const name = NAMES[path]!;
    const localText = readFileSync(abs(path), 'utf8');
    const notionText = DOC(name).replace(`First paragraph of ${name}.`, 'First, rewritten in Notion with **bold**.');

    // Escape: nothing changes. The default button (Enter) is not the one that replaces.
    const cancel = stubPrompts();
    let buttons: string[] = [];
    const win = vscode.window as unknown as Record<string, unknown>;
    const warn = win.showWarningMessage as (...a: unknown[]) => unknown;
    win.showWarningMessage = (m: string, ...rest: unknown[]) => {
      buttons = rest.filter((r): r is string => typeof r === 'string');
      return warn(m, ...rest);
    };
    try {
      assert.equal(await vscode.commands.executeCommand(Commands.takeNotion, path), undefined);
    } finally {
      cancel.restore();
    }
    assert.match(cancel.asked.showWarningMessage[0] ?? '', /Replace plans\/two-way-take\.md with Notion's version\?/);
    assert.ok(buttons.includes("Take Notion's Version") && buttons[0] !== "Take Notion's Version", buttons.join(', '));
    assert.equal(readFileSync(abs(path), 'utf8'), localText);

    const yes = stubPrompts({ showWarningMessage: () => "Take Notion's Version" });
    let outcome: { backup: string; report?: { conflicts: number } } | undefined;
    try {
      outcome = (await vscode.commands.executeCommand(Commands.takeNotion, api.nodeFor(path))) as typeof outcome;
      await api.whenIdle();
    } finally {
      yes.restore();
    }
    assert.ok(outcome, 'nothing was taken');
    assert.equal(readFileSync(abs(path), 'utf8'), notionText);
    assert.ok(
      existsSync(outcome.backup) && readFileSync(outcome.backup, 'utf8') === localText,
      'no copy of the local text',
    );
    assert.equal(api.itemState(path), 'synced', 'the file and the page agree');

    // Undo in the editor brings the local text back.
    const doc = vscode.window.activeTextEditor?.document;
    assert.equal(doc?.uri.fsPath, abs(path));
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), localText, 'Undo did not restore the local text');
    await vscode.commands.executeCommand('redo');
    assert.equal(doc.getText(), notionText);
    if (doc.isDirty) await doc.save();

    await admin('reset-stats', {});
    const sync = (await vscode.commands.executeCommand(Commands.sync, path)) as { report?: { updated: number } };
    await api.whenIdle();
    assert.equal(sync.report?.updated ?? 0, 0);
    assert.equal((await stats()).writes, 0, "taking Notion's version writes nothing to Notion");
  });
});
