import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleCli, Harness, makeWorkspace, topLevelCount } from './helpers';
import { makeTempHome } from '../fixtures/chats/home';
import { ClaudeSessionBuilder } from '../fixtures/chats/claude';
import { markdownToBlocks, redactSecrets, scriptToBlocks } from '../../src/core/content';
import { parseSealed } from '../../src/core/sync/seals';

/*
 * Issue 19, point 1: kill -9 (SIGKILL) the CLI at seeded random points of `sync`, `chats capture` and
 * `run` — exactly after Notion applied a write and before the CLI heard of it (sandbox kill points) —
 * then run once more: every page complete, one row per key, every row's Content Hash the file's.
 */

const SEED = 19;
const KILLS = { sync: 12, capture: 4, run: 4 };

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A report of `n` paragraphs (≥ 250: the create needs follow-up appends) whose text depends on `variant`. */
function bigReport(title: string, n: number, variant: number): string {
  const lines = [`# ${title}`, ''];
  for (let i = 0; i < n; i++)
    lines.push(`Paragraph ${i} of ${title}, version ${i % 37 === variant % 37 ? variant : 0}.`, '');
  return lines.join('\n');
}

function bigScript(n: number, variant: number): string {
  return (
    [
      '# A job.',
      ...Array.from({ length: n }, (_, i) => `print("step ${i} v${i % 50 === variant % 50 ? variant : 0}")`),
    ].join('\n') + '\n'
  );
}

type Hold = { route: string; method: string };

/**
 * Starts the CLI as a child with a kill point set; SIGKILLs it when the sandbox holds the response.
 * Resolves to the held request, or undefined when the run ended before reaching the kill point.
 */
