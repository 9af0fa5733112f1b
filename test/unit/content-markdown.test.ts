import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { blocksToPlainText, childrenOf, markdownToBlocks } from '../../src/core/content';
import type { Block, RichText } from '../../src/core/content';
import { splitSections } from '../../src/core/content/sections';
import { allRichText, assertValidBlocks, textOf } from './content-validator.test';

type Json = Record<string, unknown>;

function convert(md: string, path?: string) {
  const result = markdownToBlocks(md, path ? { path } : {});
  assertValidBlocks(result.blocks);
  return result;
}

function body(block: Block): Json {
  return block[block.type] as Json;
}

function rt(block: Block): RichText[] {
  return body(block).rich_text as RichText[];
}

function text(block: Block): string {
  return textOf(rt(block));
}

function types(blocks: Block[]): string[] {
  return blocks.map((b) => b.type);
}

describe('markdown: headings and paragraphs', () => {
  test('h1–h3 map to heading_1..3', () => {
    const { blocks } = convert('# One\n\n## Two\n\n### Three\n');
    assert.deepEqual(types(blocks), ['heading_1', 'heading_2', 'heading_3']);
    assert.deepEqual(blocks.map(text), ['One', 'Two', 'Three']);
  });

  test('h4–h6 become bold paragraphs', () => {
    const { blocks } = convert('#### Four\n\n##### Five *it*\n\n###### Six\n');
    assert.deepEqual(types(blocks), ['paragraph', 'paragraph', 'paragraph']);
    for (const b of blocks) for (const item of rt(b)) assert.equal(item.annotations?.bold, true);
    assert.equal(text(blocks[1]), 'Five it');
    assert.equal(rt(blocks[1])[1].annotations?.italic, true);
  });

  test('inline marks and their combinations', () => {
    const { blocks } = convert('a **b** *c* ~~d~~ `e` ***f*** **~~g~~** **`h`**');
    assert.equal(blocks.length, 1);
    const items = rt(blocks[0]);
    const find = (s: string) => items.find((i) => i.type === 'text' && i.text.content === s);
    assert.deepEqual(find('b')?.annotations, { bold: true });
    assert.deepEqual(find('c')?.annotations, { italic: true });
    assert.deepEqual(find('d')?.annotations, { strikethrough: true });
    assert.deepEqual(find('e')?.annotations, { code: true });
    assert.deepEqual(find('f')?.annotations, { bold: true, italic: true });
    assert.deepEqual(find('g')?.annotations, { bold: true, strikethrough: true });
    assert.deepEqual(find('h')?.annotations, { bold: true, code: true });
    assert.equal(find('a ')?.annotations, undefined);
    assert.equal(text(blocks[0]), 'a b c d e f g h');
  });

  test('adjacent runs with the same formatting are merged', () => {
    const { blocks } = convert('plain &amp; more plain text');
    assert.equal(rt(blocks[0]).length, 1);
    assert.equal(text(blocks[0]), 'plain & more plain text');
  });

  test('hard line breaks become \\n, soft breaks a space', () => {
    const { blocks } = convert('one  \ntwo\\\nthree\nfour');
    assert.equal(text(blocks[0]), 'one\ntwo\nthree four');
  });
});

describe('markdown: links', () => {
  const linkOf = (item: RichText | undefined) => (item && item.type === 'text' ? item.text.link?.url : undefined);

  test('absolute http(s) and mailto links are kept, with marks', () => {
    const { blocks } = convert(
      '[a](https://example.com/x) **[b](http://example.org)** [c](mailto:me@example.com) <https://auto.example>',
    );
    const items = rt(blocks[0]);
    assert.equal(linkOf(items.find((i) => textOf([i]) === 'a')), 'https://example.com/x');
    const b = items.find((i) => textOf([i]) === 'b');
    assert.equal(linkOf(b), 'http://example.org/');
    assert.equal(b?.annotations?.bold, true);
    assert.equal(linkOf(items.find((i) => textOf([i]) === 'c')), 'mailto:me@example.com');
    assert.equal(linkOf(items.find((i) => textOf([i]) === 'https://auto.example')), 'https://auto.example/');
  });

  test('GFM literal autolinks', () => {
    const { blocks } = convert('see www.example.com today');
    assert.ok(rt(blocks[0]).some((i) => linkOf(i) === 'http://www.example.com/'));
  });

  test('relative links keep the text and append the target; anchors keep only the text', () => {
    const { blocks } = convert('[the plan](../plans/q3.md) and [intro](#intro) and [docs/x.md](docs/x.md)');
    assert.equal(text(blocks[0]), 'the plan (../plans/q3.md) and intro and docs/x.md');
    assert.ok(rt(blocks[0]).every((i) => linkOf(i) === undefined));
  });

  test('other schemes and over-long URLs are not links', () => {
    const long = 'https://example.com/' + 'a'.repeat(2100);
    const { blocks } = convert(`[js](javascript:alert(1)) [ftp](ftp://x.org/f) [long](${long})`);
    assert.ok(rt(blocks[0]).every((i) => linkOf(i) === undefined));
    assert.equal(text(blocks[0]), 'js ftp long');
  });

  test('resolveLink turns relative targets into links', () => {
    const result = markdownToBlocks('[plan](../plans/q3.md)', {
      resolveLink: (t) => (t === '../plans/q3.md' ? 'https://notion.so/abc' : undefined),
    });
    assertValidBlocks(result.blocks);
    assert.equal(linkOf(rt(result.blocks[0])[0]), 'https://notion.so/abc');
    assert.equal(text(result.blocks[0]), 'plan');
  });

  test('reference-style links resolve through definitions', () => {
    const { blocks } = convert('[x][ref] and [y][missing]\n\n[ref]: https://example.com/ref');
    assert.equal(blocks.length, 1);
    assert.equal(linkOf(rt(blocks[0])[0]), 'https://example.com/ref');
    assert.equal(text(blocks[0]), 'x and [y][missing]');
  });
});

