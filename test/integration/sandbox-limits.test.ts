// Conformance: every request limit on both sides of its boundary, with Notion's messages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { APIResponseError, Client, type BlockObjectRequest } from '@notionhq/client';
import { type Sandbox, startSandbox } from '../../src/sandbox';

let sb: Sandbox;
let notion: Client;
let pageId: string;
let dsId: string;

const text = (content: string) => [{ type: 'text' as const, text: { content } }];
const para = (content: string): BlockObjectRequest => ({ paragraph: { rich_text: text(content) } });
const paras = (n: number): BlockObjectRequest[] => Array.from({ length: n }, (_, i) => para(`p${i}`));
const PREFIX = 'body failed validation: ';

async function rejects(p: Promise<unknown>, status: number, code: string, message: string | RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(APIResponseError.isAPIResponseError(e), `expected APIResponseError, got ${String(e)}`);
    assert.equal(e.status, status);
    assert.equal(e.code, code);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}
const invalid = (p: Promise<unknown>, message: string | RegExp): Promise<void> =>
  rejects(p, 400, 'validation_error', message);
const append = (children: BlockObjectRequest[]) => notion.blocks.children.append({ block_id: pageId, children });

before(async () => {
  sb = await startSandbox({ quiet: true });
  notion = new Client({ auth: sb.token, baseUrl: sb.url, logger: () => undefined });
  pageId = (
    await notion.pages.create({ parent: { page_id: sb.rootPageId }, properties: { title: { title: text('Limits') } } })
  ).id;
  const db = await notion.databases.create({
    parent: { type: 'page_id', page_id: sb.rootPageId },
    title: text('Limits DB'),
    initial_data_source: {
      properties: { Name: { title: {} }, Path: { rich_text: {} }, Tags: { multi_select: {} }, Link: { url: {} } },
    },
  });
  dsId = 'data_sources' in db ? (db.data_sources[0]?.id ?? '') : '';
});
after(() => sb.close());

describe('children per request', () => {
  it('append: 100 accepted, 101 rejected', async () => {
    const ok = await append(paras(100));
    assert.equal(ok.results.length, 100);
    await invalid(append(paras(101)), `${PREFIX}body.children.length should be ≤ \`100\`, instead was \`101\`.`);
  });

  it('pages.create: 100 accepted, 101 rejected', async () => {
    const ok = await notion.pages.create({
      parent: { data_source_id: dsId },
      properties: { Name: { title: text('100') } },
      children: paras(100),
    });
    const listed = await notion.blocks.children.list({ block_id: ok.id });
    assert.equal(listed.results.length, 100);
    await invalid(
      notion.pages.create({
        parent: { data_source_id: dsId },
        properties: { Name: { title: text('101') } },
        children: paras(101),
      }),
      `${PREFIX}body.children.length should be ≤ \`100\`, instead was \`101\`.`,
    );
  });

  it('nested children: 100 accepted, 101 rejected at the nested path', async () => {
    await append([{ toggle: { rich_text: text('t'), children: paras(100) as never } }]);
    await invalid(
      append([para('x'), { toggle: { rich_text: text('t'), children: paras(101) as never } }]),
      `${PREFIX}body.children[1].toggle.children.length should be ≤ \`100\`, instead was \`101\`.`,
    );
  });
});

describe('nesting depth', () => {
  it('two levels of nesting accepted, a third rejected', async () => {
    const ok = await append([
      {
        bulleted_list_item: {
          rich_text: text('1'),
          children: [{ bulleted_list_item: { rich_text: text('2'), children: [para('3')] as never } }],
        },
      },
    ]);
    assert.equal(ok.results.length, 1);
    const deep = [{ bulleted_list_item: { rich_text: text('4'), children: [para('too deep')] } }];
    await invalid(
      append([
        para('x'),
        {
          bulleted_list_item: {
            rich_text: text('1'),
            children: [{ bulleted_list_item: { rich_text: text('2'), children: deep } }],
          },
        } as never,
      ]),
      `${PREFIX}body.children[1].bulleted_list_item.children[0].bulleted_list_item.children[0].bulleted_list_item.children should be not present, instead was \`${JSON.stringify([para('too deep')])}\`.`,
    );
  });
});

