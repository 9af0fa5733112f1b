import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness, makeWorkspace, readTree } from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API blocks */
const MiB = 1024 * 1024;

function png(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i += 97) b[i] = (i + seed) % 251;
  return b;
}

// Long enough (250 blocks) that a block diff is cheaper than rewriting the page.
const FILLER = Array.from({ length: 245 }, (_, i) => `Filler paragraph ${i}.`).join('\n\n');
const DOC = `# Pictures\n\nIntro text.\n\n![the diagram](img/diagram.png)\n\nMiddle text.\n\n![too big](img/big.png)\n\n${FILLER}\n\nEnd.\n`;

describe('local images are uploaded with the File Upload API', () => {
  let h: Harness;
  let ws: string;
  let pageId: string;

  before(async () => {
    h = await Harness.start({ maxFileUploadBytes: 1 * MiB });
    ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({ workspaceName: 'images' }),
      'plans/pictures.md': DOC,
      'plans/img/diagram.png': png(40_000, 1),
      'plans/img/big.png': png(2 * MiB, 2),
    });
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: ws });
    assert.equal(init.code, 0, init.stderr);
  });
  after(async () => h?.close());

  const uploads = (): { creates: number; sends: number } => {
    const r = h.sandbox.stats().byRoute;
    return { creates: r['POST /v1/file_uploads'] ?? 0, sends: r['POST /v1/file_uploads/{id}/send'] ?? 0 };
  };
  const images = async (): Promise<any[]> =>
    (await readTree(h.client(), pageId)).filter((b) => b.type === 'image' || b.type === 'callout');

  test('first sync uploads the image once; one too large for the workspace stays a callout with the reason', async () => {
    h.sandbox.resetStats();
    const r = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.created, 1, JSON.stringify(r.json));
    assert.deepEqual(uploads(), { creates: 1, sends: 1 });
    const status = await h.cli(['status', '--json'], { workspace: ws });
    pageId = status.json.items.find((i: any) => i.path === 'plans/pictures.md').pageId;
    const blocks = await images();
    assert.equal(blocks.length, 2);
    assert.equal(blocks[0].type, 'image');
    assert.equal(blocks[0].image.type, 'file');
    assert.equal(blocks[0].image.caption[0].plain_text, 'the diagram');
    const served = await fetch(blocks[0].image.file.url);
    assert.equal(served.status, 200);
    assert.equal(Buffer.compare(Buffer.from(await served.arrayBuffer()), png(40_000, 1)), 0);
    assert.equal(blocks[1].type, 'callout');
    const text = blocks[1].callout.rich_text.map((t: any) => t.plain_text).join('');
    assert.match(text, /Image not uploaded: img\/big\.png/);
    assert.match(text, /larger than this workspace's 1\.0 MiB upload limit/);
  });

  test('a second sync sends nothing; an edit elsewhere in the page re-uses the upload', async () => {
    h.sandbox.resetStats();
    let r = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(h.sandbox.stats().writes, 0);
    assert.deepEqual(uploads(), { creates: 0, sends: 0 });

    const before = await images();
    const file = join(ws, 'plans/pictures.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('End.', 'The end.'));
    h.sandbox.resetStats();
    r = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.updated, 1);
    assert.deepEqual(uploads(), { creates: 0, sends: 0 });
    const after = await images();
    assert.equal(after[0].id, before[0].id, 'the image block was kept');
  });

  test('changing the image file re-uploads it and updates that block only', async () => {
    const before = await readTree(h.client(), pageId);
    await writeFile(join(ws, 'plans/img/diagram.png'), png(50_000, 3));
    h.sandbox.resetStats();
    const r = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.updated, 1, JSON.stringify(r.json));
    assert.deepEqual(uploads(), { creates: 1, sends: 1 });
    const routes = h.sandbox.stats().byRoute;
    console.log(`image change: ${r.json.apiCalls} engine requests ${JSON.stringify(routes)}`);
    assert.equal(routes['PATCH /v1/pages/{id}'], 1, 'properties only: no erase-and-rewrite');
    assert.equal(routes['PATCH /v1/blocks/{id}'], 1, 'the image block updated in place');
    assert.equal(routes['DELETE /v1/blocks/{id}'], undefined, 'nothing deleted');
    const afterTree = await readTree(h.client(), pageId);
    assert.equal(afterTree.length, before.length);
    afterTree.forEach((b, i) => {
      assert.equal(b.id, before[i].id, `block ${i} (${b.type}) kept`);
    });
    const image = afterTree.find((b) => b.type === 'image');
    const served = await fetch(image.image.file.url);
    assert.equal(Buffer.compare(Buffer.from(await served.arrayBuffer()), png(50_000, 3)), 0);
  });
});

describe('an image over 20 MiB goes in parts where the workspace allows it', () => {
  let h: Harness;
  after(async () => h?.close());

  test('multi-part upload: create, one send per 10 MiB part, complete; the block shows the whole file', async () => {
    h = await Harness.start(); // a paid workspace: 5 GiB
    const big = png(21 * MiB + 5, 7);
    const ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({ workspaceName: 'bigimage' }),
      'reports/poster.md': '# Poster\n\n![poster](poster.png)\n',
      'reports/poster.png': big,
    });
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: ws });
    assert.equal(init.code, 0, init.stderr);
    h.sandbox.resetStats();
    const r = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    const routes = h.sandbox.stats().byRoute;
    assert.equal(routes['POST /v1/file_uploads'], 1);
    assert.equal(routes['POST /v1/file_uploads/{id}/send'], 3);
    assert.equal(routes['POST /v1/file_uploads/{id}/complete'], 1);
    const status = await h.cli(['status', '--json'], { workspace: ws });
    const pageId = status.json.items.find((i: any) => i.path === 'reports/poster.md').pageId;
    const image = (await readTree(h.client(), pageId)).find((b) => b.type === 'image');
    assert.ok(image, 'an image block');
    const served = Buffer.from(await (await fetch(image.image.file.url)).arrayBuffer());
    assert.equal(served.length, big.length);
    assert.equal(Buffer.compare(served, big), 0);
  });
});
