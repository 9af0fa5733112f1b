import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness, makeWorkspace } from './helpers';
import { loadConfig } from '../../src/core/config';
import type { EngineContext } from '../../src/core/sync';
import { runSync } from '../../src/core/sync';
import { getOverview } from '../../src/core/sync/status';
import { checkRemote } from '../../src/core/sync/remote-check';

/**
 * The editor's cheap ways to stay current (issue 14): a check of Notion that costs one query per
 * database (rows edited since the last read), a sync of a few files that looks up only their keys, and
 * a re-read of the files against known rows that costs nothing — against the sandbox over HTTP.
 */
describe('staying current at the minimum cost', () => {
  let h: Harness;
  let ws: string;
  let ctx: EngineContext;
  const routes = (): Record<string, number> => h.sandbox.stats().byRoute;

  before(async () => {
    h = await Harness.start();
    ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({ workspaceName: 'current' }),
      'plans/a.md': '# A\n\nFirst line.\n',
      'plans/b.md': '# B\n\nSecond plan.\n',
      'reports/r.md': '# R\n\nA report.\n',
      'scripts/s.sh': 'echo hi\n',
    });
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: ws });
    assert.equal(init.code, 0, init.stderr);
    const first = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(first.code, 0, first.stderr);
    ctx = {
      config: await loadConfig(ws),
      token: h.sandbox.token,
      apiBaseUrl: h.sandbox.url,
      trigger: 'editor',
      stateDir: h.stateDir,
      gateway: { rps: 0 },
    };
  });
  after(async () => h?.close());

  test('a one-line edit of one file: its key looked up in its own database, the writes, no log row — 4 requests', async () => {
    await appendFile(join(ws, 'plans/a.md'), 'One more line.\n');
    h.sandbox.resetStats();
    const report = await runSync(ctx, { paths: ['plans/a.md'], executionLog: false });
    assert.equal(report.updated, 1);
    const stats = h.sandbox.stats();
    assert.equal(stats.total, 4, JSON.stringify(stats.byRoute));
    assert.equal(routes()['POST /v1/data_sources/{id}/query'], 1, 'only the key of plans/a.md is looked up');
    assert.equal(routes()['POST /v1/pages'] ?? 0, 0, 'no Execution Logs row');
    // What the report says the row now is: what Notion holds.
    assert.equal(report.written.length, 1);
    const [w] = report.written;
    assert.equal(w!.category, 'plans');
    assert.equal(w!.row.path, 'plans/a.md');
    const overview = await getOverview(ctx);
    const row = overview.rows.plans!.find((r) => r.pageId === w!.row.pageId)!;
    assert.equal(row.contentHash, w!.row.contentHash);
    assert.equal(row.lastEditedTime, w!.row.lastEditedTime);
    assert.equal(row.lastEditedBy, w!.row.lastEditedBy);
    assert.equal(overview.items.find((i) => i.path === 'plans/a.md')?.state, 'synced');
  });

  test('a folder or a missing path still reads the whole databases (orphans under it are found)', async () => {
    h.sandbox.resetStats();
    const report = await runSync(ctx, { paths: ['plans'], dryRun: true });
    assert.equal(report.plan.length, 2);
    assert.equal(routes()['POST /v1/data_sources/{id}/query'], 4, 'every category database read');
  });

  test('known rows: the files re-read with no request at all', async () => {
    const full = await getOverview(ctx);
    await writeFile(join(ws, 'plans/b.md'), '# B\n\nChanged here.\n');
    h.sandbox.resetStats();
    const local = await getOverview(ctx, { knownRows: full.rows });
    assert.equal(h.sandbox.stats().total, 0, JSON.stringify(h.sandbox.stats().byRoute));
    assert.equal(local.items.find((i) => i.path === 'plans/b.md')?.state, 'modified');
    assert.equal(local.items.find((i) => i.path === 'plans/a.md')?.state, 'synced');
    assert.equal(local.readAt, undefined, 'nothing was read from Notion');
    await writeFile(join(ws, 'plans/b.md'), '# B\n\nSecond plan.\n');
  });

  test('a check of Notion: one query per database; nothing changed → nothing reported', async () => {
    const full = await getOverview(ctx);
    assert.ok(full.readAt);
    h.sandbox.resetStats();
    const check = await checkRemote(ctx, full.rows, full.readAt!);
    assert.equal(check.problem, undefined);
    assert.equal(check.apiCalls, Object.keys(full.rows).length);
    assert.equal(h.sandbox.stats().total, Object.keys(full.rows).length);
    assert.deepEqual(check.changed, [], 'rows edited in the same minute as the read are known and not reported');
  });

  test("a teammate's edit in Notion comes back from the check and shows as an edit in Notion without a full read", async () => {
    const full = await getOverview(ctx);
    const target = full.items.find((i) => i.path === 'reports/r.md')!;
    assert.equal(target.state, 'synced');
    // Later, a person edits the page in Notion.
    h.sandbox.advanceClock(3 * 60_000);
    h.sandbox.humanEdit({ pageId: target.pageId!, appendParagraph: 'Added by a teammate.' });
    h.sandbox.resetStats();
    const check = await checkRemote(ctx, full.rows, full.readAt!);
    assert.equal(h.sandbox.stats().total, Object.keys(full.rows).length);
    assert.deepEqual(
      check.changed.map((c) => [c.category, c.row.path]),
      [['reports', 'reports/r.md']],
    );
    assert.ok(check.checkedAt > full.readAt!, `${check.checkedAt} after ${full.readAt}`);
    const local = await getOverview(ctx, { knownRows: check.rows });
    assert.equal(h.sandbox.stats().total, Object.keys(full.rows).length, 'the re-classification read nothing');
    const state = local.items.find((i) => i.path === 'reports/r.md')?.state;
    assert.ok(state === 'conflict' || state === 'remote-modified', `state ${state}`);
    // The next check starts after this one: the same edit is not reported twice.
    const again = await checkRemote(ctx, check.rows, check.checkedAt);
    assert.deepEqual(again.changed, []);
  });

  test('a row another machine created is found by the check', async () => {
    const full = await getOverview(ctx);
    h.sandbox.advanceClock(2 * 60_000);
    // Another clone of the workspace pushes a file this one does not have.
    const other = await makeWorkspace({
      '.notion-sync.json': await (await import('node:fs/promises')).readFile(join(ws, '.notion-sync.json'), 'utf8'),
      'plans/from-elsewhere.md': '# Elsewhere\n',
    });
    const pushed = await h.cli(['sync', '--json'], {
      workspace: other,
      env: { NOTION_SYNC_STATE_DIR: `${h.stateDir}-other` },
    });
    assert.equal(pushed.code, 0, pushed.stderr);
    const check = await checkRemote(ctx, full.rows, full.readAt!);
    assert.ok(
      check.changed.some((c) => c.row.path === 'plans/from-elsewhere.md'),
      JSON.stringify(check.changed),
    );
    const local = await getOverview(ctx, { knownRows: check.rows });
    assert.equal(local.items.find((i) => i.path === 'plans/from-elsewhere.md')?.state, 'orphaned');
  });

  test('the filter is applied by Notion: only rows edited at or after the minute asked for come back', async () => {
    const full = await getOverview(ctx);
    const empty = Object.fromEntries(Object.keys(full.rows).map((c) => [c, []]));
    const now = Date.parse(h.sandbox.now().toISOString());
    const later = await checkRemote(ctx, empty, new Date(now + 60 * 60_000).toISOString());
    assert.deepEqual(later.changed, [], 'nothing was edited in the future');
    h.sandbox.advanceClock(5 * 60_000);
    const id = full.items.find((i) => i.path === 'scripts/s.sh')!.pageId!;
    h.sandbox.humanEdit({ pageId: id, appendParagraph: 'touched' });
    const since = await checkRemote(ctx, empty, new Date(now + 2 * 60_000).toISOString());
    assert.deepEqual(
      since.changed.map((c) => c.row.path),
      ['scripts/s.sh'],
    );
  });

  test('Notion down during a check: the problem is said, the known rows stay', async () => {
    const full = await getOverview(ctx);
    h.sandbox.setFaults('kinds=503');
    try {
      const check = await checkRemote(
        { ...ctx, gateway: { rps: 0, maxRetries: 0, retryBaseMs: 1 } },
        full.rows,
        full.readAt!,
      );
      assert.ok(check.problem, 'a problem is reported');
      assert.equal(check.problem!.reason, 'unreachable');
      assert.equal(check.rows, full.rows);
      assert.deepEqual(check.changed, []);
    } finally {
      h.sandbox.setFaults(null);
    }
  });
});
