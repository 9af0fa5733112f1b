import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Harness, makeWorkspace, tempDir } from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API pages */

const HOUR = 3600_000;
const SECRET = 'ghp_' + 'Zx9'.repeat(12);

async function age(ws: string, rel: string, hours: number): Promise<void> {
  const t = new Date(Date.now() - hours * HOUR);
  await utimes(join(ws, rel), t, t);
}

async function move(ws: string, from: string, to: string): Promise<void> {
  await mkdir(dirname(join(ws, to)), { recursive: true });
  await rename(join(ws, from), join(ws, to));
}

/** Every row of a database (through the real SDK), by Path. */
async function rowsOf(h: Harness, databaseId: string): Promise<Map<string, any>> {
  const client = h.client();
  const db = (await client.databases.retrieve({ database_id: databaseId })) as any;
  const out = new Map<string, any>();
  let cursor: string | undefined;
  do {
    const res = (await client.dataSources.query({
      data_source_id: db.data_sources[0].id,
      start_cursor: cursor,
      page_size: 100,
    })) as any;
    for (const p of res.results) {
      const path = (p.properties.Path?.rich_text ?? []).map((t: any) => t.plain_text).join('');
      assert.ok(!out.has(path), `one row per key: ${path} twice`);
      out.set(path, p);
    }
    cursor = res.has_more ? res.next_cursor : undefined;
  } while (cursor);
  return out;
}

const text = (p: any, name: string): string =>
  (p.properties[name]?.rich_text ?? p.properties[name]?.title ?? []).map((t: any) => t.plain_text).join('');
const select = (p: any, name: string): string | undefined => p.properties[name]?.select?.name;

