import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness, makeWorkspace, readTree } from './helpers';
import { BaseStore } from '../../src/core/sync/pull';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API blocks */

/**
 * The pull base of an item follows its file: a rename moves it, a pruned row drops it, and a file
 * with local images has one (its hash includes the images). With a base, edits on both sides to
 * different parts merge; without one they would be a conflict.
 */

const DOC = (title: string): string =>
  [`# ${title}`, '', 'Top paragraph.', '', 'Middle paragraph.', '', 'Bottom paragraph.', ''].join('\n');

function png(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i += 97) b[i] = (i + seed) % 251;
  return b;
}

describe('pull bases follow their files: rename, prune, local images (CLI, sandbox over HTTP)', () => {
  let h: Harness;
  let ws: string;
  const file = (p: string): string => join(ws, p);
  const bases = (): Promise<BaseStore> => BaseStore.open(ws, h.stateDir);

  async function pageOf(path: string): Promise<string> {
    const s = await h.cli(['status', path, '--json'], { workspace: ws });
    return s.json.items.find((i: any) => i.path === path).pageId;
  }
  async function stateOf(path: string): Promise<string> {
    const s = await h.cli(['status', path, '--json'], { workspace: ws });
    return s.json.items.find((i: any) => i.path === path).state;
  }
  /** A teammate edits the top paragraph in Notion, the file's bottom paragraph changes here; pull merges both. */
  async function editBothSidesAndPull(path: string): Promise<any> {
    const pageId = await pageOf(path);
    const top = (await readTree(h.client(), pageId)).find((b) =>
      (b[b.type]?.rich_text ?? []).some((t: any) => t.plain_text === 'Top paragraph.'),
    );
    h.sandbox.humanEdit({ pageId, ops: [{ op: 'setText', blockId: top.id, text: 'Top, edited in Notion.' }] });
    await writeFile(
      file(path),
      (await readFile(file(path), 'utf8')).replace('Bottom paragraph.', 'Bottom, edited here.'),
    );
    const r = await h.cli(['pull', path, '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    return r.json;
  }

  before(async () => {
    h = await Harness.start();
    ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({ workspaceName: 'basestest' }),
      'plans/old-name.md': DOC('Renamed'),
      'plans/gone.md': DOC('Gone'),
      'plans/pictures.md': `${DOC('Pictures')}\n![a diagram](img/diagram.png)\n`,
      'plans/img/diagram.png': png(20_000, 1),
    });
    assert.equal((await h.cli(['init', '--parent-page', h.sandbox.rootPageId], { workspace: ws })).code, 0);
    const r = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.created, 3);
  });
  after(async () => h?.close());

  test('a renamed file takes its base along: the old path has none, edits on both sides merge', async () => {
    assert.ok((await bases()).entry('plans/old-name.md'));
    await rename(file('plans/old-name.md'), file('plans/new-name.md'));
    const s = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(s.code, 0, s.stderr);
    assert.equal(s.json.moved, 1, JSON.stringify(s.json));
    const store = await bases();
    assert.equal(store.entry('plans/old-name.md'), undefined);
    assert.ok(store.entry('plans/new-name.md'));

    const p = await editBothSidesAndPull('plans/new-name.md');
    assert.equal(p.merged, 1, JSON.stringify(p.items));
    const text = await readFile(file('plans/new-name.md'), 'utf8');
    assert.ok(text.includes('Top, edited in Notion.') && text.includes('Bottom, edited here.'), text);
  });

  test('prune drops the base of a row whose file is gone', async () => {
    assert.ok((await bases()).entry('plans/gone.md'));
    await rm(file('plans/gone.md'));
    const r = await h.cli(['prune', '--orphans', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await bases()).entry('plans/gone.md'), undefined);
    assert.ok((await bases()).entry('plans/pictures.md'), 'other bases stay');
  });

  test('a file with a local image has a base; a clean pull leaves it synced and the next push writes nothing', async () => {
    const entry = (await bases()).entry('plans/pictures.md');
    assert.ok(entry, 'the push stored a base for the file with an image');
    assert.equal(entry.size, Buffer.byteLength(await readFile(file('plans/pictures.md'))));

    const p = await editBothSidesAndPull('plans/pictures.md');
    assert.equal(p.merged, 1, JSON.stringify(p.items));
    await h.cli(['sync', '--json'], { workspace: ws }); // pushes the local half of the merge
    // A Notion-only edit pulled cleanly: the row's hash is the file's (images included), so: synced.
    const pageId = await pageOf('plans/pictures.md');
    h.sandbox.humanEdit({ pageId, appendParagraph: 'Appended in Notion.' });
    const r = await h.cli(['pull', '--json'], { workspace: ws });
    assert.equal(r.json.pulled, 1, JSON.stringify(r.json.items));
    assert.equal(await stateOf('plans/pictures.md'), 'synced');
    h.sandbox.resetStats();
    const s = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(s.json.updated, 0);
    assert.equal(h.sandbox.stats().writes, 0);
  });
});
