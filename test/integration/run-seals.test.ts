/* eslint-disable @typescript-eslint/no-explicit-any -- raw API objects and CLI JSON */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness, makeWorkspace, tempDir, topLevelCount } from './helpers';
import { parseSealed } from '../../src/core/sync/seals';

/*
 * Issue 16 (fewer requests) under DESIGN principle 9 (a page reads complete in Notion only when it is):
 * a sync that writes its Execution Logs row anyway seals the pages it created in several requests with
 * that row, instead of one completion write per page. These tests go through the CLI over HTTP.
 */

/** A report of `n` paragraphs: more than 100 top-level blocks, so its create needs follow-up appends. */
function bigReport(title: string, n: number): string {
  const lines = [`# ${title}`, ''];
  for (let i = 0; i < n; i++) lines.push(`Paragraph ${i} of ${title}.`, '');
  return lines.join('\n');
}

/** Top-level blocks of each report's page: its title and paragraphs. */
const TOP_LEVEL: Record<string, number> = { 'reports/a.md': 241, 'reports/b.md': 181, 'reports/c.md': 131 };

function files(name: string): Record<string, string> {
  return {
    '.notion-sync.json': JSON.stringify({ workspaceName: name }),
    'reports/a.md': bigReport('A', 240),
    'reports/b.md': bigReport('B', 180),
    'reports/c.md': bigReport('C', 130),
    'plans/small.md': '# Small\n\nOne paragraph.\n',
  };
}

const text = (p: any): string => (p?.rich_text ?? p?.title ?? []).map((t: any) => t.plain_text).join('');

async function rowsOf(h: Harness, databaseId: string): Promise<any[]> {
  const client = h.client();
  const db = (await client.databases.retrieve({ database_id: databaseId })) as any;
  const res = (await client.dataSources.query({ data_source_id: db.data_sources[0].id, page_size: 100 })) as any;
  return res.results;
}

async function configOf(ws: string): Promise<any> {
  return JSON.parse(await readFile(join(ws, '.notion-sync.json'), 'utf8'));
}

async function setUp(h: Harness, name: string): Promise<{ ws: string; config: any }> {
  const ws = await makeWorkspace(files(name));
  const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: ws });
  assert.equal(init.code, 0, init.stderr);
  return { ws, config: await configOf(ws) };
}

/** `Content Hash` of each report row, by path. */
async function reportHashes(h: Harness, config: any): Promise<Map<string, { id: string; hash: string }>> {
  const out = new Map<string, { id: string; hash: string }>();
  for (const r of await rowsOf(h, config.categories.reports.databaseId))
    out.set(text(r.properties.Path), { id: r.id, hash: text(r.properties['Content Hash']) });
  return out;
}

async function runIdsLogged(h: Harness, config: any): Promise<string[]> {
  return (await rowsOf(h, config.executionLogs.databaseId)).map((r) => text(r.properties['Run ID']));
}

