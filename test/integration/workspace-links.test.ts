import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness, makeWorkspace, readTree, tempDir } from './helpers';
import { loadConfig } from '../../src/core/config';
import { notionSideText } from '../../src/core/sync/compare';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API blocks */

const A = [
  '# Plan A',
  '',
  'See [plan B](b.md#rollout) for the rollout.',
  '',
  'The report: [the findings][findings].',
  '',
  'Also [the notes](../notes/outside.md), unrelated.',
  '',
  'Code stays code: `[b](b.md)`.',
  '',
  ...Array.from({ length: 30 }, (_, i) => `Filler paragraph ${i}.`).flatMap((l) => [l, '']),
  'Closing words.',
  '',
  '[findings]: ../reports/r.md',
  '',
].join('\n');

const B = ['# Plan B', '', 'Back to [plan A](./a.md).', '', '## Rollout', '', 'Ship it.', ''].join('\n');

const R = ['# Findings', '', 'It works; see [plan A](../plans/a.md).', ''].join('\n');

const compact = (id: string): string => id.replace(/-/g, '');
const textOf = (b: any): string => (b[b.type]?.rich_text ?? []).map((t: any) => t.plain_text).join('');
const linksOf = (b: any): string[] =>
  (b[b.type]?.rich_text ?? []).flatMap((t: any) => (t.text?.link?.url ? [t.text.link.url] : []));

