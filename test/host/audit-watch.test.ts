// Monitoring in the editor (issue 18): with `notionSync.auditIntervalMinutes` on, the audit runs in the
// background and a NEW critical gap raises exactly one notification naming it; an audit with nothing new
// raises none; setting it back to 0 stops it. The interval is shortened with the test-only
// NOTION_SYNC_AUDIT_INTERVAL_MS (read by the extension in this same extension-host process).
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AutomaticAudit } from '../../src/extension/audit-watch';
import type { ExtensionApi } from '../../src/extension/extension';

const EXTENSION_ID = 'notion-workspace-sync.notion-workspace-sync';
const SANDBOX = process.env.NOTION_SYNC_SANDBOX_URL;
const TOKEN = process.env.NOTION_TOKEN;
const STALE = 'inbox/watch-audit-stale.json';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function root(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return folder.uri.fsPath;
}

suite('Periodic audit (monitoring)', function () {
  this.timeout(120_000);
  let api: ExtensionApi;
  const win = vscode.window as unknown as Record<string, unknown>;
  let original: unknown;
  const warnings: Array<{ message: string; actions: unknown[] }> = [];
  /** What the stubbed notification answers. */
  let answer: string | undefined;
  /** The periodic audit's notifications: the warnings offering "Show Audit". */
  const alerts = (): typeof warnings => warnings.filter((w) => w.actions.includes('Show Audit'));

  /** Waits for `n` periodic audits that started after this call and ran (not skipped); returns every one seen. */
  async function audits(n: number): Promise<AutomaticAudit[]> {
    const seen: AutomaticAudit[] = [];
    let current = api.periodicAudits().last;
    const deadline = Date.now() + 90_000;
    while (seen.filter((r) => !r.skipped).length < n) {
      assert.ok(Date.now() < deadline, `only ${seen.length} periodic audit(s) ran: ${JSON.stringify(seen)}`);
      const { last } = api.periodicAudits();
      if (last && last !== current) {
        current = last;
        seen.push(await last);
      } else await sleep(25);
    }
    return seen;
  }

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
    original = win.showWarningMessage;
    win.showWarningMessage = (message: unknown, ...actions: unknown[]) => {
      warnings.push({ message: String(message), actions });
      return Promise.resolve(actions.includes(answer) ? answer : undefined);
    };
  });

  suiteTeardown(async () => {
    if (original) win.showWarningMessage = original;
    delete process.env.NOTION_SYNC_AUDIT_INTERVAL_MS;
    await vscode.workspace
      .getConfiguration('notionSync')
      .update('auditIntervalMinutes', undefined, vscode.ConfigurationTarget.Workspace);
    rmSync(join(root(), ...STALE.split('/')), { force: true });
    await api?.periodicAudits().last;
    await api?.whenIdle();
    // Leave no report preview open for the later suites (editor.test.ts looks for the one Run Full Audit opens).
    const previews = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((t) => /notion-sync-audit/.test(t.label));
    if (previews.length) await vscode.window.tabGroups.close(previews);
  });

  test('off by default: no audit runs on its own', async () => {
    assert.equal(vscode.workspace.getConfiguration('notionSync').get('auditIntervalMinutes'), 0);
    process.env.NOTION_SYNC_AUDIT_INTERVAL_MS = '300';
    await sleep(1000);
    assert.equal(api.periodicAudits().runs, 0, 'an audit ran with the setting at 0');
  });

  test('a new stale trigger file raises exactly one notification naming it', async () => {
    await vscode.workspace
      .getConfiguration('notionSync')
      .update('auditIntervalMinutes', 60, vscode.ConfigurationTarget.Workspace);
    // The first audit has no previous one: whatever it finds is new to it. That is the baseline.
    await audits(1);
    warnings.length = 0;
    answer = 'Show Audit';

    const file = join(root(), ...STALE.split('/'));
    writeFileSync(file, '{"job": "watch-audit"}\n');
    const threeDaysAgo = new Date(Date.now() - 72 * 3_600_000);
    utimesSync(file, threeDaysAgo, threeDaysAgo);

    const runs = await audits(1);
    const shown = alerts();
    assert.equal(shown.length, 1, `notifications: ${JSON.stringify(shown)}`);
    assert.match(
      shown[0]!.message,
      /^Notion Sync: 1 new trigger file stale in the inbox: inbox\/watch-audit-stale\.json/,
    );
    assert.deepEqual(shown[0]!.actions, ['Show Audit', 'Fix…']);
    const stale = runs.flatMap((r) => r.alerts).filter((a) => a.kind === 'stale-trigger-files');
    assert.deepEqual(
      stale.map((a) => a.items),
      [[STALE]],
    );
    // "Show Audit" writes the full report (as Run Full Audit does) and opens it.
    const report = await runs.find((r) => r.notified)?.answered;
    answer = undefined;
    assert.ok(report && existsSync(report.fsPath), 'Show Audit opened no report');
    assert.ok(readFileSync(report.fsPath, 'utf8').includes(`Stale in inbox: \`${STALE}\``), 'the report lacks the gap');
  });

  test('the next audits, with nothing new, raise none', async () => {
    warnings.length = 0;
    const runs = await audits(2);
    assert.deepEqual(alerts(), [], 'a notification without anything new');
    assert.deepEqual(
      runs.map((r) => r.alerts),
      runs.map(() => []),
    );
  });

  test('back to 0: the audits stop', async () => {
    await vscode.workspace
      .getConfiguration('notionSync')
      .update('auditIntervalMinutes', 0, vscode.ConfigurationTarget.Workspace);
    await api.periodicAudits().last;
    const before = api.periodicAudits().runs;
    await sleep(1200);
    assert.equal(api.periodicAudits().runs, before, 'an audit ran after the setting went back to 0');
  });
});