describe('blocks and bytes per request', () => {
  it('1000 blocks in one request accepted, 1001 rejected', async () => {
    const tree = (n: number): BlockObjectRequest[] =>
      Array.from({ length: 100 }, (_, i) => ({ toggle: { rich_text: text(`t${i}`), children: paras(n) as never } }));
    const ok = await append(tree(9)); // 100 + 100 × 9 = 1000
    assert.equal(ok.results.length, 100);
    const over = tree(9);
    over[99] = { toggle: { rich_text: text('t99'), children: paras(10) as never } }; // 1001
    await invalid(append(over), /block elements, which is more than the limit of `1000` blocks per request\.$/);
  });

  it('≈400 KB accepted, > 500 KB rejected', async () => {
    const big = (items: number): BlockObjectRequest[] =>
      Array.from({ length: 100 }, () => ({
        paragraph: { rich_text: Array.from({ length: items }, () => ({ text: { content: 'x'.repeat(2000) } })) },
      }));
    const ok = await append(big(2));
    assert.equal(ok.results.length, 100);
    await invalid(
      append(big(3)),
      /^body failed validation: the request body should be ≤ `512000` bytes, instead was `\d+`\.$/,
    );
  });
});

describe('rich text', () => {
  it('text.content: 2000 UTF-16 units accepted, 2001 rejected (path-accurate)', async () => {
    await append([{ paragraph: { rich_text: [{ text: { content: '😀'.repeat(1000) } }] } }]); // 2000 units
    const items = Array.from({ length: 17 }, (_, i) => ({
      text: { content: i === 16 ? '😀'.repeat(1000) + 'a' : 'ok' },
    }));
    await invalid(
      append([{ paragraph: { rich_text: items } }]),
      `${PREFIX}body.children[0].paragraph.rich_text[16].text.content.length should be ≤ \`2000\`, instead was \`2001\`.`,
    );
  });

  it('link URL: 2000 accepted, 2001 rejected; invalid URL rejected', async () => {
    const url = (n: number): string => 'https://example.com/' + 'a'.repeat(n - 20);
    await append([{ paragraph: { rich_text: [{ text: { content: 'l', link: { url: url(2000) } } }] } }]);
    await invalid(
      append([{ paragraph: { rich_text: [{ text: { content: 'l', link: { url: url(2001) } } }] } }]),
      `${PREFIX}body.children[0].paragraph.rich_text[0].text.link.url.length should be ≤ \`2000\`, instead was \`2001\`.`,
    );
    await invalid(
      append([{ paragraph: { rich_text: [{ text: { content: 'l', link: { url: 'not a url' } } }] } }]),
      'Content creation Failed. Fix the following: \nInvalid URL for link.',
    );
    await invalid(
      append([{ paragraph: { rich_text: [{ text: { content: 'l', link: { url: '/relative/path' } } }] } }]),
      'Content creation Failed. Fix the following: \nInvalid URL for link.',
    );
  });

  it('100 rich-text items accepted, 101 rejected', async () => {
    const items = (n: number) => Array.from({ length: n }, () => ({ text: { content: 'x' } }));
    await append([{ paragraph: { rich_text: items(100) } }]);
    await invalid(
      append([{ paragraph: { rich_text: items(101) } }]),
      `${PREFIX}body.children[0].paragraph.rich_text.length should be ≤ \`100\`, instead was \`101\`.`,
    );
  });

  it('equation expression: 1000 accepted, 1001 rejected (block and inline)', async () => {
    await append([
      { equation: { expression: 'x'.repeat(1000) } },
      { paragraph: { rich_text: [{ equation: { expression: 'y'.repeat(1000) } }] } },
    ]);
    await invalid(
      append([{ equation: { expression: 'x'.repeat(1001) } }]),
      `${PREFIX}body.children[0].equation.expression.length should be ≤ \`1000\`, instead was \`1001\`.`,
    );
    await invalid(
      append([{ paragraph: { rich_text: [{ equation: { expression: 'y'.repeat(1001) } }] } }]),
      `${PREFIX}body.children[0].paragraph.rich_text[0].equation.expression.length should be ≤ \`1000\`, instead was \`1001\`.`,
    );
  });

  it('limits apply to properties and block updates too', async () => {
    await notion.pages.create({
      parent: { data_source_id: dsId },
      properties: { Path: { rich_text: text('p'.repeat(2000)) } },
    });
    await invalid(
      notion.pages.create({
        parent: { data_source_id: dsId },
        properties: { Path: { rich_text: text('p'.repeat(2001)) } },
      }),
      `${PREFIX}body.properties.Path.rich_text[0].text.content.length should be ≤ \`2000\`, instead was \`2001\`.`,
    );
    const blockId = (await append([para('u')])).results[0]?.id ?? '';
    await notion.blocks.update({ block_id: blockId, paragraph: { rich_text: text('q'.repeat(2000)) } });
    await invalid(
      notion.blocks.update({ block_id: blockId, paragraph: { rich_text: text('q'.repeat(2001)) } }),
      `${PREFIX}body.paragraph.rich_text[0].text.content.length should be ≤ \`2000\`, instead was \`2001\`.`,
    );
    const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `t${i}` }));
    await notion.pages.create({ parent: { data_source_id: dsId }, properties: { Tags: { multi_select: tags(100) } } });
    await invalid(
      notion.pages.create({ parent: { data_source_id: dsId }, properties: { Tags: { multi_select: tags(101) } } }),
      `${PREFIX}body.properties.Tags.multi_select.length should be ≤ \`100\`, instead was \`101\`.`,
    );
    await notion.pages.create({
      parent: { data_source_id: dsId },
      properties: { Link: { url: 'https://e.x/' + 'a'.repeat(1988) } },
    });
    await invalid(
      notion.pages.create({
        parent: { data_source_id: dsId },
        properties: { Link: { url: 'https://e.x/' + 'a'.repeat(1989) } },
      }),
      `${PREFIX}body.properties.Link.url.length should be ≤ \`2000\`, instead was \`2001\`.`,
    );
  });
});

