import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness, makeWorkspace, readTree } from './helpers';
import { markdownToBlocks } from '../../src/core/content';
import { nestingAwareMinimum as pageMinimum } from '../../bench/minimum';
import type { TreeBlock } from '../../bench/minimum';

/**
 * Initial sync of deeply nested documents against the read-free minimum of bench/minimum.ts (the one
 * definition; test/unit/notion-blocks-nesting.test.ts checks the writer against it): a writer that reads
 * nothing learns a block's id only as a first-level block of an append (a page create answers without
 * block ids). A request adds blocks under one parent, at most 100 per array, 1000 in all, and three
 * levels of blocks (two levels of nesting). So a block that must receive appends later comes first-level
 * in an append, carrying the leading children that fit wholly beneath it; the rest is appended under it.
 */
type Tree = TreeBlock;

function nested(depth: number, width: number, tag: string): string {
  const out: string[] = [];
  const walk = (d: number, path: string): void => {
    for (let i = 0; i < width; i++) {
      out.push(`${'  '.repeat(d)}- ${tag} item ${path}${i} at level ${d + 1}`);
      if (d + 1 < depth && i === 1) walk(d + 1, `${path}${i}.`);
    }
  };
  walk(0, '');
  return out.join('\n');
}

function document(n: number): string {
  const depth = 3 + (n % 3); // 3, 4, 5 levels
  const parts = [`# Deep plan ${n}`, `Intro paragraph of plan ${n}.`];
  for (let s = 0; s < 6; s++) {
    parts.push(`## Section ${s}`, `Some text in section ${s} of plan ${n}.`, nested(depth, 3, `s${s}`));
  }
  parts.push('Closing line.');
  return parts.join('\n\n') + '\n';
}

describe('request economy: nested documents', () => {
  let h: Harness;
  let ws: string;
  const files: Record<string, string> = {};
  for (let n = 0; n < 6; n++) files[`plans/deep-${n}.md`] = document(n);

  before(async () => {
    h = await Harness.start();
    ws = await makeWorkspace({ '.notion-sync.json': JSON.stringify({ workspaceName: 'economy' }), ...files });
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: ws });
    assert.equal(init.code, 0, init.stderr);
  });
  after(async () => h?.close());

  test('initial sync costs at most 1.05x the read-free minimum, with no completion write', async () => {
    let minimum = 0;
    let markers = 0;
    for (const text of Object.values(files)) {
      const m = pageMinimum(markdownToBlocks(text).blocks as Tree[]);
      minimum += m;
      // What a writer marking each multi-request page complete with a write of its own would add (the
      // sync seals them all with its log row instead: sync/seals.ts).
      if (m > 1) markers++;
    }
    // One query per category database (to look the keys up; every database is empty yet).
    const categories = 5;
    minimum += categories;
    h.sandbox.resetStats();
    const r = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.created, 6);
    const ours = r.json.apiCalls as number;
    const total = h.sandbox.stats().total;
    console.log(
      `initial sync: ${ours} engine requests (${total} with bookkeeping), read-free minimum ${minimum} ` +
        `(a per-page completion write would add ${markers}; sealed by the run's log row instead)`,
    );
    assert.ok(markers > 0, 'the documents need several requests each');
    assert.ok(ours >= minimum, `${ours} requests is below the minimum ${minimum}: the minimum is wrong`);
    assert.ok(ours <= minimum * 1.05, `${ours} requests > 1.05 × the read-free minimum ${minimum}`);
    assert.equal(h.sandbox.stats().byRoute['PATCH /v1/pages/{id}'] ?? 0, 0, 'no completion write');
  });

  test('a two-line edit of a nested page afterwards costs at most 5 requests', async () => {
    const file = join(ws, 'plans/deep-4.md');
    const text = await readFile(file, 'utf8');
    // The intro went inline in the create (its id unknown yet), the section line in an append: both kinds.
    const edited = text
      .replace('Intro paragraph of plan 4.', 'Edited intro of plan 4.')
      .replace('Some text in section 3 of plan 4.', 'Some edited text in section 3.');
    assert.notEqual(edited, text);
    await writeFile(file, edited);
    h.sandbox.resetStats();
    const r = await h.cli(['sync', 'plans/deep-4.md', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.updated, 1, JSON.stringify(r.json));
    // The sync looks every category's keys up once (one query each) whatever it writes: the page's own cost is the rest.
    const queries = h.sandbox.stats().byRoute['POST /v1/data_sources/{id}/query'] ?? 0;
    const ours = (r.json.apiCalls as number) - queries;
    console.log(`two-line edit (${queries} key look-ups besides): ${ours} engine requests`);
    assert.ok(ours <= 5, `${ours} requests for a two-line edit`);
  });
});

