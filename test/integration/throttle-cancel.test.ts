import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, makeWorkspace } from './helpers';
import { loadConfig } from '../../src/core/config';
import { runSync } from '../../src/core/sync';
import type { EngineContext } from '../../src/core/sync';

const files = (n: number): Record<string, string> =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`plans/p${i}.md`, `# Plan ${i}\n\nBody ${i}.\n`]));

describe('throttle and cancellation', () => {
  test("at Notion's rate (3 rps, burst 3) our throttle never trips the limiter", async () => {
    const h = await Harness.start({ rps: 3, burst: 3 });
    try {
      const ws = await makeWorkspace({ '.notion-sync.json': '{"workspaceName":"t"}', ...files(8) });
      const env = { NOTION_SYNC_RPS: undefined };
      assert.equal((await h.cli(['init', '--parent-page', h.sandbox.rootPageId], { workspace: ws, env })).code, 0);
      // Each CLI run starts with a full bucket; give the sandbox's the same start.
      await new Promise((r) => setTimeout(r, 1500));
      h.sandbox.resetStats();
      const started = Date.now();
      const r = await h.cli(['sync', '--json'], { workspace: ws, env });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.json.created, 8);
      const stats = h.sandbox.stats();
      assert.equal(stats.rateLimited, 0, `429s: ${JSON.stringify(stats.byStatus)}`);
      // 4 queries + 8 creates + 1 log row at 3 per second after a small burst: well over 2 seconds.
      assert.ok(Date.now() - started >= 2000, 'requests were spread out');
    } finally {
      await h.close();
    }
  });

  test('without our throttle, the sandbox answers 429 and our retries still finish the job', async () => {
    const h = await Harness.start({ rps: 20, burst: 2, retryAfterSeconds: 0 });
    try {
      const ws = await makeWorkspace({ '.notion-sync.json': '{"workspaceName":"t"}', ...files(12) });
      assert.equal((await h.cli(['init', '--parent-page', h.sandbox.rootPageId], { workspace: ws })).code, 0);
      const r = await h.cli(['sync', '--json'], { workspace: ws });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.json.created, 12);
      assert.ok(h.sandbox.stats().rateLimited > 0, 'the limiter did trip');
    } finally {
      await h.close();
    }
  });

  test('an AbortSignal stops a sync between requests; the next run finishes without duplicates', async () => {
    const h = await Harness.start();
    try {
      const ws = await makeWorkspace({ '.notion-sync.json': '{"workspaceName":"t"}', ...files(10) });
      assert.equal((await h.cli(['init', '--parent-page', h.sandbox.rootPageId], { workspace: ws })).code, 0);
      const controller = new AbortController();
      const ctx: EngineContext = {
        config: await loadConfig(ws),
        token: h.sandbox.token,
        apiBaseUrl: h.sandbox.url,
        trigger: 'cli',
        signal: controller.signal,
        stateDir: h.stateDir,
        gateway: { rps: 0 },
        onProgress: (e) => {
          if (e.phase === 'write' && e.done === 3) controller.abort();
        },
      };
      const report = await runSync(ctx, {});
      assert.equal(report.cancelled, true);
      assert.ok(report.created >= 3 && report.created < 10, `created ${report.created} before the abort`);
      const again = await h.cli(['sync', '--json'], { workspace: ws });
      assert.equal(again.code, 0, again.stderr);
      assert.equal(again.json.created + report.created, 10);
      const status = await h.cli(['status', '--json'], { workspace: ws });
      assert.equal(new Set(status.json.items.map((i: { pageId: string }) => i.pageId)).size, 10);
      assert.ok(status.json.items.every((i: { state: string }) => i.state === 'synced'));
    } finally {
      await h.close();
    }
  });
});