describe('trigger files tracked in Notion', () => {
  let h: Harness;
  let ws: string;
  let tasksDb: string;
  let taskPage: string;
  let triggerDb: string;

  before(async () => {
    h = await Harness.start();
    const client = h.client();
    // A tasks database people already have: its own schema, task ids in a text property.
    const db = (await client.databases.create({
      parent: { type: 'page_id', page_id: h.sandbox.rootPageId },
      title: [{ type: 'text', text: { content: 'Agent Tasks' } }],
      initial_data_source: { properties: { Task: { title: {} }, 'Task ID': { rich_text: {} } } },
    } as any)) as any;
    tasksDb = db.id;
    const ds = db.data_sources[0].id;
    for (const id of ['T-1', 'T-2']) {
      const page = (await client.pages.create({
        parent: { type: 'data_source_id', data_source_id: ds },
        properties: {
          Task: { title: [{ type: 'text', text: { content: `Task ${id}` } }] },
          'Task ID': { rich_text: [{ type: 'text', text: { content: id } }] },
        },
      } as any)) as any;
      if (id === 'T-1') taskPage = page.id;
    }
    const backlog: Record<string, string> = {};
    for (let i = 0; i < 30; i++) backlog[`jobs/processed/old-${i}.json`] = `{"n":${i}}`;
    ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({
        workspaceName: 'trig',
        triggerFiles: { tasksDatabaseId: tasksDb, taskIdProperty: 'Task ID', processedDays: 7 },
      }),
      'plans/p.md': '# A plan\n',
      'jobs/inbox/a.json': JSON.stringify({ taskId: 'T-1', action: 'render', apiKey: SECRET }, null, 2),
      'jobs/inbox/late.json': '{"action":"late"}',
      'jobs/failed/bad.md': '---\ntask: T-2\n---\nFailed: disk full\n',
      'jobs/processed/recent.json': '{"task_id":"T-404"}',
      ...backlog,
    });
    await age(ws, 'jobs/inbox/late.json', 48);
    await age(ws, 'jobs/processed/recent.json', 24);
    for (let i = 0; i < 30; i++) await age(ws, `jobs/processed/old-${i}.json`, 24 * (10 + i));
  });
  after(async () => h?.close());

  test('init creates the Trigger Files database only when asked, once', async () => {
    const plain = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: ws });
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(plain.json.databases.triggerFiles, undefined, 'optional: not created without --trigger-files');
    const asked = await h.cli(['init', '--trigger-files', '--json'], { workspace: ws });
    assert.equal(asked.code, 0, asked.stderr);
    assert.deepEqual(asked.json.created, ['triggerFiles']);
    triggerDb = asked.json.databases.triggerFiles;
    const config = JSON.parse(await readFile(join(ws, '.notion-sync.json'), 'utf8'));
    assert.equal(config.triggerFiles.databaseId, triggerDb);
    assert.equal(config.triggerFiles.taskIdProperty, 'Task ID', 'the rest of the file is kept');
    const ds = (await h.client().dataSources.retrieve({
      data_source_id: ((await h.client().databases.retrieve({ database_id: triggerDb })) as any).data_sources[0].id,
    })) as any;
    for (const p of ['Name', 'Workspace', 'Path', 'State', 'Folder', 'Modified', 'Summary', 'Content Hash', 'Task'])
      assert.ok(ds.properties[p], `has ${p}`);
    assert.equal(ds.properties.Task.type, 'relation');
    const again = await h.cli(['init', '--json'], { workspace: ws });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.json.databases.triggerFiles, triggerDb, 'a configured one is checked, not made again');
    assert.deepEqual(again.json.created, []);
  });

  test('the first sync writes a row per inbox, failed and recent processed file, and one backlog row', async () => {
    h.sandbox.resetStats();
    const r = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    const t = r.json.triggerFiles;
    assert.ok(t, JSON.stringify(r.json));
    assert.equal(t.created, 5, JSON.stringify(t)); // a, late, bad, recent + the backlog row
    assert.equal(t.tracked, 4);
    assert.equal(t.stale, 1);
    assert.equal(t.failedFiles, 1);
    assert.equal(t.backlog, 30);
    assert.deepEqual(t.tasksUnknown, ['T-404'], JSON.stringify(t));
    assert.equal(t.tasksLinked, 2);
    const rows = await rowsOf(h, triggerDb);
    assert.deepEqual([...rows.keys()].sort(), [
      '(processed backlog)',
      'jobs/a.json',
      'jobs/bad.md',
      'jobs/late.json',
      'jobs/recent.json',
    ]);
    assert.equal(select(rows.get('jobs/a.json'), 'State'), 'inbox');
    assert.equal(select(rows.get('jobs/late.json'), 'State'), 'stale');
    assert.equal(select(rows.get('jobs/bad.md'), 'State'), 'failed');
    assert.equal(select(rows.get('jobs/recent.json'), 'State'), 'processed');
    assert.equal(text(rows.get('jobs/a.json'), 'Folder'), 'jobs/inbox');
    assert.equal(text(rows.get('jobs/a.json'), 'Name'), 'a.json');
    const backlog = rows.get('(processed backlog)');
    assert.equal(backlog.properties.Files.number, 30);
    assert.equal(select(backlog, 'State'), 'backlog');
    // Task links: by the tasks database's "Task ID" property.
    assert.deepEqual(
      rows.get('jobs/a.json').properties.Task.relation.map((x: any) => x.id.replace(/-/g, '')),
      [taskPage.replace(/-/g, '')],
    );
    assert.equal(rows.get('jobs/bad.md').properties.Task.relation.length, 1);
    assert.equal(rows.get('jobs/recent.json').properties.Task.relation.length, 0);
    assert.equal(text(rows.get('jobs/recent.json'), 'Task ID'), 'T-404');
  });

  test("secrets in a trigger file's content never reach the Summary", async () => {
    const rows = await rowsOf(h, triggerDb);
    const summary = text(rows.get('jobs/a.json'), 'Summary');
    assert.match(summary, /"action": "render"/);
    assert.match(summary, /\[REDACTED:[a-z-]+\]/);
    for (const p of rows.values()) assert.ok(!JSON.stringify(p).includes(SECRET), 'the token never leaves');
  });

  test('a re-sync with nothing changed writes nothing', async () => {
    h.sandbox.resetStats();
    const r = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.triggerFiles.created, 0);
    assert.equal(r.json.triggerFiles.updated, 0, JSON.stringify(r.json.triggerFiles));
    assert.equal(h.sandbox.stats().writes, 0, JSON.stringify(h.sandbox.stats().byRoute));
  });

  test('moving a file from inbox/ to processed/ changes its row with exactly one request', async () => {
    const before = await rowsOf(h, triggerDb);
    await move(ws, 'jobs/inbox/a.json', 'jobs/processed/a.json');
    h.sandbox.resetStats();
    const r = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    const stats = h.sandbox.stats();
    assert.equal(stats.writes, 1, JSON.stringify(stats.byRoute));
    assert.equal(stats.byRoute['PATCH /v1/pages/{id}'], 1, JSON.stringify(stats.byRoute));
    assert.equal(r.json.triggerFiles.updated, 1);
    const rows = await rowsOf(h, triggerDb);
    assert.equal(rows.size, before.size, 'no new row');
    const row = rows.get('jobs/a.json');
    assert.equal(row.id, before.get('jobs/a.json').id, 'the same row');
    assert.equal(select(row, 'State'), 'processed');
    assert.equal(text(row, 'Folder'), 'jobs/processed');
    assert.equal(row.properties.Task.relation.length, 1, 'the task link stays');
  });

  test('a failure and a vanished file: one properties update each, nothing deleted', async () => {
    await move(ws, 'jobs/inbox/late.json', 'jobs/failed/late.json');
    await rm(join(ws, 'jobs/processed/recent.json'));
    h.sandbox.resetStats();
    const r = await h.cli(['sync', '--category', 'triggerFiles', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.created, 0, 'only the trigger files ran');
    assert.equal(h.sandbox.stats().writes, 2, JSON.stringify(h.sandbox.stats().byRoute));
    assert.equal(r.json.triggerFiles.gone, 1);
    assert.equal(r.json.triggerFiles.failedFiles, 2);
    const rows = await rowsOf(h, triggerDb);
    assert.equal(select(rows.get('jobs/late.json'), 'State'), 'failed');
    assert.equal(select(rows.get('jobs/recent.json'), 'State'), 'gone');
    assert.equal(rows.get('jobs/recent.json').in_trash, false);
  });

  test('--dry-run plans the trigger rows and writes nothing', async () => {
    await writeFile(join(ws, 'jobs/inbox/new.json'), '{"action":"new"}');
    h.sandbox.resetStats();
    const r = await h.cli(['sync', '--dry-run', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(h.sandbox.stats().writes, 0);
    assert.deepEqual(r.json.triggerFiles.plan, [{ path: 'jobs/new.json', action: 'create' }]);
    await rm(join(ws, 'jobs/inbox/new.json'));
  });

  test("the audit's triggerFiles section stays exact, and failures are a remediation", async () => {
    const r = await h.cli(['audit', '--json'], { workspace: ws });
    assert.ok(r.code === 0 || r.code === 3, r.stderr);
    const t = r.json.triggerFiles;
    assert.deepEqual(
      { inbox: t.inbox, processed: t.processed, failed: t.failed, staleInbox: t.staleInbox },
      { inbox: 0, processed: 31, failed: 2, staleInbox: 0 },
    );
    assert.ok(
      r.json.remediation.some((x: any) => /2 trigger files failed/.test(x.title)),
      JSON.stringify(r.json.remediation),
    );
  });
});

describe('trigger files: a processed backlog of 2,000 files', () => {
  let h: Harness;
  let ws: string;

  before(async () => {
    h = await Harness.start();
    ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({ workspaceName: 'backlog' }),
      'pipeline/inbox/now.json': '{}',
    });
    await mkdir(join(ws, 'pipeline/processed'), { recursive: true });
    for (let i = 0; i < 2000; i++) {
      const rel = `pipeline/processed/job-${String(i).padStart(4, '0')}.json`;
      await writeFile(join(ws, rel), `{"job":${i}}`);
      await age(ws, rel, 24 * 8 + i);
    }
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--trigger-files', '--json'], {
      workspace: ws,
    });
    assert.equal(init.code, 0, init.stderr);
  });
  after(async () => h?.close());

  test('costs a bounded number of requests, first sync and re-sync', async () => {
    h.sandbox.resetStats();
    const first = await h.cli(['sync', '--category', 'triggerFiles', '--json'], { workspace: ws });
    assert.equal(first.code, 0, first.stderr);
    const firstTotal = h.sandbox.stats().total;
    assert.equal(first.json.triggerFiles.backlog, 2000);
    assert.equal(first.json.triggerFiles.created, 2, 'the inbox file and the backlog row');
    h.sandbox.resetStats();
    const again = await h.cli(['sync', '--category', 'triggerFiles', '--json'], { workspace: ws });
    assert.equal(again.code, 0, again.stderr);
    const againStats = h.sandbox.stats();
    console.log(
      `2,000 processed backlog: first sync ${firstTotal} requests (${first.json.apiCalls} by the engine), re-sync ${againStats.total} (${againStats.writes} writes)`,
    );
    assert.ok(firstTotal <= 5, `first sync: ${firstTotal} requests`);
    assert.ok(againStats.total <= 2, `re-sync: ${againStats.total} requests`);
    assert.equal(againStats.writes, 0);
    // A machine with no cache (a fresh CI runner) pays for who-am-I and the schema once more.
    h.sandbox.resetStats();
    const cold = await h.cli(['sync', '--category', 'triggerFiles', '--json'], {
      workspace: ws,
      env: { NOTION_SYNC_STATE_DIR: await tempDir('nws-cold-') },
    });
    assert.equal(cold.code, 0, cold.stderr);
    const coldStats = h.sandbox.stats();
    console.log(
      `2,000 processed backlog, re-sync without a cache: ${coldStats.total} requests (${coldStats.writes} writes)`,
    );
    assert.equal(coldStats.writes, 0);
    assert.ok(coldStats.total <= 5, `cold re-sync: ${coldStats.total} requests`);
  });

  test('a backlog file run again gets its own row, and its processing is one update', async () => {
    // An old backlog file re-run: dropped into the inbox again (fresh mtime), then processed.
    await move(ws, 'pipeline/processed/job-0007.json', 'pipeline/inbox/job-0007.json');
    await writeFile(join(ws, 'pipeline/inbox/job-0007.json'), '{"job":7,"retry":true}');
    const r1 = await h.cli(['sync', '--category', 'triggerFiles', '--json'], { workspace: ws });
    assert.equal(r1.code, 0, r1.stderr);
    assert.equal(r1.json.triggerFiles.created, 1);
    assert.equal(r1.json.triggerFiles.updated, 1, 'the backlog row counts one less');
    assert.equal(r1.json.triggerFiles.backlog, 1999);
    await move(ws, 'pipeline/inbox/job-0007.json', 'pipeline/processed/job-0007.json');
    h.sandbox.resetStats();
    const r2 = await h.cli(['sync', '--category', 'triggerFiles', '--json'], { workspace: ws });
    assert.equal(r2.code, 0, r2.stderr);
    assert.equal(h.sandbox.stats().writes, 1);
    assert.equal(r2.json.triggerFiles.backlog, 1999);
  });
});

