import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness, makeWorkspace, readTree } from './helpers';

describe('empty files get their row; symlink loops are reported', () => {
  let h: Harness;
  let ws: string;
  before(async () => {
    h = await Harness.start();
    ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({ workspaceName: 'input-ws' }),
      'plans/empty.md': '',
      'plans/blank.md': ' \n\t\n',
      'plans/ok.md': '# OK\n\nText.\n',
      'scripts/empty.sh': '',
    });
    await symlink('.', join(ws, 'plans', 'again'));
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: ws });
    assert.equal(init.code, 0, init.stderr);
  });
  after(async () => h?.close());

  test('sync: a row per empty file (empty body), the loop as a skipped item with its reason', async () => {
    const r = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.created, 4, JSON.stringify(r.json.plan));
    assert.deepEqual(
      r.json.skipped.map((s: { path: string }) => s.path),
      ['plans/again'],
    );
    assert.match(r.json.skipped[0].reason, /symbolic link loop/);

    const status = await h.cli(['status', '--json'], { workspace: ws });
    const byPath = Object.fromEntries(
      (status.json.items as Array<{ path: string; state: string; pageId: string }>).map((i) => [i.path, i]),
    );
    for (const p of ['plans/empty.md', 'plans/blank.md', 'scripts/empty.sh'])
      assert.equal(byPath[p]?.state, 'synced', p);
    assert.equal(byPath['plans/again']?.state, 'skipped');
    const body = await readTree(h.client(), byPath['plans/empty.md']!.pageId);
    assert.equal(body.length, 0, 'an empty file has an empty page');

    const again = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(again.json.created + again.json.updated, 0);
    assert.equal(again.json.unchanged, 4);
  });
});
