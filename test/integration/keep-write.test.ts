import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox } from '../../src/sandbox';
import type { Sandbox } from '../../src/sandbox';
import { NotionGateway } from '../../src/core/notion/gateway';
import { writeBody } from '../../src/core/notion/pages';
import { markdownToBlocks } from '../../src/core/content';
import { readTree } from './helpers';
import { Client } from '@notionhq/client';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API blocks */

/**
 * notion/keep-write.ts directly: the memory it returns is the page in Notion's order, moved and
 * gone placeholders are reported, and a container holding a kept block is updated in place.
 */
describe('keep-write: body writes around kept blocks (sandbox over HTTP, real SDK)', () => {
  let sb: Sandbox;
  let gw: NotionGateway;
  let client: Client;
  before(async () => {
    sb = await startSandbox({ quiet: true, retryAfterSeconds: 0 });
    gw = new NotionGateway({ token: sb.token, baseUrl: sb.url, rps: 0 });
    client = new Client({ auth: sb.token, baseUrl: sb.url, retry: false });
  });
  after(async () => sb?.close());

  const line = (id: string, type: string): string => `<!-- notion:block id=${id} type=${type} -->`;
  const plain = (b: any): string => (b[b.type]?.rich_text ?? []).map((t: any) => t.plain_text).join('');

  test('moved, gone and nested placeholders: nothing kept is touched, the memory follows Notion', async () => {
    const page = sb.seedPage('Keep write') as any;
    const made = sb.humanEdit({
      pageId: page.id,
      ops: [
        {
          op: 'insert',
          blocks: [
            { paragraph: { rich_text: [{ text: { content: 'A' } }] } },
            { bookmark: { url: 'https://example.com/1' } },
            { paragraph: { rich_text: [{ text: { content: 'B' } }] } },
            { embed: { url: 'https://example.com/2' } },
            {
              bulleted_list_item: {
                rich_text: [{ text: { content: 'item' } }],
                children: [{ bookmark: { url: 'https://example.com/3' } }],
              },
            },
          ],
        },
      ],
    }) as any;
    const [a, bookmark, , embed, item] = made.created as string[];
    const nested = (await client.blocks.children.list({ block_id: item })).results[0]!.id;
    const gone = '0c2a7f7e-1111-4111-8111-0000000000ff';
    // The file: the bookmark and the embed swapped (Notion cannot move one past the other), B edited,
    // a line whose block does not exist, the list item's text edited (its nested bookmark kept), C added.
    const md = [
      'A',
      line(embed, 'embed'),
      'B, edited',
      line(bookmark, 'bookmark'),
      line(gone, 'bookmark'),
      `- item, edited\n\n  ${line(nested, 'bookmark')}`,
      'C',
      '',
    ].join('\n\n');
    const { body, kept } = await writeBody(gw, page.id, undefined, markdownToBlocks(md).blocks);
    assert.equal(kept?.moved.length, 1, JSON.stringify(kept));
    assert.ok([bookmark, embed].includes(kept!.moved[0]!));
    assert.deepEqual(kept?.gone, [gone]);

    const tree = await readTree(client, page.id);
    assert.equal(tree[0].id, a, 'A is updated in place');
    const ids = tree.map((b) => b.id);
    for (const id of [bookmark, embed, item]) assert.equal(ids.filter((x) => x === id).length, 1, id);
    assert.equal(tree.filter((b) => b.type === 'bookmark').length, 1);
    assert.equal(tree.filter((b) => b.type === 'embed').length, 1);
    assert.deepEqual(tree.filter((b) => b.type === 'paragraph' || b.type === 'bulleted_list_item').map(plain), [
      'A',
      'B, edited',
      'item, edited',
      'C',
    ]);
    const li = tree.find((b) => b.id === item);
    assert.equal(li.bulleted_list_item.children.length, 1);
    assert.equal(
      li.bulleted_list_item.children[0].id,
      nested,
      'the list item holding a kept block is updated in place',
    );
    // The memory is Notion's order, ids included: the next write diffs against what is there.
    assert.deepEqual(
      body.ids,
      tree.map((b) => b.id),
    );

    // The same file again: nothing to write.
    const before = sb.stats().writes;
    const again = await writeBody(gw, page.id, body, markdownToBlocks(md).blocks);
    assert.equal(sb.stats().writes, before);
    assert.deepEqual(
      (await readTree(client, page.id)).map((b) => b.id),
      tree.map((b) => b.id),
    );
    assert.deepEqual(again.kept, kept);
  });
});
