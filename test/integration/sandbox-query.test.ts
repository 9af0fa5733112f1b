// Conformance: data-source queries (filters, sorts, pagination) and block-children pagination.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  APIResponseError,
  Client,
  collectPaginatedAPI,
  isFullBlock,
  isFullPage,
  iteratePaginatedAPI,
  type PageObjectResponse,
  type QueryDataSourceParameters,
} from '@notionhq/client';
import { type Sandbox, startSandbox } from '../../src/sandbox';

let sb: Sandbox;
let notion: Client;
let dsId: string;
const ROWS = 260;

const text = (content: string) => [{ type: 'text' as const, text: { content } }];

async function invalid(p: Promise<unknown>, message: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(APIResponseError.isAPIResponseError(e), String(e));
    assert.equal(e.status, 400);
    assert.equal(e.code, 'validation_error');
    assert.equal(e.message, message);
    return true;
  });
}

function titleOf(p: Parameters<typeof isFullPage>[0] | undefined): string {
  assert.ok(p);
  assert.ok(isFullPage(p));
  const t = p.properties.Name;
  return t?.type === 'title' ? t.title.map((r) => r.plain_text).join('') : '';
}

async function names(
  filter: QueryDataSourceParameters['filter'],
  sorts?: QueryDataSourceParameters['sorts'],
): Promise<string[]> {
  const rows = await collectPaginatedAPI(notion.dataSources.query, { data_source_id: dsId, filter, sorts });
  return rows.map(titleOf);
}

before(async () => {
  sb = await startSandbox({ quiet: true });
  notion = new Client({ auth: sb.token, baseUrl: sb.url, logger: () => undefined });
  const db = await notion.databases.create({
    parent: { type: 'page_id', page_id: sb.rootPageId },
    title: text('Rows'),
    initial_data_source: {
      properties: {
        Name: { title: {} },
        Path: { rich_text: {} },
        Kind: { select: {} },
        Done: { checkbox: {} },
        Size: { number: {} },
        Synced: { date: {} },
        Tags: { multi_select: {} },
      },
    },
  });
  dsId = 'data_sources' in db ? (db.data_sources[0]?.id ?? '') : '';
  for (let i = 0; i < ROWS; i++) {
    await notion.pages.create({
      parent: { data_source_id: dsId },
      properties: {
        Name: { title: text(`row-${String(i).padStart(3, '0')}`) },
        Path: { rich_text: i === 7 ? [] : text(`dir${i % 3}/File-${i}.md`) },
        Kind: { select: { name: ['plan', 'report', 'script'][i % 3] ?? 'plan' } },
        Done: { checkbox: i % 2 === 0 },
        Size: { number: i },
        Synced: { date: { start: `2026-01-${String(1 + (i % 28)).padStart(2, '0')}` } },
        Tags: { multi_select: i % 10 === 0 ? [{ name: 'ten' }] : [] },
      },
    });
  }
});
after(() => sb.close());

describe('query pagination', () => {
  it(`pages through ${ROWS} rows: default page_size 100, opaque cursors, next_cursor null at the end`, async () => {
    const p1 = await notion.dataSources.query({ data_source_id: dsId });
    assert.equal(p1.object, 'list');
    assert.equal(p1.type, 'page_or_data_source');
    assert.equal(p1.results.length, 100);
    assert.equal(p1.has_more, true);
    assert.equal(typeof p1.next_cursor, 'string');
    const p2 = await notion.dataSources.query({ data_source_id: dsId, start_cursor: p1.next_cursor ?? undefined });
    assert.equal(p2.results.length, 100);
    const p3 = await notion.dataSources.query({ data_source_id: dsId, start_cursor: p2.next_cursor ?? undefined });
    assert.equal(p3.results.length, ROWS - 200);
    assert.equal(p3.has_more, false);
    assert.equal(p3.next_cursor, null);
    const all = [...p1.results, ...p2.results, ...p3.results].map((r) => r.id);
    assert.equal(new Set(all).size, ROWS);
    const small = await collectPaginatedAPI(notion.dataSources.query, { data_source_id: dsId, page_size: 37 });
    assert.equal(small.length, ROWS);
  });

  it('page_size > 100 and < 1 are validation errors; bad cursors too', async () => {
    await invalid(
      notion.dataSources.query({ data_source_id: dsId, page_size: 101 }),
      'body failed validation: body.page_size should be ≤ `100`, instead was `101`.',
    );
    await invalid(
      notion.dataSources.query({ data_source_id: dsId, page_size: 0 }),
      'body failed validation: body.page_size should be ≥ `1`, instead was `0`.',
    );
    const p = await notion.dataSources.query({ data_source_id: dsId, page_size: 100 });
    assert.equal(p.results.length, 100);
    await invalid(
      notion.dataSources.query({ data_source_id: dsId, start_cursor: 'garbage' }),
      'body failed validation: body.start_cursor should be a valid cursor returned by a previous request, instead was `"garbage"`.',
    );
  });
});

