import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness, makeWorkspace, tempDir } from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- CLI JSON */

/**
 * The audit and the tree (status) classify a row alike: a version pushed by another machine (one token,
 * so `last_edited_by` is this integration) is "edited in Notion" when the file is unchanged here, and a
 * conflict (edited in Notion and modified locally) when the file changed here too — never a local change.
 */
describe('audit agrees with status on a push from another machine', () => {
  let h: Harness;
  let other: Harness;
  let ws: string;
  let wsB: string;

  before(async () => {
    h = await Harness.start();
    ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({ workspaceName: 'twomachines' }),
      'plans/quiet.md': '# Quiet\n\nFirst version.\n',
      'plans/both.md': '# Both\n\nFirst version.\n',
      'plans/here.md': '# Here\n\nFirst version.\n',
      'plans/same.md': '# Same\n\nUntouched.\n',
    });
    assert.equal((await h.cli(['init', '--parent-page', h.sandbox.rootPageId], { workspace: ws })).code, 0);
    assert.equal((await h.cli(['sync', '--json'], { workspace: ws })).json.created, 4);
    other = new Harness(h.sandbox, await tempDir('nws-state-b-'));
    wsB = await tempDir('nws-ws-b-');
    await cp(ws, wsB, { recursive: true });
    assert.equal((await other.cli(['sync', '--json'], { workspace: wsB })).json.updated, 0);
    await writeFile(join(wsB, 'plans/quiet.md'), '# Quiet\n\nSecond version, from machine B.\n');
    await writeFile(join(wsB, 'plans/both.md'), '# Both\n\nSecond version, from machine B.\n');
    assert.equal((await other.cli(['sync', '--json'], { workspace: wsB })).json.updated, 2);
    // Here: one file changed by machine B too, one changed only here.
    await writeFile(join(ws, 'plans/both.md'), '# Both\n\nA different edit here.\n');
    await writeFile(join(ws, 'plans/here.md'), '# Here\n\nChanged here only.\n');
  });
  after(async () => h?.close());

  test('status: remote-modified, conflict, modified, synced', async () => {
    const s = await h.cli(['status', '--json'], { workspace: ws });
    const state = (p: string): string => s.json.items.find((i: any) => i.path === p)?.state;
    assert.equal(state('plans/quiet.md'), 'remote-modified');
    assert.equal(state('plans/both.md'), 'conflict');
    assert.equal(state('plans/here.md'), 'modified');
    assert.equal(state('plans/same.md'), 'synced');
  });

  test('audit: the same classification (editedInNotion 2, modifiedLocally 2, inSync 1)', async () => {
    const a = await h.cli(['audit', '--json'], { workspace: ws });
    const c = a.json.categories.plans;
    assert.equal(c.editedInNotion, 2, JSON.stringify(c));
    assert.equal(c.modifiedLocally, 2, JSON.stringify(c));
    assert.equal(c.inSync, 1, JSON.stringify(c));
    assert.equal(c.missingInNotion, 0);
    const d = a.json.details.plans;
    assert.deepEqual(d.edited.map((e: any) => e.path).sort(), ['plans/both.md', 'plans/quiet.md']);
    assert.deepEqual([...d.modified].sort(), ['plans/both.md', 'plans/here.md']);
  });
});