describe('block-specific rules', () => {
  it('table rows must have table_width cells', async () => {
    const ok = await append([
      { table: { table_width: 3, children: [{ table_row: { cells: [text('a'), text('b'), text('c')] } }] } },
    ]);
    const tableId = ok.results[0]?.id ?? '';
    const mismatch =
      'Content creation Failed. Fix the following: \nNumber of cells in table row must match the table width of the parent table';
    await invalid(
      append([{ table: { table_width: 3, children: [{ table_row: { cells: [text('a'), text('b')] } }] } }]),
      mismatch,
    );
    // appending rows to an existing table checks its width as well
    await notion.blocks.children.append({
      block_id: tableId,
      children: [{ table_row: { cells: [text('1'), text('2'), text('3')] } }],
    });
    await invalid(
      notion.blocks.children.append({
        block_id: tableId,
        children: [{ table_row: { cells: [text('1'), text('2'), text('3'), text('4')] } }],
      }),
      mismatch,
    );
    await invalid(
      append([{ table: { table_width: 2 } } as never]),
      `${PREFIX}body.children[0].table.children should be defined, instead was \`undefined\`.`,
    );
    const rows = await notion.blocks.children.list({ block_id: tableId });
    assert.equal(rows.results.length, 2);
  });

  it('code language must be one of the exact enum values', async () => {
    const res = await append([
      { code: { rich_text: text('x'), language: 'typescript' } },
      { code: { rich_text: text('x'), language: 'plain text' } },
      { code: { rich_text: text('x'), language: 'java/c/c++/c#' } },
    ]);
    assert.equal(res.results.length, 3);
    await assert.rejects(append([{ code: { rich_text: text('x'), language: 'ts' as 'typescript' } }]), (e: unknown) => {
      assert.ok(APIResponseError.isAPIResponseError(e));
      assert.equal(e.code, 'validation_error');
      assert.ok(
        e.message.startsWith(
          'body failed validation: body.children[0].code.language should be `"abap"`, `"abc"`, `"agda"`, ',
        ),
        e.message,
      );
      assert.ok(e.message.includes('`"plain text"`'));
      assert.ok(e.message.endsWith(', or `"java/c/c++/c#"`, instead was `"ts"`.'), e.message);
      return true;
    });
  });

  it('blocks without children support refuse appends; trashed parents refuse appends', async () => {
    const res = await append([{ divider: {} }, { toggle: { rich_text: text('t') } }]);
    const [divider, toggle] = res.results;
    await invalid(
      notion.blocks.children.append({ block_id: divider?.id ?? '', children: [para('x')] }),
      'Block type divider does not support children.',
    );
    await notion.blocks.delete({ block_id: toggle?.id ?? '' });
    await invalid(
      notion.blocks.children.append({ block_id: toggle?.id ?? '', children: [para('x')] }),
      "Can't edit block that is archived. You must unarchive the block before editing.",
    );
  });
});
