import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { markdownToBlocks, parseFrontMatter, scriptToBlocks } from '../../src/core/content';
import type { Block } from '../../src/core/content';
import {
  blocksToMarkdown,
  formatPlaceholder,
  notionToMarkdown,
  notionToScript,
  parsePlaceholder,
  richTextToMarkdown,
  rowFieldsFromProperties,
  scriptEnvelope,
} from '../../src/core/content/from-notion';
import {
  converterStressDocuments,
  markdownDocument,
  outlineDocument,
  pythonScript,
  scriptSource,
} from '../fixtures/corpus';
import { generateWorkspace, syncWorkspaceSpec } from '../../bench/workspaces';
import { asResponse } from './notion-response';

const blocks = (md: string): Block[] => markdownToBlocks(md).blocks;

/** The round trip of issue 13: blocks(md) equals blocks(toMarkdown(blocks(md))). */
function assertFixpoint(md: string, label: string): void {
  const first = blocks(md);
  const canonical = blocksToMarkdown(first);
  assert.deepEqual(blocks(canonical), first, `${label}: blocks differ after one round trip\n${canonical}`);
  // And the canonical text is a text fixpoint too: converting it again writes it again.
  assert.equal(blocksToMarkdown(blocks(canonical)), canonical, `${label}: canonical text is not stable`);
}

const TRICKY = [
  '# Title with *emphasis*, **strong**, ~~strike~~ and `code`',
  'Prices: $5 and $10, 50% off; a_b_c but _x_ and *y*; 2 < 3 > 1 & &amp; stays; back\\slash',
  'Autolinks https://example.com/x and www.example.com and me@example.com stay links',
  'Text that is not a link: https\\://example.com, www\\.example.com, me\\@example.com',
  '**bold [link inside](https://example.com/a) still bold** and [**bold link**](https://example.com/b)',
  '***both*** and **bold *nested italic* bold** then `a ` `` b`c ``',
  'Line one  \nline two\\\nline three',
  '- [x] done\n- [ ] open\n  - child\n    1. deep\n       - deeper',
  '1. one\n2. two\n\n   para in two\n3. three',
  '> quote\n>\n> second paragraph\n>\n> ```py\n> x = 1\n> ```',
  '> [!WARNING]\n> Careful **now**\n>\n> - item',
  '> [!TIP]',
  '| a | b | c |\n|---|:-:|--:|\n| `x|y` | **b** | |\n| 1 |',
  '![local](../images/a b.png)\n\n![remote](https://example.com/i.png "t")\n\n![](https://example.com/j.png)',
  '```\nplain\n```\n\n````md\n```inner```\n````\n\n```\n```',
  '$$\n\\int_0^1 x\\,dx\n$$\n\nInline $a+b$ math',
  '---\n\n***\n\n#### four\n\n##### five',
  '\\# not a heading\n\n\\- not a list\n\n1\\. not a list\n\n\\> not a quote\n\n\\+ plus',
  'Footnote ref[^1] here.\n\n[^1]: The note.',
  'Ref [link][r] text.\n\n[r]: https://example.com/ref',
  '<div>html block</div>\n\ninline <span>html</span> and <br> break',
  'Unicode 数据同步 ✅ 🚀 Grüße — "quotes" \'single\'',
  '[relative](../plans/x.md) and [anchor](#top) and [same](same.md)',
];

describe('from-notion: markdown round trip (blocks-level fixpoint)', () => {
  test('hand-written tricky documents', () => {
    for (const [i, md] of TRICKY.entries()) assertFixpoint(md, `tricky #${i}`);
    assertFixpoint(TRICKY.join('\n\n'), 'all tricky together');
  });

  test('test corpus: generated documents of every construct, several seeds and sizes', () => {
    for (const seed of [1, 2, 3, 7, 11])
      for (const size of [20, 150]) {
        assertFixpoint(markdownDocument(size, seed), `markdownDocument(${size}, ${seed})`);
        assertFixpoint(outlineDocument(size, seed), `outlineDocument(${size}, ${seed})`);
      }
  });

  test('converter stress documents (deep lists, long text, many rich-text items, long code and tables)', () => {
    for (const [name, md] of Object.entries(converterStressDocuments(3))) assertFixpoint(md, name);
  });

  test("the benchmark's generated workspace: every markdown file", () => {
    const files = generateWorkspace(syncWorkspaceSpec(true));
    let n = 0;
    for (const [path, text] of Object.entries(files)) {
      if (!path.endsWith('.md')) continue;
      assertFixpoint(text, path);
      n++;
    }
    assert.ok(n >= 20, `expected the quick workspace's 20 documents, saw ${n}`);
  });

  test('response-shaped blocks (ids, plain_text, href, full annotations) render like request blocks', () => {
    for (const md of [...TRICKY, markdownDocument(120, 5), converterStressDocuments(1)['mixed-nesting.md']]) {
      const req = blocks(md);
      const res = req.map((b) => asResponse(b));
      assert.equal(blocksToMarkdown(res), blocksToMarkdown(req));
    }
  });
});