describe('markdown: lists', () => {
  test('bulleted, numbered and task lists', () => {
    const { blocks } = convert('- a\n- b\n\n1. one\n2. two\n\n- [ ] open\n- [x] done\n');
    assert.deepEqual(types(blocks), [
      'bulleted_list_item',
      'bulleted_list_item',
      'numbered_list_item',
      'numbered_list_item',
      'to_do',
      'to_do',
    ]);
    assert.equal(body(blocks[4]).checked, false);
    assert.equal(body(blocks[5]).checked, true);
    assert.equal(text(blocks[5]), 'done');
  });

  test('lists nested 5 deep keep their structure', () => {
    const md = [
      '- level 1',
      '  1. level 2',
      '     - [x] level 3',
      '       - level 4',
      '         1. level 5',
      '- back to 1',
    ].join('\n');
    const { blocks } = convert(md);
    assert.equal(blocks.length, 2);
    let node = blocks[0];
    const seen: Array<[string, string]> = [];
    for (;;) {
      seen.push([node.type, text(node)]);
      const kids = childrenOf(node);
      if (kids.length === 0) break;
      assert.equal(kids.length, 1);
      node = kids[0];
    }
    assert.deepEqual(seen, [
      ['bulleted_list_item', 'level 1'],
      ['numbered_list_item', 'level 2'],
      ['to_do', 'level 3'],
      ['bulleted_list_item', 'level 4'],
      ['numbered_list_item', 'level 5'],
    ]);
    assert.equal(text(blocks[1]), 'back to 1');
  });

  test('lists nested 12 deep stay nested', () => {
    const md = Array.from({ length: 12 }, (_, i) => `${'  '.repeat(i)}- d${i + 1}`).join('\n');
    const { blocks } = convert(md);
    let depth = 0;
    let node: Block | undefined = blocks[0];
    while (node) {
      depth++;
      assert.equal(text(node), `d${depth}`);
      node = childrenOf(node)[0];
    }
    assert.equal(depth, 12);
  });

  test('a list item with several paragraphs and a code block', () => {
    const { blocks } = convert('- first para\n\n  second para\n\n  ```py\n  x = 1\n  ```\n');
    assert.equal(blocks.length, 1);
    assert.equal(text(blocks[0]), 'first para');
    assert.deepEqual(types(childrenOf(blocks[0])), ['paragraph', 'code']);
    assert.equal(body(childrenOf(blocks[0])[1]).language, 'python');
  });

  test('a list item that starts with a code block has empty text and the code as child', () => {
    const { blocks } = convert('- ```\n  code\n  ```\n');
    assert.deepEqual(rt(blocks[0]), []);
    assert.deepEqual(types(childrenOf(blocks[0])), ['code']);
  });
});

