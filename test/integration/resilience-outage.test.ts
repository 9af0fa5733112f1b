import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness, tempDir } from './helpers';
import { makeTempHome } from '../fixtures/chats/home';
import type { TempHome } from '../fixtures/chats/home';
import { ClaudeSessionBuilder } from '../fixtures/chats/claude';
import { markdownDocument } from '../fixtures/corpus';
import { SyncState } from '../../src/core/sync/state';
import type { OutageMode } from '../../src/sandbox';

/** The product's own retry timings (not the fast ones the other tests use). */
const REAL_TIMINGS = { NOTION_SYNC_RETRY_BASE_MS: undefined, NOTION_SYNC_MAX_RETRIES: undefined };
const LIMIT_MS = 10_000;

describe('Notion down: every command notices once, stops, reports, exits 1 within 10 s', () => {
  let h: Harness;
  let home: TempHome;
  let env: Record<string, string | undefined>;

  before(async () => {
    h = await Harness.start();
    home = makeTempHome();
    new ClaudeSessionBuilder('22222222-aaaa-4bbb-8ccc-000000000001', home.ws)
      .prompt('Plan the outage drill')
      .text('Here is the drill.')
      .write(join(home.home, '.claude'));
    env = { HOME: home.home, ...REAL_TIMINGS };
    await writeFile(join(home.ws, '.notion-sync.json'), JSON.stringify({ workspaceName: 'outage-ws' }));
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: home.ws, env });
    assert.equal(init.code, 0, init.stderr);
  });
  after(async () => {
    await h?.close();
    home?.cleanup();
  });

  async function timed(args: string[], extra: Record<string, string | undefined> = {}) {
    const t0 = Date.now();
    const r = await h.cli(args, { workspace: home.ws, env: { ...env, ...extra } });
    return { ...r, ms: Date.now() - t0 };
  }

  for (const mode of ['refused', 'reset', '503'] as OutageMode[]) {
    test(`outage "${mode}": sync, audit, status, chats capture each fail in < 10 s with exit code 1`, async (t) => {
      // Twelve new plans to push: without a shared budget each would be retried on its own.
      await mkdir(join(home.ws, 'plans'), { recursive: true });
      for (let i = 0; i < 12; i++)
        await writeFile(join(home.ws, 'plans', `${mode}-${i}.md`), markdownDocument(20, i, `Plan ${mode} ${i}`));
      await h.sandbox.setOutage({ mode });
      try {
        const results: Record<string, { code: number; ms: number; stderr: string }> = {};
        results.sync = await timed(['sync', '--json']);
        results.audit = await timed(['audit', '--json']);
        results.status = await timed(['status', '--json']);
        results.capture = await timed(['chats', 'capture', '--all', '--json']);
        // No cache at all (a fresh machine): still a failure, never "every item new".
        results.statusNoCache = await timed(['status', '--json'], {
          NOTION_SYNC_STATE_DIR: await tempDir('nws-nocache-'),
        });
        t.diagnostic(
          Object.entries(results)
            .map(([n, r]) => `${n} ${r.ms} ms → ${r.code}`)
            .join(', '),
        );
        for (const [name, r] of Object.entries(results)) assert.ok(r.ms < LIMIT_MS, `${name} took ${r.ms} ms`);
        // CONTRACT: 1 (Notion unreachable) for every command.
        await t.test('each exits 1', () => {
          for (const [name, r] of Object.entries(results))
            assert.equal(r.code, 1, `${name}: exit code ${r.code}\n${r.stderr}`);
        });
      } finally {
        await h.sandbox.setOutage(null);
      }
    });
  }

  test('run --script with Notion down: the command runs, its own exit code, the log queued once, < 10 s', async () => {
    await mkdir(join(home.ws, 'scripts'), { recursive: true });
    await writeFile(join(home.ws, 'scripts', 'job.sh'), 'echo job done\n');
    const queuedBefore = (await SyncState.load(home.ws, h.stateDir)).data.pendingLogs.length;
    await h.sandbox.setOutage({ mode: '503' });
    try {
      const r = await timed(['run', '--script', 'scripts/job.sh', '--json', '--', 'sh', 'scripts/job.sh']);
      assert.ok(r.ms < LIMIT_MS, `run took ${r.ms} ms`);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.json.queued, true);
    } finally {
      await h.sandbox.setOutage(null);
    }
    const after = await SyncState.load(home.ws, h.stateDir);
    assert.equal(after.data.pendingLogs.length, queuedBefore + 1);
  });

  test('Notion vanishing in the middle of a sync: the run stops within 10 s and queues its log exactly once', async () => {
    await mkdir(join(home.ws, 'reports'), { recursive: true });
    for (let i = 0; i < 25; i++)
      await writeFile(join(home.ws, 'reports', `mid-${i}.md`), markdownDocument(30, i, `Report ${i}`));
    const before = await SyncState.load(home.ws, h.stateDir);
    const queuedBefore = before.data.pendingLogs.length;
    // Healthy for the reads and the first few writes, then down for good.
    h.sandbox.setFaults('kinds=503,after=12,methods=POST:PATCH');
    const r = await timed(['sync', '--json']);
    h.sandbox.setFaults(null);
    assert.ok(r.ms < LIMIT_MS, `sync took ${r.ms} ms`);
    assert.notEqual(r.code, 0, r.stderr);
    const after = await SyncState.load(home.ws, h.stateDir);
    assert.equal(after.data.pendingLogs.length, queuedBefore + 1, 'one execution log queued for the run');

    // Notion is back: the next run sends the queued log once and syncs the rest.
    const next = await timed(['sync', '--json']);
    assert.equal(next.code, 0, next.stderr);
    const drained = await SyncState.load(home.ws, h.stateDir);
    assert.equal(drained.data.pendingLogs.length, 0);
  });
});
