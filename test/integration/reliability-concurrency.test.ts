import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { bundleCli, Harness, makeWorkspace, tempDir } from './helpers';
import { loadConfig } from '../../src/core/config';
import { LockHeldError, runSync, SyncState } from '../../src/core/sync';
import { markdownToBlocks } from '../../src/core/content';

/*
 * Issue 19, points 2 and 3: two writers at once (two processes on one machine, two clones on two
 * machines with one token) leave one row per key and lose no update; a stale clone never overwrites a
 * newer push silently.
 */

function files(n: number, variant = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const big = i % 5 === 0;
    const body = big
      ? Array.from({ length: 220 }, (_, k) => `Paragraph ${k} of plan ${i}${variant}.`).join('\n\n')
      : `Plan ${i}${variant}: a short note.`;
    out[`plans/p${i}.md`] = `# Plan ${i}\n\n${body}\n`;
  }
  return out;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API objects */
const text = (p: any): string => (p?.rich_text ?? p?.title ?? []).map((t: any) => t.plain_text).join('');

async function rows(h: Harness, databaseId: string): Promise<Array<{ id: string; path: string; hash: string }>> {
  const client = h.client();
  const db = (await client.databases.retrieve({ database_id: databaseId })) as any;
  const out: Array<{ id: string; path: string; hash: string }> = [];
  let cursor: string | undefined;
  do {
    const res = (await client.dataSources.query({
      data_source_id: db.data_sources[0].id,
      start_cursor: cursor,
    })) as any;
    for (const r of res.results)
      out.push({ id: r.id, path: text(r.properties.Path), hash: text(r.properties['Content Hash']) });
    cursor = res.has_more ? res.next_cursor : undefined;
  } while (cursor);
  return out;
}

