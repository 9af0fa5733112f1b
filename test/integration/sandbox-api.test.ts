// Conformance: the sandbox through the real @notionhq/client — protocol, objects, CRUD semantics.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  APIResponseError,
  Client,
  UnknownHTTPResponseError,
  isFullBlock,
  isFullDataSource,
  isFullDatabase,
  isFullPage,
  isFullUser,
  type BlockObjectResponse,
  type PageObjectResponse,
} from '@notionhq/client';
import { type Sandbox, startSandbox } from '../../src/sandbox';

let sb: Sandbox;
let notion: Client;

const quiet = (): void => undefined;
const text = (content: string) => [{ type: 'text' as const, text: { content } }];
const para = (content: string) => ({ paragraph: { rich_text: text(content) } });

async function rejects(p: Promise<unknown>, status: number, code: string, message?: string | RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(APIResponseError.isAPIResponseError(e), `expected APIResponseError, got ${String(e)}`);
    assert.equal(e.status, status);
    assert.equal(e.code, code);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  });
}

async function raw(
  method: string,
  path: string,
  init: { body?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  return fetch(`${sb.url}${path}`, { method, body: init.body, headers: init.headers });
}

const goodHeaders = (): Record<string, string> => ({
  authorization: `Bearer ${sb.token}`,
  'Notion-Version': '2025-09-03',
  'content-type': 'application/json',
});

async function makeDb(title = 'Plans') {
  const db = await notion.databases.create({
    parent: { type: 'page_id', page_id: sb.rootPageId },
    title: text(title),
    initial_data_source: {
      properties: {
        Name: { title: {} },
        Path: { rich_text: {} },
        Kind: { select: { options: [{ name: 'plan', color: 'blue' }] } },
        Tags: { multi_select: {} },
        Size: { number: {} },
        Done: { checkbox: {} },
        Synced: { date: {} },
        Link: { url: {} },
      },
    },
  });
  assert.ok(isFullDatabase(db));
  const dsId = db.data_sources[0]?.id;
  assert.ok(dsId);
  return { db, dsId };
}

before(async () => {
  sb = await startSandbox({ quiet: true });
  notion = new Client({ auth: sb.token, baseUrl: sb.url, logger: quiet });
});
after(() => sb.close());

describe('protocol', () => {
  it('users.me returns the bot with workspace name and owner', async () => {
    const me = await notion.users.me({});
    assert.ok(isFullUser(me));
    assert.equal(me.object, 'user');
    assert.equal(me.type, 'bot');
    assert.ok(me.type === 'bot');
    assert.equal(me.bot.workspace_name, 'Sandbox Workspace');
    assert.deepEqual(me.bot.owner, { type: 'workspace', workspace: true });
    const list = await notion.users.list({});
    assert.equal(list.results.length, 2);
    assert.ok(list.results.some((u) => isFullUser(u) && u.type === 'person'));
  });

  it('sends Notion headers: JSON content type, request id, Date from the sandbox clock', async () => {
    const res = await raw('GET', '/v1/users/me', { headers: goodHeaders() });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.match(res.headers.get('x-notion-request-id') ?? '', /^[0-9a-f-]{36}$/);
    const date = Date.parse(res.headers.get('date') ?? '');
    assert.ok(Math.abs(date - sb.now().getTime()) < 2000);
    sb.advanceClock(3 * 3600_000);
    const later = await raw('GET', '/v1/users/me', { headers: goodHeaders() });
    const date2 = Date.parse(later.headers.get('date') ?? '');
    assert.ok(date2 - date >= 3 * 3600_000 - 2000, 'Date header follows the advanced clock');
    await later.text();
  });

  it('missing Notion-Version → 400 missing_version', async () => {
    const res = await raw('GET', '/v1/users/me', { headers: { authorization: `Bearer ${sb.token}` } });
    assert.equal(res.status, 400);
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body.object, 'error');
    assert.equal(body.code, 'missing_version');
    assert.equal(
      body.message,
      'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.',
    );
    assert.equal(body.request_id, res.headers.get('x-notion-request-id'));
  });

  it('unsupported Notion-Version → validation_error', async () => {
    const old = new Client({ auth: sb.token, baseUrl: sb.url, notionVersion: '2022-06-28', logger: quiet });
    await rejects(
      old.users.me({}),
      400,
      'validation_error',
      'Notion-Version header failed validation: Notion-Version header should be `"2025-09-03"`, instead was `"2022-06-28"`.',
    );
  });

  it('missing or wrong token → 401 unauthorized', async () => {
    await rejects(
      new Client({ auth: 'nope', baseUrl: sb.url, logger: quiet }).users.me({}),
      401,
      'unauthorized',
      'API token is invalid.',
    );
    await rejects(
      new Client({ baseUrl: sb.url, logger: quiet }).users.me({}),
      401,
      'unauthorized',
      'API token is invalid.',
    );
  });

  it('malformed JSON → 400 invalid_json; unknown route → 400 invalid_request_url', async () => {
    const bad = await raw('POST', '/v1/search', { body: '{"query":', headers: goodHeaders() });
    assert.equal(bad.status, 400);
    assert.deepEqual(
      { ...((await bad.json()) as object), request_id: 'x' },
      { object: 'error', status: 400, code: 'invalid_json', message: 'Error parsing JSON body.', request_id: 'x' },
    );
    const unknown = await raw('GET', '/v1/nothing-here', { headers: goodHeaders() });
    assert.equal(unknown.status, 400);
    const ub = (await unknown.json()) as Record<string, unknown>;
    assert.equal(ub.code, 'invalid_request_url');
    assert.equal(ub.message, 'Invalid request URL.');
    const wrongMethod = await raw('DELETE', '/v1/pages/' + sb.rootPageId, { headers: goodHeaders() });
    assert.equal(wrongMethod.status, 400);
    assert.equal(((await wrongMethod.json()) as Record<string, unknown>).code, 'invalid_request_url');
  });

  it('unknown ids → 404 object_not_found with Notion wording; malformed ids → path validation', async () => {
    const id = '0b3f2e8c-6a3e-4c5b-9d2f-1a2b3c4d5e6f';
    await rejects(
      notion.pages.retrieve({ page_id: id }),
      404,
      'object_not_found',
      `Could not find page with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`,
    );
    await rejects(
      notion.blocks.retrieve({ block_id: id }),
      404,
      'object_not_found',
      `Could not find block with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`,
    );
    await rejects(
      notion.databases.retrieve({ database_id: id }),
      404,
      'object_not_found',
      `Could not find database with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`,
    );
    await rejects(
      notion.dataSources.retrieve({ data_source_id: id }),
      404,
      'object_not_found',
      /^Could not find data source with ID/,
    );
    await rejects(
      notion.pages.retrieve({ page_id: 'not-an-id' }),
      400,
      'validation_error',
      'path failed validation: path.page_id should be a valid uuid, instead was `"not-an-id"`.',
    );
  });

  it('accepts ids without dashes and answers with dashed lowercase ids', async () => {
    const plain = sb.rootPageId.replace(/-/g, '').toUpperCase();
    const page = await notion.pages.retrieve({ page_id: plain });
    assert.equal(page.id, sb.rootPageId);
    assert.match(page.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});

describe('databases and data sources', () => {
  it('create → database with data_sources [{id,name}] and no properties; data source holds the schema', async () => {
    const { db, dsId } = await makeDb('Reports');
    assert.equal(db.object, 'database');
    assert.deepEqual(db.data_sources, [{ id: dsId, name: 'Reports' }]);
    assert.equal('properties' in db, false);
    assert.deepEqual(db.parent, { type: 'page_id', page_id: sb.rootPageId });
    const again = await notion.databases.retrieve({ database_id: db.id });
    assert.ok(isFullDatabase(again));
    assert.deepEqual(again.data_sources, db.data_sources);
    const ds = await notion.dataSources.retrieve({ data_source_id: dsId });
    assert.ok(isFullDataSource(ds));
    assert.deepEqual(ds.parent, { type: 'database_id', database_id: db.id });
    assert.deepEqual(Object.keys(ds.properties).sort(), [
      'Done',
      'Kind',
      'Link',
      'Name',
      'Path',
      'Size',
      'Synced',
      'Tags',
    ]);
    const name = ds.properties.Name;
    assert.ok(name);
    assert.equal(name.id, 'title');
    assert.equal(name.type, 'title');
    assert.equal(name.name, 'Name');
    const kind = ds.properties.Kind;
    assert.ok(kind && kind.type === 'select');
    assert.equal(kind.select.options[0]?.name, 'plan');
    assert.equal(kind.select.options[0]?.color, 'blue');
    for (const p of Object.values(ds.properties)) assert.equal(typeof p.id, 'string');
    // the database appears as a child_database block of its parent page
    const kids = await notion.blocks.children.list({ block_id: sb.rootPageId });
    assert.ok(kids.results.some((b) => isFullBlock(b) && b.type === 'child_database' && b.id === db.id));
  });

  it('update database title; data source update adds, renames and removes properties', async () => {
    const { db, dsId } = await makeDb('Scripts');
    const upd = await notion.databases.update({ database_id: db.id, title: text('Scripts v2') });
    assert.ok(isFullDatabase(upd));
    assert.equal(upd.title[0]?.plain_text, 'Scripts v2');
    const ds = await notion.dataSources.update({
      data_source_id: dsId,
      properties: { Language: { select: {} }, Path: { name: 'File Path' }, Link: null },
    });
    assert.ok(isFullDataSource(ds));
    assert.ok(ds.properties.Language);
    assert.equal(ds.properties.Language?.type, 'select');
    assert.ok(ds.properties['File Path']);
    assert.equal(ds.properties.Path, undefined);
    assert.equal(ds.properties.Link, undefined);
    // a page written with the old name fails, with the new name works
    await rejects(
      notion.pages.create({ parent: { data_source_id: dsId }, properties: { Path: { rich_text: text('a') } } }),
      400,
      'validation_error',
      'Path is not a property that exists.',
    );
    const page = await notion.pages.create({
      parent: { data_source_id: dsId },
      properties: { 'File Path': { rich_text: text('a') }, Name: { title: text('n') } },
    });
    assert.ok(isFullPage(page));
    assert.equal(page.properties['File Path']?.type, 'rich_text');
  });

  it('search finds pages and data sources by title, filtered by object, paginated', async () => {
    await makeDb('Searchable Agent Chats');
    const all = await notion.search({ query: 'searchable agent' });
    assert.equal(all.results.length, 1);
    assert.equal(all.results[0]?.object, 'data_source');
    const pages = await notion.search({ query: 'Sandbox Root', filter: { property: 'object', value: 'page' } });
    assert.ok(pages.results.every((r) => r.object === 'page'));
    assert.ok(pages.results.some((r) => r.id === sb.rootPageId));
    for (let i = 0; i < 5; i++) sb.seedPage(`Seeded search ${i}`);
    const first = await notion.search({ query: 'seeded search', page_size: 2 });
    assert.equal(first.results.length, 2);
    assert.equal(first.has_more, true);
    assert.ok(first.next_cursor);
    const ids = new Set(first.results.map((r) => r.id));
    let cursor: string | null = first.next_cursor;
    while (cursor) {
      const next = await notion.search({ query: 'seeded search', page_size: 2, start_cursor: cursor });
      next.results.forEach((r) => ids.add(r.id));
      cursor = next.next_cursor;
      if (!next.has_more) assert.equal(next.next_cursor, null);
    }
    assert.equal(ids.size, 5);
    await rejects(
      notion.search({ filter: { property: 'object', value: 'database' as 'page' } }),
      400,
      'validation_error',
      'body failed validation: body.filter.value should be `"page"` or `"data_source"`, instead was `"database"`.',
    );
  });
});

describe('pages', () => {
  it('create a row (data_source_id and database_id parents) with full page object shape', async () => {
    const { db, dsId } = await makeDb();
    const page = await notion.pages.create({
      parent: { type: 'data_source_id', data_source_id: dsId },
      properties: {
        Name: { title: text('plan-01.md') },
        Path: { rich_text: text('plans/plan-01.md') },
        Kind: { select: { name: 'plan' } },
        Tags: { multi_select: [{ name: 'agent' }, { name: 'report' }] },
        Size: { number: 1234 },
        Done: { checkbox: true },
        Synced: { date: { start: '2026-01-10T12:34:56.000Z' } },
        Link: { url: 'https://example.com' },
      },
    });
    assert.ok(isFullPage(page));
    for (const key of [
      'object',
      'id',
      'created_time',
      'last_edited_time',
      'created_by',
      'last_edited_by',
      'cover',
      'icon',
      'parent',
      'in_trash',
      'archived',
      'is_archived',
      'is_locked',
      'properties',
      'url',
      'public_url',
    ]) {
      assert.ok(key in page, `page has ${key}`);
    }
    assert.deepEqual(page.parent, { type: 'data_source_id', data_source_id: dsId, database_id: db.id });
    assert.match(page.created_time, /:00\.000Z$/);
    assert.match(page.url, /^https:\/\/www\.notion\.so\/plan-01-md-[0-9a-f]{32}$/);
    const me = await notion.users.me({});
    assert.equal(page.created_by.id, me.id);
    assert.equal(page.last_edited_by.id, me.id);
    const props = page.properties;
    for (const v of Object.values(props)) {
      assert.equal(typeof v.id, 'string');
      assert.equal(typeof v.type, 'string');
    }
    const title = props.Name;
    assert.ok(title?.type === 'title');
    assert.deepEqual(title.title[0], {
      type: 'text',
      text: { content: 'plan-01.md', link: null },
      annotations: {
        bold: false,
        italic: false,
        strikethrough: false,
        underline: false,
        code: false,
        color: 'default',
      },
      plain_text: 'plan-01.md',
      href: null,
    });
    assert.ok(props.Kind?.type === 'select' && props.Kind.select?.name === 'plan');
    assert.ok(
      props.Tags?.type === 'multi_select' && props.Tags.multi_select.map((o) => o.name).join() === 'agent,report',
    );
    assert.ok(props.Size?.type === 'number' && props.Size.number === 1234);
    assert.ok(props.Done?.type === 'checkbox' && props.Done.checkbox === true);
    assert.ok(props.Synced?.type === 'date' && props.Synced.date?.start === '2026-01-10T12:34:56.000Z');
    assert.ok(props.Link?.type === 'url' && props.Link.url === 'https://example.com');
    // select/multi_select options were auto-created in the schema
    const ds = await notion.dataSources.retrieve({ data_source_id: dsId });
    assert.ok(isFullDataSource(ds));
    const tags = ds.properties.Tags;
    assert.ok(tags?.type === 'multi_select');
    assert.deepEqual(
      tags.multi_select.options.map((o) => o.name),
      ['agent', 'report'],
    );

    const viaDb = await notion.pages.create({
      parent: { database_id: db.id },
      properties: { Name: { title: text('via db') } },
    });
    assert.ok(isFullPage(viaDb));
    assert.deepEqual(viaDb.parent, { type: 'data_source_id', data_source_id: dsId, database_id: db.id });
  });

  it('rejects unknown property names and wrong value types with Notion messages', async () => {
    const { dsId } = await makeDb();
    await rejects(
      notion.pages.create({ parent: { data_source_id: dsId }, properties: { Nope: { rich_text: text('x') } } }),
      400,
      'validation_error',
      'Nope is not a property that exists.',
    );
    await rejects(
      notion.pages.create({
        parent: { data_source_id: dsId },
        properties: { Path: { number: 3 }, Size: { rich_text: text('x') } },
      }),
      400,
      'validation_error',
      'Path is expected to be rich_text. Size is expected to be number.',
    );
    await rejects(
      notion.pages.create({
        parent: { data_source_id: dsId },
        properties: { Size: { number: 'x' as unknown as number } },
      }),
      400,
      'validation_error',
      'body failed validation: body.properties.Size.number should be a number or `null`, instead was `"x"`.',
    );
    await rejects(
      notion.pages.create({ properties: {} } as never),
      400,
      'validation_error',
      'body failed validation: body.parent should be defined, instead was `undefined`.',
    );
  });

  it('page under a page: title only, child_page block in parent, children inline', async () => {
    const page = await notion.pages.create({
      parent: { page_id: sb.rootPageId },
      properties: { title: { title: text('Child page') } },
      children: [para('one'), para('two')],
    });
    assert.ok(isFullPage(page));
    assert.deepEqual(page.parent, { type: 'page_id', page_id: sb.rootPageId });
    assert.deepEqual(Object.keys(page.properties), ['title']);
    const rootKids = await notion.blocks.children.list({ block_id: sb.rootPageId });
    const cp = rootKids.results.find((b) => b.id === page.id);
    assert.ok(cp && isFullBlock(cp) && cp.type === 'child_page');
    assert.equal(cp.child_page.title, 'Child page');
    assert.equal(cp.has_children, true);
    const kids = await notion.blocks.children.list({ block_id: page.id });
    assert.deepEqual(
      kids.results.map((b) => (isFullBlock(b) && b.type === 'paragraph' ? b.paragraph.rich_text[0]?.plain_text : '?')),
      ['one', 'two'],
    );
  });

  it('update properties bumps last_edited_time; trash/restore; trashed pages cannot be edited; erase_content', async () => {
    const { dsId } = await makeDb();
    const page = await notion.pages.create({
      parent: { data_source_id: dsId },
      properties: { Name: { title: text('a') } },
      children: [para('x'), para('y')],
    });
    assert.ok(isFullPage(page));
    sb.advanceClock(5 * 60_000);
    const upd = await notion.pages.update({ page_id: page.id, properties: { Path: { rich_text: text('p') } } });
    assert.ok(isFullPage(upd));
    assert.ok(Date.parse(upd.last_edited_time) >= Date.parse(page.last_edited_time) + 5 * 60_000);
    assert.equal(upd.created_time, page.created_time);

    const trashed = await notion.pages.update({ page_id: page.id, in_trash: true });
    assert.ok(isFullPage(trashed));
    assert.equal(trashed.in_trash, true);
    assert.equal(trashed.archived, true);
    await rejects(
      notion.pages.update({ page_id: page.id, properties: { Path: { rich_text: text('q') } } }),
      400,
      'validation_error',
      "Can't edit block that is archived. You must unarchive the block before editing.",
    );
    await rejects(
      notion.blocks.children.append({ block_id: page.id, children: [para('z')] }),
      400,
      'validation_error',
      "Can't edit block that is archived. You must unarchive the block before editing.",
    );
    const q = await notion.dataSources.query({ data_source_id: dsId });
    assert.equal(q.results.length, 0, 'trashed rows are excluded from queries');
    const restored = await notion.pages.update({ page_id: page.id, archived: false });
    assert.ok(isFullPage(restored));
    assert.equal(restored.in_trash, false);

    const erased = await notion.pages.update({ page_id: page.id, erase_content: true });
    assert.ok(isFullPage(erased));
    const kids = await notion.blocks.children.list({ block_id: page.id });
    assert.equal(kids.results.length, 0);
  });
});

describe('blocks', () => {
  let pageId: string;
  before(async () => {
    const page = await notion.pages.create({
      parent: { page_id: sb.rootPageId },
      properties: { title: { title: text('Blocks') } },
    });
    pageId = page.id;
  });

  it('append returns the new first-level blocks with full shape; nested children and has_children', async () => {
    const res = await notion.blocks.children.append({
      block_id: pageId,
      children: [
        {
          heading_1: {
            rich_text: [
              { text: { content: 'Title', link: { url: 'https://example.com/a' } }, annotations: { bold: true } },
            ],
          },
        },
        {
          bulleted_list_item: {
            rich_text: text('item'),
            children: [{ bulleted_list_item: { rich_text: text('sub'), children: [para('deep')] } }],
          },
        },
        { code: { rich_text: text('print(1)'), language: 'python' } },
        { to_do: { rich_text: text('task'), checked: true } },
        { equation: { expression: 'e=mc^2' } },
        { divider: {} },
        {
          table: {
            table_width: 2,
            has_column_header: true,
            children: [{ table_row: { cells: [text('a'), text('b')] } }],
          },
        },
      ],
    });
    assert.equal(res.object, 'list');
    assert.equal(res.results.length, 7);
    const [h1, li, code, todo] = res.results as BlockObjectResponse[];
    assert.ok(h1 && h1.type === 'heading_1');
    assert.deepEqual(h1.parent, { type: 'page_id', page_id: pageId });
    assert.equal(h1.has_children, false);
    assert.equal(h1.in_trash, false);
    const rt = h1.heading_1.rich_text[0];
    assert.ok(rt && rt.type === 'text');
    assert.equal(rt.href, 'https://example.com/a');
    assert.deepEqual(rt.text.link, { url: 'https://example.com/a' });
    assert.equal(rt.annotations.bold, true);
    assert.equal(rt.annotations.italic, false);
    assert.equal(rt.annotations.color, 'default');
    assert.equal(h1.heading_1.is_toggleable, false);
    assert.ok(li && li.type === 'bulleted_list_item');
    assert.equal(li.has_children, true);
    const sub = await notion.blocks.children.list({ block_id: li.id });
    const subBlock = sub.results[0];
    assert.ok(subBlock && isFullBlock(subBlock));
    assert.deepEqual(subBlock.parent, { type: 'block_id', block_id: li.id });
    assert.equal(subBlock.has_children, true);
    assert.ok(code && code.type === 'code' && code.code.language === 'python');
    assert.deepEqual(code.code.caption, []);
    assert.ok(todo && todo.type === 'to_do' && todo.to_do.checked === true);
    const table = res.results[6];
    assert.ok(table && isFullBlock(table) && table.type === 'table');
    assert.equal(table.has_children, true);
    assert.equal(table.table.table_width, 2);
  });

  it('append positions: after (id), position start, position after_block, end', async () => {
    const page = await notion.pages.create({ parent: { page_id: sb.rootPageId }, children: [para('A'), para('C')] });
    const initial = await notion.blocks.children.list({ block_id: page.id });
    const a = initial.results[0]?.id;
    assert.ok(a);
    await notion.blocks.children.append({ block_id: page.id, children: [para('B')], after: a });
    await notion.blocks.children.append({ block_id: page.id, children: [para('0')], position: { type: 'start' } });
    const c = initial.results[1]?.id;
    assert.ok(c);
    await notion.blocks.children.append({
      block_id: page.id,
      children: [para('C2')],
      position: { type: 'after_block', after_block: { id: c } },
    });
    await notion.blocks.children.append({ block_id: page.id, children: [para('Z')], position: { type: 'end' } });
    const list = await notion.blocks.children.list({ block_id: page.id });
    const texts = list.results.map((b) =>
      isFullBlock(b) && b.type === 'paragraph' ? b.paragraph.rich_text[0]?.plain_text : '?',
    );
    assert.deepEqual(texts, ['0', 'A', 'B', 'C', 'C2', 'Z']);
  });

  it('retrieve, update (content replace, same type only), delete (trash)', async () => {
    const res = await notion.blocks.children.append({
      block_id: pageId,
      children: [{ paragraph: { rich_text: text('old'), color: 'red' } }],
    });
    const id = res.results[0]?.id;
    assert.ok(id);
    const got = await notion.blocks.retrieve({ block_id: id });
    assert.ok(isFullBlock(got) && got.type === 'paragraph');
    const upd = await notion.blocks.update({ block_id: id, paragraph: { rich_text: text('new') } });
    assert.ok(isFullBlock(upd) && upd.type === 'paragraph');
    assert.equal(upd.paragraph.rich_text[0]?.plain_text, 'new');
    assert.equal(upd.paragraph.color, 'red', 'fields not in the update are kept');
    await rejects(
      notion.blocks.update({ block_id: id, heading_1: { rich_text: text('h') } }),
      400,
      'validation_error',
      /^body failed validation: body\.heading_1 should be not present, instead was `\{"rich_text"/,
    );
    const del = await notion.blocks.delete({ block_id: id });
    assert.ok(isFullBlock(del));
    assert.equal(del.in_trash, true);
    assert.equal(del.archived, true);
    await rejects(
      notion.blocks.update({ block_id: id, paragraph: { rich_text: text('again') } }),
      400,
      'validation_error',
      "Can't edit block that is archived. You must unarchive the block before editing.",
    );
    const list = await notion.blocks.children.list({ block_id: pageId });
    assert.ok(!list.results.some((b) => b.id === id), 'trashed blocks are not listed');
  });

  it('content edits bump the page last_edited_time; has_children follows deletions', async () => {
    const page = (await notion.pages.create({
      parent: { page_id: sb.rootPageId },
      children: [{ toggle: { rich_text: text('t'), children: [para('inside')] } }],
    })) as PageObjectResponse;
    sb.advanceClock(2 * 60_000);
    const kids = await notion.blocks.children.list({ block_id: page.id });
    const toggle = kids.results[0];
    assert.ok(toggle && isFullBlock(toggle) && toggle.has_children);
    const inner = await notion.blocks.children.list({ block_id: toggle.id });
    const innerId = inner.results[0]?.id;
    assert.ok(innerId);
    await notion.blocks.update({ block_id: innerId, paragraph: { rich_text: text('edited') } });
    const after1 = (await notion.pages.retrieve({ page_id: page.id })) as PageObjectResponse;
    assert.ok(Date.parse(after1.last_edited_time) >= Date.parse(page.last_edited_time) + 2 * 60_000);
    await notion.blocks.delete({ block_id: innerId });
    const toggleAgain = await notion.blocks.retrieve({ block_id: toggle.id });
    assert.ok(isFullBlock(toggleAgain));
    assert.equal(toggleAgain.has_children, false);
  });

  it('image, bookmark, callout, quote, numbered list and table rows round-trip', async () => {
    const res = await notion.blocks.children.append({
      block_id: pageId,
      children: [
        { image: { external: { url: 'https://example.com/i.png' } } },
        { bookmark: { url: 'https://example.com' } },
        { callout: { rich_text: text('note'), icon: { emoji: '⚠️' } } },
        { quote: { rich_text: text('q') } },
        { numbered_list_item: { rich_text: text('n') } },
      ],
    });
    const [img, bm, callout] = res.results as BlockObjectResponse[];
    assert.ok(
      img &&
        img.type === 'image' &&
        img.image.type === 'external' &&
        img.image.external.url === 'https://example.com/i.png',
    );
    assert.ok(bm && bm.type === 'bookmark' && bm.bookmark.url === 'https://example.com');
    assert.ok(callout && callout.type === 'callout');
    assert.deepEqual(callout.callout.icon, { type: 'emoji', emoji: '⚠️' });
  });
});

describe('errors through the SDK', () => {
  it('502 HTML from the edge becomes UnknownHTTPResponseError', async () => {
    sb.setFaults('kinds=502,count=1');
    await assert.rejects(notion.users.me({}), (e: unknown) => {
      assert.ok(UnknownHTTPResponseError.isUnknownHTTPResponseError(e));
      assert.equal(e.status, 502);
      assert.match(e.body, /502 Bad Gateway/);
      return true;
    });
    sb.setFaults(null);
  });
});
