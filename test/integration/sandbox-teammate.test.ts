// Conformance of the simulated teammate (human-edit ops) and of the comments endpoints, read back through the
// real SDK: every edit is attributed to the person and moves last_edited_time on the sandbox clock.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  APIResponseError,
  Client,
  type BlockObjectResponse,
  type PageObjectResponse,
  isFullBlock,
  isFullPage,
} from '@notionhq/client';
import { type HumanOp, type Sandbox, startSandbox } from '../../src/sandbox';

const quiet = (): void => undefined;
const text = (content: string) => [{ type: 'text' as const, text: { content } }];
const para = (content: string) => ({ paragraph: { rich_text: text(content) } });

type Block = BlockObjectResponse;
const plain = (b: Block): string => {
  const data = (b as unknown as Record<string, { rich_text?: { plain_text: string }[] }>)[b.type];
  return (data?.rich_text ?? []).map((r) => r.plain_text).join('');
};

describe('human edits: a teammate in Notion', () => {
  let sb: Sandbox;
  let n: Client;
  let personId: string;
  let botId: string;
  before(async () => {
    sb = await startSandbox({ quiet: true });
    n = new Client({ auth: sb.token, baseUrl: sb.url, logger: quiet, retry: false });
    const info = (await (await fetch(`${sb.url}/__sandbox/info`)).json()) as { personId: string; botId: string };
    personId = info.personId;
    botId = info.botId;
  });
  after(() => sb.close());

  async function freshPage(): Promise<{ page: PageObjectResponse; blocks: Block[] }> {
    const page = await n.pages.create({
      parent: { page_id: sb.rootPageId },
      properties: { title: { title: text('Plan') } },
      children: [
        para('first'),
        { to_do: { rich_text: text('task'), checked: false } },
        { heading_2: { rich_text: text('Heading') } },
        para('last'),
      ],
    });
    assert.ok(isFullPage(page));
    const list = await n.blocks.children.list({ block_id: page.id });
    return { page, blocks: list.results.filter(isFullBlock) };
  }

  async function edit(pageId: string, ops: HumanOp[]): Promise<{ page: PageObjectResponse; created: string[] }> {
    sb.advanceClock(60_000);
    const res = await fetch(`${sb.url}/__sandbox/human-edit`, {
      method: 'POST',
      body: JSON.stringify({ pageId, ops }),
    });
    const body = (await res.json()) as PageObjectResponse & { created: string[]; error?: string };
    assert.equal(res.status, 200, body.error);
    return { page: body, created: body.created };
  }

  async function children(id: string): Promise<Block[]> {
    return (await n.blocks.children.list({ block_id: id })).results.filter(isFullBlock);
  }

  function assertPersonEdited(before: PageObjectResponse, after: PageObjectResponse): void {
    assert.equal(after.last_edited_by.id, personId);
    assert.ok(Date.parse(after.last_edited_time) > Date.parse(before.last_edited_time), 'last_edited_time moved');
  }

  it('changes the rich text of any text block (heading too), as the person', async () => {
    const { page, blocks } = await freshPage();
    const heading = blocks[2] as Block;
    await edit(page.id, [
      { op: 'setText', blockId: heading.id, text: 'Renamed heading' },
      {
        op: 'setText',
        blockId: (blocks[0] as Block).id,
        richText: [{ text: { content: 'bold ' }, annotations: { bold: true } }, { text: { content: 'start' } }],
      },
    ]);
    const after = await n.pages.retrieve({ page_id: page.id });
    assert.ok(isFullPage(after));
    assertPersonEdited(page, after);
    const [first, , h] = await children(page.id);
    assert.equal(plain(h as Block), 'Renamed heading');
    assert.equal((h as Block).last_edited_by.id, personId);
    assert.equal(plain(first as Block), 'bold start');
    const rich = (first as Extract<Block, { type: 'paragraph' }>).paragraph.rich_text;
    assert.equal(rich[0]?.annotations.bold, true);
    // The untouched block keeps its bot author and time.
    const last = (await children(page.id))[3] as Block;
    assert.equal(last.last_edited_by.id, botId);
  });

  it('inserts blocks after a given block, and deletes a block', async () => {
    const { page, blocks } = await freshPage();
    const { created } = await edit(page.id, [
      { op: 'insertAfter', afterBlockId: (blocks[0] as Block).id, blocks: [para('inserted A'), para('inserted B')] },
      { op: 'delete', blockId: (blocks[3] as Block).id },
    ]);
    assert.equal(created.length, 2);
    const now = await children(page.id);
    assert.deepEqual(now.map(plain), ['first', 'inserted A', 'inserted B', 'task', 'Heading']);
    assert.equal(now[1]?.id, created[0]);
    assert.equal(now[1]?.created_by.id, personId);
    const deleted = await n.blocks.retrieve({ block_id: (blocks[3] as Block).id });
    assert.ok(isFullBlock(deleted));
    assert.equal(deleted.in_trash, true);
    assert.equal(deleted.last_edited_by.id, personId);
  });

  it('ticks and unticks a to-do', async () => {
    const { page, blocks } = await freshPage();
    const todo = blocks[1] as Block;
    await edit(page.id, [{ op: 'check', blockId: todo.id }]);
    let got = await n.blocks.retrieve({ block_id: todo.id });
    assert.equal((got as Extract<Block, { type: 'to_do' }>).to_do.checked, true);
    await edit(page.id, [{ op: 'check', blockId: todo.id, checked: false }]);
    got = await n.blocks.retrieve({ block_id: todo.id });
    assert.equal((got as Extract<Block, { type: 'to_do' }>).to_do.checked, false);
    const res = await fetch(`${sb.url}/__sandbox/human-edit`, {
      method: 'POST',
      body: JSON.stringify({ pageId: page.id, ops: [{ op: 'check', blockId: (blocks[0] as Block).id }] }),
    });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { error: string }).error, /is not a to_do/);
  });

  it('changes a row property (select, checkbox) as the person', async () => {
    const db = await n.databases.create({
      parent: { type: 'page_id', page_id: sb.rootPageId },
      title: text('Tasks'),
      initial_data_source: {
        properties: {
          Name: { title: {} },
          Status: { select: { options: [{ name: 'Todo' }, { name: 'Done' }] } },
          Reviewed: { checkbox: {} },
        },
      },
    });
    const dsId = (db as { data_sources: { id: string }[] }).data_sources[0]?.id as string;
    const row = await n.pages.create({
      parent: { data_source_id: dsId },
      properties: { Name: { title: text('Row') }, Status: { select: { name: 'Todo' } } },
    });
    assert.ok(isFullPage(row));
    await edit(row.id, [
      { op: 'setProperties', properties: { Status: { select: { name: 'Done' } }, Reviewed: { checkbox: true } } },
    ]);
    const q = await n.dataSources.query({
      data_source_id: dsId,
      filter: { property: 'Status', select: { equals: 'Done' } },
    });
    assert.equal(q.results.length, 1);
    const after = q.results[0] as PageObjectResponse;
    assertPersonEdited(row, after);
    assert.deepEqual(after.properties.Reviewed, {
      id: after.properties.Reviewed?.id,
      type: 'checkbox',
      checkbox: true,
    });
  });

  it('adds a callout, a toggle with children and a child page, where asked', async () => {
    const { page, blocks } = await freshPage();
    const { created } = await edit(page.id, [
      { op: 'addCallout', text: 'Heads up', emoji: '⚠️', afterBlockId: (blocks[0] as Block).id },
      { op: 'addToggle', text: 'More', children: ['hidden 1', 'hidden 2'] },
      { op: 'addChildPage', title: 'Notes', paragraphs: ['inside the child'], afterBlockId: (blocks[1] as Block).id },
    ]);
    assert.equal(created.length, 3);
    const now = await children(page.id);
    assert.deepEqual(
      now.map((b) => b.type),
      ['paragraph', 'callout', 'to_do', 'child_page', 'heading_2', 'paragraph', 'toggle'],
    );
    const callout = now[1] as Extract<Block, { type: 'callout' }>;
    assert.equal(plain(callout), 'Heads up');
    assert.deepEqual(callout.callout.icon, { type: 'emoji', emoji: '⚠️' });
    const toggle = now[6] as Block;
    assert.equal(toggle.has_children, true);
    assert.deepEqual((await children(toggle.id)).map(plain), ['hidden 1', 'hidden 2']);
    const child = now[3] as Extract<Block, { type: 'child_page' }>;
    assert.equal(child.child_page.title, 'Notes');
    assert.equal(child.id, created[2]);
    assert.equal(child.created_by.id, personId);
    assert.deepEqual((await children(child.id)).map(plain), ['inside the child']);
    const childPage = await n.pages.retrieve({ page_id: child.id });
    assert.ok(isFullPage(childPage));
    assert.deepEqual(childPage.parent, { type: 'page_id', page_id: page.id });
  });

  it('adds comments (page discussion, block discussion, reply) that the SDK lists and retrieves', async () => {
    const { page, blocks } = await freshPage();
    const { created } = await edit(page.id, [
      { op: 'addComment', text: 'Looks good' },
      { op: 'addComment', text: 'Typo here', blockId: (blocks[0] as Block).id },
    ]);
    const pageComments = await n.comments.list({ block_id: page.id });
    assert.equal(pageComments.results.length, 1);
    const c = pageComments.results[0];
    assert.ok(c);
    assert.equal(c.id, created[0]);
    assert.equal(c.created_by.id, personId);
    assert.deepEqual(c.parent, { type: 'page_id', page_id: page.id });
    assert.equal(c.rich_text[0]?.plain_text, 'Looks good');
    assert.equal(c.display_name.type, 'user');
    const blockComments = await n.comments.list({ block_id: (blocks[0] as Block).id });
    assert.equal(blockComments.results[0]?.rich_text[0]?.plain_text, 'Typo here');
    // The integration replies in the person's discussion.
    const reply = await n.comments.create({ discussion_id: c.discussion_id, rich_text: text('Fixed') });
    assert.equal((reply as { discussion_id: string }).discussion_id, c.discussion_id);
    const thread = await n.comments.list({ block_id: page.id });
    assert.deepEqual(
      thread.results.map((r) => [r.rich_text[0]?.plain_text, r.created_by.id]),
      [
        ['Looks good', personId],
        ['Fixed', botId],
      ],
    );
    const got = await n.comments.retrieve({ comment_id: reply.id });
    assert.equal((got as { display_name: { type: string } }).display_name.type, 'integration');
    await assert.rejects(n.comments.list({ block_id: '00000000-0000-4000-8000-000000000000' }), (e: unknown) => {
      assert.ok(APIResponseError.isAPIResponseError(e));
      return e.status === 404;
    });
  });

  it('refuses blocks that are not on the page and unknown ops', async () => {
    const a = await freshPage();
    const b = await freshPage();
    const post = (ops: unknown) =>
      fetch(`${sb.url}/__sandbox/human-edit`, { method: 'POST', body: JSON.stringify({ pageId: a.page.id, ops }) });
    const wrong = await post([{ op: 'delete', blockId: (b.blocks[0] as Block).id }]);
    assert.equal(wrong.status, 400);
    assert.match(((await wrong.json()) as { error: string }).error, /is not on page/);
    assert.equal((await post([{ op: 'explode' }])).status, 400);
    assert.equal((await children(b.page.id)).length, 4);
  });
});
