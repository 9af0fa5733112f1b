// "Adopt Existing Notion Rows…" (issue 17) inside a real VS Code extension host against the Notion
// sandbox: rows another tool wrote into the Plans database (no Workspace/Path) are offered in "Fix…",
// the plan is shown first (rows per category, the ambiguous file with its candidate rows; Cancel writes
// nothing), then the rows are claimed — no second row for any file — and the ambiguous file is left
// alone. Needs tools/vscode/with-sandbox.mjs (`npm run test:host`); skipped without.
import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { loadConfig } from '../../src/core/config';
import type { AdoptOutcome } from '../../src/extension/commands/adopt';
import type { ExtensionApi } from '../../src/extension/extension';
import { Commands } from '../../src/extension/ids';

const EXTENSION_ID = 'notion-workspace-sync.notion-workspace-sync';
const SANDBOX = process.env.NOTION_SYNC_SANDBOX_URL;
const TOKEN = process.env.NOTION_TOKEN;
const HEADERS = {
  authorization: `Bearer ${TOKEN}`,
  'notion-version': '2025-09-03',
  'content-type': 'application/json',
};

const BY_TITLE = 'plans/adopt-by-title.md';
const BY_PATH = 'plans/adopt-by-path.md';
const AMBIGUOUS = 'plans/adopt-ambiguous.md';

interface Row {
  id: string;
  title: string;
  workspace: string;
  path: string;
}

function root(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return folder.uri.fsPath;
}