describe('markdown: quotes and alerts', () => {
  test('block quote with nested content as children', () => {
    const { blocks } = convert('> quoted **text**\n>\n> - item\n>\n> > inner\n');
    assert.deepEqual(types(blocks), ['quote']);
    assert.equal(text(blocks[0]), 'quoted text');
    assert.deepEqual(types(childrenOf(blocks[0])), ['bulleted_list_item', 'quote']);
    assert.equal(text(childrenOf(blocks[0])[1]), 'inner');
  });

  const alerts: Array<[string, string, string]> = [
    ['NOTE', 'ℹ️', 'blue_background'],
    ['TIP', '💡', 'green_background'],
    ['IMPORTANT', '❗', 'purple_background'],
    ['WARNING', '⚠️', 'yellow_background'],
    ['CAUTION', '🛑', 'red_background'],
  ];
  for (const [kind, emoji, color] of alerts) {
    test(`[!${kind}] becomes a callout`, () => {
      const { blocks } = convert(`> [!${kind}]\n> Mind **this**.\n>\n> More.\n`);
      assert.deepEqual(types(blocks), ['callout']);
      const b = body(blocks[0]);
      assert.deepEqual(b.icon, { type: 'emoji', emoji });
      assert.equal(b.color, color);
      assert.equal(text(blocks[0]), 'Mind this.');
      assert.deepEqual(childrenOf(blocks[0]).map(text), ['More.']);
    });
  }

  test('alert markers are case-insensitive; unknown markers stay quotes', () => {
    assert.equal(convert('> [!tip]\n> x').blocks[0].type, 'callout');
    const other = convert('> [!FOO]\n> x').blocks[0];
    assert.equal(other.type, 'quote');
    assert.equal(text(other), '[!FOO] x');
  });

  test('an alert with only the marker line', () => {
    const { blocks } = convert('> [!NOTE]\n');
    assert.equal(blocks[0].type, 'callout');
    assert.deepEqual(rt(blocks[0]), []);
  });
});

describe('markdown: code', () => {
  const cases: Array<[string, string]> = [
    ['ts', 'typescript'],
    ['typescript', 'typescript'],
    ['tsx', 'typescript'],
    ['js', 'javascript'],
    ['jsx', 'javascript'],
    ['sh', 'shell'],
    ['bash', 'bash'],
    ['zsh', 'shell'],
    ['console', 'shell'],
    ['py', 'python'],
    ['python3', 'python'],
    ['yml', 'yaml'],
    ['yaml', 'yaml'],
    ['ps1', 'powershell'],
    ['pwsh', 'powershell'],
    ['json', 'json'],
    ['jsonc', 'json'],
    ['Dockerfile', 'docker'],
    ['c++', 'c++'],
    ['cs', 'c#'],
    ['go', 'go'],
    ['rb', 'ruby'],
    ['rust', 'rust'],
    ['sql', 'sql'],
    ['mermaid', 'mermaid'],
    ['diff', 'diff'],
    ['text', 'plain text'],
    ['klingon', 'plain text'],
    ['', 'plain text'],
    ['{.python}', 'python'],
    ['python title="x.py"', 'python'],
  ];
  for (const [fence, language] of cases) {
    test(`fence "${fence}" → ${language}`, () => {
      const { blocks } = convert('```' + fence + '\nline 1\n  line 2\n```\n');
      assert.equal(blocks.length, 1);
      assert.equal(blocks[0].type, 'code');
      assert.equal(body(blocks[0]).language, language);
      assert.equal(text(blocks[0]), 'line 1\n  line 2');
    });
  }

  test('indented code and an empty fence', () => {
    const { blocks } = convert('    indented\n\n```\n```\n');
    assert.deepEqual(types(blocks), ['code', 'code']);
    assert.equal(text(blocks[0]), 'indented');
    assert.deepEqual(rt(blocks[1]), []);
  });

  test('a 6,000-character code block is kept whole, in items of ≤ 2000', () => {
    const line = 'const value = "abcdefghijklmnopqrstuvwxyz0123456789";'; // 50 chars
    const code = Array.from({ length: 118 }, (_, i) => `${line}//${String(i).padStart(3, '0')}`).join('\n');
    assert.ok(code.length > 6000);
    const { blocks } = convert('```ts\n' + code + '\n```');
    assert.equal(blocks.length, 1);
    const items = rt(blocks[0]);
    assert.ok(items.length >= 4);
    assert.ok(items.every((i) => i.type === 'text' && i.text.content.length <= 2000 && !i.annotations));
    assert.equal(text(blocks[0]), code);
  });

  test('an unclosed fence runs to the end of the document', () => {
    const { blocks } = convert('before\n\n```python\nx = 1\n\n# not a heading\n');
    assert.deepEqual(types(blocks), ['paragraph', 'code']);
    assert.equal(text(blocks[1]), 'x = 1\n\n# not a heading');
  });
});