describe('sealed runs: multi-request creates completed by the run’s own log row', () => {
  let h: Harness;
  before(async () => {
    h = await Harness.start();
  });
  after(async () => h?.close());

  test('an initial sync writes no completion write; its log row seals the pages on every machine', async () => {
    const { ws, config } = await setUp(h, 'seal-ok');
    h.sandbox.resetStats();
    const sync = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(sync.code, 0, sync.stderr);
    assert.equal((sync.json as any).created, 4);
    const stats = h.sandbox.stats();
    assert.equal(stats.byRoute['PATCH /v1/pages/{id}'] ?? 0, 0, JSON.stringify(stats.byRoute));
    // The plan's estimate is what the run spent on the pages (creates + appends, no completion write).
    const planned = (sync.json as any).plan.reduce((n: number, p: any) => n + p.estimatedCalls, 0);
    const pageWrites =
      (stats.byRoute['POST /v1/pages'] ?? 0) - 1 + (stats.byRoute['PATCH /v1/blocks/{id}/children'] ?? 0);
    assert.equal(pageWrites, planned, JSON.stringify(stats.byRoute));

    const hashes = await reportHashes(h, config);
    const runIds = new Set([...hashes.values()].map((r) => parseSealed(r.hash)?.runId));
    assert.equal(
      runIds.size,
      1,
      `every multi-request page carries the run's tag: ${[...hashes.values()].map((r) => r.hash)}`,
    );
    const runId = [...runIds][0]!;
    assert.ok(runId, 'tagged');
    assert.ok((await runIdsLogged(h, config)).includes(runId), 'the run’s log row carries its id');
    for (const [path, row] of hashes) assert.equal(await topLevelCount(h.client(), row.id), TOP_LEVEL[path]);

    // This machine: in step, no request beyond the row queries.
    h.sandbox.resetStats();
    const status = await h.cli(['status', '--json'], { workspace: ws });
    for (const item of (status.json as any).items) assert.equal(item.state, 'synced', `${item.path}: ${item.reason}`);
    assert.equal(h.sandbox.stats().byRoute['POST /v1/data_sources/{id}/query'], 4, 'one query per category database');

    // Another machine (no cache): one more query, on the Execution Logs, finds the seal.
    const other = await tempDir('nws-other-');
    h.sandbox.resetStats();
    const status2 = await h.cli(['status', '--json'], { workspace: ws, env: { NOTION_SYNC_STATE_DIR: other } });
    for (const item of (status2.json as any).items) assert.equal(item.state, 'synced', `${item.path}: ${item.reason}`);
    assert.equal(h.sandbox.stats().byRoute['POST /v1/data_sources/{id}/query'], 5);
    h.sandbox.resetStats();
    const again = await h.cli(['sync', '--json'], { workspace: ws, env: { NOTION_SYNC_STATE_DIR: other } });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(h.sandbox.stats().writes, 0, 'nothing to write on the other machine');
    assert.equal((again.json as any).unchanged, 4);
  });

  test('a run whose seal never reached Notion: left alone while it may still be writing', async () => {
    // The rows are written an hour "ago" (sandbox clock) for the second half; first they look fresh.
    const { ws, config } = await setUp(h, 'seal-lost');
    const sync = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(sync.code, 0, sync.stderr);
    const hashes = await reportHashes(h, config);
    const runId = parseSealed([...hashes.values()][0]!.hash)!.runId;
    // The seal is lost (as if the run had been killed before its log row).
    const client = h.client();
    for (const r of await rowsOf(h, config.executionLogs.databaseId))
      if (text(r.properties['Run ID']) === runId) await client.pages.update({ page_id: r.id, in_trash: true });

    const other = await tempDir('nws-other-');
    const env = { NOTION_SYNC_STATE_DIR: other };
    const status = await h.cli(['status', '--json'], { workspace: ws, env });
    for (const item of (status.json as any).items) {
      if (item.path.startsWith('reports/')) {
        assert.equal(item.state, 'modified', item.path);
        assert.match(item.reason, /another run is still writing/);
      } else assert.equal(item.state, 'synced');
    }
    h.sandbox.resetStats();
    const skip = await h.cli(['sync', '--json'], { workspace: ws, env });
    assert.equal(skip.code, 0, skip.stderr);
    assert.equal((skip.json as any).updated, 0);
    assert.deepEqual((skip.json as any).skipped.map((s: any) => s.path).sort(), [
      'reports/a.md',
      'reports/b.md',
      'reports/c.md',
    ]);
    assert.equal(h.sandbox.stats().writes, 0, 'a run that may still be writing is not overwritten');
  });

  test('an unsealed run quiet for a quarter of an hour is over: another machine rewrites its pages', async () => {
    const { ws, config } = await setUp(h, 'seal-dead');
    // Written 20 minutes "ago" (the sandbox's clock stamps last_edited_time).
    h.sandbox.advanceClock(-20 * 60_000);
    const sync = await h.cli(['sync', '--json'], { workspace: ws });
    h.sandbox.advanceClock(20 * 60_000);
    assert.equal(sync.code, 0, sync.stderr);
    const runId = parseSealed([...(await reportHashes(h, config)).values()][0]!.hash)!.runId;
    const client = h.client();
    for (const r of await rowsOf(h, config.executionLogs.databaseId))
      if (text(r.properties['Run ID']) === runId) await client.pages.update({ page_id: r.id, in_trash: true });

    const env = { NOTION_SYNC_STATE_DIR: await tempDir('nws-other-') };
    const status = await h.cli(['status', '--json'], { workspace: ws, env });
    for (const item of (status.json as any).items)
      if (item.path.startsWith('reports/')) {
        assert.equal(item.state, 'modified', item.path);
        assert.match(item.reason, /incomplete in Notion/);
      }
    const fix = await h.cli(['sync', '--json'], { workspace: ws, env });
    assert.equal(fix.code, 0, fix.stderr);
    assert.equal((fix.json as any).updated, 3);
    for (const [path, row] of await reportHashes(h, config)) {
      assert.equal(parseSealed(row.hash), undefined, `${path}: rewritten with its plain hash`);
      assert.equal(await topLevelCount(h.client(), row.id), TOP_LEVEL[path]);
    }
    const after = await h.cli(['status', '--json'], { workspace: ws, env });
    for (const item of (after.json as any).items) assert.equal(item.state, 'synced', item.path);
  });

  test('Notion failing partway (writes refused for good): the run is not sealed; every machine sees it unfinished', async () => {
    const { ws, config } = await setUp(h, 'seal-unsafe');
    // Creates go through, every PATCH fails from the 4th on: a page stays partial and cannot be marked.
    h.sandbox.setFaults('kinds=503,after=3,methods=PATCH');
    const sync = await h.cli(['sync', '--json'], { workspace: ws });
    h.sandbox.setFaults(null);
    assert.notEqual(sync.code, 0);
    const hashes = await reportHashes(h, config);
    const logged = await runIdsLogged(h, config);
    for (const [path, row] of hashes) {
      const tag = parseSealed(row.hash);
      assert.ok(tag, `${path}: still tagged (its completion could not be written either)`);
      assert.ok(!logged.includes(tag.runId), `${path}: its run is not sealed`);
    }
    // A machine with no cache takes none of them for done.
    const env = { NOTION_SYNC_STATE_DIR: await tempDir('nws-other-') };
    const status = await h.cli(['status', '--json'], { workspace: ws, env });
    for (const item of (status.json as any).items)
      if (hashes.has(item.path)) assert.notEqual(item.state, 'synced', `${item.path} is not taken for done`);
    // The machine that ran it knows its run is over: the next sync there finishes every page.
    const next = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(next.code, 0, next.stderr);
    for (const [path, row] of await reportHashes(h, config)) {
      const tag = parseSealed(row.hash);
      if (tag) assert.ok((await runIdsLogged(h, config)).includes(tag.runId), `${path}: sealed`);
      assert.equal(await topLevelCount(h.client(), row.id), TOP_LEVEL[path]);
    }
    const fresh = await h.cli(['status', '--json'], {
      workspace: ws,
      env: { NOTION_SYNC_STATE_DIR: await tempDir('nws-3-') },
    });
    for (const item of (fresh.json as any).items) assert.equal(item.state, 'synced', `${item.path}: ${item.reason}`);
  });
});