describe('request economy: documents nested 3, 4 and 5 levels deep, one page at a time', () => {
  let h: Harness;
  let ws: string;
  const deep = (depth: number): string =>
    [
      `# Outline ${depth}`,
      `An outline nested ${depth} levels deep.`,
      nested(depth, 3, 'a'),
      '## Second part',
      'Text between the lists.',
      nested(depth, 4, 'b'),
      '| k | v |\n| - | - |\n| one | 1 |\n| two | 2 |',
      'Closing line.',
    ].join('\n\n') + '\n';
  const files: Record<string, string> = {};
  for (const depth of [3, 4, 5]) files[`plans/deep-${depth}.md`] = deep(depth);

  /** A block tree as a reader sees it: type, text and children (request or read-back blocks alike). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw API blocks of every type
  const shape = (blocks: any[]): unknown[] =>
    blocks.map((b) => {
      const body = b[b.type] ?? {};
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const plain = (rt: any[] = []) => rt.map((t) => t.plain_text ?? t.text?.content ?? '').join('');
      const text = body.cells ? body.cells.map(plain).join(' | ') : plain(body.rich_text);
      return { type: b.type, text, children: shape(body.children ?? []) };
    });

  before(async () => {
    h = await Harness.start();
    ws = await makeWorkspace({ '.notion-sync.json': JSON.stringify({ workspaceName: 'deep' }), ...files });
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: ws });
    assert.equal(init.code, 0, init.stderr);
  });
  after(async () => h?.close());

  test('each page costs exactly the read-free minimum and reads back as its source tree', async () => {
    for (const depth of [3, 4, 5]) {
      const path = `plans/deep-${depth}.md`;
      const blocks = markdownToBlocks(files[path]!).blocks;
      const minimum = pageMinimum(blocks as Tree[]);
      h.sandbox.resetStats();
      const r = await h.cli(['sync', path, '--json'], { workspace: ws });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.json.created, 1, JSON.stringify(r.json));
      // Key look-ups and the twin check are queries, whatever the page holds: the page's own cost is the rest.
      const queries = h.sandbox.stats().byRoute['POST /v1/data_sources/{id}/query'] ?? 0;
      const ours = (r.json.apiCalls as number) - queries;
      console.log(`depth ${depth}: ${ours} requests, read-free minimum ${minimum}`);
      // The run seals its multi-request creates with its Execution Logs row (bookkeeping): no completion write.
      assert.equal(ours, minimum, `depth ${depth}`);
      // Depth 3 fits the create whole (the writer with one nesting level per request took 4 requests).
      if (depth === 3) assert.equal(minimum, 1);

      const status = await h.cli(['status', path, '--json'], { workspace: ws });
      const item = status.json.items.find((i: { path: string }) => i.path === path);
      assert.equal(item.state, 'synced');
      assert.deepEqual(shape(await readTree(h.client(), item.pageId)), shape(blocks), `content of ${path}`);
    }
  });

  test('a one-line edit at the deepest level of the 5-deep page afterwards costs at most 5 requests', async () => {
    const path = 'plans/deep-5.md';
    const file = join(ws, path);
    const text = await readFile(file, 'utf8');
    const edited = text.replace('b item 1.1.1.1.0 at level 5', 'b item 1.1.1.1.0 at level 5, edited');
    assert.notEqual(edited, text);
    await writeFile(file, edited);
    h.sandbox.resetStats();
    const r = await h.cli(['sync', path, '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.updated, 1, JSON.stringify(r.json));
    const queries = h.sandbox.stats().byRoute['POST /v1/data_sources/{id}/query'] ?? 0;
    const ours = (r.json.apiCalls as number) - queries;
    console.log(`one-line edit at level 5: ${ours} requests`, JSON.stringify(h.sandbox.stats().byRoute));
    assert.ok(ours <= 5, `${ours} requests for a one-line edit`);
    const status = await h.cli(['status', path, '--json'], { workspace: ws });
    const item = status.json.items.find((i: { path: string }) => i.path === path);
    assert.deepEqual(
      shape(await readTree(h.client(), item.pageId)),
      shape(markdownToBlocks(edited).blocks),
      'the edit arrived, nothing else changed',
    );
  });
});

describe('request economy: the twin check after a create', () => {
  let h: Harness;
  let ws: string;

  before(async () => {
    h = await Harness.start();
    const parent = h.sandbox.seedPage('Twin check economy').id as string;
    ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({
        workspaceName: 'twins',
        categories: { plans: { include: ['plans/*.md'] } },
      }),
      'plans/first.md': '# First\n',
    });
    const init = await h.cli(['init', '--parent-page', parent, '--json'], { workspace: ws });
    assert.equal(init.code, 0, init.stderr);
    const first = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(first.code, 0, first.stderr);
    // 250 more rows of this workspace (written by a teammate: their files are not here).
    const config = JSON.parse(await readFile(join(ws, '.notion-sync.json'), 'utf8'));
    const client = h.client();
    const db = (await client.databases.retrieve({ database_id: config.categories.plans.databaseId })) as unknown as {
      data_sources: Array<{ id: string }>;
    };
    const text = (s: string) => ({ rich_text: [{ type: 'text' as const, text: { content: s } }] });
    for (let i = 0; i < 250; i++)
      await client.pages.create({
        parent: { data_source_id: db.data_sources[0]!.id },
        properties: {
          Name: { title: [{ text: { content: `Teammate ${i}` } }] },
          Workspace: text('twins'),
          Path: text(`plans/teammate-${i}.md`),
          'Content Hash': text('v2:0'),
        } as never,
      });
  });
  after(async () => h?.close());

  test('one new file in a database of 251 rows: its key is read again with one query, not the 3 a full read takes', async () => {
    await writeFile(join(ws, 'plans/new.md'), '# New\n\nA new plan.\n');
    h.sandbox.resetStats();
    const r = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.created, 1, JSON.stringify(r.json));
    const queries = h.sandbox.stats().byRoute['POST /v1/data_sources/{id}/query'] ?? 0;
    // The index reads the 251 plans rows (3 queries) and the three other (empty) databases (1 each); the
    // twin check asks for the new key only (1), where a full read of the plans would take 3 more.
    assert.equal(queries, 3 + 3 + 1, JSON.stringify(h.sandbox.stats().byRoute));
  });
});