describe('markdown: tables, dividers, math', () => {
  test('tables: width, header, ragged rows padded, marks in cells', () => {
    const md = '| Name | **Bold** | `c` |\n|---|:-:|--:|\n| a | b |\n| x \\| y | [l](https://e.com) | 3 |\n';
    const { blocks } = convert(md);
    assert.equal(blocks.length, 1);
    const table = body(blocks[0]);
    assert.equal(table.table_width, 3);
    assert.equal(table.has_column_header, true);
    const rows = table.children as Block[];
    assert.equal(rows.length, 3);
    const cells = rows.map((r) => (body(r).cells as RichText[][]).map(textOf));
    assert.deepEqual(cells, [
      ['Name', 'Bold', 'c'],
      ['a', 'b', ''],
      ['x | y', 'l', '3'],
    ]);
    assert.equal((body(rows[0]).cells as RichText[][])[1][0].annotations?.bold, true);
  });

  test('a table with a header only', () => {
    const { blocks } = convert('| a | b |\n|---|---|\n');
    assert.equal((body(blocks[0]).children as Block[]).length, 1);
  });

  test('thematic break → divider', () => {
    assert.deepEqual(types(convert('a\n\n---\n\nb\n\n***\n').blocks), ['paragraph', 'divider', 'paragraph', 'divider']);
  });

  test('inline math → equation rich text; block math → equation block', () => {
    const { blocks } = convert('Energy $E=mc^2$ here.\n\n$$\n\\int_0^1 x\\,dx\n$$\n');
    assert.deepEqual(types(blocks), ['paragraph', 'equation']);
    const eq = rt(blocks[0]).find((i) => i.type === 'equation');
    assert.deepEqual(eq, { type: 'equation', equation: { expression: 'E=mc^2' } });
    assert.equal(body(blocks[1]).expression, '\\int_0^1 x\\,dx');
  });

  test('equations longer than 1000 characters become code', () => {
    const long = 'x+'.repeat(600) + 'y';
    const result = convert(`inline $${long}$ end\n\n$$\n${long}\n$$\n`);
    assert.deepEqual(types(result.blocks), ['paragraph', 'code']);
    assert.ok(rt(result.blocks[0]).every((i) => i.type === 'text'));
    assert.ok(rt(result.blocks[0]).some((i) => i.annotations?.code && textOf([i]) === long));
    assert.equal(body(result.blocks[1]).language, 'latex');
    assert.equal(text(result.blocks[1]), long);
    assert.equal(result.warnings.length, 2);
  });
});

describe('markdown: images, footnotes, html', () => {
  test('a remote image becomes an external image block with the alt text as caption', () => {
    const { blocks } = convert('![A cat](https://example.com/cat.png "title")');
    assert.deepEqual(blocks, [
      {
        type: 'image',
        image: {
          type: 'external',
          external: { url: 'https://example.com/cat.png' },
          caption: [{ type: 'text', text: { content: 'A cat' } }],
        },
      },
    ]);
  });

  test('a local image becomes a placeholder callout with path and alt, and a warning', () => {
    const result = convert('![Diagram of flow](./img/flow.png)', 'plans/p.md');
    assert.equal(result.blocks.length, 1);
    assert.equal(result.blocks[0].type, 'callout');
    const t = text(result.blocks[0]);
    assert.match(t, /not uploaded/);
    assert.match(t, /\.\/img\/flow\.png/);
    assert.match(t, /Diagram of flow/);
    assert.equal(result.warnings.length, 1);
    assert.match(result.warnings[0], /plans\/p\.md: line 1: local image/);
  });

  test('a data: URI image does not put the data in the page', () => {
    const result = convert(
      '![dot](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==)',
    );
    assert.equal(result.blocks[0].type, 'callout');
    assert.doesNotMatch(text(result.blocks[0]), /iVBOR/);
  });

  test('an image inside a paragraph never splits it: alt text in place, the image after; a badge stays text', () => {
    const { blocks } = convert(
      'Before ![x](https://e.com/x.png) after. [![build](https://img.shields.io/b.svg)](https://ci.example.com)',
    );
    assert.deepEqual(types(blocks), ['paragraph', 'image']);
    assert.equal(text(blocks[0]), 'Before x after. build');
    const badge = rt(blocks[0]).find((i) => textOf([i]) === 'build');
    assert.equal(badge?.type === 'text' ? badge.text.link?.url : undefined, 'https://ci.example.com/');
    assert.equal((body(blocks[1]).external as { url: string }).url, 'https://e.com/x.png');
  });

  test('86 inline formula images in one paragraph: one paragraph, then the images, in order', () => {
    const md = Array.from({ length: 86 }, (_, i) => `Step ${i} uses ![f${i}](https://e.com/f${i}.svg) here.`).join(' ');
    const { blocks } = convert(md);
    assert.equal(blocks[0].type, 'paragraph');
    assert.equal(blocks.filter((b) => b.type === 'paragraph').length, 1);
    assert.equal(blocks.filter((b) => b.type === 'image').length, 86);
    assert.match(text(blocks[0]), /^Step 0 uses f0 here\. Step 1 uses f1 here\./);
    assert.equal((body(blocks[86]).external as { url: string }).url, 'https://e.com/f85.svg');
  });

  test('a local image in a list item or between sentences stays a placeholder listed in localImages', () => {
    const result = convert(
      '- Look: ![arch](../img/arch.png) and so on.\n\n<p align="center"><img src="logo.png" alt="Logo"></p>',
    );
    assert.deepEqual(types(result.blocks), ['bulleted_list_item', 'callout']);
    assert.equal(text(result.blocks[0]), 'Look: arch and so on.');
    assert.deepEqual(types(childrenOf(result.blocks[0])), ['callout']);
    assert.deepEqual(
      result.localImages.map((i) => [i.path, i.alt]),
      [
        ['../img/arch.png', 'arch'],
        ['logo.png', 'Logo'],
      ],
    );
    // The listed block is the very placeholder in the tree, so an upload step can replace it in place.
    assert.equal(result.localImages[0].block, childrenOf(result.blocks[0])[0]);
    assert.equal(result.localImages[1].block, result.blocks[1]);
  });

  test('footnotes: [n] references and a Footnotes section at the end', () => {
    const md =
      'Claim[^b] and other[^a].\n\n[^a]: Second *note*.\n[^b]: First note.\n\n    More of the first.\n\nAfter.';
    const { blocks } = convert(md);
    assert.deepEqual(types(blocks), ['paragraph', 'paragraph', 'heading_3', 'paragraph', 'paragraph']);
    assert.equal(text(blocks[0]), 'Claim[1] and other[2].');
    assert.equal(text(blocks[1]), 'After.');
    assert.equal(text(blocks[2]), 'Footnotes');
    assert.equal(text(blocks[3]), '[1] First note.');
    assert.deepEqual(childrenOf(blocks[3]).map(text), ['More of the first.']);
    assert.equal(text(blocks[4]), '[2] Second note.');
  });

  test('raw HTML reads as a reader sees it; <br> is a line break, <kbd> code', () => {
    const { blocks } = convert('<div align="center">\n  <b>Hi</b>\n</div>\n\nText with <kbd>Ctrl</kbd><br>next');
    assert.deepEqual(types(blocks), ['paragraph', 'paragraph']);
    assert.equal(text(blocks[0]), 'Hi');
    assert.equal(rt(blocks[0])[0].annotations?.bold, true);
    assert.equal(text(blocks[1]), 'Text with Ctrl\nnext');
    assert.equal(rt(blocks[1]).find((i) => textOf([i]) === 'Ctrl')?.annotations?.code, true);
  });
});

