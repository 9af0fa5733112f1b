import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { markdownToBlocks, scriptToBlocks } from '../../src/core/content';
import type { Block } from '../../src/core/content';
import { hasConflictMarkers, mergeMarkdown, mergeScript } from '../../src/core/sync/pull';
import type { PullResult } from '../../src/core/sync/pull';
import { threeWayRegions } from '../../src/core/sync/pull/three-way';
import { generateWorkspace, syncWorkspaceSpec } from '../../bench/workspaces';
import { converterStressDocuments } from '../fixtures/corpus';
import { asResponse } from './notion-response';

/** The page Notion holds for a markdown text (what the push wrote). */
const page = (md: string): Block[] => markdownToBlocks(md).blocks;

// Written the way people write, not the canonical way: `*` bullets, `_em_`, hard-wrapped lines,
// a link definition, two spaces after a full stop. Pull must keep these bytes where Notion did not change.
const BASE = [
  '---',
  'title: Q3 plan',
  'status: draft # set by the team',
  'tags: [infra]',
  '---',
  '',
  '# Q3 plan',
  '',
  'Intro paragraph with _emphasis_ and a [ref link][r].  Two spaces.',
  'Hard-wrapped second line.',
  '',
  '* first item',
  '* second item',
  '* third item',
  '',
  '## Risks',
  '',
  'Risk paragraph one.',
  '',
  'Risk paragraph two.',
  '',
  '[r]: https://example.com/ref',
  '',
].join('\n');

const PART = {
  // Two parts far enough apart that edits to them are independent.
  a: {
    from: 'Intro paragraph with _emphasis_',
    local: 'Intro paragraph (local edit) with _emphasis_',
    notion: 'Intro paragraph (Notion edit) with _emphasis_',
  },
  b: {
    from: 'Risk paragraph two.',
    local: 'Risk paragraph two (local edit).',
    notion: 'Risk paragraph two (Notion edit).',
  },
};

function edit(text: string, part: keyof typeof PART, side: 'local' | 'notion'): string {
  assert.ok(text.includes(PART[part].from));
  return text.replace(PART[part].from, PART[part][side]);
}

/** The local text with Notion's edit of `part`, as pull writes it: that paragraph canonical, the rest as it was. */
function expectedPull(local: string, part: 'a' | 'b'): string {
  if (part === 'b') return edit(local, 'b', 'notion');
  return local.replace(
    'Intro paragraph with _emphasis_ and a [ref link][r].  Two spaces.\nHard-wrapped second line.',
    'Intro paragraph (Notion edit) with *emphasis* and a [ref link](https://example.com/ref).  Two spaces. Hard-wrapped second line.',
  );
}

/** Bytes of the base no side touched (must survive byte for byte). */
const UNTOUCHED = [
  '* first item\n* second item\n* third item\n',
  'status: draft # set by the team',
  '[r]: https://example.com/ref',
  '## Risks\n\nRisk paragraph one.\n',
];

