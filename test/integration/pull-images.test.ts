import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness, makeWorkspace, readTree } from './helpers';
import { loadConfig } from '../../src/core/config';
import { notionSideText } from '../../src/core/sync/compare';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API blocks */

function png(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i += 97) b[i] = (i + seed) % 251;
  return b;
}

// Spelled as people write them (a `*` bullet, a `./` path, an empty alt): the pull must keep these bytes.
const DOC = [
  '# Report',
  '',
  'Intro paragraph.',
  '',
  '![the chart](img/chart.png)',
  '',
  'Paragraph to be edited in Notion.',
  '',
  '![](./img/photo.jpg)',
  '',
  '* a point',
  '* another point',
  '',
  'Closing paragraph.',
  '',
].join('\n');

describe('pull keeps the lines of uploaded local images (sandbox over HTTP, File Upload API)', () => {
  let h: Harness;
  let ws: string;
  const file = (p: string): string => join(ws, p);
  const uploads = (): number => h.sandbox.stats().byRoute['POST /v1/file_uploads'] ?? 0;

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
  async function imagesOf(pageId: string): Promise<any[]> {
    return (await readTree(h.client(), pageId)).filter((b) => b.type === 'image');
  }

  before(async () => {
    h = await Harness.start();
    ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({ workspaceName: 'pullimages' }),
      'plans/report.md': DOC,
      'plans/merge.md': DOC,
      'plans/replace.md': DOC,
      'plans/img/chart.png': png(30_000, 1),
      'plans/img/photo.jpg': png(20_000, 2),
    });
    assert.equal((await h.cli(['init', '--parent-page', h.sandbox.rootPageId], { workspace: ws })).code, 0);
    const first = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.json.created, 3, JSON.stringify(first.json));
    assert.equal(uploads(), 2, 'two images, uploaded once each (the other documents reuse them)');
    assert.equal((await imagesOf(await pageOf('plans/report.md'))).length, 2);
  });
  after(async () => h?.close());

  test('"Compare with Notion" / "Take Notion\'s version" render the uploaded images as the file\'s own lines', async () => {
    const pageId = await pageOf('plans/merge.md');
    const text = await notionSideText(
      {
        config: await loadConfig(ws),
        token: h.sandbox.token,
        apiBaseUrl: h.sandbox.url,
        trigger: 'editor',
        stateDir: h.stateDir,
        gateway: { rps: 0 },
      },
      { pageId, local: { kind: 'markdown', absPath: file('plans/merge.md'), path: 'plans/merge.md' } },
    );
    assert.match(text, /^!\[the chart\]\(img\/chart\.png\)$/m, text);
    assert.match(text, /^!\[\]\(\.\/img\/photo\.jpg\)$/m, text);
    assert.doesNotMatch(text, /notion:block/, text);
  });

  test('an edit elsewhere in Notion: the image lines stay byte for byte; the next sync writes nothing', async () => {
    const pageId = await pageOf('plans/report.md');
    const before = (await imagesOf(pageId)).map((b) => b.id);
    const b = await blockWith(pageId, 'Paragraph to be edited in Notion.');
    await h.sandbox.humanEdit({ pageId, ops: [{ op: 'setText', blockId: b.id, text: 'Paragraph fixed by Pat.' }] });

    h.sandbox.resetStats();
    const r = await h.cli(['pull', 'plans/report.md', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.pulled, 1, JSON.stringify(r.json));
    const text = await readFile(file('plans/report.md'), 'utf8');
    assert.equal(text, DOC.replace('Paragraph to be edited in Notion.', 'Paragraph fixed by Pat.'));
    assert.doesNotMatch(text, /notion:block/);

    h.sandbox.resetStats();
    const s = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(s.code, 0, s.stderr);
    assert.equal(s.json.updated + s.json.created, 0, JSON.stringify(s.json));
    assert.equal(h.sandbox.stats().writes, 0, JSON.stringify(h.sandbox.stats().byRoute));
    assert.equal(uploads(), 0);
    assert.deepEqual(
      (await imagesOf(pageId)).map((x) => x.id),
      before,
      'the image blocks are the same blocks',
    );

    // A pull with nothing new in Notion leaves the file as it is.
    const again = await h.cli(['pull', 'plans/report.md', '--json'], { workspace: ws });
    assert.equal(again.json.pulled + again.json.merged + again.json.conflicts, 0, JSON.stringify(again.json));
    assert.equal(await readFile(file('plans/report.md'), 'utf8'), text);
  });

  test('an image deleted in Notion: the pull removes its line, and only that line', async () => {
    const pageId = await pageOf('plans/report.md');
    const [chart] = await imagesOf(pageId);
    assert.equal(chart.image.caption[0].plain_text, 'the chart');
    await h.sandbox.humanEdit({ pageId, ops: [{ op: 'delete', blockId: chart.id }] });
    const r = await h.cli(['pull', 'plans/report.md', '--json'], { workspace: ws });
    assert.equal(r.json.pulled, 1, JSON.stringify(r.json));
    const want = DOC.replace('Paragraph to be edited in Notion.', 'Paragraph fixed by Pat.').replace(
      '![the chart](img/chart.png)\n\n',
      '',
    );
    assert.equal(await readFile(file('plans/report.md'), 'utf8'), want);
    h.sandbox.resetStats();
    const s = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(s.json.updated + s.json.created, 0, JSON.stringify(s.json));
    assert.equal(h.sandbox.stats().writes, 0, JSON.stringify(h.sandbox.stats().byRoute));
  });

  test('images added in Notion: a link comes back as ![](url); the next sync writes nothing', async () => {
    const pageId = await pageOf('plans/report.md');
    const intro = await blockWith(pageId, 'Intro paragraph.');
    await h.sandbox.humanEdit({
      pageId,
      ops: [
        {
          op: 'insertAfter',
          afterBlockId: intro.id,
          blocks: [{ image: { type: 'external', external: { url: 'https://example.com/pat.png' } } }],
        },
      ],
    });
    const r = await h.cli(['pull', 'plans/report.md', '--json'], { workspace: ws });
    assert.equal(r.json.pulled, 1, JSON.stringify(r.json));
    const text = await readFile(file('plans/report.md'), 'utf8');
    assert.ok(text.includes('Intro paragraph.\n\n![](https://example.com/pat.png)\n\nParagraph fixed by Pat.'), text);
    assert.ok(text.includes('![](./img/photo.jpg)'), text);
    h.sandbox.resetStats();
    const s = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(s.json.updated + s.json.created, 0, JSON.stringify(s.json));
    assert.equal(h.sandbox.stats().writes, 0, JSON.stringify(h.sandbox.stats().byRoute));
  });

  test('a local edit and a Notion edit elsewhere merge, the images intact; the sync writes only the local part', async () => {
    const pageId = await pageOf('plans/merge.md');
    const imageIds = (await imagesOf(pageId)).map((b) => b.id);
    const b = await blockWith(pageId, 'Closing paragraph.');
    await h.sandbox.humanEdit({ pageId, ops: [{ op: 'setText', blockId: b.id, text: 'Closing, from Notion.' }] });
    await writeFile(file('plans/merge.md'), DOC.replace('Intro paragraph.', 'Intro, edited here.'));

    const r = await h.cli(['pull', 'plans/merge.md', '--json'], { workspace: ws });
    assert.equal(r.json.merged, 1, JSON.stringify(r.json));
    const merged = DOC.replace('Intro paragraph.', 'Intro, edited here.').replace(
      'Closing paragraph.',
      'Closing, from Notion.',
    );
    assert.equal(await readFile(file('plans/merge.md'), 'utf8'), merged);

    h.sandbox.resetStats();
    const s = await h.cli(['sync', 'plans/merge.md', '--json'], { workspace: ws });
    assert.equal(s.json.updated, 1, JSON.stringify(s.json));
    assert.equal(uploads(), 0, 'no image uploaded again');
    const routes = h.sandbox.stats().byRoute;
    assert.equal(routes['DELETE /v1/blocks/{id}'] ?? 0, 0, JSON.stringify(routes));
    assert.deepEqual(
      (await imagesOf(pageId)).map((x) => x.id),
      imageIds,
    );
    const texts = (await readTree(h.client(), pageId)).map((x) =>
      (x[x.type]?.rich_text ?? []).map((t: any) => t.plain_text).join(''),
    );
    assert.ok(texts.includes('Intro, edited here.') && texts.includes('Closing, from Notion.'), texts.join('|'));
  });

  async function uploadOf(name: string, seed: number): Promise<string> {
    const c = h.client();
    const up = (await c.fileUploads.create({ filename: name, content_type: 'image/png' })) as { id: string };
    await c.fileUploads.send({
      file_upload_id: up.id,
      file: { filename: name, data: new Blob([new Uint8Array(png(5_000, seed))], { type: 'image/png' }) },
    });
    return up.id;
  }

  test('images replaced in Notion: by a link → ![alt](url); by a new Notion-hosted file → a placeholder the push keeps', async () => {
    const pageId = await pageOf('plans/replace.md');
    const [chart, photo] = await imagesOf(pageId);
    const para = await blockWith(pageId, 'Paragraph to be edited in Notion.');
    // The chart's block is changed in place to a link; the photo is deleted and a new uploaded file put there.
    await h.client().blocks.update({
      block_id: chart.id,
      image: { external: { url: 'https://example.com/new-chart.png' } },
    } as any);
    const upload = await uploadOf('pat.png', 9);
    await h.sandbox.humanEdit({
      pageId,
      ops: [
        { op: 'delete', blockId: photo.id },
        {
          op: 'insertAfter',
          afterBlockId: para.id,
          blocks: [{ image: { type: 'file_upload', file_upload: { id: upload } } }],
        },
      ],
    });
    const r = await h.cli(['pull', 'plans/replace.md', '--json'], { workspace: ws });
    assert.equal(r.json.pulled, 1, JSON.stringify(r.json));
    const text = await readFile(file('plans/replace.md'), 'utf8');
    const added = (await imagesOf(pageId)).find((b) => b.id !== chart.id);
    assert.equal(
      text,
      DOC.replace('img/chart.png', 'https://example.com/new-chart.png').replace(
        '![](./img/photo.jpg)',
        `<!-- notion:block id=${added.id} type=image -->`,
      ),
    );

    // The push writes nothing: the link is the block Notion has, the placeholder keeps the hosted file.
    h.sandbox.resetStats();
    let s = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(s.json.updated + s.json.created, 0, JSON.stringify(s.json));
    assert.equal(h.sandbox.stats().writes, 0, JSON.stringify(h.sandbox.stats().byRoute));

    // A local edit elsewhere: pushed around the kept image, which stays the same block.
    await writeFile(file('plans/replace.md'), text.replace('Closing paragraph.', 'Closing, edited here.'));
    h.sandbox.resetStats();
    s = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(s.json.updated, 1, JSON.stringify(s.json));
    assert.equal(uploads(), 0);
    assert.deepEqual(
      (await imagesOf(pageId)).map((b) => [b.id, b.image.type]),
      [
        [chart.id, 'external'],
        [added.id, 'file'],
      ],
    );
  });

  test('an uploaded image whose file is replaced in place in Notion (a later edit) becomes a placeholder', async () => {
    const pageId = await pageOf('plans/merge.md');
    const [chart] = await imagesOf(pageId);
    await h.sandbox.advanceClock(3 * 60_000);
    const upload = await uploadOf('replaced.png', 11);
    await h.client().blocks.update({ block_id: chart.id, image: { file_upload: { id: upload } } } as any);
    const b = await blockWith(pageId, 'Intro, edited here.');
    await h.sandbox.humanEdit({ pageId, ops: [{ op: 'setText', blockId: b.id, text: 'Intro, edited by Pat.' }] });
    const r = await h.cli(['pull', 'plans/merge.md', '--json'], { workspace: ws });
    assert.equal(r.json.pulled, 1, JSON.stringify(r.json));
    const text = await readFile(file('plans/merge.md'), 'utf8');
    assert.equal(
      text,
      DOC.replace('Intro paragraph.', 'Intro, edited by Pat.')
        .replace('Closing paragraph.', 'Closing, from Notion.')
        .replace('![the chart](img/chart.png)', `<!-- notion:block id=${chart.id} type=image -->`),
    );
    assert.ok(text.includes('![](./img/photo.jpg)'), 'the untouched image keeps its line');
  });

  test('an image file replaced locally, an edit elsewhere in Notion: the pull keeps the line, the next sync uploads the new image', async () => {
    const pageId = await pageOf('plans/report.md');
    const [photo] = await imagesOf(pageId);
    await writeFile(file('plans/img/photo.jpg'), png(21_000, 7));
    const b = await blockWith(pageId, 'Closing paragraph.');
    await h.sandbox.humanEdit({ pageId, ops: [{ op: 'setText', blockId: b.id, text: 'Closing, by Pat.' }] });
    const before = await readFile(file('plans/report.md'), 'utf8');
    const r = await h.cli(['pull', 'plans/report.md', '--json'], { workspace: ws });
    assert.equal(r.json.pulled + r.json.merged, 1, JSON.stringify(r.json));
    const text = await readFile(file('plans/report.md'), 'utf8');
    assert.equal(text, before.replace('Closing paragraph.', 'Closing, by Pat.'));
    h.sandbox.resetStats();
    const s = await h.cli(['sync', 'plans/report.md', '--json'], { workspace: ws });
    assert.equal(s.json.updated, 1, JSON.stringify(s.json));
    assert.equal(uploads(), 1, 'the new bytes are uploaded once');
    const after = (await imagesOf(pageId)).find((x) => x.image.type === 'file' && x.image.caption.length === 0);
    const served = await fetch(after.image.file.url);
    assert.equal(Buffer.compare(Buffer.from(await served.arrayBuffer()), png(21_000, 7)), 0);
    assert.ok(photo.id);
    assert.equal(
      (await h.cli(['status', 'plans/report.md', '--json'], { workspace: ws })).json.items[0].state,
      'synced',
    );
  });
});
