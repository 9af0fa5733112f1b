import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markdownToBlocks } from '../../src/core/content/markdown';
import { hasKeeps, keptIds, keptOf, KEEP_TYPE, withoutKeeps } from '../../src/core/content/keep';
import { blocksToMarkdown } from '../../src/core/content/from-notion';
import { estimateAppendCalls } from '../../src/core/notion/blocks';
import { blockHash } from '../../src/core/notion/block-diff';

const ID = '3f0c1d2e-0000-4000-8000-0000000000e1';
const LINE = `<!-- notion:block id=${ID} type=bookmark url=https://example.com/ -->`;

test('a placeholder line becomes a keep element naming the block, at the top level and inside a list item', () => {
  const md = `# T\n\nBefore.\n\n${LINE}\n\n- item\n\n  <!-- notion:block id=aaaabbbbccccddddeeeeffff00001111 type=embed -->\n\nAfter.\n`;
  const { blocks } = markdownToBlocks(md);
  assert.deepEqual(
    blocks.map((b) => b.type),
    ['heading_1', 'paragraph', KEEP_TYPE, 'bulleted_list_item', 'paragraph'],
  );
  assert.deepEqual(keptOf(blocks[2]!), { id: ID, type: 'bookmark', attrs: { url: 'https://example.com/' } });
  assert.deepEqual(keptIds(blocks), [ID.replace(/-/g, ''), 'aaaabbbbccccddddeeeeffff00001111']);
  assert.ok(hasKeeps(blocks));
  // Rendering gives the same lines back (the pull's canonical form), and nothing of it is ever sent.
  assert.equal(blocksToMarkdown(blocks), md);
  const sendable = withoutKeeps(blocks);
  assert.ok(!hasKeeps(sendable));
  assert.ok(!JSON.stringify(sendable).includes('notion_keep'));
  assert.equal(estimateAppendCalls(blocks), estimateAppendCalls(sendable));
});

test('other markers and comments are not keep elements; chat text keeps the line as text', () => {
  const sentinel = markdownToBlocks('a\n\n<!-- notion-sync:unit:x1 -->\n\nb\n').blocks;
  assert.ok(!hasKeeps(sentinel));
  assert.equal(sentinel.length, 3);
  assert.ok(!hasKeeps(markdownToBlocks(`<!-- notion:block type=bookmark -->\n`).blocks), 'no id: not a placeholder');
  assert.ok(!hasKeeps(markdownToBlocks(`<!-- notion:block id= type=bookmark -->\n`).blocks));
  const chat = markdownToBlocks(`${LINE}\n`, { placeholders: 'text' }).blocks;
  assert.equal(chat[0]!.type, 'paragraph');
  assert.ok(JSON.stringify(chat).includes('notion:block'));
});

test("a keep element's hash is its block id: an edit to the placeholder's extras is no change, another id is", () => {
  const a = markdownToBlocks(`${LINE}\n`).blocks[0]!;
  const b = markdownToBlocks(
    `<!-- notion:block id=${ID.replace(/-/g, '')} type=bookmark url=https://other.example/ -->\n`,
  ).blocks[0]!;
  const c = markdownToBlocks(`<!-- notion:block id=${ID.replace('e1', 'e2')} type=bookmark -->\n`).blocks[0]!;
  assert.equal(blockHash(a), blockHash(b));
  assert.notEqual(blockHash(a), blockHash(c));
});