describe('pull merge: every combination of local × Notion × base × part', () => {
  for (const localChanged of [false, true])
    for (const notionChanged of [false, true])
      for (const withBase of [true, false])
        for (const samePart of [true, false]) {
          const name = `local ${localChanged ? 'changed' : 'unchanged'}, Notion ${notionChanged ? 'changed' : 'unchanged'}, base ${withBase ? 'present' : 'absent'}, ${samePart ? 'same' : 'different'} part`;
          test(name, () => {
            const local = localChanged ? edit(BASE, 'a', 'local') : BASE;
            const notionPart = samePart ? 'a' : 'b';
            const notionMd = notionChanged ? edit(BASE, notionPart, 'notion') : BASE;
            // Without a base, the row's Content Hash matches the file exactly when it is unchanged since the push.
            const r: PullResult = mergeMarkdown({
              local,
              base: withBase ? BASE : undefined,
              localMatchesRow: !withBase && !localChanged,
              notion: { blocks: page(notionMd), fields: { title: 'Q3 plan', status: 'draft', tags: ['infra'] } },
            });
            const localEdit = PART.a.local;
            const notionEdit = samePart ? 'Intro paragraph (Notion edit) with *emphasis*' : PART.b.notion;
            // No side's edit is discarded: each is in the file (merged, or inside conflict markers).
            if (localChanged) assert.ok(r.text.includes(localEdit), `${name}: local edit lost\n${r.text}`);
            if (notionChanged) assert.ok(r.text.includes(notionEdit), `${name}: Notion edit lost\n${r.text}`);
            for (const bytes of UNTOUCHED)
              assert.ok(r.text.includes(bytes), `${name}: reformatted ${bytes}\n${r.text}`);

            const knowsBase = withBase || !localChanged;
            if (!notionChanged && (knowsBase || !localChanged)) {
              assert.equal(r.status, 'unchanged');
              assert.equal(r.text, local, 'an unchanged Notion page leaves the file byte for byte');
              assert.equal(r.agreed, !localChanged);
            } else if (!knowsBase) {
              // Local changed and nothing says what Notion had: the user chooses.
              assert.equal(r.status, 'conflict');
              assert.ok(hasConflictMarkers(r.text));
              assert.ok(r.text.includes('<<<<<<< local\n') && r.text.includes('>>>>>>> notion'));
            } else if (!localChanged) {
              assert.equal(r.status, 'pulled');
              assert.equal(r.text, expectedPull(local, notionPart), 'only the changed paragraph is rewritten');
              assert.equal(r.agreed, true);
            } else if (!samePart) {
              assert.equal(r.status, 'merged');
              assert.equal(r.text, edit(local, 'b', 'notion'));
              assert.equal(r.agreed, false, 'the local edit still has to be pushed');
            } else {
              assert.equal(r.status, 'conflict');
              assert.equal(r.conflicts, 1);
              const hunk = r.text.slice(r.text.indexOf('<<<<<<< local'), r.text.indexOf('>>>>>>> notion') + 14);
              assert.match(
                hunk,
                /^<<<<<<< local\nIntro paragraph \(local edit\)[^]*\n\|\|\|\|\|\|\| base\nIntro paragraph with[^]*\n=======\nIntro paragraph \(Notion edit\)[^]*\n>>>>>>> notion$/,
              );
              // The local side keeps its own bytes (hard wrap, `_em_`) inside the markers.
              assert.ok(hunk.includes('Two spaces.\nHard-wrapped second line.'));
            }
          });
        }

  test('both sides made the same edit: no conflict, the file as it is', () => {
    const both = edit(BASE, 'a', 'local');
    const r = mergeMarkdown({ local: both, base: BASE, notion: { blocks: page(both) } });
    assert.equal(r.conflicts, 0);
    assert.equal(r.text, both);
    assert.equal(r.agreed, true);
  });
});