describe('from-notion: blocks markdown cannot express', () => {
  const kept: Block[] = [
    { type: 'bookmark', id: 'b1', bookmark: { url: 'https://example.com/-->x', caption: [] } } as Block,
    { type: 'child_page', id: 'c1', child_page: { title: 'Sub "page"' } } as Block,
    { type: 'child_database', id: 'd1', child_database: { title: 'DB' } } as Block,
    { type: 'synced_block', id: 's1', synced_block: { synced_from: null }, has_children: true } as Block,
    { type: 'column_list', id: 'k1', column_list: {} } as Block,
    { type: 'embed', id: 'e1', embed: { url: 'https://example.com/e' } } as Block,
    { type: 'link_preview', id: 'l1', link_preview: { url: 'https://github.com/x' } } as Block,
    { type: 'table_of_contents', id: 't1', table_of_contents: { color: 'default' } } as Block,
    { type: 'unsupported', id: 'u1', unsupported: {} } as Block,
    { type: 'toggle', id: 'g1', toggle: { rich_text: [{ type: 'text', text: { content: 'Details' } }] } } as Block,
    { type: 'image', id: 'i1', image: { type: 'file', file: { url: 'https://s3/x.png' } } } as Block,
    {
      type: 'callout',
      id: 'o1',
      callout: { rich_text: [{ type: 'text', text: { content: 'custom' } }], icon: { type: 'emoji', emoji: '🔥' } },
    } as Block,
    {
      type: 'paragraph',
      id: 'm1',
      paragraph: {
        rich_text: [
          { type: 'text', text: { content: 'Ask ' }, plain_text: 'Ask ' },
          { type: 'mention', mention: { type: 'user', user: { id: 'u' } }, plain_text: '@Ann' },
        ],
      },
    } as Block,
    {
      type: 'heading_2',
      id: 'h1',
      heading_2: { rich_text: [{ type: 'text', text: { content: 'Toggle heading' } }], is_toggleable: true },
    } as Block,
  ];

  test('each becomes one placeholder line carrying its id and type, which parses back', () => {
    const md = blocksToMarkdown(kept);
    const lines = md.trimEnd().split('\n\n');
    assert.equal(lines.length, kept.length);
    for (const [i, line] of lines.entries()) {
      assert.ok(!line.includes('\n'), line);
      const p = parsePlaceholder(line);
      assert.ok(p, `not a placeholder: ${line}`);
      assert.equal(p.id, kept[i].id);
      assert.equal(p.type, kept[i].type);
      // The comment cannot be closed early by the data it carries.
      assert.equal(line.indexOf('-->'), line.length - 3, line);
    }
    assert.equal(parsePlaceholder(lines[0])!.attrs.url, 'https://example.com/-->x');
    assert.equal(parsePlaceholder(lines[1])!.attrs.title, 'Sub "page"');
    assert.equal(parsePlaceholder(lines[12])!.attrs.text, 'Ask @Ann');
  });

  test('placeholders stay in place between expressible blocks, also nested in a list item', () => {
    const item = blocks('- item')[0];
    (item.bulleted_list_item as { children?: Block[] }).children = [kept[0]];
    const md = blocksToMarkdown([...blocks('Before'), kept[1], item, ...blocks('After')]);
    assert.equal(
      md,
      'Before\n\n<!-- notion:block id=c1 type=child_page title="Sub \\"page\\"" -->\n\n- item\n\n  ' +
        '<!-- notion:block id=b1 type=bookmark url="https://example.com/\\u002d\\u002d\\u003ex" -->\n\nAfter\n',
    );
  });

  test('format and parse are inverse; other comments are not placeholders', () => {
    const p = { id: 'a-b', type: 'embed', attrs: { url: 'https://x.y/ z', text: 'line\nbreak "q" -- >' } };
    assert.deepEqual(parsePlaceholder(formatPlaceholder(p)), p);
    assert.equal(parsePlaceholder('<!-- a comment -->'), undefined);
    assert.equal(parsePlaceholder('<!-- notion:block type=x -->'), undefined);
    assert.equal(parsePlaceholder('text <!-- notion:block id=a type=b -->'), undefined);
  });

  test('empty paragraphs (Enter pressed in Notion) are not content', () => {
    const empty = { type: 'paragraph', paragraph: { rich_text: [] } } as Block;
    assert.equal(blocksToMarkdown([empty, ...blocks('x'), empty]), 'x\n');
  });
});