describe('links between documents of the workspace become links to their Notion pages', () => {
  let h: Harness;
  let ws: string;
  const pages: Record<string, string> = {};

  async function pageOf(path: string): Promise<string> {
    const s = await h.cli(['status', path, '--json'], { workspace: ws });
    return s.json.items.find((i: any) => i.path === path).pageId;
  }
  async function blockWith(pageId: string, start: string): Promise<any> {
    const b = (await readTree(h.client(), pageId)).find((x) => textOf(x).startsWith(start));
    assert.ok(b, `no block starting "${start}"`);
    return b;
  }

  before(async () => {
    h = await Harness.start();
    ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({ workspaceName: 'links' }),
      'plans/a.md': A,
      'plans/b.md': B,
      'notes/outside.md': '# Not an item\n',
    });
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: ws });
    assert.equal(init.code, 0, init.stderr);
  });
  after(async () => h?.close());

  test('first sync: links between the new pages are page links, even in a cycle; others stay text', async () => {
    const r = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.created, 2, JSON.stringify(r.json));
    pages.a = await pageOf('plans/a.md');
    pages.b = await pageOf('plans/b.md');

    const toB = await blockWith(pages.a, 'See plan B');
    assert.deepEqual(linksOf(toB), [`https://www.notion.so/${compact(pages.b)}#rollout`]);
    assert.equal(textOf(toB), 'See plan B for the rollout.');
    const toA = await blockWith(pages.b, 'Back to');
    assert.deepEqual(linksOf(toA), [`https://www.notion.so/${compact(pages.a)}`]);
    // The report has no row yet: its text, with the target, and no link.
    const toR = await blockWith(pages.a, 'The report');
    assert.deepEqual(linksOf(toR), []);
    assert.equal(textOf(toR), 'The report: the findings (../reports/r.md).');
    // Not an item: text with the relative target.
    const outside = await blockWith(pages.a, 'Also');
    assert.deepEqual(linksOf(outside), []);
    assert.equal(textOf(outside), 'Also the notes (../notes/outside.md), unrelated.');
    const code = await blockWith(pages.a, 'Code stays');
    assert.deepEqual(linksOf(code), []);
    assert.equal(textOf(code), 'Code stays code: [b](b.md).');

    const again = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.json.writes, 0, JSON.stringify(again.json));
    assert.equal(again.json.unchanged, 2);
  });

  test('a target created by a later run: the link is fixed up then, in the blocks holding it only', async () => {
    await writeFile(join(ws, 'reports/r.md'), R).catch(async () => {
      const { mkdir } = await import('node:fs/promises');
      await mkdir(join(ws, 'reports'), { recursive: true });
      await writeFile(join(ws, 'reports/r.md'), R);
    });
    const before = await readTree(h.client(), pages.a);
    const status = await h.cli(['status', 'plans/a.md', '--json'], { workspace: ws });
    assert.equal(status.json.items[0].state, 'synced', 'plan A is in step until the report has a row');

    h.sandbox.resetStats();
    const dry = await h.cli(['sync', '--dry-run', '--json'], { workspace: ws });
    assert.equal(dry.code, 0, dry.stderr);
    const planA = dry.json.plan.find((p: any) => p.path === 'plans/a.md');
    assert.equal(planA.estimatedCalls, 2, JSON.stringify(planA));
    assert.equal(h.sandbox.stats().writes, 0);

    h.sandbox.resetStats();
    const r = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.created, 1, JSON.stringify(r.json));
    assert.equal(r.json.updated, 1, JSON.stringify(r.json));
    pages.r = await pageOf('reports/r.md');
    const toR = await blockWith(pages.a, 'The report');
    assert.deepEqual(linksOf(toR), [`https://www.notion.so/${compact(pages.r)}`]);
    assert.equal(textOf(toR), 'The report: the findings.');
    // The report's own link to A resolved at once (A had its row).
    assert.deepEqual(linksOf(await blockWith(pages.r, 'It works')), [`https://www.notion.so/${compact(pages.a)}`]);

    // Plan A was not rewritten: every block is the very same block (same id, same place).
    const after = await readTree(h.client(), pages.a);
    assert.deepEqual(
      after.map((b) => b.id),
      before.map((b) => b.id),
    );
    const byRoute = h.sandbox.stats().byRoute;
    const blockWrites =
      (byRoute['PATCH /v1/blocks/{id}'] ?? 0) +
      (byRoute['DELETE /v1/blocks/{id}'] ?? 0) +
      (byRoute['PATCH /v1/blocks/{id}/children'] ?? 0);
    // A's one changed block (the report's page is created inline: no block request of its own), then
    // A's Content Hash: two page writes in all with the report's create.
    assert.equal(blockWrites, 1, JSON.stringify(byRoute));
    assert.equal(byRoute['PATCH /v1/blocks/{id}'], 1);
    assert.equal(byRoute['PATCH /v1/pages/{id}'], 1, JSON.stringify(byRoute));

    h.sandbox.resetStats();
    const again = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.json.writes, 0, JSON.stringify(again.json));
    assert.equal(h.sandbox.stats().writes, 0);
  });

  test('pull after an edit in Notion elsewhere: the link stays the relative link, byte for byte', async () => {
    const closing = await blockWith(pages.a, 'Closing words');
    await h.sandbox.humanEdit({
      pageId: pages.a,
      ops: [{ op: 'setText', blockId: closing.id, text: 'Closing words, edited.' }],
    });
    const r = await h.cli(['pull', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    const text = await readFile(join(ws, 'plans/a.md'), 'utf8');
    assert.equal(text, A.replace('Closing words.', 'Closing words, edited.'));
    const again = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.json.writes, 0, JSON.stringify(again.json));
  });

  test('a link made in Notion to another synced page comes back as the relative link', async () => {
    const outside = await blockWith(pages.a, 'Also');
    const richText = [
      { type: 'text', text: { content: 'Also ' } },
      {
        type: 'text',
        text: { content: 'plan B', link: { url: `https://www.notion.so/Plan-B-${compact(pages.b)}#rollout` } },
      },
      { type: 'text', text: { content: ', related.' } },
    ];
    await h.sandbox.humanEdit({ pageId: pages.a, ops: [{ op: 'setText', blockId: outside.id, richText }] });
    const r = await h.cli(['pull', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    const text = await readFile(join(ws, 'plans/a.md'), 'utf8');
    assert.match(text, /^Also \[plan B\]\(b\.md#rollout\), related\.$/m);
    // Everything else keeps its bytes, the reference link and its definition included.
    assert.equal(
      text.replace(/^Also .*$/m, 'X'),
      A.replace('Closing words.', 'Closing words, edited.').replace(/^Also .*$/m, 'X'),
    );
    const sync = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(sync.code, 0, sync.stderr);
    const again = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(again.json.writes, 0, JSON.stringify(again.json));
  });

  test('"Compare with Notion" and "Take Notion\'s version" show a workspace link as the file\'s relative link', async () => {
    const config = await loadConfig(ws);
    const engine = (stateDir: string) => ({
      config,
      token: h.sandbox.token,
      apiBaseUrl: h.sandbox.url,
      trigger: 'editor' as const,
      stateDir,
      gateway: { rps: 0 },
    });
    const local = { kind: 'markdown' as const, absPath: join(ws, 'plans/b.md'), path: 'plans/b.md' };
    // This machine wrote the pages: its memory knows them.
    const here = await notionSideText(engine(h.stateDir), { pageId: pages.b, local });
    assert.match(here, /^Back to \[plan A\]\(a\.md\)\.$/m, here);
    assert.doesNotMatch(here, /notion\.so/, here);
    // A machine that never wrote them: the rows the editor read stand in.
    const fresh = await tempDir('nws-compare-');
    const bare = await notionSideText(engine(fresh), { pageId: pages.b, local });
    assert.match(bare, /notion\.so/, 'without rows or memory the page link stays a Notion link');
    const withRows = await notionSideText(engine(fresh), {
      pageId: pages.b,
      local,
      rows: [{ path: 'plans/a.md', pageId: pages.a }],
    });
    assert.match(withRows, /^Back to \[plan A\]\(a\.md\)\.$/m, withRows);
  });
});
