import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendTree, childrenOf, estimateAppendCalls, planCreate } from '../../src/core/notion/blocks';
import type { BlockLike } from '../../src/core/notion/blocks';
import { createCost } from '../../src/core/notion/pages';
import type { NotionGateway } from '../../src/core/notion/gateway';
import { bindClient } from '../../src/core/notion/sdk';
import { withChildren, withoutChildren } from '../../src/core/content/blocks';
import { KEEP_TYPE } from '../../src/core/content/keep';
import { nestingAwareMinimum } from '../../bench/minimum';
import type { TreeBlock } from '../../bench/minimum';
// The sandbox's own request parser: the rules Notion enforces, implemented independently of src/core.
import { parseChildren } from '../../src/sandbox/content';
import { ContentIssues } from '../../src/sandbox/rich-text';
import type { Client } from '@notionhq/client';

/**
 * Both levels of nesting Notion allows per request (three levels of blocks): the requests the writer
 * builds, their number (equal to the read-free minimum of bench/minimum.ts), and their validity as the
 * sandbox's parser judges it.
 */

const text = (s: string) => ({ rich_text: [{ type: 'text', text: { content: s } }] });
const p = (s: string): BlockLike => ({ type: 'paragraph', paragraph: text(s) });
const li = (s: string, children?: BlockLike[]): BlockLike => ({
  type: 'bulleted_list_item',
  bulleted_list_item: { ...text(s), ...(children ? { children } : {}) },
});
const table = (rows: number, width = 2): BlockLike => ({
  type: 'table',
  table: {
    table_width: width,
    has_column_header: false,
    children: Array.from({ length: rows }, (_, i) => ({
      type: 'table_row',
      table_row: { cells: Array.from({ length: width }, (_, c) => text(`r${i}c${c}`).rich_text) },
    })),
  },
});
/** A chain: one list item per level, `depth` levels. */
const chain = (depth: number, tag = 'level'): BlockLike =>
  depth === 1 ? li(`${tag} 1`) : li(`${tag} ${depth}`, [chain(depth - 1, tag)]);
const many = (n: number, make: (i: number) => BlockLike): BlockLike[] => Array.from({ length: n }, (_, i) => make(i));

const depthOf = (bs: BlockLike[]): number => (bs.length ? 1 + Math.max(...bs.map((b) => depthOf(childrenOf(b)))) : 0);
const count = (blocks: BlockLike[]): number => blocks.reduce((n, b) => n + 1 + count(childrenOf(b)), 0);

/** Validates a request's `children` the way the sandbox does (over HTTP it answers 400 with this message). */
function sandboxCheck(children: BlockLike[], tableWidth?: number): void {
  const ctx = {
    resolver: {
      userName: () => null,
      pageTitle: () => null,
      pageUrl: () => null,
      fileUpload: () => ({}),
    },
    issues: new ContentIssues(),
  };
  const tally = { blocks: 0 };
  parseChildren(children, 'body.children', 1, ctx, tally, tableWidth);
  ctx.issues.throwIfAny(true);
  assert.ok(tally.blocks <= 1000, `${tally.blocks} blocks in one request`);
}

/**
 * A fake Notion holding the tree: appends answer with the ids of their first-level blocks only, as
 * Notion does; a listing gives a block's children. Every request is checked with the sandbox's parser.
 */
function fakeNotion() {
  const kids = new Map<string, string[]>([['page', []]]);
  const own = new Map<string, BlockLike>();
  const requests: Array<{ route: string; block_id: string; blocks: number; depth: number }> = [];
  let n = 0;
  const store = (parent: string, list: BlockLike[], after?: string): string[] => {
    const ids = list.map((b) => {
      const id = `b${++n}`;
      own.set(id, withoutChildren(b));
      kids.set(id, []);
      store(id, childrenOf(b));
      return id;
    });
    const siblings = kids.get(parent)!;
    const at = after === undefined ? siblings.length : siblings.indexOf(after) + 1;
    siblings.splice(at, 0, ...ids);
    return ids;
  };
  const gw = { call: (_k: string, _r: string, fn: () => Promise<unknown>) => fn() } as unknown as NotionGateway;
  bindClient(gw, {
    blocks: {
      children: {
        append: async (body: { block_id: string; children: BlockLike[]; after?: string }) => {
          const parent = own.get(body.block_id);
          assert.ok(parent || body.block_id === 'page', `appended under ${body.block_id}, which exists`);
          const width = parent?.type === 'table' ? (parent.table as { table_width: number }).table_width : undefined;
          sandboxCheck(body.children, width);
          requests.push({
            route: 'append',
            block_id: body.block_id,
            blocks: count(body.children),
            depth: depthOf(body.children),
          });
          return { results: store(body.block_id, body.children, body.after).map((id) => ({ id })) };
        },
        list: async (args: { block_id: string }) => {
          requests.push({ route: 'list', block_id: args.block_id, blocks: 0, depth: 0 });
          const ids = kids.get(args.block_id)!;
          return {
            results: ids.map((id) => ({ id, type: own.get(id)!.type, has_children: kids.get(id)!.length > 0 })),
            has_more: false,
            next_cursor: null,
          };
        },
      },
    },
  } as unknown as Client);
  const tree = (id: string): BlockLike[] => kids.get(id)!.map((c) => withChildren(own.get(c)!, tree(c)));
  /** Creates a page the way pages.ts does: the create request with `planCreate`'s inline blocks, then appends. */
  const createPage = async (blocks: BlockLike[]): Promise<number> => {
    const plan = planCreate(blocks);
    sandboxCheck(plan.inline);
    requests.push({ route: 'create', block_id: 'page', blocks: count(plan.inline), depth: depthOf(plan.inline) });
    store('page', plan.inline);
    if (plan.rest.length > 0) await appendTree(gw, 'page', plan.rest);
    assert.equal(requests.length, plan.calls, 'planCreate predicts the requests made');
    return requests.length;
  };
  return { gw, requests, tree, createPage };
}

