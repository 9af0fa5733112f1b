import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness, makeWorkspace, readTree, tempDir } from './helpers';
import { cp } from 'node:fs/promises';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API blocks */

const PLAN = [
  '---',
  'title: Launch plan',
  'status: active',
  '---',
  '# Launch',
  '',
  'First paragraph stays.',
  '',
  'Second paragraph to be edited.',
  '',
  '- [ ] ship the beta',
  '- [ ] write the notes',
  '',
  'Third paragraph at the end.',
  '',
].join('\n');

describe('pull: a teammate edits in Notion, the files follow (CLI, sandbox over HTTP)', () => {
  let h: Harness;
  let ws: string;
  const file = (p: string): string => join(ws, p);

  async function pageOf(path: string): Promise<string> {
    const s = await h.cli(['status', path, '--json'], { workspace: ws });
    return s.json.items.find((i: any) => i.path === path).pageId;
  }
  async function blockWith(pageId: string, text: string): Promise<any> {
    const tree = await readTree(h.client(), pageId);
    const b = tree.find((x) => (x[x.type]?.rich_text ?? []).map((t: any) => t.plain_text).join('') === text);
    assert.ok(b, `no block "${text}"`);
    return b;
  }
  async function stateOf(path: string): Promise<string> {
    const s = await h.cli(['status', path, '--json'], { workspace: ws });
    return s.json.items.find((i: any) => i.path === path).state;
  }

  before(async () => {
    h = await Harness.start();
    ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({ workspaceName: 'pulltest' }),
      'plans/edit.md': PLAN,
      'plans/todo.md': PLAN,
      'plans/props.md': PLAN,
      'plans/merge.md': PLAN,
      'plans/clash.md': PLAN,
      'plans/quiet.md': PLAN,
      'plans/dry.md': PLAN,
      'agent-chats/talk.md': '# A chat\n\nUser: hello\n',
    });
    assert.equal((await h.cli(['init', '--parent-page', h.sandbox.rootPageId], { workspace: ws })).code, 0);
    const first = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.json.created, 8);
  });
  after(async () => h?.close());

  test("a teammate's paragraph edit reaches the file with one pull; the next sync writes nothing", async () => {
    const pageId = await pageOf('plans/edit.md');
    const b = await blockWith(pageId, 'Second paragraph to be edited.');
    await h.sandbox.humanEdit({
      pageId,
      ops: [{ op: 'setText', blockId: b.id, text: 'Second paragraph, fixed by Pat.' }],
    });
    // A person's edit with the file unchanged: CONTRACT §3's remote-modified (conflict is both sides).
    assert.equal(await stateOf('plans/edit.md'), 'remote-modified');

    const r = await h.cli(['pull', 'plans/edit.md', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.pulled, 1);
    assert.deepEqual(r.json.items, [{ path: 'plans/edit.md', category: 'plans', action: 'pulled', reason: null }]);
    assert.equal(
      await readFile(file('plans/edit.md'), 'utf8'),
      PLAN.replace('Second paragraph to be edited.', 'Second paragraph, fixed by Pat.'),
    );
    assert.equal(await stateOf('plans/edit.md'), 'synced');

    h.sandbox.resetStats();
    const s = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(s.code, 0, s.stderr);
    assert.equal(s.json.updated + s.json.created, 0);
    assert.equal(s.json.conflicts, 0);
    assert.equal(h.sandbox.stats().writes, 0, JSON.stringify(h.sandbox.stats().byRoute));
  });

  test('a to-do ticked and a Status changed in Notion come back (check box, front matter)', async () => {
    const todoPage = await pageOf('plans/todo.md');
    const todo = await blockWith(todoPage, 'ship the beta');
    await h.sandbox.humanEdit({ pageId: todoPage, ops: [{ op: 'check', blockId: todo.id }] });
    const propsPage = await pageOf('plans/props.md');
    await h.sandbox.humanEdit({
      pageId: propsPage,
      ops: [{ op: 'setProperties', properties: { Status: { select: { name: 'done' } } } }],
    });
    const r = await h.cli(['pull', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.pulled, 2, JSON.stringify(r.json.items));
    assert.equal(await readFile(file('plans/todo.md'), 'utf8'), PLAN.replace('- [ ] ship', '- [x] ship'));
    assert.equal(await readFile(file('plans/props.md'), 'utf8'), PLAN.replace('status: active', 'status: done'));
    h.sandbox.resetStats();
    const s = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(s.json.updated, 0);
    assert.equal(h.sandbox.stats().writes, 0);
  });

  test('local and Notion edits to different parts merge; sync then pushes the local part', async () => {
    const pageId = await pageOf('plans/merge.md');
    const b = await blockWith(pageId, 'Third paragraph at the end.');
    await h.sandbox.humanEdit({
      pageId,
      ops: [{ op: 'setText', blockId: b.id, text: 'Third paragraph, Notion side.' }],
    });
    await writeFile(file('plans/merge.md'), PLAN.replace('First paragraph stays.', 'First paragraph, local side.'));
    assert.equal(await stateOf('plans/merge.md'), 'conflict');

    const r = await h.cli(['pull', 'plans/merge.md', '--json'], { workspace: ws });
    assert.equal(r.json.merged, 1, JSON.stringify(r.json));
    const merged = PLAN.replace('First paragraph stays.', 'First paragraph, local side.').replace(
      'Third paragraph at the end.',
      'Third paragraph, Notion side.',
    );
    assert.equal(await readFile(file('plans/merge.md'), 'utf8'), merged);
    assert.equal(await stateOf('plans/merge.md'), 'modified');

    const s = await h.cli(['sync', 'plans/merge.md', '--json'], { workspace: ws });
    assert.equal(s.json.updated, 1, JSON.stringify(s.json));
    const after = await readTree(h.client(), pageId);
    const texts = after.map((x) => (x[x.type]?.rich_text ?? []).map((t: any) => t.plain_text).join(''));
    assert.ok(texts.includes('First paragraph, local side.') && texts.includes('Third paragraph, Notion side.'));
    assert.equal(await stateOf('plans/merge.md'), 'synced');
  });

  test('the same part changed on both sides: conflict markers, sync refuses, the resolution alone is written', async () => {
    const pageId = await pageOf('plans/clash.md');
    const b = await blockWith(pageId, 'Second paragraph to be edited.');
    await h.sandbox.humanEdit({ pageId, ops: [{ op: 'setText', blockId: b.id, text: 'Second, as Pat wants it.' }] });
    await writeFile(file('plans/clash.md'), PLAN.replace('Second paragraph to be edited.', 'Second, as I want it.'));

    const r = await h.cli(['pull', '--json'], { workspace: ws });
    assert.equal(r.json.conflicts, 1);
    assert.equal(r.code, 0);
    const text = await readFile(file('plans/clash.md'), 'utf8');
    assert.match(
      text,
      /^<<<<<<< local\nSecond, as I want it\.\n[\s\S]*^=======\nSecond, as Pat wants it\.\n>>>>>>> notion$/m,
    );

    h.sandbox.resetStats();
    const refused = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(refused.code, 1);
    assert.equal(refused.json.failed, 1);
    assert.match(refused.json.failures[0].reason, /conflict markers/);
    const refusedRoutes = h.sandbox.stats().byRoute as Record<string, number>;
    for (const route of ['PATCH /v1/blocks/{id}', 'DELETE /v1/blocks/{id}', 'PATCH /v1/blocks/{id}/children'])
      assert.equal(refusedRoutes[route] ?? 0, 0, `${route}: nothing written to the page`);
    assert.equal((await blockWith(pageId, 'Second, as Pat wants it.')).id, b.id);

    await writeFile(file('plans/clash.md'), PLAN.replace('Second paragraph to be edited.', 'Second, as we agreed.'));
    h.sandbox.resetStats();
    const s = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(s.code, 0, s.stderr);
    assert.equal(s.json.updated, 1);
    const byRoute = h.sandbox.stats().byRoute as Record<string, number>;
    // The changed paragraph (one block update) and the row's properties; no rewrite of the page.
    assert.equal(byRoute['PATCH /v1/blocks/{id}'], 1, JSON.stringify(byRoute));
    assert.equal(byRoute['DELETE /v1/blocks/{id}'] ?? 0, 0);
    assert.equal(byRoute['PATCH /v1/blocks/{id}/children'] ?? 0, 0);
    assert.equal((await blockWith(pageId, 'Second, as we agreed.')).id, b.id);
  });

  test('a pull with no edit in Notion leaves every file byte for byte and costs only the row queries', async () => {
    const before = await readFile(file('plans/quiet.md'));
    const status = await h.cli(['status', '--json'], { workspace: ws });
    h.sandbox.resetStats();
    const r = await h.cli(['pull', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.pulled + r.json.merged + r.json.conflicts, 0);
    assert.equal(r.json.apiCalls, status.json.apiCalls);
    assert.equal(h.sandbox.stats().writes, 0);
    assert.deepEqual(await readFile(file('plans/quiet.md')), before);
  });

  test('--dry-run reports what it would pull and writes nothing, here or in Notion', async () => {
    const pageId = await pageOf('plans/dry.md');
    const b = await blockWith(pageId, 'First paragraph stays.');
    await h.sandbox.humanEdit({ pageId, ops: [{ op: 'setText', blockId: b.id, text: 'First, edited.' }] });
    h.sandbox.resetStats();
    const r = await h.cli(['pull', '--dry-run', '--json'], { workspace: ws });
    assert.equal(r.json.pulled, 1);
    assert.equal(r.json.dryRun, true);
    assert.equal(h.sandbox.stats().writes, 0);
    assert.equal(await readFile(file('plans/dry.md'), 'utf8'), PLAN);
    assert.equal(await stateOf('plans/dry.md'), 'remote-modified');
  });

  test("another machine's push is remote-modified here, and one pull brings it in", async () => {
    const other = new Harness(h.sandbox, await tempDir('nws-state-b-'));
    const wsB = await tempDir('nws-ws-b-');
    await cp(ws, wsB, { recursive: true });
    const bFirst = await other.cli(['sync', '--json'], { workspace: wsB });
    assert.equal(bFirst.json.created + bFirst.json.updated, 0, JSON.stringify(bFirst.json.plan));
    const edited = PLAN.replace('Third paragraph at the end.', 'Third paragraph, from machine B.');
    await writeFile(join(wsB, 'plans/quiet.md'), edited);
    assert.equal((await other.cli(['sync', 'plans/quiet.md', '--json'], { workspace: wsB })).json.updated, 1);

    assert.equal(await stateOf('plans/quiet.md'), 'remote-modified');
    const r = await h.cli(['pull', 'plans/quiet.md', '--json'], { workspace: ws });
    assert.equal(r.json.pulled, 1, JSON.stringify(r.json));
    assert.equal(await readFile(file('plans/quiet.md'), 'utf8'), edited);
    assert.equal(await stateOf('plans/quiet.md'), 'synced');
    h.sandbox.resetStats();
    const s = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(s.json.updated + s.json.created, 0);
    assert.equal(h.sandbox.stats().writes, 0);
  });

  test('agent chats stay one-way: pull never reads or writes them', async () => {
    const pageId = await pageOf('agent-chats/talk.md');
    const b = await blockWith(pageId, 'User: hello');
    await h.sandbox.humanEdit({ pageId, ops: [{ op: 'setText', blockId: b.id, text: 'User: edited in Notion' }] });
    assert.equal(await stateOf('agent-chats/talk.md'), 'remote-modified');
    const r = await h.cli(['pull', 'agent-chats', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.json.items, []);
    assert.equal(await readFile(file('agent-chats/talk.md'), 'utf8'), '# A chat\n\nUser: hello\n');
  });

  test('sync --two-way pulls then pushes; plain sync leaves a Notion edit alone', async () => {
    const plain = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(plain.json.pulled, undefined);
    assert.ok(plain.json.conflictPaths.includes('plans/dry.md'));
    assert.equal(await readFile(file('plans/dry.md'), 'utf8'), PLAN);
    const r = await h.cli(['sync', '--two-way', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.pulled, 1);
    assert.equal(r.json.merged, 0);
    // The chat edited in Notion (test above) is not pulled, and not overwritten without --force either.
    assert.deepEqual(r.json.conflictPaths, ['agent-chats/talk.md']);
    assert.equal(
      await readFile(file('plans/dry.md'), 'utf8'),
      PLAN.replace('First paragraph stays.', 'First, edited.'),
    );
    assert.equal(await stateOf('plans/dry.md'), 'synced');
  });
  test('"twoWay": true in .notion-sync.json makes a plain sync pull first', async () => {
    const pageId = await pageOf('plans/todo.md');
    const todo = await blockWith(pageId, 'write the notes');
    await h.sandbox.humanEdit({ pageId, ops: [{ op: 'check', blockId: todo.id }] });
    await writeFile(
      file('.notion-sync.json'),
      JSON.stringify({ ...JSON.parse(await readFile(file('.notion-sync.json'), 'utf8')), twoWay: true }),
    );
    const r = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.pulled, 1);
    assert.equal(r.json.merged, 0);
    assert.match(await readFile(file('plans/todo.md'), 'utf8'), /- \[x\] write the notes/);
    assert.equal(await stateOf('plans/todo.md'), 'synced');
  });
  test('a two-way sync with nothing to do costs only the row queries (the same as status)', async () => {
    const status = await h.cli(['status', '--json'], { workspace: ws });
    h.sandbox.resetStats();
    const r = await h.cli(['sync', '--two-way', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.pulled + r.json.merged + r.json.updated + r.json.created, 0);
    assert.equal(r.json.apiCalls, status.json.apiCalls);
    assert.equal(h.sandbox.stats().total, status.json.apiCalls);
    assert.equal(h.sandbox.stats().writes, 0);
  });
});