describe('trigger files: faults', () => {
  let h: Harness;
  let ws: string;

  before(async () => {
    h = await Harness.start();
    ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({ workspaceName: 'faults' }),
      'inbox/one.json': '{"n":1}',
      'inbox/two.json': '{"n":2}',
    });
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--trigger-files', '--json'], {
      workspace: ws,
    });
    assert.equal(init.code, 0, init.stderr);
  });
  after(async () => h?.close());

  test('a create whose answer is lost fails this run and is found, not duplicated, by the next', async () => {
    h.sandbox.setFaults('kinds=applied500,methods=POST,routes=/v1/pages,count=1');
    const r1 = await h.cli(['sync', '--json'], { workspace: ws });
    h.sandbox.setFaults(null);
    assert.equal(r1.code, 1, r1.stdout);
    assert.equal(r1.json.triggerFiles.failed, 1);
    assert.equal(r1.json.failed, 1, 'counted in the run');
    assert.match(r1.json.failures[0].path, /^triggerFiles:/);
    h.sandbox.resetStats();
    const r2 = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r2.code, 0, r2.stderr);
    assert.equal(r2.json.triggerFiles.created, 0, JSON.stringify(r2.json.triggerFiles));
    assert.equal(h.sandbox.stats().writes, 0);
    const config = JSON.parse(await readFile(join(ws, '.notion-sync.json'), 'utf8'));
    const rows = await rowsOf(h, config.triggerFiles.databaseId); // asserts one row per key
    assert.deepEqual([...rows.keys()].sort(), ['one.json', 'two.json']);
  });

  test('Notion down: the run fails (exit 1), says why, and reports nothing as done', async () => {
    await h.sandbox.setOutage({ mode: '503' });
    try {
      const r = await h.cli(['sync', '--category', 'triggerFiles', '--json'], { workspace: ws });
      assert.equal(r.code, 1, r.stdout);
      assert.equal(r.json.triggerFiles, undefined, 'no counts from a run that read nothing');
      assert.match(JSON.stringify(r.json.error ?? r.json.failures), /unavailable|unreachable|503/i, r.stdout);
    } finally {
      await h.sandbox.setOutage(null);
    }
  });
});
