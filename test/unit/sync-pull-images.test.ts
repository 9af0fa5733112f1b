import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Block } from '../../src/core/content';
import { markdownToBlocks, uploadedImageBlock } from '../../src/core/content';
import { blockHash } from '../../src/core/notion/block-diff';
import { mergeMarkdown, recognizeUploadedImages, type ImageLine } from '../../src/core/sync/pull';

const LOCAL = '# Report\n\n![the chart](img/chart.png)\n\nA paragraph.\n\n![](./img/photo.jpg)\n\nEnd.\n';
const PUSHED = '2026-03-01T10:00:00.000Z';

function lines(text: string, ids: Record<string, string[]>): ImageLine[] {
  return markdownToBlocks(text).localImages.map((i) => ({
    block: i.block,
    alt: i.alt,
    path: i.path,
    uploadIds: ids[i.path] ?? [],
    present: ids[i.path]?.[0],
  }));
}

function para(id: string, text: string): Block {
  return {
    id,
    type: 'paragraph',
    paragraph: { rich_text: [{ type: 'text', text: { content: text }, plain_text: text }] },
  } as unknown as Block;
}

function image(id: string, caption: string, opts: { type?: string; edited?: string; name?: string } = {}): Block {
  const type = opts.type ?? 'file';
  const name = opts.name ?? (caption === 'the chart' ? 'chart.png' : 'photo.jpg');
  const body =
    type === 'file'
      ? { type, file: { url: `https://files.example/${id}/${name}?X-Amz-Signature=1`, expiry_time: PUSHED } }
      : { type, external: { url: 'https://example.com/other.png' } };
  return {
    id,
    type: 'image',
    last_edited_time: opts.edited ?? PUSHED,
    image: {
      ...body,
      caption: caption === '' ? [] : [{ type: 'text', text: { content: caption }, plain_text: caption }],
    },
  } as unknown as Block;
}

/** The page as the push wrote it: heading, chart, paragraph, photo, end (ids h, c, p, f, e). */
function page(over: Partial<Record<'c' | 'f', Block | null>> = {}, paragraph = 'A paragraph.'): Block[] {
  const heading = {
    id: 'h',
    type: 'heading_1',
    heading_1: { rich_text: [{ type: 'text', text: { content: 'Report' }, plain_text: 'Report' }] },
  } as unknown as Block;
  const c = over.c === undefined ? image('c', 'the chart') : over.c;
  const f = over.f === undefined ? image('f', '') : over.f;
  return [heading, c, para('p', paragraph), f, para('e', 'End.')].filter((b): b is Block => b !== null);
}

const UPLOADS = { 'img/chart.png': ['u-chart'], './img/photo.jpg': ['u-photo'] };
function memory(ids: Array<string | null> = ['h', 'c', 'p', 'f', 'e']) {
  return {
    ids,
    types: ['heading_1', 'image', 'paragraph', 'image', 'paragraph'],
    hashes: [
      'x',
      blockHash(uploadedImageBlock('u-chart', 'the chart')),
      'y',
      blockHash(uploadedImageBlock('u-photo', '')),
      'z',
    ],
    lastEditedTime: PUSHED,
  };
}

