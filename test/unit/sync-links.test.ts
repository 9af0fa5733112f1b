import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { markdownToBlocks, type Block } from '../../src/core/content';
import { mapLinks } from '../../src/core/content/from-notion';
import { linkTargetPath, markdownLinkRefs } from '../../src/core/inventory';
import { mayLinkToFiles } from '../../src/core/inventory/link-refs';
import { fileHashPart, pageIdOfUrl, pageUrl, WorkspaceLinks } from '../../src/core/sync/links';
import { orderForLinks, plannedFixups } from '../../src/core/sync/link-fixups';
import type { Op } from '../../src/core/sync/plan';
import { uploadRequests } from '../../src/core/sync/images';
import { SyncState } from '../../src/core/sync/state';
import { uploadCalls } from '../../src/core/notion/uploads';

/* eslint-disable @typescript-eslint/no-explicit-any -- block payloads */

const B_ID = '11111111-2222-3333-4444-555555555555';
const R_ID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const isItem = (p: string): boolean => /^(plans|reports)\/.+\.md$/.test(p);

function links(rows: Record<string, string> = {}): WorkspaceLinks {
  const l = new WorkspaceLinks(isItem);
  for (const [path, id] of Object.entries(rows)) l.setPage(path, id);
  return l;
}

function linksOf(blocks: Block[]): Array<{ text: string; url?: string }> {
  return blocks.flatMap((b) =>
    ((b as any)[b.type]?.rich_text ?? []).map((t: any) => ({ text: t.text?.content, url: t.text?.link?.url })),
  );
}

describe('link targets of a document (quick scan)', () => {
  test('relative paths, `..`, `/` from the root, anchors and queries, percent escapes', () => {
    assert.equal(linkTargetPath('plans/a.md', 'b.md'), 'plans/b.md');
    assert.equal(linkTargetPath('plans/a.md', './b.md#part'), 'plans/b.md');
    assert.equal(linkTargetPath('plans/q3/a.md', '../../reports/r.md?x=1#y'), 'reports/r.md');
    assert.equal(linkTargetPath('plans/a.md', '/reports/r.md'), 'reports/r.md');
    assert.equal(linkTargetPath('plans/a.md', 'my%20plan.md'), 'plans/my plan.md');
    assert.equal(linkTargetPath('plans/a.md', '../../outside.md'), undefined);
    assert.equal(linkTargetPath('plans/a.md', '#anchor'), undefined);
    assert.equal(linkTargetPath('plans/a.md', 'https://example.com/b.md'), undefined);
    assert.equal(linkTargetPath('plans/a.md', 'mailto:x@y.z'), undefined);
    assert.equal(linkTargetPath('plans/a.md', '//cdn.example.com/x.md'), undefined);
  });

  test('inline links, reference definitions and HTML hrefs; code blocks and spans skipped', () => {
    const md = [
      'See [b](b.md#x) and [r][ref] and <a href="../reports/h.md">h</a>.',
      'A [link with space](<my plan.md>).',
      '`[not](code-span.md)` and ``[nor](double.md)``',
      '```md',
      '[inside](fenced.md)',
      '```',
      '~~~',
      '[inside](tilde.md)',
      '~~~',
      '[web](https://example.com/w.md) [up](../../../gone.md)',
      '',
      '[ref]: ../reports/r.md "title"',
    ].join('\n');
    assert.deepEqual(markdownLinkRefs(md, 'plans/a.md'), [
      'plans/b.md',
      'plans/my plan.md',
      'reports/h.md',
      'reports/r.md',
    ]);
    assert.deepEqual(markdownLinkRefs('No links here.', 'plans/a.md'), []);
  });
});

describe('the byte pre-check before a scan', () => {
  test('true wherever the scan finds a file; false for documents linking only to the web or to anchors', () => {
    const samples = [
      'See [b](b.md).',
      'See [b](\n  ../b.md).',
      'See [b](<my plan.md>).',
      '[r]: ../reports/r.md',
      '[r]:\t/reports/r.md',
      '<a href="x.md">x</a>',
      "<A HREF='x.md'>x</A>",
      '<a href=x.md>x</a>',
      '[d](docs/design-v2.md)',
      '[n](9-notes.md)',
      '[a](_a.md)',
    ];
    for (const md of samples) {
      assert.ok(markdownLinkRefs(md, 'plans/a.md').length > 0, `scan finds a file in ${md}`);
      assert.equal(mayLinkToFiles(Buffer.from(md)), true, md);
    }
    for (const md of [
      'See [web](https://example.com/x.md) and [mail](mailto:a@b.c).',
      '[top](#top) and [cdn](//cdn.example.com/x) and <a href="https://x.y">y</a>',
      '[ref]: https://example.com',
      'No links at all.',
    ]) {
      assert.deepEqual(markdownLinkRefs(md, 'plans/a.md'), []);
      assert.equal(mayLinkToFiles(Buffer.from(md)), false, md);
    }
  });
});