async function killAt(
  h: Harness,
  cli: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  spec: string,
): Promise<Hold | undefined> {
  h.sandbox.setHolds(spec);
  const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const held = h.sandbox.waitForHold(20_000).then((x) => (x ?? undefined) as Hold | undefined);
  const first = await Promise.race([held, exited.then(() => 'exited' as const)]);
  let hold: Hold | undefined;
  if (first !== 'exited' && first) {
    child.kill('SIGKILL');
    hold = first;
  }
  const code = await exited;
  h.sandbox.setHolds(null);
  h.sandbox.releaseHold(undefined, 'reset');
  if (!hold) assert.ok(code === 0 || code === 1, `run without a kill ended with ${code}: ${stderr}`);
  return hold;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API objects */
async function rowsOf(h: Harness, databaseId: string): Promise<any[]> {
  const client = h.client();
  const db = (await client.databases.retrieve({ database_id: databaseId })) as any;
  const rows: any[] = [];
  let cursor: string | undefined;
  do {
    const res = (await client.dataSources.query({
      data_source_id: db.data_sources[0].id,
      start_cursor: cursor,
      page_size: 100,
    })) as any;
    rows.push(...res.results);
    cursor = res.has_more ? res.next_cursor : undefined;
  } while (cursor);
  return rows;
}

const text = (p: any): string => (p?.rich_text ?? p?.title ?? []).map((t: any) => t.plain_text).join('');
/* eslint-enable @typescript-eslint/no-explicit-any */

/**
 * Every row of the database: one per path, its body complete (block count), its hash not `incomplete`, and
 * a hash tagged by a run (sync/seals.ts) sealed: that run's Execution Logs row is in Notion.
 */
async function assertComplete(
  h: Harness,
  databaseId: string,
  expected: Map<string, number>,
  logsDatabaseId?: string,
): Promise<void> {
  const rows = await rowsOf(h, databaseId);
  const sealed = new Set(
    logsDatabaseId ? (await rowsOf(h, logsDatabaseId)).map((r) => text(r.properties['Run ID'])) : [],
  );
  for (const r of rows) {
    const tag = parseSealed(text(r.properties['Content Hash']));
    if (tag)
      assert.ok(sealed.has(tag.runId), `${text(r.properties.Path)}: tagged by run ${tag.runId}, which is sealed`);
  }
  const byPath = new Map<string, string[]>();
  for (const r of rows) byPath.set(text(r.properties.Path), [...(byPath.get(text(r.properties.Path)) ?? []), r.id]);
  for (const [path, ids] of byPath) assert.equal(ids.length, 1, `one row for ${path}, found ${ids.length}`);
  for (const [path, blocks] of expected) {
    const id = byPath.get(path)?.[0];
    assert.ok(id, `a row for ${path}`);
    const row = rows.find((r) => r.id === id);
    assert.notEqual(text(row.properties['Content Hash']), 'incomplete', `${path} is marked complete`);
    assert.equal(await topLevelCount(h.client(), id), blocks, `every block of ${path} is in its page`);
  }
}

/** Where a sync is killed: after Notion applied a create, an append, or a property write (the final hash among them). */
const SYNC_ROUTES: Array<[string, string]> = [
  ['POST', '/v1/pages'],
  ['PATCH', '/v1/blocks/{id}/children'],
  ['PATCH', '/v1/pages/{id}'],
];

/** A capture also updates blocks in place (a grown transcript's last turn). */
const CAPTURE_ROUTES: Array<[string, string]> = [...SYNC_ROUTES, ['PATCH', '/v1/blocks/{id}']];

/** A run writes its script's row (it fits into its create) and its execution log row: two creates. */
const RUN_ROUTES: Array<[string, string]> = [['POST', '/v1/pages']];

/** The kill point of a round: the routes in turn (each one is reached), the nth request of it drawn from the seed. */
function killSpec(rnd: () => number, round: number, routes: Array<[string, string]>, maxNth = 3): string {
  const [method, route] = routes[round % routes.length]!;
  return `methods=${method},routes=${route},nth=${1 + Math.floor(rnd() * maxNth)}`;
}

describe('kill -9 at seeded random points, then one more run: every page complete, no duplicate', () => {
  let h: Harness;
  let cli: string;
  const rnd = prng(SEED);
  const held: string[] = [];

  before(async () => {
    h = await Harness.start();
    cli = await bundleCli();
  });
  after(async () => {
    await h?.close();
    // Shown with --test-reporter=spec: where the kills landed.
    console.log(`kill points: ${held.length} — ${held.join(', ')}`);
  });

  test(`sync: ${KILLS.sync} kills`, async () => {
    const files: Record<string, string> = { '.notion-sync.json': JSON.stringify({ workspaceName: 'kill' }) };
    for (let i = 0; i < 3; i++) files[`reports/r${i}.md`] = bigReport(`Report ${i}`, 260, 0);
    files['plans/small.md'] = '# Small\n\nOne paragraph.\n';
    const ws = await makeWorkspace(files);
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: ws });
    assert.equal(init.code, 0, init.stderr);
    const env = h.env();
    let kills = 0;
    for (let round = 1; kills < KILLS.sync && round <= 40; round++) {
      // Work for this run: a new large report, and an edit of an existing one.
      await writeFile(join(ws, `reports/n${round}.md`), bigReport(`New ${round}`, 250 + round, round));
      const k = Math.floor(rnd() * 3);
      await writeFile(join(ws, `reports/r${k}.md`), bigReport(`Report ${k}`, 260 + (round % 3), round));
      const hold = await killAt(h, cli, ['sync', '--workspace', ws], env, killSpec(rnd, round, SYNC_ROUTES));
      if (hold) {
        kills++;
        held.push(`sync ${hold.method} ${hold.route}`);
      }
    }
    assert.equal(kills, KILLS.sync);

    const last = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(last.code, 0, last.stderr);
    assert.equal(last.json.failed, 0, JSON.stringify(last.json.failures));
    const config = JSON.parse(await readFile(join(ws, '.notion-sync.json'), 'utf8'));
    const expected = new Map<string, number>();
    const status = await h.cli(['status', '--json'], { workspace: ws });
    for (const item of status.json.items as Array<{ path: string; state: string; category: string }>) {
      assert.equal(item.state, 'synced', `${item.path} is synced after the last run`);
      if (item.category !== 'reports') continue;
      const md = redactSecrets(await readFile(join(ws, item.path), 'utf8')).text;
      expected.set(item.path, markdownToBlocks(md, { path: item.path }).blocks.length);
    }
    assert.ok(expected.size >= KILLS.sync, `${expected.size} reports`);
    await assertComplete(h, config.categories.reports.databaseId, expected, config.executionLogs.databaseId);
  });

  test(`chats capture: ${KILLS.capture} kills`, async () => {
    const home = makeTempHome();
    const claudeDir = join(home.home, '.claude');
    const env = h.env({ HOME: home.home, CODEX_HOME: join(home.home, '.codex') });
    await writeFile(join(home.ws, '.notion-sync.json'), JSON.stringify({ workspaceName: 'kill-chats' }));
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], {
      workspace: home.ws,
      env,
    });
    assert.equal(init.code, 0, init.stderr);
    const sessions: ClaudeSessionBuilder[] = [];
    let kills = 0;
    for (let round = 1; kills < KILLS.capture && round <= 20; round++) {
      // A new long session (its transcript needs follow-up appends) and a grown one.
      const s = new ClaudeSessionBuilder(`22222222-aaaa-4bbb-8ccc-${String(round).padStart(12, '0')}`, home.ws);
      for (let t = 0; t < 70; t++)
        s.prompt(`Question ${t} of session ${round}`).text(`Answer ${t} of session ${round}.`);
      s.write(claudeDir);
      sessions.push(s);
      const grown = sessions[Math.floor(rnd() * sessions.length)]!;
      grown.prompt(`Follow-up in round ${round}`).text(`Reply in round ${round}.`);
      grown.write(claudeDir);
      const hold = await killAt(
        h,
        cli,
        ['chats', 'capture', '--all', '--workspace', home.ws],
        env,
        killSpec(rnd, round, CAPTURE_ROUTES),
      );
      if (hold) {
        kills++;
        held.push(`capture ${hold.method} ${hold.route}`);
      }
    }
    assert.equal(kills, KILLS.capture);
    const last = await h.cli(['chats', 'capture', '--all', '--json'], { workspace: home.ws, env });
    assert.equal(last.code, 0, last.stderr);
    assert.equal(last.json.failed, 0, last.stdout);
    const again = await h.cli(['chats', 'capture', '--all', '--json'], { workspace: home.ws, env });
    assert.equal(again.json.captured + again.json.updated, 0, 'a second capture finds nothing to do');
    const config = JSON.parse(await readFile(join(home.ws, '.notion-sync.json'), 'utf8'));
    const rows = await rowsOf(h, config.categories.agentChats.databaseId);
    assert.equal(rows.length, sessions.length, 'one row per session');
    const paths = rows.map((r) => text(r.properties.Path));
    assert.equal(new Set(paths).size, paths.length, 'no duplicate key');
    for (const r of rows) {
      const md = await readFile(join(home.ws, text(r.properties.Path)), 'utf8');
      assert.ok(md.length > 0);
      assert.notEqual(text(r.properties['Content Hash']), 'incomplete', `${text(r.properties.Path)} complete`);
      // Complete: the transcript's last reply is on the page.
      const n = await topLevelCount(h.client(), r.id);
      assert.ok(n > 100, `${text(r.properties.Path)} has its whole transcript (${n} blocks)`);
    }
    home.cleanup();
  });

  test(`run --script: ${KILLS.run} kills`, async () => {
    const ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({ workspaceName: 'kill-run' }),
      'scripts/job.py': bigScript(300, 0),
    });
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: ws });
    assert.equal(init.code, 0, init.stderr);
    const env = h.env();
    let kills = 0;
    for (let round = 1; kills < KILLS.run && round <= 20; round++) {
      await writeFile(join(ws, 'scripts/job.py'), bigScript(300 + round, round));
      await writeFile(join(ws, `scripts/new${round}.py`), bigScript(320, round));
      const args = ['run', '--workspace', ws, '--script', `scripts/new${round}.py`, '--', process.execPath, '-e', '1'];
      const hold = await killAt(h, cli, args, env, killSpec(rnd, round, RUN_ROUTES, 2));
      if (hold) {
        kills++;
        held.push(`run ${hold.method} ${hold.route}`);
      }
    }
    assert.equal(kills, KILLS.run);
    const last = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(last.code, 0, last.stderr);
    assert.equal(last.json.failed, 0, JSON.stringify(last.json.failures));
    const config = JSON.parse(await readFile(join(ws, '.notion-sync.json'), 'utf8'));
    const status = await h.cli(['status', '--json'], { workspace: ws });
    const expected = new Map<string, number>();
    for (const item of status.json.items as Array<{ path: string; state: string }>) {
      assert.equal(item.state, 'synced', item.path);
      const src = redactSecrets(await readFile(join(ws, item.path), 'utf8')).text;
      expected.set(item.path, scriptToBlocks(item.path, src).blocks.length);
    }
    await assertComplete(h, config.categories.scripts.databaseId, expected);
  });
});
