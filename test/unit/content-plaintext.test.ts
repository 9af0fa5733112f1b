import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { blocksToPlainText, markdownToBlocks, scriptToBlocks } from '../../src/core/content';
import type { Block } from '../../src/core/content';

describe('blocksToPlainText', () => {
  test('request blocks: one line per block, children indented', () => {
    const { blocks } = markdownToBlocks(
      '# Title\n\nPara with **bold** and $x^2$.\n\n- one\n  - two\n    - three\n\n1. first\n\n- [x] done\n\n> quote\n\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```py\nx = 1\ny = 2\n```\n\n$$\nE=mc^2\n$$\n\n![cat](https://e.com/c.png)',
    );
    assert.equal(
      blocksToPlainText(blocks),
      [
        'Title',
        'Para with bold and x^2.',
        'one',
        '  two',
        '    three',
        'first',
        'done',
        'quote',
        '---',
        '',
        '  a | b',
        '  1 | 2',
        'x = 1',
        'y = 2',
        'E=mc^2',
        'cat',
      ].join('\n'),
    );
  });

  test('markers for lists, to-dos and quotes', () => {
    const { blocks } = markdownToBlocks('- a\n1. b\n- [ ] c\n- [x] d\n\n> e');
    assert.equal(blocksToPlainText(blocks, { markers: true }), '- a\n1. b\n[ ] c\n[x] d\n> e');
  });

  test('response blocks: plain_text, and children attached either way', () => {
    const response = [
      {
        object: 'block',
        id: '1',
        type: 'paragraph',
        has_children: true,
        paragraph: {
          rich_text: [
            { type: 'text', text: { content: 'Hel', link: null }, plain_text: 'Hel', annotations: {}, href: null },
            { type: 'mention', mention: { type: 'user' }, plain_text: '@Ann', annotations: {}, href: null },
            { type: 'equation', equation: { expression: 'x' }, plain_text: 'x', annotations: {}, href: null },
          ],
          color: 'default',
        },
        children: [{ type: 'bulleted_list_item', bulleted_list_item: { rich_text: [{ plain_text: 'kid' }] } }],
      },
      { type: 'code', code: { rich_text: [{ plain_text: 'a\nb' }], language: 'python', caption: [] } },
      { type: 'table_row', table_row: { cells: [[{ plain_text: 'c1' }], [{ plain_text: 'c2' }]] } },
      { type: 'image', image: { type: 'file', file: { url: 'https://s3/x.png', expiry_time: '' }, caption: [] } },
      { type: 'bookmark', bookmark: { url: 'https://example.com', caption: [] } },
      { type: 'child_page', child_page: { title: 'Sub page' } },
      { type: 'unsupported', unsupported: {} },
    ] as unknown as Block[];
    assert.equal(
      blocksToPlainText(response),
      'Hel@Annx\n  kid\na\nb\nc1 | c2\nhttps://s3/x.png\nhttps://example.com\nSub page\n',
    );
  });

  test('the text of every line of a markdown file is found in its blocks', () => {
    const md = [
      '---',
      'title: T',
      '---',
      '# Plan for Q3',
      '',
      'We will ship the *new* importer and retire the old one.',
      '',
      '- Migrate customers',
      '  - Start with the small ones',
      '- Announce',
      '',
      '```bash',
      'npm run migrate -- --all',
      '```',
      '',
      '| Owner | Due |',
      '|---|---|',
      '| Ann | May |',
    ].join('\n');
    const plain = blocksToPlainText(markdownToBlocks(md).blocks);
    for (const s of [
      'Plan for Q3',
      'We will ship the new importer and retire the old one.',
      'Migrate customers',
      'Start with the small ones',
      'Announce',
      'npm run migrate -- --all',
      'Owner | Due',
      'Ann | May',
    ]) {
      assert.ok(plain.includes(s), `missing: ${s}`);
    }
  });

  test('a script’s text is found exactly in its blocks', () => {
    const text = '#!/bin/sh\n# Backs up the db\npg_dump app > backup.sql\n';
    const plain = blocksToPlainText(scriptToBlocks('backup.sh', text).blocks);
    assert.ok(plain.includes(text.trimEnd()));
  });

  test('garbage in, no crash', () => {
    assert.equal(blocksToPlainText([]), '');
    assert.equal(
      blocksToPlainText([null, 3, { type: 'paragraph' }, { type: 'paragraph', paragraph: null }] as unknown as Block[]),
      '\n',
    );
  });

  test('deep trees do not overflow the stack', () => {
    let tree: Block = { type: 'paragraph', paragraph: { rich_text: [{ type: 'text', text: { content: 'leaf' } }] } };
    for (let i = 0; i < 5000; i++) tree = { type: 'toggle', toggle: { rich_text: [], children: [tree] } };
    const plain = blocksToPlainText([tree], { indent: '' });
    assert.ok(plain.endsWith('leaf'));
  });
});