describe('pull merge: formatting is not a change', () => {
  test('a page whose only difference is formatting leaves the file untouched', () => {
    const canonicalOfBase = BASE.replace(/^\* /gm, '- ')
      .replace('_emphasis_', '*emphasis*')
      .replace('spaces.\nHard', 'spaces. Hard')
      .replace('\n\n## Risks', '\n\n\n\nRisks\n---');
    const r = mergeMarkdown({ local: BASE, base: BASE, notion: { blocks: page(canonicalOfBase), fields: {} } });
    assert.equal(r.status, 'unchanged');
    assert.equal(r.text, BASE);
  });

  test('CRLF and a byte-order mark survive a pulled change', () => {
    const local = '\uFEFF' + BASE.replace(/\n/g, '\r\n');
    const r = mergeMarkdown({ local, base: local, notion: { blocks: page(edit(BASE, 'b', 'notion')) } });
    assert.equal(r.status, 'pulled');
    assert.equal(r.text, '\uFEFF' + edit(BASE, 'b', 'notion').replace(/\n/g, '\r\n'));
  });

  test('an item added in Notion joins the local list; a deleted one goes', () => {
    const notionMd = BASE.replace('* second item\n', '* second item\n* added in Notion\n').replace(
      '* third item\n',
      '',
    );
    const r = mergeMarkdown({ local: BASE, base: BASE, notion: { blocks: page(notionMd) } });
    assert.equal(r.status, 'pulled');
    assert.ok(r.text.includes('* first item\n* second item\n* added in Notion\n\n## Risks'), r.text);
    // One list, as in the file: the new item uses the file's bullet.
    assert.equal(r.text.match(/^\* /gm)?.length, 3);
    assert.deepEqual(page(r.text), page(notionMd));
  });

  test('a to-do ticked in Notion comes back as [x], nothing else touched', () => {
    const base = '# Tasks\n\n- [ ] one\n- [ ] two\n   - [ ] nested\n\nEnd.\n';
    const notion = base.replace('- [ ] two', '- [x] two');
    const r = mergeMarkdown({ local: base, base, notion: { blocks: page(notion) } });
    assert.equal(r.text, '# Tasks\n\n- [ ] one\n- [x] two\n  - [ ] nested\n\nEnd.\n');
  });

  test('a numbered list keeps its own ordinals (2., 3.) when Notion changed something else', () => {
    const local = '# Goals\n\n1. **Reliable** ingest.\n2. **Visible** state.\n3. Faster turnaround.\n\nEnd.\n';
    const notion = `${local}\nAdded in Notion.\n`;
    for (const base of [local, undefined]) {
      const r = mergeMarkdown({ local, base, localMatchesRow: true, notion: { blocks: page(notion) } });
      assert.equal(r.status, 'pulled');
      assert.equal(r.text, notion, `base ${base === undefined ? 'absent' : 'present'}`);
    }
    // An item changed in Notion is taken; its neighbours keep their bytes.
    const edited = local.replace('**Visible** state.', '**Visible** state, edited.');
    const r = mergeMarkdown({ local, base: local, notion: { blocks: page(edited) } });
    assert.equal(r.status, 'pulled');
    assert.equal(r.text.replace(/^\d\. \*\*Visible/m, '2. **Visible'), edited);
    assert.match(r.text, /^3\. Faster turnaround\.$/m);
  });
});

describe('pull merge: blocks markdown cannot express', () => {
  const bookmark = {
    object: 'block',
    id: 'bm-1',
    type: 'bookmark',
    bookmark: { url: 'https://example.com/x', caption: [] },
  } as Block;

  test('a bookmark added in Notion arrives as a placeholder line; the next pull sees no change', () => {
    const blocks = page(BASE);
    const at = blocks.findIndex((b) => b.type === 'heading_2');
    blocks.splice(at, 0, bookmark);
    const r = mergeMarkdown({ local: BASE, base: BASE, notion: { blocks } });
    assert.equal(r.status, 'pulled');
    assert.ok(
      r.text.includes(
        '* third item\n\n<!-- notion:block id=bm-1 type=bookmark url=https://example.com/x -->\n\n## Risks',
      ),
      r.text,
    );
    const again = mergeMarkdown({ local: r.text, base: r.text, notion: { blocks } });
    assert.equal(again.status, 'unchanged');
    // And without a base, a file that holds the placeholder matches the page.
    const fresh = mergeMarkdown({ local: r.text, localMatchesRow: true, notion: { blocks } });
    assert.equal(fresh.status, 'unchanged');
  });
  test('a placeholder nested in a list item matches the block it stands for', () => {
    const item = page('- item with a bookmark under it')[0];
    (item.bulleted_list_item as { children?: Block[] }).children = [bookmark];
    const blocks = [...page('Intro.'), item, ...page('Outro.')];
    const pulled = mergeMarkdown({ local: 'Intro.\n\nOutro.\n', base: 'Intro.\n\nOutro.\n', notion: { blocks } });
    assert.equal(
      pulled.text,
      'Intro.\n\n- item with a bookmark under it\n\n  <!-- notion:block id=bm-1 type=bookmark url=https://example.com/x -->\n\nOutro.\n',
    );
    assert.equal(pulled.agreed, true);
    assert.equal(mergeMarkdown({ local: pulled.text, base: pulled.text, notion: { blocks } }).status, 'unchanged');
  });
});

