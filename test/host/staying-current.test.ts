// Staying current at the minimum cost (issue 14), inside a real VS Code against the Notion sandbox,
// counted by the sandbox's own request log: a save with sync on save off costs no request; a one-line
// edit synced from the editor costs at most 4; Notion is checked on an interval (one query per
// database) and a teammate's edit shows without a full refresh. Runs after state.test.ts (same world).
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension/extension';
import { NotionError } from '../../src/core/notion/errors';
import { problemOf } from '../../src/core/sync/session';
import { Commands, ContextValues } from '../../src/extension/ids';
import { editorFix, editorMessage } from '../../src/extension/messages';
import { errorProblem } from '../../src/extension/model';

const EXTENSION_ID = 'notion-workspace-sync.notion-workspace-sync';
const SANDBOX = process.env.NOTION_SYNC_SANDBOX_URL;
const TOKEN = process.env.NOTION_TOKEN;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function root(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return folder.uri.fsPath;
}

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

async function inTrash(pageId: string): Promise<boolean> {
  const r = await fetch(`${SANDBOX}/v1/pages/${pageId}`, {
    headers: { authorization: `Bearer ${TOKEN}`, 'notion-version': '2025-09-03' },
  });
  assert.ok(r.ok, `reading page ${pageId}: HTTP ${r.status}`);
  return !!((await r.json()) as { in_trash?: boolean }).in_trash;
}

interface Stats {
  total: number;
  byRoute: Record<string, number>;
}
const stats = async (): Promise<Stats> => (await admin('stats')) as unknown as Stats;
const resetStats = async (): Promise<void> => void (await admin('reset-stats', {}));

