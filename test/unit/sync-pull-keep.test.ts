import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markdownToBlocks } from '../../src/core/content';
import type { Block } from '../../src/core/content';
import { mergeMarkdown } from '../../src/core/sync/pull';
import { asResponse } from './notion-response';

const page = (md: string): Block[] => markdownToBlocks(md).blocks.map((b) => asResponse(b));

test('an item of a numbered list keeps its number when Notion changes something else', () => {
  for (const list of ['1. one\n2. two\n3. three\n', '1) one\n2) two\n', '3. three\n4. four\n']) {
    const local = `${list}\nPara.\n`;
    const r = mergeMarkdown({ local, base: local, notion: { blocks: page(`${local}\nAdded.\n`) } });
    assert.equal(r.status, 'pulled');
    assert.equal(r.text, `${local}\nAdded.\n`);
  }
});

const BOOKMARK = '<!-- notion:block id=0c2a7f7e-1111-4111-8111-0000000000b1 type=bookmark url=https://example.com/ -->';
const CHILD = '<!-- notion:block id=0c2a7f7e-1111-4111-8111-0000000000c1 type=child_page title="Notes" -->';

/** Notion's side: the page as the push made it, each placeholder the real block it names. */
function notionPage(md: string): Block[] {
  return markdownToBlocks(md).blocks.map((b) => {
    const k = b.notion_keep as { id: string; type: string } | undefined;
    if (!k) return asResponse(b);
    const payload = k.type === 'bookmark' ? { url: 'https://example.com/', caption: [] } : { title: 'Notes' };
    return { object: 'block', id: k.id, type: k.type, has_children: false, [k.type]: payload } as unknown as Block;
  });
}

test('placeholder lines: unchanged when Notion keeps the blocks, dropped when a person deleted one', () => {
  const local = `# Doc\n\nOne.\n\n${BOOKMARK}\n\nTwo.\n\n${CHILD}\n`;
  const same = mergeMarkdown({ local, base: local, notion: { blocks: notionPage(local) } });
  assert.equal(same.status, 'unchanged');
  assert.equal(same.text, local);
  // A person deleted the bookmark and the local file changed "Two.": both land, the line goes.
  const edited = local.replace('Two.', 'Two, edited here.');
  const r = mergeMarkdown({
    local: edited,
    base: local,
    notion: { blocks: notionPage(local.replace(`${BOOKMARK}\n\n`, '')) },
  });
  assert.equal(r.status, 'merged');
  assert.equal(r.text, edited.replace(`${BOOKMARK}\n\n`, ''));
});

test('a <details> block spanning blank lines, an anchored h1 and a missing local image survive a pull byte for byte', () => {
  const local = [
    '# <a id="top"></a>Title',
    '',
    '<details>',
    '<summary>Install</summary>',
    '',
    '```sh',
    'make install',
    '```',
    '',
    '</details>',
    '',
    'Architecture: ![diagram](./docs/missing.png)',
    '',
  ].join('\n');
  const blocks = page(`${local}\nAdded.\n`);
  // The push's upload step says why the image is not there (content/images.ts).
  const callout = blocks.find((b) => b.type === 'callout') as unknown as { callout: { rich_text: unknown[] } };
  callout.callout.rich_text.push({
    type: 'text',
    text: { content: ' (file not found)' },
    plain_text: ' (file not found)',
    annotations: {},
  });
  for (const input of [{ base: local }, { localMatchesRow: true }]) {
    const r = mergeMarkdown({ local, ...input, notion: { blocks, fields: { title: 'Title' } } });
    assert.equal(r.status, 'pulled', JSON.stringify(input));
    assert.equal(r.text, `${local}\nAdded.\n`);
  }
});

test('a kept block replaced in Notion by one that looks the same is a change: the line takes the new id', () => {
  const local = `# Doc\n\nOne.\n\n${BOOKMARK}\n\nTwo.\n`;
  const other = BOOKMARK.replace('0000000000b1', '0000000000b2');
  const r = mergeMarkdown({ local, base: local, notion: { blocks: notionPage(local.replace(BOOKMARK, other)) } });
  assert.equal(r.status, 'pulled');
  assert.equal(r.text, local.replace(BOOKMARK, other));
});
