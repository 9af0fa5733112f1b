import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markdownItemHash } from '../../src/core/inventory/image-refs';
import { noteNotUploaded } from '../../src/core/content';
import { markdownToBlocks, uploadedImageBlock } from '../../src/core/content';
import { updateRequest } from '../../src/core/notion/blocks';
import { diffBlocks } from '../../src/core/notion/block-diff';

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

test("a markdown file's hash follows the bytes of the local images it shows, and only those", async () => {
  const root = await mkdtemp(join(tmpdir(), 'nws-imgref-'));
  await mkdir(join(root, 'plans/img'), { recursive: true });
  await writeFile(join(root, 'plans/img/a.png'), 'A1');
  await writeFile(join(root, 'outside.png'), 'X');
  const abs = join(root, 'plans/doc.md');
  const plain = Buffer.from('# Doc\n\nNo pictures, ![remote](https://example.com/x.png).\n');
  assert.equal(markdownItemHash(plain, abs, 'plans/doc.md'), sha(plain), 'no local image: the plain hash');
  const escaping = Buffer.from('![x](../../outside.png) ![y](missing.png)\n');
  assert.equal(markdownItemHash(escaping, abs, 'plans/doc.md'), sha(escaping), 'outside the workspace or missing');

  const md = Buffer.from('# Doc\n\n![a](img/a.png)\n\n<img src="/plans/img/a.png">\n');
  const h1 = markdownItemHash(md, abs, 'plans/doc.md');
  assert.notEqual(h1, sha(md));
  assert.equal(markdownItemHash(md, abs, 'plans/doc.md'), h1, 'stable');
  await writeFile(join(root, 'plans/img/a.png'), 'A2');
  const h2 = markdownItemHash(md, abs, 'plans/doc.md');
  assert.notEqual(h2, h1, 'the image changed');
});

test('a local image that is not uploaded says why in its callout', () => {
  const md = markdownToBlocks('![chart](big.png)\n');
  assert.equal(md.localImages.length, 1);
  noteNotUploaded(md.localImages[0]!.block, 'too large');
  const text = JSON.stringify(md.blocks[0]);
  assert.match(text, /Image not uploaded: /);
  assert.match(text, /\(too large\)/);
});

test('an image block update names its source without `type` and clears a removed caption', () => {
  const withCaption = updateRequest('b1', uploadedImageBlock('fu1', 'alt')) as unknown as Record<string, unknown>;
  assert.deepEqual(Object.keys(withCaption.image as object).sort(), ['caption', 'file_upload']);
  const bare = updateRequest('b1', uploadedImageBlock('fu2', '')) as unknown as { image: { caption: unknown[] } };
  assert.deepEqual(bare.image, { file_upload: { id: 'fu2' }, caption: [] });
  const ops = diffBlocks(['h'], [uploadedImageBlock('fu3', '')], [{ type: 'image', hasChildren: false }]);
  assert.deepEqual(ops, [{ op: 'update', oldIndex: 0, newIndex: 0 }]);
});