async function until(what: string, ok: () => boolean, ms = 15_000): Promise<void> {
  for (let waited = 0; !ok(); waited += 100) {
    if (waited >= ms) assert.fail(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

suite('Staying current at the minimum cost', function () {
  this.timeout(90_000);
  let api: ExtensionApi;
  const path = 'plans/staying-current.md';
  const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('notionSync');

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
    // No check of Notion in the middle of a count (a focus change would start one).
    await settings().update('notionCheckIntervalMinutes', 0, vscode.ConfigurationTarget.Workspace);
    await settings().update('syncOnSave', false, vscode.ConfigurationTarget.Workspace);
    writeFileSync(join(root(), path), '# Staying current\n\nThe first line.\n');
    await vscode.commands.executeCommand(Commands.refresh);
    await api.whenIdle();
    const created = (await vscode.commands.executeCommand(Commands.sync, path)) as { report?: { created: number } };
    assert.equal(created.report?.created, 1);
    await api.whenIdle();
    assert.equal(api.itemState(path), 'synced');
  });

  suiteTeardown(async () => {
    delete process.env.NOTION_SYNC_NOTION_CHECK_MS;
    await settings().update('notionCheckIntervalMinutes', undefined, vscode.ConfigurationTarget.Workspace);
    await settings().update('syncOnSave', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('saving a tracked file with sync on save off costs 0 requests, and its badge still turns modified', async () => {
    await resetStats();
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(join(root(), path)));
    await editor.edit((b) => b.insert(new vscode.Position(editor.document.lineCount, 0), 'A second line.\n'));
    assert.ok(await editor.document.save());
    await until('the modified badge', () => api.itemState(path) === 'modified');
    await sleep(1000); // past the watcher's debounce: anything it would send has been sent
    await api.whenIdle();
    const s = await stats();
    assert.equal(s.total, 0, `requests after a save: ${JSON.stringify(s.byRoute)}`);
  });

  test('a one-line edit synced from the editor costs at most 4 requests, and the view shows it synced', async () => {
    assert.equal(api.itemState(path), 'modified');
    await resetStats();
    const outcome = (await vscode.commands.executeCommand(Commands.sync, path)) as {
      report?: { updated: number; apiCalls: number };
    };
    await api.whenIdle();
    assert.equal(outcome.report?.updated, 1);
    assert.equal(api.itemState(path), 'synced', 'the view does not show the sync');
    const s = await stats();
    assert.ok(s.total <= 4, `${s.total} requests: ${JSON.stringify(s.byRoute)}`);
    assert.equal(s.byRoute['POST /v1/data_sources/{id}/query'], 1, 'only its own key is looked up');
    assert.equal(s.byRoute['POST /v1/pages'] ?? 0, 0, 'no Execution Logs row for an editor sync by default');
  });

  test("Notion checked on an interval: one query per database when nothing changed, a teammate's edit shown without a full refresh", async () => {
    const before = api.notionChecks().checks;
    process.env.NOTION_SYNC_NOTION_CHECK_MS = '1500';
    await resetStats();
    await settings().update('notionCheckIntervalMinutes', 1, vscode.ConfigurationTarget.Workspace);
    await until('a check of Notion', () => api.notionChecks().checks > before);
    const quiet = await api.notionChecks().last!;
    await api.whenIdle();
    assert.equal(quiet.skipped, undefined, `skipped: ${quiet.skipped}`);
    assert.deepEqual(quiet.changed, []);
    let s = await stats();
    const checks = api.notionChecks().checks - before;
    assert.ok(quiet.apiCalls >= 1, 'no query was sent');
    assert.equal(
      s.total,
      s.byRoute['POST /v1/data_sources/{id}/query'],
      `only queries while nothing changed: ${JSON.stringify(s.byRoute)}`,
    );
    assert.ok(s.total <= checks * quiet.apiCalls + quiet.apiCalls, `${s.total} requests for ${checks} check(s)`);
    assert.equal(api.itemState(path), 'synced');

    // A teammate edits the page in Notion, a little later.
    const pageId = (api.nodeFor(path) as unknown as { status: { pageId: string } }).status.pageId;
    await admin('clock', { advanceMs: 2 * 60_000 });
    await admin('human-edit', { pageId, appendParagraph: 'Added in Notion by a teammate.' });
    await resetStats();
    await until('the edit in Notion to show', () => /conflict|remote-modified/.test(api.itemState(path) ?? ''));
    await api.whenIdle();
    s = await stats();
    assert.equal(
      s.total,
      s.byRoute['POST /v1/data_sources/{id}/query'],
      `the edit was found by the check's queries alone (no full refresh): ${JSON.stringify(s.byRoute)}`,
    );
    await settings().update('notionCheckIntervalMinutes', 0, vscode.ConfigurationTarget.Workspace);
  });

  test('an orphaned row: "Restore the File from Notion" writes it back, and it shows synced', async () => {
    const orphan = 'plans/restore-me.md';
    const abs = join(root(), orphan);
    writeFileSync(abs, '# Restore me\n\nWritten before it was deleted.\n');
    await vscode.commands.executeCommand(Commands.refresh);
    await api.whenIdle();
    await vscode.commands.executeCommand(Commands.sync, orphan);
    await api.whenIdle();
    rmSync(abs);
    await until('the orphaned badge', () => api.itemState(orphan) === 'orphaned');
    await api.whenIdle();
    const node = api.nodeFor(orphan)!;
    const menus = (
      vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
        contributes: { menus: Record<string, Array<{ command: string; when?: string }>> };
      }
    ).contributes.menus['view/item/context']!;
    const offered = menus
      .filter((m) => new RegExp(/viewItem =~ \/(.*)\//.exec(m.when ?? '')?.[1] ?? '^$').test(String(node.contextValue)))
      .map((m) => m.command);
    assert.ok(offered.includes(Commands.restoreFile), `menu of an orphan: ${offered.join(', ')}`);
    assert.ok(offered.includes(Commands.removeFromNotion), `menu of an orphan: ${offered.join(', ')}`);
    await vscode.commands.executeCommand(Commands.restoreFile, node);
    await api.whenIdle();
    assert.ok(existsSync(abs), 'the file was not restored');
    assert.match(readFileSync(abs, 'utf8'), /# Restore me[\s\S]*Written before it was deleted\./);
    assert.equal(api.itemState(orphan), 'synced');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('"Remove from Notion…" on one orphan asks first (Cancel keeps it) and trashes only that row', async () => {
    const a = 'plans/remove-a.md';
    const b = 'plans/remove-b.md';
    for (const p of [a, b]) writeFileSync(join(root(), p), `# ${p}\n`);
    await vscode.commands.executeCommand(Commands.refresh);
    await api.whenIdle();
    await vscode.commands.executeCommand(Commands.sync, undefined, [a, b]);
    await api.whenIdle();
    const ids = [a, b].map((p) => (api.nodeFor(p) as unknown as { status: { pageId: string } }).status.pageId);
    for (const p of [a, b]) rmSync(join(root(), p));
    await until('both orphaned', () => api.itemState(a) === 'orphaned' && api.itemState(b) === 'orphaned');
    await api.whenIdle();
    const win = vscode.window as unknown as Record<string, unknown>;
    const original = win.showWarningMessage;
    const asked: unknown[][] = [];
    let answer: string | undefined;
    win.showWarningMessage = (...args: unknown[]) => (asked.push(args), Promise.resolve(answer));
    try {
      await vscode.commands.executeCommand(Commands.removeFromNotion, api.nodeFor(a));
      assert.equal(asked.length, 1);
      assert.equal((asked[0]![1] as { modal?: boolean }).modal, true, 'not a modal confirmation');
      assert.equal(await inTrash(ids[0]!), false, 'removed without a yes');
      answer = 'Remove from Notion';
      await vscode.commands.executeCommand(Commands.removeFromNotion, api.nodeFor(a));
      await api.whenIdle();
    } finally {
      win.showWarningMessage = original;
    }
    assert.equal(await inTrash(ids[0]!), true, 'the row is not in the trash');
    assert.equal(await inTrash(ids[1]!), false, 'the other orphan was removed too');
    assert.equal(api.itemState(a), undefined);
    assert.equal(api.itemState(b), 'orphaned');
  });

  test('the audit counts a captured chat with new turns, as the status bar and the badge do', async function () {
    const claude = process.env.CLAUDE_CONFIG_DIR;
    if (!claude) return this.skip();
    const main = '5e551011-0000-4000-8000-00000000000a'; // FAKE_SESSIONS.main of tools/vscode/with-sandbox.mjs
    const file = join(claude, 'projects', root().replace(/[^a-zA-Z0-9]/g, '-'), `${main}.jsonl`);
    assert.ok(existsSync(file), `no fake transcript at ${file}`);
    await vscode.commands.executeCommand(Commands.captureChats, [main]);
    await api.whenIdle();
    assert.equal(api.chatNodeFor(main)?.contextValue, ContextValues.chatCaptured);
    // Two more turns, as Claude Code appends them.
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const last = JSON.parse(lines[lines.length - 1]!) as Record<string, unknown> & { uuid: string };
    const turn = (parentUuid: string, type: 'user' | 'assistant', text: string): Record<string, unknown> => ({
      ...last,
      parentUuid,
      uuid: randomUUID(),
      timestamp: new Date().toISOString(),
      type,
      requestId: type === 'assistant' ? `req_${randomUUID().slice(0, 8)}` : undefined,
      message:
        type === 'user'
          ? { role: 'user', content: text }
          : {
              id: `msg_${randomUUID().slice(0, 8)}`,
              type: 'message',
              role: 'assistant',
              model: 'claude-sonnet-4-5-20250929',
              content: [{ type: 'text', text }],
              stop_reason: 'end_turn',
              stop_sequence: null,
            },
    });
    const q = turn(last.uuid, 'user', 'Does the audit see this?');
    const a = turn(q.uuid as string, 'assistant', 'It should count it.');
    appendFileSync(file, `${JSON.stringify(q)}\n${JSON.stringify(a)}\n`);
    await vscode.commands.executeCommand(Commands.refresh);
    await api.whenIdle();
    assert.equal(api.chatNodeFor(main)?.contextValue, ContextValues.chatGrown);
    const counts = api.counts();
    assert.ok(counts.chats >= 1, JSON.stringify(counts));
    const win = vscode.window as unknown as Record<string, unknown>;
    const original = win.showInformationMessage;
    win.showInformationMessage = () => Promise.resolve(undefined);
    try {
      await vscode.commands.executeCommand(Commands.audit);
    } finally {
      win.showInformationMessage = original;
    }
    const audit = api.lastAuditCounts();
    assert.equal(audit?.chats, counts.chats, `audit ${JSON.stringify(audit)} vs view ${JSON.stringify(counts)}`);
    for (const t of vscode.window.tabGroups.all.flatMap((g) => g.tabs))
      if (t.input instanceof vscode.TabInputWebview) await vscode.window.tabGroups.close(t);
  });

  test("errors in the editor's words: the fix comes from core's fix kind, never a CLI flag", () => {
    const kinds = ['auth', 'permission', 'not-found', 'rate-limited', 'server', 'network'] as const;
    for (const kind of kinds) {
      const err = new NotionError(kind, `a ${kind} error`);
      for (const p of [errorProblem(err), problemOf(err, 'Plans')]) {
        const text = editorMessage(p);
        assert.doesNotMatch(
          text,
          /--token|NOTION_TOKEN|--api-base-url|NOTION_API_BASE_URL|notion-sync /,
          `${kind}: ${text}`,
        );
        assert.ok(p.fixKind && editorFix(p.fixKind, p.reason), `${kind}: no fix kind`);
        assert.ok(text.includes(editorFix(p.fixKind!, p.reason)!), `${kind}: ${text}`);
      }
    }
    const noToken = problemOf(new NotionError('auth', 'x'));
    assert.match(editorMessage({ ...noToken, reason: 'no-token' }), /Run "Notion Sync: Connect to Notion"\.$/);
    assert.match(
      editorMessage(problemOf(new NotionError('network', 'Cannot reach Notion (ECONNREFUSED)'))),
      /notionSync\.apiBaseUrl setting/,
    );
  });

  test('offline, each item keeps its last known state with its age beside "unknown"', async () => {
    const known = 'plans/restore-me.md'; // restored above: synced
    await vscode.commands.executeCommand(Commands.refresh);
    await api.whenIdle();
    assert.equal(api.itemState(known), 'synced');
    await admin('faults', { spec: 'kinds=503' });
    try {
      await vscode.commands.executeCommand(Commands.refresh);
      await api.whenIdle();
      assert.ok(api.offline, 'not offline');
      assert.equal(api.itemState(known), 'unknown');
      const tip = (): string => {
        const t = api.treeItemFor(known)?.tooltip;
        return (typeof t === 'string' ? t : String(t?.value)).replace(/\\/g, '');
      };
      assert.match(tip(), /last known: synced \(read from Notion (just now|\d+m ago)\)/);
      assert.match(String(api.treeItemFor(known)?.contextValue), /^notionSync\.item\.unknown\+local\+page/);
      // A second offline read (a reconnect attempt) still knows it.
      await vscode.commands.executeCommand(Commands.refresh);
      await api.whenIdle();
      assert.match(tip(), /last known: synced/);
      const bar = api.statusBarItem.tooltip;
      assert.match(
        (typeof bar === 'string' ? bar : String(bar?.value)).replace(/\\/g, ''),
        /Last read from Notion: .*\((just now|\d+m ago)\)/,
      );
    } finally {
      await admin('faults', { spec: null });
    }
    await vscode.commands.executeCommand(Commands.refresh);
    await api.whenIdle();
    assert.equal(api.offline, undefined);
    assert.equal(api.itemState(known), 'synced');
  });

  test('"Refresh" still reads everything (a row trashed in Notion is only seen there)', async () => {
    await settings().update('notionCheckIntervalMinutes', 0, vscode.ConfigurationTarget.Workspace);
    await api.whenIdle();
    await resetStats();
    await vscode.commands.executeCommand(Commands.refresh);
    await api.whenIdle();
    const s = await stats();
    assert.ok((s.byRoute['POST /v1/data_sources/{id}/query'] ?? 0) >= 2, JSON.stringify(s.byRoute));
  });
});
