import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendTree, childrenOf, estimateAppendCalls, planCreate } from '../../src/core/notion/blocks';
import { blockHash, diffBlocks, diffCost } from '../../src/core/notion/block-diff';
import type { BlockLike } from '../../src/core/notion/blocks';
import { rowTarget } from '../../src/core/notion/names';
import type { NotionGateway } from '../../src/core/notion/gateway';
import { routeOf, isRead } from '../../src/core/notion/gateway';
import { classifyError, NotionError } from '../../src/core/notion/errors';
import { APIResponseError } from '@notionhq/client';
import type { Client } from '@notionhq/client';
import { bindClient } from '../../src/core/notion/sdk';

const p = (text: string, children?: BlockLike[]): BlockLike => ({
  type: 'paragraph',
  paragraph: { rich_text: [{ type: 'text', text: { content: text } }], ...(children ? { children } : {}) },
});
const li = (text: string, children?: BlockLike[]): BlockLike => ({
  type: 'bulleted_list_item',
  bulleted_list_item: { rich_text: [{ type: 'text', text: { content: text } }], ...(children ? { children } : {}) },
});

function nested(depth: number): BlockLike {
  return depth === 1 ? li('level 1') : li(`level ${depth}`, [nested(depth - 1)]);
}

/** A fake gateway recording append requests and answering with ids, as Notion does. */
function fakeGateway(): {
  gw: NotionGateway;
  requests: Array<{ block_id: string; children: BlockLike[]; after?: string; position?: unknown }>;
} {
  const requests: Array<{ block_id: string; children: BlockLike[]; after?: string; position?: unknown }> = [];
  let n = 0;
  const gw = {
    call: (_kind: string, _route: string, fn: () => Promise<unknown>) => fn(),
  } as unknown as NotionGateway;
  bindClient(gw, {
    blocks: {
      children: {
        append: async (body: { block_id: string; children: BlockLike[] }) => {
          requests.push(body);
          return { results: body.children.map(() => ({ id: `b${++n}` })) };
        },
      },
    },
  } as unknown as Client);
  return { gw, requests };
}

function depthOf(blocks: BlockLike[]): number {
  return blocks.length === 0 ? 0 : 1 + Math.max(...blocks.map((b) => depthOf(childrenOf(b))));
}

describe('block trees are cut into requests Notion accepts', () => {
  test('250 flat blocks: 3 appends of ≤ 100', async () => {
    const blocks = Array.from({ length: 250 }, (_, i) => p(`p${i}`));
    assert.equal(estimateAppendCalls(blocks), 3);
    const { gw, requests } = fakeGateway();
    const ids = await appendTree(gw, 'page', blocks);
    assert.deepEqual(
      requests.map((r) => r.children.length),
      [100, 100, 50],
    );
    assert.equal(ids.length, 250);
    assert.equal(requests[1]!.after, requests[0] && 'b100', 'each chunk goes after the previous one');
  });

  test('a list nested 5 deep never sends more than 3 levels (2 of nesting) in one request, and keeps the structure', async () => {
    const { gw, requests } = fakeGateway();
    await appendTree(gw, 'page', [nested(5)]);
    for (const r of requests) assert.ok(depthOf(r.children) <= 3, `request depth ${depthOf(r.children)}`);
    assert.equal(requests.length, 3, 'level 5; level 4; levels 3 to 1');
    // Every level arrives exactly once, each under the block created for its parent.
    const count = (blocks: BlockLike[]): number => blocks.reduce((n, b) => n + 1 + count(childrenOf(b)), 0);
    assert.equal(
      requests.reduce((n, r) => n + count(r.children), 0),
      5,
    );
    const known = new Set(['page']);
    let id = 0;
    for (const r of requests) {
      assert.ok(known.has(r.block_id), `appended under ${r.block_id}, which exists`);
      for (let i = 0; i < r.children.length; i++) known.add(`b${++id}`);
    }
  });

  test('a table with 150 rows: the first 100 rows inline, the rest appended to the table', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => ({
      type: 'table_row',
      table_row: { cells: [[{ type: 'text', text: { content: `r${i}` } }]] },
    }));
    const table: BlockLike = { type: 'table', table: { table_width: 1, has_column_header: false, children: rows } };
    const { gw, requests } = fakeGateway();
    await appendTree(gw, 'page', [table]);
    assert.equal(requests.length, 2);
    assert.equal(childrenOf(requests[0]!.children[0]!).length, 100);
    assert.equal(requests[1]!.block_id, 'b1');
    assert.equal(requests[1]!.children.length, 50);
  });

  test('requests stay under 1000 blocks and the byte budget', () => {
    const wide = Array.from({ length: 60 }, (_, i) =>
      li(
        `item ${i}`,
        Array.from({ length: 30 }, (_, j) => li(`child ${j}`)),
      ),
    );
    // 60 × 31 = 1860 blocks: at least two requests even though there are only 60 top-level blocks.
    assert.ok(estimateAppendCalls(wide) >= 2);
    const big = Array.from({ length: 80 }, (_, i) => p(`${i}`.padEnd(1990, 'x')));
    const huge = big.map((b) => ({
      ...b,
      paragraph: { rich_text: Array.from({ length: 5 }, () => (b.paragraph as { rich_text: unknown[] }).rich_text[0]) },
    }));
    assert.ok(estimateAppendCalls(huge) >= 2, 'about 800 KB of text does not fit one request');
  });

  test('planCreate puts blocks inline up to the first one that needs follow-up requests', () => {
    const plan = planCreate([p('a'), p('b'), nested(4), p('c')]);
    assert.equal(plan.inline.length, 2);
    assert.equal(plan.rest.length, 2);
    assert.equal(planCreate(Array.from({ length: 40 }, (_, i) => p(`${i}`))).calls, 1);
    assert.equal(planCreate(Array.from({ length: 450 }, (_, i) => p(`${i}`))).calls, 5);
  });
});

