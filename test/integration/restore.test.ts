import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness, makeWorkspace } from './helpers';
import { loadConfig } from '../../src/core/config';
import type { EngineContext } from '../../src/core/sync';
import { getStatus, prune, restoreFile, RestoreError } from '../../src/core/sync';

/** An orphaned row (its file deleted here) brought back as the file, or removed alone (issue 14, point 7). */
describe('orphans: restore the file from Notion, or remove just that row', () => {
  let h: Harness;
  let ws: string;
  let ctx: EngineContext;
  const plan = '---\nstatus: draft\n---\n# Launch plan\n\nShip it **soon**.\n\n- one\n- two\n';
  const script = '#!/bin/sh\necho "restored"\n';
  // Six levels of list: deeper than a three-level read reaches.
  const deep = '# Deep\n\n' + [0, 1, 2, 3, 4, 5].map((d) => `${'  '.repeat(d)}- level ${d + 1}`).join('\n') + '\n';

  before(async () => {
    h = await Harness.start();
    ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({ workspaceName: 'restore' }),
      'plans/launch.md': plan,
      'plans/other.md': '# Other\n',
      'plans/gone-too.md': '# Gone too\n',
      'plans/deep.md': deep,
      'scripts/hello.sh': script,
    });
    assert.equal((await h.cli(['init', '--parent-page', h.sandbox.rootPageId], { workspace: ws })).code, 0);
    const sync = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(sync.code, 0, sync.stderr);
    ctx = {
      config: await loadConfig(ws),
      token: h.sandbox.token,
      apiBaseUrl: h.sandbox.url,
      trigger: 'editor',
      stateDir: h.stateDir,
      gateway: { rps: 0 },
    };
    for (const p of ['plans/launch.md', 'scripts/hello.sh', 'plans/gone-too.md', 'plans/deep.md'])
      await rm(join(ws, p));
  });
  after(async () => h?.close());

  const stateOf = async (path: string): Promise<string | undefined> =>
    (await getStatus(ctx)).items.find((i) => i.path === path)?.state;

  test('a markdown file comes back with its front matter, and shows synced (the next sync writes nothing)', async () => {
    assert.equal(await stateOf('plans/launch.md'), 'orphaned');
    h.sandbox.resetStats();
    const r = await restoreFile(ctx, 'plans/launch.md');
    assert.ok(r.apiCalls <= 4, `${r.apiCalls} requests`);
    const text = await readFile(join(ws, 'plans/launch.md'), 'utf8');
    assert.match(text, /status: draft/);
    assert.match(text, /# Launch plan/);
    assert.match(text, /Ship it \*\*soon\*\*\./);
    assert.match(text, /- one\n- two/);
    assert.equal(await stateOf('plans/launch.md'), 'synced');
    const again = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(again.json.updated, 0, again.stdout);
    assert.equal(again.json.created, 0);
  });

  test('a script comes back byte for byte', async () => {
    await restoreFile(ctx, 'scripts/hello.sh');
    assert.equal(await readFile(join(ws, 'scripts/hello.sh'), 'utf8'), script);
    assert.equal(await stateOf('scripts/hello.sh'), 'synced');
  });

  test('a deeply nested list comes back whole (every level read, none taken for deleted)', async () => {
    await restoreFile(ctx, 'plans/deep.md');
    const text = await readFile(join(ws, 'plans/deep.md'), 'utf8');
    for (let d = 1; d <= 6; d++) assert.match(text, new RegExp(`- level ${d}\\n`), text);
    assert.equal(await stateOf('plans/deep.md'), 'synced');
  });

  test('never overwrites a file, refuses a path in no category or with no row', async () => {
    await writeFile(join(ws, 'plans/launch.md'), '# Mine now\n');
    await assert.rejects(restoreFile(ctx, 'plans/launch.md'), RestoreError);
    assert.equal(await readFile(join(ws, 'plans/launch.md'), 'utf8'), '# Mine now\n');
    await assert.rejects(restoreFile(ctx, 'notes/x.txt'), RestoreError);
    await assert.rejects(restoreFile(ctx, 'plans/never-synced.md'), /no row/);
  });

  test('prune of one path trashes only that row', async () => {
    assert.equal(await stateOf('plans/gone-too.md'), 'orphaned');
    const report = await prune(ctx, { orphans: true, category: 'plans', paths: ['plans/gone-too.md'] });
    assert.deepEqual(
      report.trashed.map((t) => t.path),
      ['plans/gone-too.md'],
    );
    const items = (await getStatus(ctx)).items;
    assert.equal(
      items.find((i) => i.path === 'plans/gone-too.md'),
      undefined,
    );
    assert.equal(items.find((i) => i.path === 'plans/other.md')?.state, 'synced');
  });
});