async function api(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const r = await fetch(`${SANDBOX}/v1/${path}`, {
    method,
    headers: HEADERS,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  assert.ok(r.ok, `${method} ${path}: HTTP ${r.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

type Prop = { title?: Array<{ plain_text: string }>; rich_text?: Array<{ plain_text: string }> };
const plain = (p: Prop | undefined): string => (p?.title ?? p?.rich_text ?? []).map((t) => t.plain_text).join('');

/** Every row of the Plans database, read straight from the sandbox. */
async function planRows(dataSourceId: string): Promise<Row[]> {
  const out: Row[] = [];
  let cursor: string | undefined;
  do {
    const res = (await api('POST', `data_sources/${dataSourceId}/query`, {
      page_size: 100,
      ...(cursor ? { start_cursor: cursor } : {}),
    })) as { results: Array<{ id: string; properties: Record<string, Prop> }>; next_cursor: string | null };
    for (const r of res.results)
      out.push({
        id: r.id,
        title: plain(r.properties['Name']),
        workspace: plain(r.properties['Workspace']),
        path: plain(r.properties['Path']),
      });
    cursor = res.next_cursor ?? undefined;
  } while (cursor);
  return out;
}

/** Replaces one `vscode.window` function for a test; records what it was given. */
function stub(
  name: 'showWarningMessage' | 'showInformationMessage' | 'showErrorMessage' | 'showQuickPick',
  answer: (first: unknown, rest: unknown[]) => unknown,
): { calls: Array<{ first: unknown; rest: unknown[] }>; restore(): void } {
  const win = vscode.window as unknown as Record<string, unknown>;
  const original = win[name];
  const calls: Array<{ first: unknown; rest: unknown[] }> = [];
  win[name] = (first: unknown, ...rest: unknown[]) => {
    calls.push({ first, rest });
    return Promise.resolve(answer(first, rest));
  };
  return { calls, restore: () => (win[name] = original) };
}

suite('Adopt existing Notion rows in the editor', function () {
  this.timeout(90_000);
  let ext: ExtensionApi;
  let dataSourceId = '';
  const seeded: Record<string, string> = {};

  const refresh = async (): Promise<void> => {
    await vscode.commands.executeCommand(Commands.refresh);
    await ext.whenIdle();
  };

  suiteSetup(async function () {
    if (!SANDBOX || !TOKEN) {
      console.log('      (no sandbox: run through `npm run test:host`, which starts one; skipping)');
      this.skip();
    }
    const e = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(e);
    ext = await e.activate();
    await ext.ready;
    await ext.whenIdle();
    const config = await loadConfig(root());
    const databaseId = config.categories.plans?.databaseId;
    assert.ok(databaseId, 'no Plans database in .notion-sync.json');
    const db = (await api('GET', `databases/${databaseId}`)) as { data_sources: Array<{ id: string }> };
    dataSourceId = db.data_sources[0]!.id;
    // Rows an in-house script wrote: no Workspace; one titled as a file, one with a Path, two alike.
    const row = async (title: string, path?: string): Promise<string> => {
      const page = await api('POST', 'pages', {
        parent: { data_source_id: dataSourceId },
        properties: {
          Name: { title: [{ text: { content: title } }] },
          ...(path ? { Path: { rich_text: [{ text: { content: path } }] } } : {}),
        },
        children: [{ paragraph: { rich_text: [{ text: { content: `Written by the legacy script: ${title}` } }] } }],
      });
      return page.id as string;
    };
    seeded[BY_TITLE] = await row('adopt-by-title');
    seeded[BY_PATH] = await row('Legacy path row', `./${BY_PATH}`);
    seeded.ambiguous1 = await row('adopt-ambiguous.md');
    seeded.ambiguous2 = await row('adopt-ambiguous.md');
    for (const p of [BY_TITLE, BY_PATH, AMBIGUOUS])
      writeFileSync(join(root(), p), `# ${p}\n\nThe file in the workspace.\n`);
    await refresh();
  });

  suiteTeardown(() => {
    // The ambiguous file would stay "new" for the suites after this one; its rows stay unmanaged in Notion.
    if (SANDBOX && TOKEN) rmSync(join(root(), AMBIGUOUS), { force: true });
  });

  test('the status bar and the audit count the files an existing row matches alike (to sync)', async () => {
    const counts = ext.counts();
    for (const p of [BY_TITLE, BY_PATH, AMBIGUOUS]) assert.equal(ext.itemState(p), 'new');
    const info = stub('showInformationMessage', () => undefined);
    try {
      await vscode.commands.executeCommand(Commands.audit);
    } finally {
      info.restore();
    }
    const audit = ext.lastAuditCounts();
    assert.ok(audit, 'the audit gave no counts');
    for (const k of ['toSync', 'remoteModified', 'conflicts', 'orphaned'] as const)
      assert.equal(audit[k], counts[k], `audit ${k}: ${JSON.stringify(audit)} vs view ${JSON.stringify(counts)}`);
    assert.ok(counts.toSync >= 3, JSON.stringify(counts));
    for (const t of vscode.window.tabGroups.all.flatMap((g) => g.tabs))
      if (t.input instanceof vscode.TabInputWebview) await vscode.window.tabGroups.close(t);
  });

  test('"Fix…" offers the adoption; the plan is shown first and Cancel writes nothing', async () => {
    let offered: Array<{ id: string; label: string }> = [];
    const pick = stub('showQuickPick', (items) => {
      offered = items as Array<{ id: string; label: string }>;
      return offered.find((i) => i.id === 'adopt');
    });
    const cancel = stub('showWarningMessage', () => undefined);
    let outcome: AdoptOutcome | undefined;
    try {
      outcome = (await vscode.commands.executeCommand(Commands.fix)) as AdoptOutcome | undefined;
    } finally {
      pick.restore();
      cancel.restore();
    }
    const adoptFinding = offered.find((i) => i.id === 'adopt');
    assert.ok(adoptFinding, `offered: ${offered.map((i) => i.id).join(', ')}`);
    assert.match(adoptFinding.label, /Adopt 2 existing Notion rows .*\(1 ambiguous\)/);
    assert.equal(cancel.calls.length, 1, 'the plan is shown once, in a modal');
    const [message, options] = [cancel.calls[0]!.first, cancel.calls[0]!.rest[0] as vscode.MessageOptions];
    assert.equal(message, 'Adopt 2 existing Notion rows for local files?');
    assert.equal(options.modal, true);
    assert.match(String(options.detail), /Plans: 2 rows will be adopted/);
    assert.match(String(options.detail), /plans\/adopt-ambiguous\.md: "adopt-ambiguous\.md", "adopt-ambiguous\.md"/);
    assert.equal(outcome?.plan.dryRun, true);
    assert.equal(outcome?.report, undefined, 'Cancel ran nothing');
    const rows = await planRows(dataSourceId);
    for (const id of Object.values(seeded))
      assert.equal(rows.find((r) => r.id === id)?.workspace, '', 'Cancel left every row unmanaged');
  });

  test('Adopt claims the rows: no duplicate, the ambiguous file left alone, the view synced', async () => {
    const answers = stub('showWarningMessage', (m) => (/^Adopt \d+ existing/.test(String(m)) ? 'Adopt' : undefined));
    let outcome: AdoptOutcome | undefined;
    try {
      outcome = (await vscode.commands.executeCommand(Commands.adopt)) as AdoptOutcome | undefined;
    } finally {
      answers.restore();
    }
    await ext.whenIdle();
    assert.ok(outcome?.report, 'the adoption ran');
    assert.deepEqual(outcome.report.adopted.map((a) => a.path).sort(), [BY_PATH, BY_TITLE]);
    assert.deepEqual(
      outcome.report.ambiguous.map((a) => a.path),
      [AMBIGUOUS],
    );
    assert.equal(outcome.report.failed.length, 0);
    // The result message names the counts (a warning: an ambiguous file is left).
    assert.ok(
      answers.calls.some((c) => /adopted 2 rows, 1 ambiguous left alone/.test(String(c.first))),
      answers.calls.map((c) => String(c.first)).join(' | '),
    );

    const rows = await planRows(dataSourceId);
    for (const path of [BY_TITLE, BY_PATH]) {
      const mine = rows.filter((r) => r.path === path);
      assert.equal(mine.length, 1, `${path}: ${mine.length} rows`);
      assert.equal(mine[0]!.id, seeded[path], `${path} took the existing row`);
      assert.equal(mine[0]!.workspace, 'demo-workspace');
      assert.equal(ext.itemState(path), 'synced');
    }
    for (const id of [seeded.ambiguous1, seeded.ambiguous2])
      assert.equal(rows.find((r) => r.id === id)?.workspace, '', 'an ambiguous row is never claimed');
    assert.equal(rows.filter((r) => r.path === AMBIGUOUS).length, 0, 'no row was created for the ambiguous file');
    assert.equal(ext.itemState(AMBIGUOUS), 'new');
  });
});