describe('WorkspaceLinks: where a link points, and the Content Hash that says so', () => {
  test('a synced item is its page URL (anchor kept); an item without a row and a non-item are text', () => {
    const l = links({ 'plans/b.md': B_ID });
    assert.equal(l.resolve('plans/a.md', 'b.md'), `https://www.notion.so/${B_ID.replace(/-/g, '')}`);
    assert.equal(l.resolve('plans/a.md', './b.md#rollout'), `${pageUrl(B_ID)}#rollout`);
    assert.equal(l.resolve('plans/a.md', '../reports/r.md'), undefined, 'pending');
    assert.equal(l.resolve('plans/a.md', '../notes/x.md'), undefined, 'not an item');
    assert.deepEqual(l.target('reports/r.md'), { kind: 'pending' });
    assert.deepEqual(l.target('notes/x.md'), { kind: 'outside' });
    assert.equal(l.resolverFor({ path: 'agent-chats/c.md', category: 'agentChats' }), undefined);
  });

  test('the hash is the plain file hash without item links, and changes when a pending target gets its row', () => {
    const doc = { hash: 'abc', category: 'plans', links: ['plans/b.md', 'reports/r.md', 'notes/x.md'] };
    assert.equal(links().hashOf({ hash: 'abc', category: 'plans', links: ['notes/x.md'] }), 'v2:abc');
    assert.equal(links().hashOf({ hash: 'abc', category: 'plans' }), 'v2:abc');
    const l = links({ 'plans/b.md': B_ID });
    const before = l.hashOf(doc);
    assert.match(before, /^v2:abc\+links:[0-9a-f]{16}$/);
    assert.equal(l.hashOf(doc), before, 'stable');
    assert.equal(l.hasPending(doc), true);
    l.setPage('reports/r.md', R_ID);
    const after = l.hashOf(doc);
    assert.notEqual(after, before);
    assert.equal(l.hasPending(doc), false);
    assert.equal(fileHashPart(after), 'v2:abc');
    // Another row for a target (a twin survivor) is another link: another hash.
    l.setPage('reports/r.md', B_ID.replace('1111', '9999'));
    assert.notEqual(l.hashOf(doc), after);
    // Chats are never relinked.
    assert.equal(l.hashOf({ ...doc, category: 'agentChats' }), 'v2:abc');
  });

  test('Notion page URLs back to the relative link of the document', () => {
    const l = links({ 'plans/b.md': B_ID, 'reports/r.md': R_ID });
    const compact = R_ID.replace(/-/g, '');
    assert.deepEqual(pageIdOfUrl(`/${compact}`), { pageId: R_ID, fragment: '' });
    assert.deepEqual(pageIdOfUrl(`https://www.notion.so/team/Findings-${compact}#sec`), {
      pageId: R_ID,
      fragment: '#sec',
    });
    assert.deepEqual(pageIdOfUrl(`https://notion.so/${R_ID}?pvs=4`), { pageId: R_ID, fragment: '' });
    assert.equal(pageIdOfUrl('https://example.com/aaaaaaaabbbbccccddddeeeeeeeeeeee'), undefined);
    assert.equal(l.unresolve('plans/a.md', pageUrl(R_ID)), '../reports/r.md');
    assert.equal(l.unresolve('plans/a.md', `${pageUrl(B_ID)}#rollout`), 'b.md#rollout');
    assert.equal(l.unresolve('plans/q/a.md', `/${compact}`), '../../reports/r.md');
    assert.equal(l.unresolve('plans/a.md', 'https://example.com/'), undefined);
    assert.equal(l.unresolve('plans/a.md', pageUrl('12345678-1234-1234-1234-123456789012')), undefined, 'unknown');
  });
});

