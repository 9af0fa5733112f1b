import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, makeWorkspace } from './helpers';

// Issue 19 point 9: files that once held a dry run at full CPU for minutes, synced beside ordinary
// files. Each is converted (or reported as failed) within the budget, and the rest of the run goes on.
const STARS = `${'*'.repeat(25_000)}a${'*'.repeat(25_000)}\n`;
const DEEP = Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n') + '\n';

describe('hostile input: each file reported within 10 s, everything else synced', () => {
  let h: Harness;
  let ws: string;
  before(async () => {
    h = await Harness.start();
    ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({ workspaceName: 'hostile-ws' }),
      'plans/stars.md': STARS,
      'plans/deep.md': DEEP,
      'plans/ok.md': '# OK\n\nAn ordinary plan.\n',
      'reports/fine.md': '# Fine\n\n- one\n- two\n',
    });
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: ws });
    assert.equal(init.code, 0, init.stderr);
  });
  after(async () => h?.close());

  test('a dry run plans every file quickly; the sync writes the ordinary files whatever the hostile ones do', async () => {
    const started = Date.now();
    const dry = await h.cli(['sync', '--dry-run', '--json'], { workspace: ws });
    const dryMs = Date.now() - started;
    assert.ok(dryMs < 20_000, `the dry run of two hostile files took ${dryMs} ms`);
    const planned = Object.fromEntries(
      (dry.json.plan as Array<{ path: string; action: string }>).map((p) => [p.path, p.action]),
    );
    for (const p of ['plans/stars.md', 'plans/deep.md'])
      assert.ok(planned[p] === 'create' || planned[p] === 'fail', `${p}: ${planned[p]}`);

    const r = await h.cli(['sync', '--json'], { workspace: ws });
    const byPath = Object.fromEntries(
      (r.json.plan as Array<{ path: string; action: string }>).map((p) => [p.path, p.action]),
    );
    assert.equal(byPath['plans/ok.md'], 'create');
    assert.equal(byPath['reports/fine.md'], 'create');
    // A hostile file is either synced or failed with its reason, never silently dropped.
    const failed = new Set((r.json.failures as Array<{ path: string }>).map((f) => f.path));
    assert.equal(r.json.created + failed.size, 4, JSON.stringify(r.json.failures));
    const status = await h.cli(['status', '--json'], { workspace: ws });
    for (const i of status.json.items as Array<{ path: string; state: string }>)
      if (!failed.has(i.path)) assert.equal(i.state, 'synced', i.path);
  });
});