describe('markdown: front matter and title', () => {
  test('front matter fills frontMatter and is not in the body', () => {
    const md =
      '---\ntitle: Q3 Plan\ntags: [infra, "cost"]\nstatus: Draft\ndate: 2024-05-01\nowner: me\n---\n# Heading\n\nBody.\n';
    const result = convert(md, 'plans/q3.md');
    assert.equal(result.title, 'Q3 Plan');
    assert.deepEqual(result.frontMatter.tags, ['infra', 'cost']);
    assert.equal(result.frontMatter.status, 'Draft');
    assert.equal(result.frontMatter.date, '2024-05-01');
    assert.equal(result.frontMatter.data?.owner, 'me');
    assert.match(result.frontMatter.raw, /^title: Q3 Plan/);
    assert.deepEqual(types(result.blocks), ['heading_1', 'paragraph']);
    assert.doesNotMatch(blocksToPlainText(result.blocks), /Q3 Plan|infra|Draft/);
    assert.deepEqual(result.warnings, []);
  });

  test('comma-separated tags', () => {
    assert.deepEqual(convert('---\ntags: a, b ,c\n---\n').frontMatter.tags, ['a', 'b', 'c']);
  });

  test('title falls back to the first h1, then the file name, then Untitled', () => {
    assert.equal(convert('## two\n\n# The Title *x*\n', 'a/b.md').title, 'The Title x');
    assert.equal(convert('just text', 'reports/weekly-2024-05.md').title, 'weekly-2024-05');
    assert.equal(convert('just text').title, 'Untitled');
  });

  test('only front matter → no blocks', () => {
    const result = convert('---\ntitle: Only\n---\n');
    assert.deepEqual(result.blocks, []);
    assert.equal(result.title, 'Only');
  });

  test('invalid YAML is a warning, not a crash, and the body is still converted', () => {
    const result = convert('---\ntitle: [unclosed\n  : : bad\n---\n# Body\n', 'plans/bad.md');
    assert.equal(result.frontMatter.title, undefined);
    assert.equal(result.warnings.length, 1);
    assert.match(result.warnings[0], /front matter is not valid YAML/);
    assert.deepEqual(types(result.blocks), ['heading_1']);
    assert.equal(result.title, 'Body');
  });

  test('front matter that is not a mapping is a warning', () => {
    const result = convert('---\n- a\n- b\n---\ntext');
    assert.match(result.warnings[0], /not a YAML mapping/);
    assert.deepEqual(types(result.blocks), ['paragraph']);
  });
});