describe('block diff', () => {
  const doc = (n: number): BlockLike[] => Array.from({ length: n }, (_, i) => p(`paragraph ${i}`));
  const types = (blocks: BlockLike[]) => blocks.map((b) => ({ type: b.type, hasChildren: childrenOf(b).length > 0 }));

  test('one changed paragraph is one update', () => {
    const old = doc(450);
    const next = [...old];
    next[200] = p('paragraph 200 edited');
    const ops = diffBlocks(old.map(blockHash), next, types(old));
    assert.deepEqual(
      ops.filter((o) => o.op !== 'keep'),
      [{ op: 'update', oldIndex: 200, newIndex: 200 }],
    );
    assert.equal(diffCost(ops, next), 1);
  });

  test('an inserted paragraph is one append; a removed one is one delete', () => {
    const old = doc(100);
    const inserted = [...old.slice(0, 50), p('new'), ...old.slice(50)];
    let ops = diffBlocks(old.map(blockHash), inserted, types(old));
    assert.deepEqual(
      ops.filter((o) => o.op !== 'keep'),
      [{ op: 'insert', newIndex: 50, count: 1 }],
    );
    const removed = [...old.slice(0, 10), ...old.slice(11)];
    ops = diffBlocks(old.map(blockHash), removed, types(old));
    assert.deepEqual(
      ops.filter((o) => o.op !== 'keep'),
      [{ op: 'delete', oldIndex: 10 }],
    );
  });

  test('a changed type is delete + insert, never an update', () => {
    const old = doc(5);
    const next = [...old];
    next[2] = li('now a list item');
    const ops = diffBlocks(old.map(blockHash), next, types(old)).filter((o) => o.op !== 'keep');
    assert.deepEqual(ops.map((o) => o.op).sort(), ['delete', 'insert']);
  });

  test('applying the edit script yields the new sequence (random edits)', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 50; round++) {
      const old = Array.from({ length: 30 }, (_, i) => p(`x${Math.floor(rnd() * 10)}-${i % 7}`));
      const next = old.filter(() => rnd() > 0.2).map((b) => (rnd() < 0.2 ? p(`changed ${rnd()}`) : b));
      if (rnd() < 0.5) next.splice(Math.floor(rnd() * next.length), 0, p('inserted'));
      const ops = diffBlocks(old.map(blockHash), next, types(old));
      const result: string[] = [];
      for (const op of ops) {
        if (op.op === 'keep') result[op.newIndex] = blockHash(old[op.oldIndex]!);
        if (op.op === 'update') result[op.newIndex] = blockHash(next[op.newIndex]!);
        if (op.op === 'insert')
          for (let k = 0; k < op.count; k++) result[op.newIndex + k] = blockHash(next[op.newIndex + k]!);
      }
      assert.deepEqual(result, next.map(blockHash), `round ${round}`);
      const kept = ops
        .filter((o) => o.op === 'keep' || o.op === 'update' || o.op === 'delete')
        .map((o) => (o as { oldIndex: number }).oldIndex)
        .sort((a, b) => a - b);
      assert.deepEqual(
        kept,
        old.map((_, i) => i),
        'every old block is kept, updated or deleted exactly once',
      );
    }
  });
});