describe('pull merge: secrets', () => {
  const secretBase = '# Ops\n\nToken: ghp_0123456789abcdefghijABCDEFGHIJ012345\n\nOther paragraph.\n';
  const pushed = (md: string) => page(md.replace(/ghp_\w+/, '[REDACTED:github-token]'));

  test('the redacted copy in Notion is not a change, and the secret stays in the file', () => {
    const r = mergeMarkdown({ local: secretBase, base: secretBase, notion: { blocks: pushed(secretBase) } });
    assert.equal(r.status, 'unchanged');
    const r2 = mergeMarkdown({
      local: secretBase,
      base: secretBase,
      notion: { blocks: pushed(secretBase.replace('Other', 'Edited')) },
    });
    assert.equal(r2.status, 'pulled');
    assert.ok(r2.text.includes('ghp_0123456789abcdefghijABCDEFGHIJ012345') && r2.text.includes('Edited paragraph.'));
  });

  test('Notion editing the paragraph that holds a secret is a conflict, never a redaction mark in the file', () => {
    const notion = pushed(secretBase.replace('Token:', 'API token:'));
    const r = mergeMarkdown({ local: secretBase, base: secretBase, notion: { blocks: notion } });
    assert.equal(r.status, 'conflict');
    assert.ok(r.text.includes('ghp_0123456789abcdefghijABCDEFGHIJ012345'));
  });
});

describe('pull merge: properties key by key', () => {
  const fields = { title: 'Q3 plan', status: 'draft', tags: ['infra'] };

  test('Notion changed Status while local changed the body: both kept, the YAML comment too', () => {
    const local = edit(BASE, 'a', 'local');
    const r = mergeMarkdown({
      local,
      base: BASE,
      notion: { blocks: page(BASE), fields: { ...fields, status: 'done' } },
    });
    assert.equal(r.status, 'merged');
    assert.equal(r.text, local.replace('status: draft # set by the team', 'status: done # set by the team'));
  });

  test('Notion changed Status, local changed Tags: merged key by key', () => {
    const local = BASE.replace('tags: [infra]', 'tags: [infra, q3]');
    const r = mergeMarkdown({
      local,
      base: BASE,
      notion: { blocks: page(BASE), fields: { ...fields, status: 'done' } },
    });
    assert.equal(r.status, 'merged');
    assert.ok(r.text.includes('status: done') && r.text.includes('tags: [infra, q3]'), r.text);
  });

  test('both changed Status differently: a conflict around the front matter', () => {
    const local = BASE.replace('status: draft', 'status: blocked');
    const r = mergeMarkdown({
      local,
      base: BASE,
      notion: { blocks: page(BASE), fields: { ...fields, status: 'done' } },
    });
    assert.equal(r.status, 'conflict');
    assert.ok(r.text.startsWith('<<<<<<< local\n---\ntitle: Q3 plan\nstatus: blocked'), r.text);
    assert.ok(r.text.includes('=======\n---\ntitle: Q3 plan\nstatus: done'), r.text);
    assert.ok(hasConflictMarkers(r.text));
  });

  test('Tags and a new title set in Notion on a file without front matter: front matter created', () => {
    const base = '# Notes\n\nBody.\n';
    const r = mergeMarkdown({
      local: base,
      base,
      notion: { blocks: page(base), fields: { title: 'Renamed', tags: ['a', 'b'], status: null } },
    });
    assert.equal(r.status, 'pulled');
    assert.equal(r.text, '---\ntitle: Renamed\ntags: [a, b]\n---\n\n# Notes\n\nBody.\n');
    assert.equal(markdownToBlocks(r.text).title, 'Renamed');
  });

  test('Status cleared in Notion removes the key; a property the database lacks is left alone', () => {
    const r = mergeMarkdown({
      local: BASE,
      base: BASE,
      notion: { blocks: page(BASE), fields: { title: 'Q3 plan', status: null } },
    });
    assert.equal(r.status, 'pulled');
    assert.ok(!r.text.includes('status:') && r.text.includes('tags: [infra]'), r.text);
  });
});