describe('markdown: sizes and bad input', () => {
  test('empty input', () => {
    const result = convert('');
    assert.deepEqual(result.blocks, []);
    assert.deepEqual(result.warnings, []);
    assert.equal(result.title, 'Untitled');
  });

  test('a 5,000-character paragraph → items ≤ 2000, text preserved exactly', () => {
    const words: string[] = [];
    while (words.join(' ').length < 5000) words.push(`word${words.length}`);
    const para = words.join(' ').slice(0, 5000).trimEnd();
    const { blocks } = convert(para);
    assert.equal(blocks.length, 1);
    const items = rt(blocks[0]);
    assert.equal(items.length, 3);
    assert.ok(items.every((i) => textOf([i]).length <= 2000));
    assert.equal(text(blocks[0]), para);
  });

  test('a surrogate pair at the 2000 boundary is not split', () => {
    const para = 'a'.repeat(1999) + '😀' + 'b'.repeat(10);
    const { blocks } = convert(para);
    const items = rt(blocks[0]).map((i) => textOf([i]));
    assert.deepEqual(
      items.map((s) => s.length),
      [1999, 12],
    );
    assert.equal(items.join(''), para);
  });

  test('emoji and CJK text of many thousand units survive intact', () => {
    const emoji = '😀🎉👍🏽'.repeat(700); // every char a surrogate pair or modifier pair
    const cjk = '漢字かな交じり文。'.repeat(400);
    const { blocks } = convert(`${emoji}\n\n${cjk}`);
    assert.equal(text(blocks[0]), emoji);
    assert.equal(text(blocks[1]), cjk);
    for (const items of allRichText(blocks)) assert.ok((items as RichText[]).every((i) => textOf([i]).length <= 2000));
  });

  test('150 alternating bold/plain segments → 2 paragraphs (100 + 50 items)', () => {
    const parts = Array.from({ length: 150 }, (_, i) => (i % 2 === 0 ? `**b${i}**` : ` p${i} `));
    const md = parts.join('');
    const { blocks } = convert(md);
    assert.deepEqual(types(blocks), ['paragraph', 'paragraph']);
    assert.equal(rt(blocks[0]).length, 100);
    assert.equal(rt(blocks[1]).length, 50);
    const expected = parts
      .map((p) => p.replace(/\*\*/g, ''))
      .join('')
      .trimEnd();
    assert.equal(text(blocks[0]) + text(blocks[1]), expected);
  });

  test('a heading over 100 items → consecutive headings; a list item → overflow in a child paragraph', () => {
    const segs = Array.from({ length: 130 }, (_, i) => (i % 2 === 0 ? `*i${i}*` : `-${i}-`)).join('');
    const heading = convert(`## ${segs}`).blocks;
    assert.deepEqual(types(heading), ['heading_2', 'heading_2']);
    const list = convert(`1. ${segs}\n   - child`).blocks;
    assert.deepEqual(types(list), ['numbered_list_item']);
    assert.equal(rt(list[0]).length, 100);
    assert.deepEqual(types(childrenOf(list[0])), ['paragraph', 'bulleted_list_item']);
    assert.equal(rt(childrenOf(list[0])[0]).length, 30);
  });

  test('a table cell over 100 items is fitted into 100', () => {
    const cell = Array.from({ length: 140 }, (_, i) => (i % 2 === 0 ? `**${i}**` : `_${i}_`)).join(' ');
    const { blocks } = convert(`| h |\n|---|\n| ${cell} |\n`);
    const cells = body((body(blocks[0]).children as Block[])[1]).cells as RichText[][];
    assert.ok(cells[0].length <= 100);
  });

  test('a 120,000-character CJK paragraph is split so that each block stays small enough to send', () => {
    const para = '漢字かな交じり文。'.repeat(13_334).slice(0, 120_000);
    const { blocks } = convert(para);
    assert.ok(blocks.length >= 2);
    assert.equal(blocks.map(text).join(''), para);
  });

  test('a 200,000-character single line', () => {
    const line = 'lorem ipsum '.repeat(20_000).slice(0, 200_000) + 'end';
    const started = Date.now();
    const { blocks } = convert(line);
    assert.ok(Date.now() - started < 5000);
    assert.equal(blocks.map(text).join(''), line.trimEnd());
    assert.deepEqual(types(blocks), ['paragraph', 'paragraph']);
  });

  test('binary-ish garbage does not crash and yields valid blocks', () => {
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    let garbage = '';
    for (let i = 0; i < 20_000; i++) garbage += String.fromCharCode(Math.floor(rand() * 0xffff));
    garbage += '\u0000\u0001\u0007\uD800 lone \uDC00 ` ``` $$ | --- > [!NOTE] ![x](';
    const result = convert(garbage);
    const all = JSON.stringify(result.blocks);
    assert.doesNotMatch(all, /\\u0000|\\u0001|\\u0007/);
  });

  test('deeply nested quotes (300 levels) do not overflow the stack', () => {
    const result = convert('>'.repeat(300) + ' deep');
    assert.ok(result.blocks.length > 0);
    assert.match(blocksToPlainText(result.blocks), /deep/);
  });

  test('a ~450-block document with every construct converts to valid blocks, all text present', () => {
    const section = (i: number) =>
      [
        `## Section ${i}`,
        `Paragraph ${i} with **bold**, *italic*, \`code\`, [a link](https://example.com/${i}) and $x_${i}$.`,
        `- item ${i}.1\n  - nested ${i}.2\n    - deeper ${i}.3`,
        `1. first ${i}\n2. second ${i}`,
        `- [x] done ${i}`,
        `> quote ${i}`,
        `> [!TIP]\n> tip ${i}`,
        '```ts\nconst n' + i + ' = ' + i + ';\n```',
        `| k | v |\n|---|---|\n| key${i} | val${i} |`,
        '---',
      ].join('\n\n');
    const md = '# Big document\n\n' + Array.from({ length: 45 }, (_, i) => section(i)).join('\n\n');
    const { blocks, title } = convert(md);
    assert.equal(title, 'Big document');
    assert.ok(blocks.length >= 450, `${blocks.length} top-level blocks`);
    const plain = blocksToPlainText(blocks);
    for (let i = 0; i < 45; i++) {
      for (const s of [
        `Section ${i}`,
        `Paragraph ${i} with bold`,
        `deeper ${i}.3`,
        `tip ${i}`,
        `const n${i} = ${i};`,
        `key${i} | val${i}`,
      ]) {
        assert.ok(plain.includes(s), `missing "${s}"`);
      }
    }
  });
});