async function blockCount(h: Harness, pageId: string): Promise<number> {
  let n = 0;
  let cursor: string | undefined;
  do {
    const res = (await h.client().blocks.children.list({ block_id: pageId, start_cursor: cursor })) as any;
    n += res.results.length;
    cursor = res.has_more ? res.next_cursor : undefined;
  } while (cursor);
  return n;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** One row per path, each page holding every block of its file. */
async function assertOneCompleteRowPerFile(h: Harness, ws: string, databaseId: string, count: number): Promise<void> {
  const all = await rows(h, databaseId);
  const paths = all.map((r) => r.path);
  assert.equal(all.length, count, `${count} rows: ${JSON.stringify(paths.sort())}`);
  assert.equal(new Set(paths).size, count, 'no duplicate key');
  for (const r of all) {
    assert.notEqual(r.hash, 'incomplete', r.path);
    const md = await readFile(join(ws, r.path), 'utf8');
    assert.equal(await blockCount(h, r.id), markdownToBlocks(md, { path: r.path }).blocks.length, r.path);
  }
}

function runChild(cli: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

/** A clone of `ws` on another machine: the same files and configuration, its own cache. */
async function cloneOf(
  ws: string,
  fileSet: Record<string, string>,
): Promise<{ ws: string; env: { NOTION_SYNC_STATE_DIR: string } }> {
  const other = await makeWorkspace({
    ...fileSet,
    '.notion-sync.json': await readFile(join(ws, '.notion-sync.json'), 'utf8'),
  });
  return { ws: other, env: { NOTION_SYNC_STATE_DIR: await tempDir('nws-state-b-') } };
}

describe('two writers at once: one row per key, no lost update', () => {
  let h: Harness;

  before(async () => {
    h = await Harness.start();
  });
  after(async () => h?.close());

  async function initWorkspace(name: string, fileSet: Record<string, string>): Promise<{ ws: string; plans: string }> {
    const ws = await makeWorkspace({ ...fileSet, '.notion-sync.json': JSON.stringify({ workspaceName: name }) });
    // A parent page of its own: `init` finds and reuses databases it made under the same parent (by
    // title and schema), and each test counts the rows of its own databases.
    const parent = await h.client().pages.create({
      parent: { page_id: h.sandbox.rootPageId },
      properties: { title: { title: [{ text: { content: name } }] } },
    });
    const init = await h.cli(['init', '--parent-page', parent.id, '--json'], { workspace: ws });
    assert.equal(init.code, 0, init.stderr);
    return { ws, plans: init.json.databases.plans };
  }

  test('one machine: two sync processes started together — the second waits for the first', async () => {
    const cli = await bundleCli();
    const set = files(25);
    const { ws, plans } = await initWorkspace('two-procs', set);
    const env = h.env();
    const [a, b] = await Promise.all([
      runChild(cli, ['sync', '--workspace', ws], env),
      runChild(cli, ['sync', '--workspace', ws], env),
    ]);
    assert.equal(a.code, 0, a.out);
    assert.equal(b.code, 0, b.out);
    assert.match(a.out + b.out, /Waiting for another run to finish: pid \d+ on /);
    await assertOneCompleteRowPerFile(h, ws, plans, 25);
    assert.ok(!existsSync(SyncState.lockFileFor(ws, h.stateDir)), 'the lock is released');
  });

  test('a lock held by a live process is named in the message; a dead one is taken over', async () => {
    const { ws } = await initWorkspace('locked', { 'plans/a.md': '# A\n\nText.\n' });
    const lockFile = SyncState.lockFileFor(ws, h.stateDir);
    await mkdir(h.stateDir, { recursive: true });
    // A live holder: this test process, as if another run of it were writing.
    await writeFile(
      lockFile,
      JSON.stringify({
        pid: process.pid,
        host: hostname(),
        startedAt: '2026-01-01T00:00:00Z',
        command: 'notion-sync sync',
      }),
    );
    const config = await loadConfig(ws);
    const ctx = {
      config,
      token: h.sandbox.token,
      apiBaseUrl: h.sandbox.url,
      trigger: 'cli' as const,
      stateDir: h.stateDir,
    };
    await assert.rejects(runSync(ctx, { lockWaitMs: 300 }), (err: unknown) => {
      assert.ok(err instanceof LockHeldError);
      assert.match(err.message, new RegExp(`pid ${process.pid} on ${hostname()} \\(notion-sync sync\\)`));
      return true;
    });
    // A dead holder (a process that has exited) is stale: the next sync takes the lock over.
    const dead = spawn(process.execPath, ['-e', '0']);
    const deadPid = dead.pid!;
    await new Promise((r) => dead.on('exit', r));
    await writeFile(lockFile, JSON.stringify({ pid: deadPid, host: hostname(), startedAt: '2026-01-01T00:00:00Z' }));
    const report = await runSync(ctx, { lockWaitMs: 300 });
    assert.equal(report.created, 1);
    assert.ok(!existsSync(lockFile));
  });

  test('two machines (two caches): 25 new files pushed by both at once → 25 rows, every page complete', async () => {
    const set = files(25);
    const { ws, plans } = await initWorkspace('two-machines', set);
    const b = await cloneOf(ws, set);
    const [ra, rb] = await Promise.all([
      h.cli(['sync', '--json'], { workspace: ws }),
      h.cli(['sync', '--json'], { workspace: b.ws, env: b.env }),
    ]);
    assert.equal(ra.code, 0, ra.stderr);
    assert.equal(rb.code, 0, rb.stderr);
    assert.equal(ra.json.failed + rb.json.failed, 0);
    await assertOneCompleteRowPerFile(h, ws, plans, 25);
    for (const [w, env] of [
      [ws, {}],
      [b.ws, b.env],
    ] as const) {
      const st = await h.cli(['status', '--json'], { workspace: w, env });
      const states = (st.json.items as Array<{ state: string }>).map((i) => i.state);
      assert.deepEqual([...new Set(states)], ['synced'], JSON.stringify(st.json.items));
    }
  });

  test('two machines create the same key at the same instant: one row survives on both sides', async () => {
    const { ws, plans } = await initWorkspace('twin', { 'plans/shared.md': '# Shared\n\nVersion A.\n' });
    const b = await cloneOf(ws, { 'plans/shared.md': '# Shared\n\nVersion B.\n' });
    // Both creates are applied and their answers held, so both writers have made a row before either
    // looks again: the race the key check exists for, made certain.
    h.sandbox.setHolds('methods=POST,routes=/v1/pages,nth=1,count=2');
    const pa = h.cli(['sync', '--json'], { workspace: ws });
    const pb = h.cli(['sync', '--json'], { workspace: b.ws, env: b.env });
    assert.ok(await h.sandbox.waitForHold(20_000));
    for (let i = 0; i < 50 && h.sandbox.held().length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(h.sandbox.held().length, 2, 'both creates applied');
    h.sandbox.setHolds(null);
    h.sandbox.releaseHold(undefined, 'send');
    const [ra, rb] = await Promise.all([pa, pb]);
    const all = await rows(h, plans);
    assert.equal(all.length, 1, 'one row survives');
    // The writer whose version lost says so (a conflict), and its next status does not call it synced.
    const created = [ra, rb].filter((r) => r.json.created === 1);
    const conflicted = [ra, rb].filter((r) => r.json.conflicts === 1);
    assert.equal(created.length, 1, JSON.stringify([ra.json, rb.json]));
    assert.equal(conflicted.length, 1, JSON.stringify([ra.json, rb.json]));
    const loser = conflicted[0] === ra ? { ws, env: {} } : b;
    const st = await h.cli(['status', '--json'], { workspace: loser.ws, env: loser.env });
    assert.equal(st.json.items[0].state, 'conflict');
  });

  test('a stale clone does not overwrite a newer push (same token); --force does', async () => {
    const v1 = { 'plans/note.md': '# Note\n\nVersion 1.\n' };
    const { ws, plans } = await initWorkspace('stale', v1);
    const b = await cloneOf(ws, v1);
    assert.equal((await h.cli(['sync', '--json'], { workspace: ws })).json.created, 1);
    const seen = await h.cli(['sync', '--json'], { workspace: b.ws, env: b.env });
    assert.equal(seen.json.unchanged, 1, 'B finds the row in step with its file');

    await writeFile(join(ws, 'plans/note.md'), '# Note\n\nVersion 2, from A.\n');
    assert.equal((await h.cli(['sync', '--json'], { workspace: ws })).json.updated, 1);
    const [before] = await rows(h, plans);

    // B has not pulled version 2: its unchanged copy must not replace it.
    const stale = await h.cli(['sync', '--json'], { workspace: b.ws, env: b.env });
    assert.equal(stale.json.updated, 0, JSON.stringify(stale.json));
    assert.equal(stale.json.conflicts, 1);
    assert.deepEqual(await rows(h, plans), [before], 'the row still holds A’s version');
    let st = await h.cli(['status', '--json'], { workspace: b.ws, env: b.env });
    assert.equal(st.json.items[0].state, 'remote-modified');

    // B edits its copy too: changed on both sides is a conflict.
    await writeFile(join(b.ws, 'plans/note.md'), '# Note\n\nVersion 3, from B.\n');
    st = await h.cli(['status', '--json'], { workspace: b.ws, env: b.env });
    assert.equal(st.json.items[0].state, 'conflict');
    assert.equal((await h.cli(['sync', '--json'], { workspace: b.ws, env: b.env })).json.updated, 0);

    const forced = await h.cli(['sync', '--force', '--json'], { workspace: b.ws, env: b.env });
    assert.equal(forced.json.updated, 1);
    const page = (await rows(h, plans))[0]!;
    const blocks = (await h.client().blocks.children.list({ block_id: page.id })).results;
    assert.match(JSON.stringify(blocks), /Version 3, from B/);
    // Now A is the stale one.
    st = await h.cli(['status', '--json'], { workspace: ws });
    assert.equal(st.json.items[0].state, 'remote-modified');
  });
});