/** Creates a page with `blocks` in the fake Notion: the content arrives whole, every request valid. */
async function created(blocks: BlockLike[]) {
  const notion = fakeNotion();
  const calls = await notion.createPage(blocks);
  assert.deepEqual(notion.tree('page'), blocks, 'the page holds the source tree');
  assert.equal(calls, nestingAwareMinimum(blocks as TreeBlock[]), 'the read-free minimum, no more');
  return { calls, requests: notion.requests };
}

describe('nesting: three levels of blocks per request', () => {
  test('a list nested 3 deep goes wholly into the create request', async () => {
    const doc = [p('intro'), li('a', [li('b', [li('c')]), li('b2')]), p('end')];
    const { calls, requests } = await created(doc);
    assert.equal(calls, 1);
    assert.equal(requests[0]!.depth, 3);
    assert.equal(createCost(doc), 1, 'no completion write: the body is one request');
  });

  test('a chain 4 deep: create, the top item, then the three levels beneath it in one append', async () => {
    const { calls, requests } = await created([p('intro'), chain(4)]);
    assert.equal(calls, 3);
    assert.deepEqual(
      requests.map((r) => [r.route, r.blocks, r.depth]),
      [
        ['create', 1, 1],
        ['append', 1, 1],
        ['append', 3, 3],
      ],
    );
  });

  test('a chain 5 deep: 4 requests (one create, three appends)', async () => {
    const { calls, requests } = await created([chain(5)]);
    assert.equal(calls, 4);
    assert.deepEqual(
      requests.map((r) => r.blocks),
      [0, 1, 1, 3],
    );
    assert.ok(requests.every((r) => r.depth <= 3));
  });

  test('a realistic outline nested 4 and 5 deep: fewer requests than one level at a time, content whole', async () => {
    const section = (s: number, depth: number): BlockLike[] => [
      { type: 'heading_2', heading_2: text(`Section ${s}`) },
      p(`text ${s}`),
      li(`s${s} first`),
      li(`s${s} second`, [li('x'), chain(depth - 1, `s${s}`), li('y')]),
      li(`s${s} third`),
    ];
    for (const depth of [4, 5]) {
      const doc = [p('intro'), ...Array.from({ length: 6 }, (_, s) => section(s, depth)).flat(), p('closing')];
      const { calls } = await created(doc);
      // The create (intro, then section 0 up to its deep item), one append of every later top-level block,
      // and per section one append under the deep item (x rode inline with it); depth 5: one more per section.
      // (One nesting level per request took 14 and 20.)
      assert.equal(calls, depth === 4 ? 8 : 14, `depth ${depth}`);
    }
  });

  test('more than 100 children at level 2: the first 100 ride inline with their own children, the rest follow', async () => {
    const top = li(
      'top',
      many(150, (i) => li(`child ${i}`, [li(`grandchild ${i}`)])),
    );
    const { calls, requests } = await created([top]);
    assert.equal(calls, 3);
    assert.deepEqual(
      requests.map((r) => r.blocks),
      [0, 201, 100],
    );
  });

  test('a level-2 child with more than 100 children becomes a first-level block of its own append', async () => {
    const doc = [
      li('top', [
        li('a', [li('a1')]),
        li(
          'b',
          many(150, (i) => li(`b${i}`)),
        ),
        li('c'),
      ]),
    ];
    const { calls, requests } = await created(doc);
    assert.equal(calls, 4);
    // top with a and a1; then b (with its first 100) and c under top; then b's last 50 under b.
    assert.deepEqual(
      requests.map((r) => [r.blocks, r.depth]),
      [
        [0, 0],
        [3, 3],
        [102, 2],
        [50, 1],
      ],
    );
  });

  test('1000 blocks per request: inline children stop at the budget, whole blocks are packed in order', async () => {
    // 20 children of 61 blocks each under one item: 16 fit with it (977 blocks), 4 follow.
    const wide = li(
      'wide',
      many(20, (i) =>
        li(
          `c${i}`,
          many(60, (j) => li(`c${i}.${j}`)),
        ),
      ),
    );
    const one = await created([wide]);
    assert.deepEqual(
      one.requests.map((r) => r.blocks),
      [0, 977, 244],
    );
    // Blocks of 306 that fit wholly: three in the create (918), the fourth in an append.
    const block = (i: number) =>
      li(
        `b${i}`,
        many(5, (j) =>
          li(
            `b${i}.${j}`,
            many(60, (k) => li(`${k}`)),
          ),
        ),
      );
    const packed = await created(many(4, block));
    assert.deepEqual(
      packed.requests.map((r) => r.blocks),
      [918, 306],
    );
    assert.equal(estimateAppendCalls(many(7, block)), 3);
  });

  test('a table inside a nested list: rows always inline, the table never on a third level', async () => {
    // list > table > rows: three levels, the create takes it.
    assert.equal((await created([li('with table', [table(3)])])).calls, 1);
    // list > list > table > rows: the inner item (and its table with rows) go in an append under the top.
    const deeper = await created([li('top', [li('inner', [table(3)])])]);
    assert.equal(deeper.calls, 3);
    // A table with 150 rows inside a list: the table is a first-level block of an append (its first 100
    // rows inline), its other 50 rows appended to it.
    const long = await created([li('top', [p('before'), table(150), p('after')])]);
    assert.deepEqual(
      long.requests.map((r) => r.blocks),
      [0, 2, 102, 50],
    );
  });

  test('keep elements are never sent, at any level', async () => {
    const keep = (id: string): BlockLike => ({ type: KEEP_TYPE, [KEEP_TYPE]: { id, type: 'bookmark', attrs: {} } });
    const doc = [li('a', [keep('k1'), li('b', [keep('k2'), li('c')])]), keep('k3'), p('end')];
    const plan = planCreate(doc);
    assert.equal(plan.calls, 1);
    assert.ok(!JSON.stringify(plan.inline).includes(KEEP_TYPE));
    assert.equal(estimateAppendCalls(doc), 1);
    const notion = fakeNotion();
    await appendTree(notion.gw, 'page', [chain(2), li('x', [li('y', [keep('k4'), li('z', [keep('k5'), li('w')])])])]);
    assert.ok(!JSON.stringify(notion.tree('page')).includes(KEEP_TYPE));
    assert.equal(count(notion.tree('page')), 6);
  });

  test('a column list whose columns nest deeper: columns come inline, the rest follows once listed', async () => {
    const column = (c: number): BlockLike => ({
      type: 'column',
      column: { children: [p(`col ${c}`), li(`item ${c}`, [li(`sub ${c}`)])] },
    });
    const columns: BlockLike = { type: 'column_list', column_list: { children: [column(1), column(2)] } };
    const notion = fakeNotion();
    await appendTree(notion.gw, 'page', [columns]);
    assert.deepEqual(notion.tree('page'), [columns], 'nothing beneath the columns is lost');
    assert.deepEqual(
      notion.requests.map((r) => r.route),
      ['append', 'list', 'list', 'append', 'list', 'append'],
    );
    assert.equal(estimateAppendCalls([columns]), 6);
  });
});

describe('nesting: the writer and the read-free minimum of bench/minimum.ts agree', () => {
  test('on 150 random trees (lists up to 6 deep, up to 150 children, tables), and the writer is valid on each', async () => {
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let serial = 0;
    const grow = (depth: number): BlockLike[] => {
      const width = [1, 2, 3, 5, 8, 40, 120, 150][rand(depth > 2 ? 5 : 8)]!;
      return many(width, () => {
        if (rand(12) === 0) return table(1 + rand(120), 1 + rand(3));
        const deeper = depth > 1 && rand(2) === 0;
        return li(`item ${++serial}`, deeper ? grow(depth - 1 - rand(2)) : undefined);
      });
    };
    let writer = 0;
    let deep = 0;
    for (let i = 0; i < 150; i++) {
      const doc = grow(2 + rand(5));
      if (depthOf(doc) >= 4) deep++;
      writer += (await created(doc)).calls;
    }
    assert.ok(deep >= 40, `${deep} trees 4 levels deep or more`);
    assert.ok(writer > 600, 'the trees take appends, not only creates');
  });
});