describe('pull merge: scripts, line by line', () => {
  const SCRIPT =
    '#!/usr/bin/env python3\r\n"""Job."""\r\nimport os\r\n\r\ndef a():\r\n    return 1\r\n\r\ndef b():\r\n    return 2\r\n';
  const blocksOf = (text: string) => scriptToBlocks('job.py', text).blocks;

  for (const localChanged of [false, true])
    for (const notionChanged of [false, true])
      for (const withBase of [true, false])
        for (const samePart of [true, false]) {
          const name = `script: local ${localChanged ? 'changed' : 'unchanged'}, Notion ${notionChanged ? 'changed' : 'unchanged'}, base ${withBase ? 'present' : 'absent'}, ${samePart ? 'same' : 'different'} line`;
          test(name, () => {
            const local = localChanged ? SCRIPT.replace('return 1', 'return 10') : SCRIPT;
            const notionText = notionChanged
              ? SCRIPT.replace(samePart ? 'return 1' : 'return 2', samePart ? 'return 11' : 'return 20')
              : SCRIPT;
            const r = mergeScript({
              local,
              base: withBase ? SCRIPT : undefined,
              localMatchesRow: !withBase && !localChanged,
              notion: { blocks: blocksOf(notionText) },
            });
            const knowsBase = withBase || !localChanged;
            if (localChanged) assert.ok(r.text.includes('return 10'));
            if (notionChanged) assert.ok(r.text.includes(samePart ? 'return 11' : 'return 20'));
            if (!notionChanged && knowsBase) assert.equal(r.text, local);
            else if (!knowsBase || (localChanged && samePart)) assert.equal(r.status, 'conflict');
            else {
              const expected = notionChanged
                ? local.replace(samePart ? 'return 1' : 'return 2', samePart ? 'return 11' : 'return 20')
                : local;
              assert.equal(r.text, expected, 'CRLF and every untouched line kept');
              assert.equal(r.status, localChanged ? 'merged' : 'pulled');
            }
          });
        }

  test('BOM and a missing final newline are kept', () => {
    const local = '\uFEFFx = 1\ny = 2';
    const r = mergeScript({ local, base: local, notion: { blocks: blocksOf('x = 1\ny = 3') } });
    assert.equal(r.text, '\uFEFFx = 1\ny = 3');
  });

  test('a private key spanning lines: its redacted copy in Notion is not a change', () => {
    const key = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7x\nabcDEF123456\n-----END RSA PRIVATE KEY-----';
    const local = `KEY = """\n${key}\n"""\nprint(1)\n`;
    const notion = blocksOf(`KEY = """\n[REDACTED:private-key]\n"""\nprint(2)\n`);
    const r = mergeScript({ local, base: local, notion: { blocks: notion } });
    assert.equal(r.status, 'pulled');
    assert.equal(r.text, local.replace('print(1)', 'print(2)'), 'the key is still in the file, whole');
  });
});

describe('three-way regions', () => {
  const s = (x: string) => x.split('');
  test('changes to neighbouring tokens of the two sides merge; the same token conflicts', () => {
    assert.deepEqual(
      threeWayRegions(s('aXc'), s('abc'), s('abY')).map((r) => r.action),
      ['keep', 'keep', 'take-notion'],
    );
    assert.deepEqual(
      threeWayRegions(s('aXc'), s('abc'), s('aYc')).map((r) => r.action),
      ['keep', 'conflict', 'keep'],
    );
    assert.deepEqual(
      threeWayRegions(s('abc'), s('abc'), s('abc')).map((r) => r.action),
      ['keep'],
    );
  });
});