describe('markdown links through the resolver', () => {
  const l = links({ 'plans/b.md': B_ID, 'reports/r.md': R_ID });
  const convert = (md: string): Block[] =>
    markdownToBlocks(md, { path: 'plans/a.md', resolveLink: (h) => l.resolve('plans/a.md', h) }).blocks;

  test('relative, `..`, anchors and reference-style links become page links', () => {
    const blocks = convert(
      '[B](b.md) [R](../reports/r.md#sec) [ref][r] [same][]\n\n[r]: ../reports/r.md\n[same]: ./b.md\n',
    );
    assert.deepEqual(
      linksOf(blocks).filter((t) => t.url),
      [
        { text: 'B', url: pageUrl(B_ID) },
        { text: 'R', url: `${pageUrl(R_ID)}#sec` },
        { text: 'ref', url: pageUrl(R_ID) },
        { text: 'same', url: pageUrl(B_ID) },
      ],
    );
  });

  test('a link to a non-item or a pending item stays text with its target; code is untouched', () => {
    const blocks = convert(
      '[notes](../notes/n.md) [later](c.md) `[b](b.md)`\n\n```md\n[b](b.md)\n```\n\n[web](https://example.com)\n',
    );
    const items = linksOf(blocks);
    assert.deepEqual(
      items.filter((t) => t.url),
      [{ text: 'web', url: 'https://example.com/' }],
    );
    const text = items.map((t) => t.text).join('');
    assert.match(text, /notes \(\.\.\/notes\/n\.md\)/);
    assert.match(text, /later \(c\.md\)/);
    assert.match(text, /\[b\]\(b\.md\)/);
    const code = blocks.find((b) => b.type === 'code') as any;
    assert.equal(code.code.rich_text[0].text.content, '[b](b.md)');
  });

  test('HTML <a href> to a synced document is a page link too', () => {
    const blocks = convert('<p>See <a href="../reports/r.md">the report</a>.</p>\n');
    assert.deepEqual(
      linksOf(blocks).filter((t) => t.url),
      [{ text: 'the report', url: pageUrl(R_ID) }],
    );
  });
});

describe('mapLinks (the pull, both ways)', () => {
  test('maps text links and hrefs at every depth, table cells included; leaves others', () => {
    const blocks = [
      {
        type: 'bulleted_list_item',
        bulleted_list_item: {
          rich_text: [{ type: 'text', text: { content: 'x', link: { url: '/a' } }, href: '/a' }],
          children: [
            {
              type: 'table',
              table: {
                children: [
                  {
                    type: 'table_row',
                    table_row: { cells: [[{ type: 'text', text: { content: 'c', link: { url: '/a' } } }]] },
                  },
                ],
              },
            },
          ],
        },
      },
      { type: 'paragraph', paragraph: { rich_text: [{ type: 'text', text: { content: 'y', link: { url: '/b' } } }] } },
    ] as unknown as Block[];
    const out = mapLinks(blocks, (u) => (u === '/a' ? 'a.md' : undefined)) as any[];
    const item = out[0].bulleted_list_item;
    assert.equal(item.rich_text[0].text.link.url, 'a.md');
    assert.equal(item.rich_text[0].href, 'a.md');
    assert.equal(item.children[0].table.children[0].table_row.cells[0][0].text.link.url, 'a.md');
    assert.equal(out[1].paragraph.rich_text[0].text.link.url, '/b');
    assert.equal((blocks[0] as any).bulleted_list_item.rich_text[0].text.link.url, '/a', 'input untouched');
  });
});

describe('orderForLinks', () => {
  const op = (path: string, action: Op['action'], links: string[] = []): Op =>
    ({ action, estimatedCalls: 0, status: { path, category: 'plans', state: 'new', local: { path, links } } }) as any;

  test('moves, then new documents after the new documents they link to, then the rest', () => {
    const ops = [
      op('plans/u.md', 'update', ['plans/c.md']),
      op('plans/a.md', 'create', ['plans/b.md']),
      op('plans/b.md', 'create', ['plans/c.md', 'plans/a.md']),
      op('plans/c.md', 'create'),
      op('plans/m.md', 'move'),
    ];
    assert.deepEqual(
      orderForLinks(ops).map((o) => o.status.path),
      ['plans/m.md', 'plans/c.md', 'plans/b.md', 'plans/a.md', 'plans/u.md'],
    );
  });
});

