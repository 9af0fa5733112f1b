import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness, makeWorkspace, readTree } from './helpers';
import { blocksToMarkdown } from '../../src/core/content/from-notion';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API blocks */

/**
 * Blocks markdown cannot express (synced blocks, child pages, bookmarks, embeds, columns, a bookmark
 * nested in a list item) come back from a pull as placeholder lines; ten pushes of local edits around
 * them keep every one of them in Notion, with the same id, once.
 */

const DOC = [
  '# Keep',
  '',
  'Alpha paragraph.',
  '',
  'Beta paragraph.',
  '',
  '- list item one',
  '- list item two',
  '',
  'Gamma paragraph.',
  '',
  'Delta paragraph.',
  '',
].join('\n');

const plain = (b: any): string => (b[b.type]?.rich_text ?? []).map((t: any) => t.plain_text).join('');

/** Every block id under the page (child pages' own content included), with its parent. */
function flatten(tree: any[], parent: string, out: Map<string, string[]>): Map<string, string[]> {
  for (const b of tree) {
    out.set(b.id, [...(out.get(b.id) ?? []), parent]);
    flatten(b[b.type]?.children ?? [], b.id, out);
  }
  return out;
}

describe('blocks markdown cannot express survive pushes of local edits around them (CLI, sandbox over HTTP)', () => {
  let h: Harness;
  let ws: string;
  let pageId: string;
  const file = (): string => join(ws, 'plans/keep.md');

  async function tree(): Promise<any[]> {
    return readTree(h.client(), pageId);
  }
  async function topBlock(text: string): Promise<any> {
    const b = (await tree()).find((x) => plain(x) === text);
    assert.ok(b, `no block "${text}"`);
    return b;
  }
  async function sync(args: string[] = []): Promise<any> {
    const r = await h.cli(['sync', '--json', ...args], { workspace: ws });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    return r.json;
  }
  async function pull(): Promise<any> {
    const r = await h.cli(['pull', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    return r.json;
  }
  /** The file's body (after front matter) must be what Notion's blocks render to. */
  async function assertNotionMatchesFile(): Promise<void> {
    const text = await readFile(file(), 'utf8');
    const body = text.replace(/^---\n[\s\S]*?\n---\n/, '');
    assert.equal(blocksToMarkdown(await tree()), body);
  }

  before(async () => {
    h = await Harness.start();
    ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({ workspaceName: 'keeptest' }),
      'plans/keep.md': DOC,
    });
    assert.equal((await h.cli(['init', '--parent-page', h.sandbox.rootPageId], { workspace: ws })).code, 0);
    await sync();
    const s = await h.cli(['status', 'plans/keep.md', '--json'], { workspace: ws });
    pageId = s.json.items.find((i: any) => i.path === 'plans/keep.md').pageId;
  });
  after(async () => h?.close());

  test('ten pushes of edits around synced blocks, child pages, bookmarks, embeds, columns keep them all', async () => {
    const alpha = await topBlock('Alpha paragraph.');
    const beta = await topBlock('Beta paragraph.');
    const gamma = await topBlock('Gamma paragraph.');
    const itemTwo = await topBlock('list item two');
    const made = h.sandbox.humanEdit({
      pageId,
      ops: [
        { op: 'insertAfter', afterBlockId: alpha.id, blocks: [{ bookmark: { url: 'https://example.com/bm' } }] },
        {
          op: 'insertAfter',
          afterBlockId: beta.id,
          blocks: [
            { embed: { url: 'https://example.com/embed' } },
            {
              synced_block: {
                synced_from: null,
                children: [{ paragraph: { rich_text: [{ text: { content: 'S' } }] } }],
              },
            },
          ],
        },
        { op: 'addChildPage', title: 'Child notes', paragraphs: ['inside the child'], afterBlockId: gamma.id },
        {
          op: 'insert',
          blocks: [
            {
              column_list: {
                children: [
                  { column: { children: [{ paragraph: { rich_text: [{ text: { content: 'left' } }] } }] } },
                  { column: { children: [{ paragraph: { rich_text: [{ text: { content: 'right' } }] } }] } },
                ],
              },
            },
          ],
        },
        { op: 'insert', parentId: itemTwo.id, blocks: [{ bookmark: { url: 'https://example.com/nested' } }] },
      ],
    }) as any;
    const keptIds: string[] = made.created;
    assert.equal(keptIds.length, 6);

    const p = await pull();
    assert.equal(p.pulled, 1, JSON.stringify(p.items));
    const pulled = await readFile(file(), 'utf8');
    for (const id of keptIds) assert.ok(pulled.includes(`id=${id}`), `no placeholder for ${id}:\n${pulled}`);
    await assertNotionMatchesFile();
    const before = flatten(await tree(), pageId, new Map());

    const edits: Array<(t: string) => string> = [
      (t) => t.replace('Alpha paragraph.', 'Alpha paragraph, edited.'),
      (t) => t.replace('# Keep\n\n', '# Keep\n\nA new first paragraph.\n\n'),
      (t) => t.replace('Beta paragraph.\n\n', ''), // a neighbour between two placeholders deleted
      (t) => t.replace('- list item two', '- list item two, edited'), // the list item holding a nested placeholder
      (t) => `${t}\nAn appended paragraph.\n`,
      (t) => t.replace('Gamma paragraph.', 'Gamma paragraph.\n\nInserted after gamma, before the child page.'),
      (t) => t.replace('- list item one\n', '- list item one\n- list item one and a half\n'),
      (t) => t.replace('A new first paragraph.\n\n', ''),
      (t) => t.replace('Delta paragraph.', '## Delta heading'),
      (t) => t.replace('Alpha paragraph, edited.', 'Alpha, again.').replace('An appended paragraph.', 'Last words.'),
    ];
    for (const [i, edit] of edits.entries()) {
      const old = await readFile(file(), 'utf8');
      const next = edit(old);
      assert.notEqual(next, old, `edit ${i} changed nothing`);
      await writeFile(file(), next);
      const s = await sync();
      assert.equal(s.updated, 1, `push ${i}: ${JSON.stringify(s)}`);
      const now = flatten(await tree(), pageId, new Map());
      for (const id of keptIds) {
        assert.deepEqual(now.get(id), before.get(id), `push ${i}: block ${id} moved, vanished or was duplicated`);
        // Its whole subtree too (the synced block's paragraph, the columns and their text).
        for (const [sub, parents] of before) if (parents[0] === id) assert.deepEqual(now.get(sub), parents);
      }
      const t = await tree();
      assert.equal(t.filter((b) => b.type === 'bookmark').length, 1, `push ${i}: bookmarks`);
      assert.equal(t.filter((b) => b.type === 'embed').length, 1);
      assert.equal(t.filter((b) => b.type === 'child_page').length, 1);
      assert.equal(t.filter((b) => b.type === 'synced_block').length, 1);
      assert.equal(t.filter((b) => b.type === 'column_list').length, 1);
      assert.ok(!JSON.stringify(t).includes('notion:block'), `push ${i}: a placeholder was written as text`);
      await assertNotionMatchesFile();
      // Nothing changed: nothing written.
      h.sandbox.resetStats();
      const again = await sync();
      assert.equal(again.updated + again.created, 0);
      assert.equal(h.sandbox.stats().writes, 0, JSON.stringify(h.sandbox.stats().byRoute));
    }
  });

  test('a placeholder moved locally leaves its block where Notion has it: no move, no copy, the rest is written', async () => {
    const text = await readFile(file(), 'utf8');
    const line = text.split('\n').find((l) => l.includes('type=bookmark') && !l.startsWith(' '))!;
    const bookmark = (await tree()).find((b) => b.type === 'bookmark');
    const at = (await tree()).findIndex((b) => b.id === bookmark.id);
    await writeFile(file(), `${text.replace(`${line}\n\n`, '')}\n${line}\n\nAfter the moved line.\n`);
    const s = await h.cli(['sync', '--json', '--verbose'], { workspace: ws });
    assert.equal(s.code, 0, s.stderr);
    const t = await tree();
    assert.equal(t.filter((b) => b.type === 'bookmark').length, 1);
    assert.equal(
      t.findIndex((b) => b.id === bookmark.id),
      at,
      'the bookmark stays at its place in Notion',
    );
    assert.ok(t.some((b) => plain(b) === 'After the moved line.'));
    // Nothing changed since: nothing written (the memory knows Notion's order).
    h.sandbox.resetStats();
    await sync();
    assert.equal(h.sandbox.stats().writes, 0);
  });

  test('a block deleted in Notion: pull drops its line, the push writes the local edit; --force drops it too', async () => {
    const t0 = await tree();
    const embed = t0.find((b) => b.type === 'embed');
    h.sandbox.humanEdit({ pageId, ops: [{ op: 'delete', blockId: embed.id }] });
    await writeFile(file(), (await readFile(file(), 'utf8')).replace('Last words.', 'Last words, with a local edit.'));
    const r = await h.cli(['sync', '--two-way', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const after = await readFile(file(), 'utf8');
    assert.ok(!after.includes(embed.id), 'the pull removed the line of the deleted block');
    let t = await tree();
    assert.equal(t.filter((b) => b.type === 'embed').length, 0);
    assert.ok(t.some((b) => plain(b) === 'Last words, with a local edit.'));

    // Overwriting Notion (--force) after a person deleted a kept block: no error, nothing re-created.
    const synced = t.find((b) => b.type === 'synced_block');
    h.sandbox.humanEdit({ pageId, ops: [{ op: 'delete', blockId: synced.id }] });
    await writeFile(file(), (await readFile(file(), 'utf8')).replace('Alpha, again.', 'Alpha, forced.'));
    const f = await sync(['--force']);
    assert.equal(f.updated, 1, JSON.stringify(f));
    t = await tree();
    assert.equal(t.filter((b) => b.type === 'synced_block').length, 0);
    assert.equal(t.filter((b) => b.type === 'bookmark').length, 1);
    assert.equal(t.filter((b) => b.type === 'child_page').length, 1);
    assert.equal(t.filter((b) => b.type === 'column_list').length, 1);
    assert.ok(t.some((b) => plain(b) === 'Alpha, forced.'));
    assert.ok(!JSON.stringify(t).includes('notion:block'));
    // The file still names the deleted block (nothing was pulled); removing the line changes nothing in Notion.
    const stale = (await readFile(file(), 'utf8')).split('\n').find((l) => l.includes(synced.id))!;
    await writeFile(file(), (await readFile(file(), 'utf8')).replace(`${stale}\n\n`, ''));
    const kept = (await tree()).map((b) => b.id);
    await sync();
    // Nothing re-created, nothing else touched (the same blocks, in the same order).
    assert.deepEqual(
      (await tree()).map((b) => b.id),
      kept,
    );
    await assertNotionMatchesFile();
  });

  test('without the block-id cache (a fresh machine), a push lists the page and still keeps every block', async () => {
    const before = await tree();
    const keptTypes = ['bookmark', 'child_page', 'column_list'];
    const kept = before.filter((b) => keptTypes.includes(b.type)).map((b) => b.id);
    assert.equal(kept.length, 3);
    for (const f of await readdir(h.stateDir)) if (f.endsWith('.json')) await rm(join(h.stateDir, f));
    await writeFile(
      file(),
      (await readFile(file(), 'utf8')).replace('Gamma paragraph.', 'Gamma, from a fresh machine.'),
    );
    await sync();
    const t = await tree();
    for (const type of keptTypes) assert.equal(t.filter((b) => b.type === type).length, 1, type);
    for (const id of kept)
      assert.ok(
        t.some((b) => b.id === id),
        `block ${id} kept`,
      );
    assert.ok(t.some((b) => plain(b) === 'Gamma, from a fresh machine.'));
    await assertNotionMatchesFile();
  });

  test('a placeholder line copied into a new file keeps nothing there: the page is created without it', async () => {
    const line = (await readFile(file(), 'utf8')).split('\n').find((l) => l.includes('type=child_page'))!;
    await writeFile(join(ws, 'plans/copy.md'), `# Copy\n\n${line}\n\nText.\n`);
    const s = await sync();
    assert.equal(s.created, 1, JSON.stringify(s));
    const st = await h.cli(['status', 'plans/copy.md', '--json'], { workspace: ws });
    const copy = await readTree(h.client(), st.json.items.find((i: any) => i.path === 'plans/copy.md').pageId);
    assert.deepEqual(
      copy.map((b) => b.type),
      ['heading_1', 'paragraph'],
    );
    assert.equal((await tree()).filter((b) => b.type === 'child_page').length, 1, 'the original stays');
  });

  test("deleting a placeholder line deletes its block (to Notion's trash): the line stands for the block", async () => {
    const text = await readFile(file(), 'utf8');
    const line = text.split('\n').find((l) => l.includes('type=column_list'))!;
    await writeFile(file(), text.replace(`${line}\n`, '').replace(/\n\n\n+/g, '\n\n'));
    await sync();
    const t = await tree();
    assert.equal(t.filter((b) => b.type === 'column_list').length, 0);
    assert.equal(t.filter((b) => b.type === 'child_page').length, 1);
    await assertNotionMatchesFile();
  });
});