describe('filters', () => {
  it('text conditions on title and rich_text', async () => {
    assert.deepEqual(await names({ property: 'Name', title: { equals: 'row-005' } }), ['row-005']);
    assert.equal((await names({ property: 'Name', title: { does_not_equal: 'row-005' } })).length, ROWS - 1);
    assert.deepEqual(await names({ property: 'Path', rich_text: { equals: 'dir1/File-4.md' } }), ['row-004']);
    assert.deepEqual(await names({ property: 'Path', rich_text: { equals: 'dir1/file-4.md' } }), [], 'equals is exact');
    assert.deepEqual(await names({ property: 'Path', rich_text: { contains: 'file-25' } }), [
      'row-025',
      'row-250',
      'row-251',
      'row-252',
      'row-253',
      'row-254',
      'row-255',
      'row-256',
      'row-257',
      'row-258',
      'row-259',
    ]);
    assert.equal((await names({ property: 'Path', rich_text: { does_not_contain: 'dir0/' } })).length, ROWS - 87 - 0);
    assert.equal((await names({ property: 'Path', rich_text: { starts_with: 'dir2/' } })).length, 86);
    assert.deepEqual(await names({ property: 'Path', rich_text: { ends_with: '-99.md' } }), ['row-099']);
    assert.deepEqual(await names({ property: 'Path', rich_text: { is_empty: true } }), ['row-007']);
    assert.equal((await names({ property: 'Path', rich_text: { is_not_empty: true } })).length, ROWS - 1);
  });

  it('select, checkbox, number, multi_select', async () => {
    assert.equal((await names({ property: 'Kind', select: { equals: 'report' } })).length, 87);
    assert.equal((await names({ property: 'Kind', select: { does_not_equal: 'report' } })).length, ROWS - 87);
    assert.equal((await names({ property: 'Done', checkbox: { equals: true } })).length, ROWS / 2);
    assert.deepEqual(await names({ property: 'Size', number: { greater_than: 257 } }), ['row-258', 'row-259']);
    assert.deepEqual(await names({ property: 'Size', number: { less_than_or_equal_to: 1 } }), ['row-000', 'row-001']);
    assert.equal((await names({ property: 'Tags', multi_select: { contains: 'ten' } })).length, 26);
  });

  it('date conditions on a date property', async () => {
    assert.equal((await names({ property: 'Synced', date: { equals: '2026-01-28' } })).length, 9);
    assert.equal((await names({ property: 'Synced', date: { before: '2026-01-02' } })).length, 10);
    assert.equal((await names({ property: 'Synced', date: { on_or_after: '2026-01-28' } })).length, 9);
    assert.equal((await names({ property: 'Synced', date: { after: '2026-01-27' } })).length, 9);
  });

  it('and / or, nested', async () => {
    const got = await names({
      and: [
        { property: 'Kind', select: { equals: 'plan' } },
        {
          or: [
            { property: 'Size', number: { equals: 3 } },
            { property: 'Size', number: { equals: 4 } },
            { property: 'Size', number: { equals: 6 } },
          ],
        },
      ],
    });
    assert.deepEqual(got, ['row-003', 'row-006']);
  });

  it('timestamp filters on last_edited_time and created_time (minute precision)', async () => {
    const before = sb.now();
    sb.advanceClock(10 * 60_000);
    const mark = new Date(Math.floor(sb.now().getTime() / 60_000) * 60_000).toISOString();
    const rows = await notion.dataSources.query({
      data_source_id: dsId,
      filter: { property: 'Name', title: { equals: 'row-010' } },
    });
    const row = rows.results[0];
    assert.ok(row);
    await notion.pages.update({ page_id: row.id, properties: { Done: { checkbox: true } } });
    const edited = await names({ timestamp: 'last_edited_time', last_edited_time: { on_or_after: mark } });
    assert.deepEqual(edited, ['row-010']);
    const old = await names({ timestamp: 'created_time', created_time: { before: mark } });
    assert.equal(old.length, ROWS);
    assert.ok(before.getTime() < Date.parse(mark));
    const sorted = await notion.dataSources.query({
      data_source_id: dsId,
      sorts: [{ timestamp: 'last_edited_time', direction: 'descending' }],
      page_size: 1,
    });
    assert.equal(titleOf(sorted.results[0]), 'row-010');
  });

  it('unknown filter property and mismatched filter type are validation errors', async () => {
    await assert.rejects(
      notion.dataSources.query({ data_source_id: dsId, filter: { property: 'Nope', rich_text: { equals: 'x' } } }),
      (e: unknown) => {
        assert.ok(APIResponseError.isAPIResponseError(e));
        assert.equal(e.code, 'validation_error');
        assert.equal(e.message, 'Could not find property with name or id: Nope');
        return true;
      },
    );
    await assert.rejects(
      notion.dataSources.query({ data_source_id: dsId, filter: { property: 'Kind', checkbox: { equals: true } } }),
      (e: unknown) => {
        assert.ok(APIResponseError.isAPIResponseError(e));
        assert.equal(e.message, 'database property select does not match filter checkbox');
        return true;
      },
    );
  });

  it('trashed rows are excluded', async () => {
    const hit = await notion.dataSources.query({
      data_source_id: dsId,
      filter: { property: 'Name', title: { equals: 'row-020' } },
    });
    const id = hit.results[0]?.id ?? '';
    await notion.pages.update({ page_id: id, in_trash: true });
    assert.deepEqual(await names({ property: 'Name', title: { equals: 'row-020' } }), []);
    await notion.pages.update({ page_id: id, in_trash: false });
    assert.deepEqual(await names({ property: 'Name', title: { equals: 'row-020' } }), ['row-020']);
  });
});

