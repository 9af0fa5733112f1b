import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, makeWorkspace } from './helpers';

test('the audit of 1,000 synced files makes only the paginated queries, nothing per row', async () => {
  const h = await Harness.start();
  try {
    const files: Record<string, string> = { '.notion-sync.json': JSON.stringify({ workspaceName: 'scale' }) };
    for (let i = 0; i < 1000; i++) files[`plans/p${String(i).padStart(4, '0')}.md`] = `# Plan ${i}\n\nBody ${i}.\n`;
    const ws = await makeWorkspace(files);
    assert.equal((await h.cli(['init', '--parent-page', h.sandbox.rootPageId], { workspace: ws })).code, 0);
    const sync = await h.cli(['sync', '--json', '--quiet'], { workspace: ws });
    assert.equal(sync.json.created, 1000, sync.stderr);

    h.sandbox.resetStats();
    const r = await h.cli(['audit', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.categories.plans.inSync, 1000);
    const routes = h.sandbox.stats().byRoute;
    // Plans: ⌈1000/100⌉ = 10 queries; reports, scripts, agent chats, execution logs: 1 each.
    assert.equal(routes['POST /v1/data_sources/{id}/query'], 10 + 4, JSON.stringify(routes));
    // Schemas come from this machine's cache, checked against the rows themselves; the one write is the audit's log row.
    assert.equal(routes['GET /v1/data_sources/{id}'], undefined);
    assert.equal(routes['POST /v1/pages'], 1);
    const perRow = Object.keys(routes).filter((k) => /\/v1\/(pages|blocks)\/\{id\}/.test(k));
    assert.deepEqual(perRow, [], 'no per-row requests');
    assert.equal(r.json.apiCalls, 14);
  } finally {
    await h.close();
  }
});