describe('pull merge: no edit in Notion leaves every file byte for byte', () => {
  const files = Object.entries({
    ...generateWorkspace(syncWorkspaceSpec(true)),
    ...Object.fromEntries(Object.entries(converterStressDocuments(2)).map(([k, v]) => [`stress/${k}`, v])),
  }).filter(([path]) => path.endsWith('.md'));

  test('the benchmark workspace and the stress documents, pages as the API returns them, with and without a base', () => {
    assert.ok(files.length >= 25);
    for (const [path, text] of files) {
      const blocks = page(text).map((b) => asResponse(b));
      const fm = markdownToBlocks(text).frontMatter;
      const fields = { title: markdownToBlocks(text).title, status: fm.status ?? null, tags: fm.tags ?? [] };
      for (const input of [{ base: text }, { localMatchesRow: true }]) {
        const r = mergeMarkdown({ local: text, ...input, path, notion: { blocks, fields } });
        assert.equal(r.status, 'unchanged', `${path}: ${JSON.stringify(input)}`);
        assert.equal(r.text, text);
        assert.equal(r.agreed, true);
      }
    }
  });

  test('a teammate ticking a to-do in a long generated plan changes that line only', () => {
    const [path, text] = files.find(([, t]) => t.includes('- [ ] task') && t.length > 20_000)!;
    const blocks = page(text);
    const i = blocks.findIndex((b) => b.type === 'to_do' && !(b.to_do as { checked: boolean }).checked);
    (blocks[i].to_do as { checked: boolean }).checked = true;
    const r = mergeMarkdown({ local: text, base: text, path, notion: { blocks: blocks.map((b) => asResponse(b)) } });
    assert.equal(r.status, 'pulled');
    const before = text.split('\n');
    const after = r.text.split('\n');
    assert.equal(after.length, before.length);
    const changed = before.flatMap((line, k) => (line === after[k] ? [] : [[line, after[k]]]));
    assert.equal(changed.length, 1);
    assert.equal(changed[0][1], changed[0][0].replace('- [ ]', '- [x]'));
  });
});

describe('pull merge: after a conflict is resolved', () => {
  test('the next pull sees no conflict and no Notion change; only the resolution is left to push', () => {
    const local = edit(BASE, 'a', 'local');
    const notionMd = edit(BASE, 'a', 'notion');
    const blocks = page(notionMd);
    const first = mergeMarkdown({ local, base: BASE, notion: { blocks } });
    assert.equal(first.status, 'conflict');
    // The user keeps the local side (drops Notion's), as VS Code's merge editor would write it.
    const resolved = first.text.replace(/<<<<<<< local\n([^]*?)\|\|\|\|\|\|\| base\n[^]*?>>>>>>> notion\n/, '$1');
    assert.ok(!hasConflictMarkers(resolved));
    const next = mergeMarkdown({ local: resolved, base: first.base, notion: { blocks } });
    assert.equal(next.status, 'unchanged');
    assert.equal(next.text, resolved);
    assert.equal(next.localChanged, true, 'the resolution differs from Notion: the push writes it');
    // Against the page, only the resolved paragraph differs (one block to write).
    const diff = page(resolved).filter((b, i) => JSON.stringify(b) !== JSON.stringify(blocks[i]));
    assert.equal(diff.length, 1);
  });

  test('a script conflict resolved the same way', () => {
    const base = 'a = 1\nb = 2\n';
    const blocks = scriptToBlocks('x.py', 'a = 1\nb = 3\n').blocks;
    const first = mergeScript({ local: 'a = 1\nb = 4\n', base, notion: { blocks } });
    assert.equal(first.status, 'conflict');
    const next = mergeScript({ local: 'a = 1\nb = 4\n', base: first.base, notion: { blocks } });
    assert.equal(next.status, 'unchanged');
  });
});