describe('sorts', () => {
  it('by property ascending/descending, multiple keys', async () => {
    const desc = await notion.dataSources.query({
      data_source_id: dsId,
      sorts: [{ property: 'Size', direction: 'descending' }],
      page_size: 3,
    });
    assert.deepEqual(desc.results.map(titleOf), ['row-259', 'row-258', 'row-257']);
    const multi = await notion.dataSources.query({
      data_source_id: dsId,
      sorts: [
        { property: 'Kind', direction: 'descending' },
        { property: 'Name', direction: 'ascending' },
      ],
      page_size: 2,
    });
    assert.deepEqual(multi.results.map(titleOf), ['row-002', 'row-005']);
    const pages = (await collectPaginatedAPI(notion.dataSources.query, {
      data_source_id: dsId,
      sorts: [{ property: 'Name', direction: 'descending' }],
    })) as PageObjectResponse[];
    assert.equal(pages.length, ROWS);
    assert.equal(titleOf(pages[0]), 'row-259');
    assert.equal(titleOf(pages[ROWS - 1]), 'row-000');
  });
});

describe('block children pagination', () => {
  it('lists ≥ 250 children in pages of ≤ 100 with has_children on each block', async () => {
    const page = await notion.pages.create({ parent: { page_id: sb.rootPageId } });
    for (const n of [100, 100, 55]) {
      await notion.blocks.children.append({
        block_id: page.id,
        children: Array.from({ length: n }, () => ({
          toggle: { rich_text: text('t'), children: [{ paragraph: { rich_text: text('c') } }] },
        })),
      });
    }
    const first = await notion.blocks.children.list({ block_id: page.id });
    assert.equal(first.results.length, 100);
    assert.equal(first.has_more, true);
    assert.ok(first.results.every((b) => isFullBlock(b) && b.has_children === true));
    const ids: string[] = [];
    for await (const b of iteratePaginatedAPI(notion.blocks.children.list, { block_id: page.id, page_size: 40 }))
      ids.push(b.id);
    assert.equal(ids.length, 255);
    assert.equal(new Set(ids).size, 255);
    const last = await notion.blocks.children.list({ block_id: page.id, start_cursor: ids[250] });
    assert.equal(last.results.length, 5);
    assert.equal(last.has_more, false);
    assert.equal(last.next_cursor, null);
    await invalid(
      notion.blocks.children.list({ block_id: page.id, page_size: 101 }),
      'query failed validation: query.page_size should be ≤ `100`, instead was `101`.',
    );
  });
});