describe('gateway helpers', () => {
  test('routes are templated and reads told from writes', () => {
    assert.equal(
      routeOf('PATCH', 'http://x/v1/blocks/0f7c4e3a-1111-4222-8333-944455556666/children'),
      'PATCH /v1/blocks/{id}/children',
    );
    assert.equal(
      routeOf('GET', 'http://x/v1/pages/0f7c4e3a111142228333944455556666?filter_properties=a'),
      'GET /v1/pages/{id}',
    );
    assert.ok(isRead('POST', 'POST /v1/data_sources/{id}/query'));
    assert.ok(isRead('POST', 'POST /v1/search'));
    assert.ok(!isRead('POST', 'POST /v1/pages'));
    assert.ok(!isRead('PATCH', 'PATCH /v1/pages/{id}'));
  });

  test('errors are classified by what they mean for a retry', () => {
    const api = (status: number, code: string) =>
      new APIResponseError({
        code: code as never,
        status,
        message: 'm',
        headers: new Headers({ 'retry-after': '2' }),
        rawBodyText: '{}',
        additional_data: undefined,
        request_id: undefined,
      } as never);
    const rl = classifyError(api(429, 'rate_limited'));
    assert.equal(rl.kind, 'rate-limited');
    assert.equal(rl.detail.retryAfterMs, 2000);
    assert.ok(rl.transient && !rl.ambiguous);
    const server = classifyError(api(500, 'internal_server_error'));
    assert.ok(server.transient && server.ambiguous);
    assert.equal(classifyError(api(401, 'unauthorized')).kind, 'auth');
    assert.equal(classifyError(api(400, 'validation_error')).transient, false);
    const refused = classifyError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }));
    assert.equal(refused.kind, 'network');
    assert.equal(refused.ambiguous, false, 'a refused connection never reached Notion');
    const reset = classifyError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }));
    assert.equal(reset.ambiguous, true);
    assert.ok(classifyError(new NotionError('cancelled', 'x')).kind === 'cancelled');
  });
});

describe('createPage', () => {
  test('remembers the page as last edited by its latest append, not by the create', async () => {
    const { createPage } = await import('../../src/core/notion/pages');
    let n = 0;
    const gw = {
      call: (_k: string, _r: string, fn: () => Promise<unknown>) => fn(),
    } as unknown as NotionGateway;
    bindClient(gw, {
      pages: { create: async () => ({ id: 'page', url: 'u', last_edited_time: '2026-01-01T10:00:00.000Z' }) },
      blocks: {
        children: {
          append: async (body: { children: unknown[] }) => ({
            results: body.children.map(() => ({ id: `b${++n}`, last_edited_time: '2026-01-01T10:01:00.000Z' })),
          }),
        },
      },
    } as unknown as Client);
    const blocks = Array.from({ length: 150 }, (_, i) => p(`p${i}`));
    const { page, body } = await createPage(gw, rowTarget('ds'), {}, blocks);
    assert.equal(page.last_edited_time, '2026-01-01T10:01:00.000Z');
    assert.equal(body.ids.filter((id) => id === null).length, 100, 'inline blocks have no ids yet');
    assert.equal(body.ids.filter((id) => id !== null).length, 50);
  });
});