describe('from-notion: inline text made in Notion', () => {
  const t = (content: string, annotations: Record<string, unknown> = {}, url?: string) => ({
    type: 'text',
    text: { content, link: url ? { url } : null },
    annotations,
    plain_text: content,
  });
  const roundTrip = (items: unknown[]): unknown =>
    (markdownToBlocks(richTextToMarkdown(items)).blocks[0].paragraph as { rich_text: unknown[] }).rich_text;

  test('bold with spaces at its edges keeps its words bold', () => {
    const md = richTextToMarkdown([t('a'), t(' bold ', { bold: true }), t('b')]);
    assert.equal(md, 'a **bold** b');
  });

  test('plain URLs typed without a link keep their text (GFM links them: formatting only)', () => {
    const text = 'see https://x.io/a and www.x.io and me@x.io';
    const rt = roundTrip([t(text)]) as Array<{ text: { content: string } }>;
    assert.equal(rt.map((r) => r.text.content).join(''), text);
  });

  test('markdown syntax typed as text stays text', () => {
    const text = '# *not* _emph_ `code` [x](y) <b> ~~s~~ $m$ | a\\b';
    const rt = roundTrip([t(text)]) as Array<{ text: { content: string } }>;
    assert.equal(rt.map((r) => r.text.content).join(''), text);
  });
});

describe('from-notion: row properties and front matter', () => {
  test('rowFieldsFromProperties reads title, Status, Tags and Date as the API returns them', () => {
    const fields = rowFieldsFromProperties({
      Name: { type: 'title', title: [{ plain_text: 'Q3 ' }, { plain_text: 'plan' }] },
      Status: { type: 'select', select: { name: 'done' } },
      Tags: { type: 'multi_select', multi_select: [{ name: 'a' }, { name: 'b' }] },
      Date: { type: 'date', date: null },
    });
    assert.deepEqual(fields, { title: 'Q3 plan', status: 'done', tags: ['a', 'b'], date: null });
    assert.deepEqual(rowFieldsFromProperties({ Name: { type: 'title', title: [] } }), { title: '' });
  });

  test('a new file from a row: front matter that markdown.ts reads back to the same values', () => {
    const body = blocks('# Plan\n\nText');
    const md = notionToMarkdown({
      blocks: body,
      fields: { title: 'Other', status: 'in progress', tags: ['x', 'y: z'], date: '2026-01-31' },
    });
    const back = markdownToBlocks(md);
    assert.equal(back.frontMatter.title, 'Other');
    assert.equal(back.frontMatter.status, 'in progress');
    assert.deepEqual(back.frontMatter.tags, ['x', 'y: z']);
    assert.equal(back.frontMatter.date, '2026-01-31');
    assert.deepEqual(back.blocks, body);
    // The title is not repeated when the first heading says it.
    const same = notionToMarkdown({ blocks: body, fields: { title: 'Plan', status: null } });
    assert.equal(same, '# Plan\n\nText\n');
    assert.equal(parseFrontMatter('').raw, '');
  });
});

describe('from-notion: scripts', () => {
  const cases: Array<[string, string]> = [
    ['job.py', pythonScript(60, 3)],
    ['job.sh', scriptSource('sh', 40, 2)],
    ['job.ts', scriptSource('ts', 30, 4)],
    ['crlf.py', '\uFEFF#!/usr/bin/env python3\r\n"""Doc."""\r\nprint(1)\r\n'],
    ['no-newline.js', '// x\nconsole.log(1)'],
    ['blank-tail.py', 'x = 1\n\n\n'],
  ];

  test('code blocks give back the exact file, with the BOM, line endings and last newline of the base', () => {
    for (const [path, text] of cases) {
      const pushed = scriptToBlocks(path, text).blocks;
      assert.equal(notionToScript(pushed, scriptEnvelope(text)), text, path);
    }
  });

  test('a script longer than one code block comes back whole', () => {
    const big = Array.from({ length: 12_000 }, (_, i) => `line_${i} = ${'x'.repeat(20)}`).join('\n') + '\n';
    const pushed = scriptToBlocks('big.py', big).blocks;
    assert.ok(pushed.filter((b) => b.type === 'code').length > 1);
    assert.equal(notionToScript(pushed, scriptEnvelope(big)), big);
  });

  test('without a base: LF, no BOM, one final newline', () => {
    const pushed = scriptToBlocks('a.py', 'a\r\nb\r\n').blocks;
    assert.equal(notionToScript(pushed), 'a\nb\n');
  });
});
