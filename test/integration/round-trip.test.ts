import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness, makeWorkspace, readTree } from './helpers';
import { blocksToMarkdown } from '../../src/core/content/from-notion';
import { generateWorkspace, syncWorkspaceSpec } from '../../bench/workspaces';
import {
  converterStressDocuments,
  listNested,
  markdownDocument,
  outlineDocument,
  realWorldShapes,
} from '../fixtures/corpus';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API blocks */

/**
 * Issue 13's round trip, over HTTP with the real SDK, for every markdown file of the test corpus and
 * of the benchmark's generated workspace: local → Notion → markdown → Notion writes no block on the
 * second push, and a pull with no edit in Notion leaves every file byte for byte.
 */

function corpus(): Record<string, string> {
  const files = generateWorkspace(syncWorkspaceSpec(true));
  for (const seed of [1, 2, 3])
    for (const size of [20, 150]) {
      files[`plans/corpus/markdown-${size}-${seed}.md`] = markdownDocument(size, seed);
      files[`plans/corpus/outline-${size}-${seed}.md`] = outlineDocument(size, seed);
    }
  for (const [name, text] of Object.entries(converterStressDocuments(2))) files[`plans/stress/${name}`] = text;
  for (const [name, text] of Object.entries(realWorldShapes(1))) files[`plans/real/${name}`] = text;
  files['plans/corpus/nested-6.md'] = listNested(6);
  files['.notion-sync.json'] = JSON.stringify({ workspaceName: 'roundtrip' });
  return files;
}

/** Requests that change a page's body. */
const blockWrites = (byRoute: Record<string, number>): string[] =>
  Object.keys(byRoute).filter((r) => /^(PATCH|DELETE) \/v1\/blocks/.test(r));

describe('round trip of the whole corpus: local → Notion → markdown → Notion (CLI, sandbox over HTTP)', () => {
  let h: Harness;
  let ws: string;
  const files = corpus();
  const markdown = Object.keys(files).filter((p) => p.endsWith('.md'));

  async function pageIds(): Promise<Map<string, string>> {
    const s = await h.cli(['status', '--json'], { workspace: ws });
    return new Map(s.json.items.filter((i: any) => i.pageId).map((i: any) => [i.path, i.pageId]));
  }

  before(async () => {
    h = await Harness.start();
    ws = await makeWorkspace(files);
    assert.equal((await h.cli(['init', '--parent-page', h.sandbox.rootPageId], { workspace: ws })).code, 0);
    const r = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.failed, 0, JSON.stringify(r.json.failures));
    assert.ok(markdown.length >= 40, `${markdown.length} markdown files`);
  });
  after(async () => h?.close());

  test('a pull with no edit in Notion leaves every file byte for byte and writes nothing', async () => {
    h.sandbox.resetStats();
    const r = await h.cli(['pull', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.pulled + r.json.merged + r.json.conflicts + r.json.failed, 0, JSON.stringify(r.json.items));
    assert.equal(h.sandbox.stats().writes, 0);
    for (const [path, text] of Object.entries(files))
      if (path !== '.notion-sync.json') assert.equal(await readFile(join(ws, path), 'utf8'), text, path);
  });

  test('a Notion edit on every page comes back with one pull, and the next push writes nothing', async () => {
    const ids = await pageIds();
    const before = new Map<string, string>();
    for (const path of markdown) {
      before.set(path, await readFile(join(ws, path), 'utf8'));
      h.sandbox.humanEdit({ pageId: ids.get(path)!, appendParagraph: `Added in Notion to ${path}.` });
    }
    const p = await h.cli(['pull', '--json'], { workspace: ws });
    assert.equal(p.code, 0, p.stderr);
    assert.equal(
      p.json.pulled,
      markdown.length,
      JSON.stringify(p.json.items.filter((i: any) => i.action !== 'pulled')),
    );
    for (const path of markdown) {
      const now = await readFile(join(ws, path), 'utf8');
      assert.ok(now.startsWith(before.get(path)!.replace(/\n+$/, '')), `${path}: local bytes kept`);
      assert.ok(now.trimEnd().endsWith(`Added in Notion to ${path}.`), path);
    }
    h.sandbox.resetStats();
    const s = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(s.code, 0, s.stderr);
    assert.equal(s.json.updated + s.json.created, 0, JSON.stringify(s.json.plan));
    assert.equal(h.sandbox.stats().writes, 0);
  });

  test("each page's markdown, as Notion's blocks render it, pushed back writes no block", async () => {
    const ids = await pageIds();
    for (const path of markdown) {
      const original = files[path]!;
      const frontMatter = /^---\n[\s\S]*?\n---\n/.exec(original)?.[0] ?? '';
      const fromNotion = blocksToMarkdown(await readTree(h.client(), ids.get(path)!));
      await writeFile(join(ws, path), frontMatter + fromNotion);
    }
    h.sandbox.resetStats();
    const r = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.failed, 0);
    assert.deepEqual(blockWrites(h.sandbox.stats().byRoute), [], JSON.stringify(h.sandbox.stats().byRoute));
    h.sandbox.resetStats();
    const again = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(again.json.updated + again.json.created, 0);
    assert.equal(h.sandbox.stats().writes, 0);
  });
});