describe('pull: image blocks uploaded for local image lines', () => {
  test('unchanged blocks are recognized by id and carry the pushed hash', () => {
    const found = recognizeUploadedImages(page(), memory(), lines(LOCAL, UPLOADS));
    assert.deepEqual([...found.keys()], ['c', 'f']);
    assert.equal(found.get('c')!.hash, memory().hashes[1]);
    assert.equal(found.get('f')!.hash, memory().hashes[3]);
  });

  test('a line whose file was replaced locally still names the pushed block, which is then stale', () => {
    const l = lines(LOCAL, UPLOADS).map((x) =>
      x.path === 'img/chart.png' ? { ...x, uploadIds: ['u-chart-new', 'u-chart'], present: 'u-chart-new' } : x,
    );
    const found = recognizeUploadedImages(page(), memory(), l);
    assert.equal(found.get('c')!.stale, true);
    assert.equal(found.get('f')!.stale, false);
    // The file gone (no present upload): also ahead of Notion.
    const gone = lines(LOCAL, UPLOADS).map((x) => ({ ...x, present: undefined }));
    assert.equal(recognizeUploadedImages(page(), memory(), gone).get('c')!.stale, true);
  });

  test('ids unknown (an inline create): paired by order among images, past a deleted one', () => {
    const mem = memory([null, null, null, null, null]);
    assert.deepEqual([...recognizeUploadedImages(page(), mem, lines(LOCAL, UPLOADS)).keys()], ['c', 'f']);
    const found = recognizeUploadedImages(page({ c: null }), mem, lines(LOCAL, UPLOADS));
    assert.deepEqual([...found.keys()], ['f']);
    assert.equal(found.get('f')!.hash, mem.hashes[3]);
    // The photo deleted and a file of another name put in its place (same empty caption): not the photo.
    const swapped = page({ f: image('new', '', { name: 'pat.png' }) });
    assert.deepEqual([...recognizeUploadedImages(swapped, mem, lines(LOCAL, UPLOADS)).keys()], ['c']);
  });

  test('a Notion change is not ours: caption edited, replaced by a link, edited after our write, another upload', () => {
    const l = lines(LOCAL, UPLOADS);
    assert.equal(recognizeUploadedImages(page({ c: image('c', 'new caption') }), memory(), l).has('c'), false);
    assert.equal(
      recognizeUploadedImages(page({ c: image('c', 'the chart', { type: 'external' }) }), memory(), l).has('c'),
      false,
    );
    const renamed = image('c', 'the chart', { name: 'other.png' });
    assert.equal(recognizeUploadedImages(page({ c: renamed }), memory(), l).has('c'), false);
    // Notion's own spelling of an odd name is the same file name.
    const spelled = image('f', '', { name: 'my%20photo.jpg' });
    const odd = LOCAL.replace('./img/photo.jpg', './img/my_photo.jpg');
    assert.equal(
      recognizeUploadedImages(page({ f: spelled }), memory(), lines(odd, { './img/my_photo.jpg': ['u-photo'] })).has(
        'f',
      ),
      true,
    );
    const later = image('c', 'the chart', { edited: '2026-03-01T10:05:00.000Z' });
    assert.equal(recognizeUploadedImages(page({ c: later }), memory(), l).has('c'), false);
    // The line's file was uploaded as u-other only (e.g. state of another machine): not the pushed block.
    assert.equal(recognizeUploadedImages(page(), memory(), lines(LOCAL, { 'img/chart.png': ['u-other'] })).size, 0);
    // A block Notion added (an id the memory does not know, all ids known) is not an upload of ours.
    assert.equal(recognizeUploadedImages(page({ c: image('new', 'the chart') }), memory(), l).has('new'), false);
    // No memory of the page (a fresh machine): nothing is recognized.
    assert.equal(recognizeUploadedImages(page(), undefined, l).size, 0);
  });

  test('two lines of the same bytes and alt under two paths go to their own blocks, a deletion shifting nothing', () => {
    const text = '![](a/logo.png)\n\n![](b/logo.png)\n';
    const twin = lines(text, { 'a/logo.png': ['u-logo'], 'b/logo.png': ['u-logo'] });
    const hash = blockHash(uploadedImageBlock('u-logo', ''));
    const mem = { ids: ['x', 'y'], types: ['image', 'image'], hashes: [hash, hash], lastEditedTime: PUSHED };
    const logo = (id: string): Block => image(id, '', { name: 'logo.png' });
    const pathOf = (b: Block): string =>
      (b as unknown as { callout: { rich_text: Array<{ text: { content: string } }> } }).callout.rich_text[1]!.text
        .content;
    const both = recognizeUploadedImages([logo('x'), logo('y')], mem, twin);
    assert.equal(pathOf(both.get('x')!.block), 'a/logo.png');
    assert.equal(pathOf(both.get('y')!.block), 'b/logo.png');
    const one = recognizeUploadedImages([logo('y')], mem, twin);
    assert.equal(pathOf(one.get('y')!.block), 'b/logo.png');
  });

  const substituted = (blocks: Block[]): Block[] => {
    const found = recognizeUploadedImages(blocks, memory(), lines(LOCAL, UPLOADS));
    return blocks.map((b) => found.get((b as { id?: string }).id ?? '')?.block ?? b);
  };

  test('merge: an edit elsewhere keeps the image lines byte for byte; untouched is unchanged', () => {
    const quiet = mergeMarkdown({ local: LOCAL, base: LOCAL, notion: { blocks: substituted(page()) } });
    assert.equal(quiet.status, 'unchanged');
    assert.equal(quiet.text, LOCAL);
    const r = mergeMarkdown({ local: LOCAL, base: LOCAL, notion: { blocks: substituted(page({}, 'Edited by Pat.')) } });
    assert.equal(r.status, 'pulled');
    assert.equal(r.text, LOCAL.replace('A paragraph.', 'Edited by Pat.'));
    assert.equal(r.agreed, true);
    // Without the recognition the same page overwrote the line with a placeholder (the bug this fixes).
    const raw = mergeMarkdown({ local: LOCAL, base: LOCAL, notion: { blocks: page({}, 'Edited by Pat.') } });
    assert.match(raw.text, /notion:block id=c type=image/);
  });

  test('merge: an image deleted in Notion removes its line; one replaced by a link is written ![alt](url)', () => {
    const gone = mergeMarkdown({ local: LOCAL, base: LOCAL, notion: { blocks: substituted(page({ c: null })) } });
    assert.equal(gone.text, LOCAL.replace('![the chart](img/chart.png)\n\n', ''));
    const linked = mergeMarkdown({
      local: LOCAL,
      base: LOCAL,
      notion: { blocks: substituted(page({ c: image('c', 'the chart', { type: 'external' }) })) },
    });
    assert.equal(linked.text, LOCAL.replace('img/chart.png', 'https://example.com/other.png'));
    const hosted = mergeMarkdown({
      local: LOCAL,
      base: LOCAL,
      notion: { blocks: substituted(page({ c: image('c', 'the chart', { edited: '2026-03-01T11:00:00.000Z' }) })) },
    });
    assert.match(hosted.text, /^<!-- notion:block id=c type=image -->$/m);
    assert.ok(hosted.text.includes('![](./img/photo.jpg)'));
  });

  test('merge: a local edit and a Notion edit elsewhere merge around the images', () => {
    const local = LOCAL.replace('End.', 'The end, here.');
    const r = mergeMarkdown({ local, base: LOCAL, notion: { blocks: substituted(page({}, 'Edited by Pat.')) } });
    assert.equal(r.status, 'merged');
    assert.equal(r.text, local.replace('A paragraph.', 'Edited by Pat.'));
  });
});