describe('plannedFixups', () => {
  const op = (path: string, action: Op['action'], links: string[] = []): Op =>
    ({ action, estimatedCalls: 0, status: { path, category: 'plans', state: 'new', local: { path, links } } }) as any;

  test('a cycle of new documents costs one fix-up; an unchanged document linking to a new one costs one', () => {
    const ops = [
      op('plans/a.md', 'create', ['plans/b.md']),
      op('plans/b.md', 'create', ['plans/a.md']),
      op('plans/c.md', 'create', ['plans/a.md', 'plans/c.md']),
      op('plans/u.md', 'update', ['plans/a.md']),
      op('plans/s.md', 'unchanged', ['plans/b.md']),
      op('plans/t.md', 'unchanged', ['plans/x.md']),
    ];
    const fix = [...plannedFixups(ops)].map((o) => o.status.path).sort();
    assert.deepEqual(fix, ['plans/b.md', 'plans/s.md']);
  });
});

describe('plan estimates count image uploads', () => {
  test('single part = 2, multi-part = create + parts + complete; cached and missing images cost nothing', async () => {
    assert.equal(uploadCalls(1000), 2);
    assert.equal(uploadCalls(20 * 1024 * 1024), 2);
    assert.equal(uploadCalls(25 * 1024 * 1024), 2 + 3);
    const root = await mkdtemp(join(tmpdir(), 'nws-links-'));
    await mkdir(join(root, 'plans/img'), { recursive: true });
    const small = Buffer.alloc(5000, 7);
    const cached = Buffer.alloc(4000, 9);
    await writeFile(join(root, 'plans/img/a.png'), small);
    await writeFile(join(root, 'plans/img/c.png'), cached);
    await writeFile(join(root, 'plans/img/not-image.txt'), 'x');
    const state = await SyncState.load(root, join(root, '.state'));
    const sha = createHash('sha256').update(cached).digest('hex');
    state.data.uploads = { [sha]: { id: 'up-1', size: cached.length, attached: true } };
    const images = ['img/a.png', 'img/a.png', 'img/c.png', 'img/missing.png', 'img/not-image.txt', '../../x.png'].map(
      (path) => ({ path, alt: '', block: { type: 'callout' } }),
    );
    const item = { path: 'plans/doc.md', absPath: join(root, 'plans/doc.md') };
    assert.equal(await uploadRequests(state, item, images), 2, 'a.png once; the rest costs nothing');
    assert.equal(await uploadRequests(state, item, []), 0);
  });
});

describe('pull merge with workspace links', () => {
  test('links of unchanged units keep their bytes (relative or a Notion URL); a unit taken from Notion gets the relative link', async () => {
    const { mergeMarkdown } = await import('../../src/core/sync/pull');
    const l = links({ 'plans/b.md': B_ID });
    const resolveLink = (h: string): string | undefined => l.resolve('plans/a.md', h);
    const canonical = (url: string): string | undefined => {
      const page = pageIdOfUrl(url);
      return page && l.pathOf(page.pageId) ? pageUrl(page.pageId, page.fragment) : undefined;
    };
    const toBlocks = (md: string): Block[] => mapLinks(markdownToBlocks(md, { resolveLink }).blocks, canonical);
    const local = `See [B](./b.md#x).\n\nAlso [B again](https://www.notion.so/team/Plan-B-${B_ID.replace(/-/g, '')}).\n\nOld words.\n`;
    // Notion: what the push wrote, with the last paragraph edited there, and a link in the form Notion returns.
    const pushed = toBlocks(local) as any[];
    pushed[2] = {
      type: 'paragraph',
      paragraph: {
        rich_text: [
          { type: 'text', text: { content: 'New words about ' } },
          { type: 'text', text: { content: 'B', link: { url: `/${B_ID.replace(/-/g, '')}` } } },
          { type: 'text', text: { content: '.' } },
        ],
      },
    };
    const result = mergeMarkdown({
      local,
      base: local,
      notion: { blocks: mapLinks(pushed as Block[], canonical) },
      path: 'plans/a.md',
      toBlocks,
      linkBack: (url) => l.unresolve('plans/a.md', url),
    });
    assert.equal(result.status, 'pulled');
    assert.equal(
      result.text,
      `See [B](./b.md#x).\n\nAlso [B again](https://www.notion.so/team/Plan-B-${B_ID.replace(/-/g, '')}).\n\nNew words about [B](b.md).\n`,
    );
  });
});