describe('markdown: long documents are parsed in sections with the same result', () => {
  const filler = (i: number) =>
    `Filler paragraph ${i} with enough words to take up some room in the document, ${'x'.repeat(60)}.`;
  const big = [
    '---',
    'title: Sectioned',
    '---',
    '# Sectioned document',
    '',
    'See [the spec][spec] and the note[^late].',
    '',
    ...Array.from({ length: 40 }, (_, i) => [filler(i), '']).flat(),
    '```python',
    'def a():',
    '    pass',
    '',
    'def b():',
    '    """Column-0 lines after blank lines, inside a fence."""',
    '',
    'class C:',
    '    pass',
    '```',
    '',
    ...Array.from({ length: 30 }, (_, i) => [filler(100 + i), '']).flat(),
    '<!--',
    '',
    'commented out',
    '',
    '-->',
    '',
    '$$',
    'a = b',
    '',
    'c = d',
    '$$',
    '',
    '~~~~',
    '```',
    '',
    'still code',
    '~~~~',
    '',
    ...Array.from({ length: 30 }, (_, i) => [`- item ${i}`, `  continued ${i}`, '', '> quote ' + i, '']).flat(),
    '![local](./pic.png)',
    '',
    ...Array.from({ length: 30 }, (_, i) => [filler(200 + i), '']).flat(),
    '[spec]: https://example.com/spec',
    '',
    '[^late]: Defined at the very end, referenced at the top.',
    '',
  ].join('\n');

  test('the document is long enough to be split', () => {
    assert.ok(big.length > 15_000, String(big.length));
    assert.ok(splitSections(big).length >= 5);
  });

  test('sectioned and single-pass conversions are identical', () => {
    const sectioned = markdownToBlocks(big, { path: 'big.md' });
    const single = markdownToBlocks(big, { path: 'big.md', singlePass: true });
    assertValidBlocks(sectioned.blocks);
    assert.deepEqual(sectioned.blocks, single.blocks);
    assert.deepEqual(sectioned.warnings, single.warnings);
    assert.deepEqual(sectioned.frontMatter, single.frontMatter);
    assert.equal(sectioned.title, 'Sectioned');
  });

  test('definitions and footnotes resolve across sections', () => {
    const { blocks } = markdownToBlocks(big);
    const first = blocks[1];
    assert.equal(text(first), 'See the spec and the note[1].');
    assert.ok(rt(first).some((i) => i.type === 'text' && i.text.link?.url === 'https://example.com/spec'));
    const last = blocks[blocks.length - 1];
    assert.equal(text(last), '[1] Defined at the very end, referenced at the top.');
  });

  test('fences, math and HTML comments with blank lines stay whole', () => {
    const { blocks } = markdownToBlocks(big);
    const codes = blocks.filter((b) => b.type === 'code').map(text);
    assert.ok(
      codes.includes(
        'def a():\n    pass\n\ndef b():\n    """Column-0 lines after blank lines, inside a fence."""\n\nclass C:\n    pass',
      ),
    );
    assert.ok(codes.includes('```\n\nstill code'));
    assert.ok(blocks.some((b) => b.type === 'equation' && body(b).expression === 'a = b\n\nc = d'));
    // The comment stays whole: nothing of it, nor anything after it, is on the page.
    assert.ok(!blocks.some((b) => /commented out|<!--|-->/.test(text(b))));
  });

  test('warnings carry document line numbers', () => {
    const { warnings } = markdownToBlocks(big, { path: 'big.md' });
    const line = big.split('\n').indexOf('![local](./pic.png)') + 1;
    assert.deepEqual(warnings, [`big.md: line ${line}: local image "./pic.png" was not uploaded`]);
  });

  test('random documents: sectioned equals single-pass', () => {
    let seed = 1234;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pieces = [
      () => `Paragraph ${rand(1000)} with *em* and a ref [x][r${rand(5)}] and note[^n${rand(5)}].`,
      () => `- a ${rand(99)}\n  - b\n\n  para in item\n- c`,
      () => `1. one\n2. two\n   \`\`\`js\n   x()\n\n   y()\n   \`\`\``,
      () => `> quote\n>\n> > nested ${rand(9)}\n\nlazy`,
      () => '```\ncode\n\nat column 0\n\n# not heading\n```',
      () => '<!-- c\n\nstill comment\n-->',
      () => '$$\nx\n\ny\n$$',
      () => `Setext ${rand(9)}\n---`,
      () => `| a | b |\n|---|---|\n| ${rand(9)} | y |`,
      () => `[r${rand(5)}]: https://example.com/${rand(99)}`,
      () => `[^n${rand(5)}]: Note text ${rand(99)}\n\n    continued note`,
      () => '<div>\nhtml\n</div>',
      () => '    indented code\n\n    more',
      () => `> [!NOTE]\n> alert ${rand(9)}`,
      () => '---',
      () => '```unclosed\nrest',
      () => '<pre>\nline\n\nafter blank\n</pre>',
      () => '<script>\nlet a = 1;\n\nlet b = 2;\n</script>',
      () => `Title ${rand(9)}\n===`,
      () => `* star ${rand(9)}\n\n  * nested\n\n    deep para`,
      () => '1) paren\n2) list',
      () => `[r${rand(5)}]:\n  https://example.com/title\n  "Title"`,
      () => `![img][r${rand(5)}] and [r${rand(5)}]`,
      () => '\tTab indented code\n\n\tmore',
      () => '> ```\n> code in quote\n>\n> ```',
      () => '- [ ] task\n- [x] done\n\n      indented in item',
      () => '~~~python\n```\n\nx\n~~~',
      () => '<!--\n```\n\n-->',
      () => '$$ meta\n\\frac{1}{2}\n\n$$',
      () => '---\ntitle: not front matter\n---',
    ];
    for (let doc = 0; doc < 20; doc++) {
      const parts: string[] = [];
      let size = 0;
      const target = 4500 + rand(4000);
      while (size < target) {
        const piece = pieces[rand(pieces.length)]();
        parts.push(piece);
        size += piece.length + 2;
      }
      const md = parts.join('\n\n');
      const a = markdownToBlocks(md);
      const b = markdownToBlocks(md, { singlePass: true });
      assert.deepEqual(a.blocks, b.blocks, `document ${doc} differs`);
      assert.deepEqual(a.warnings, b.warnings);
    }
  });

  test('100 KB of block quotes and lists converts in reasonable time', () => {
    const md = Array.from({ length: 2500 }, (_, i) => `> quote ${i}\n\n- item ${i}\n  - sub ${i}\n`).join('\n');
    assert.ok(md.length > 60_000);
    const started = Date.now();
    const { blocks } = markdownToBlocks(md);
    const elapsed = Date.now() - started;
    assert.equal(blocks.length, 5000);
    assert.ok(elapsed < 15_000, `${elapsed} ms`);
  });
});

describe('markdown: malformed structure keeps every word', () => {
  test('a fence closed at another indentation than its list opened it', () => {
    const words = Array.from({ length: 400 }, (_, i) => `w${i}`);
    const filler = words.slice(0, 200).join(' ');
    const md = [
      filler,
      '',
      '- item',
      '',
      '  ```',
      '  code in item',
      '',
      'not closed properly',
      '```',
      '',
      words.slice(200, 300).join(' '),
      '',
      '```',
      '',
      words.slice(300).join(' '),
      '',
      '> '.repeat(3) + 'x'.repeat(3000),
    ].join('\n');
    for (const singlePass of [false, true]) {
      const { blocks } = markdownToBlocks(md, { singlePass });
      assertValidBlocks(blocks);
      const plain = blocksToPlainText(blocks);
      for (const w of [...words, 'code in item', 'not closed properly'])
        assert.ok(plain.includes(w), `${w} lost (singlePass ${singlePass})`);
    }
  });

  test('a footnote reference without a definition stays as written', () => {
    const { blocks } = convert('Text [^nope] here.');
    assert.equal(text(blocks[0]), 'Text [^nope] here.');
  });
});
