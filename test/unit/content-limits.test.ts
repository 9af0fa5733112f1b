import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  LIMITS,
  NOTION_CODE_LANGUAGES,
  childrenOf,
  chunkRichText,
  codeBlocks,
  equationRichText,
  fitRichText,
  isLinkableUrl,
  jsonBytes,
  languageForFence,
  languageForPath,
  normalizeRichText,
  richText,
  sanitizeText,
  splitText,
  withChildren,
  withoutChildren,
} from '../../src/core/content';
import type { Block, RichText } from '../../src/core/content';
import { SDK_LANGUAGES, assertValidBlocks, textOf } from './content-validator.test';

describe('limits', () => {
  test('the numbers are Notion’s', () => {
    assert.equal(LIMITS.richTextContent, 2000);
    assert.equal(LIMITS.linkUrl, 2000);
    assert.equal(LIMITS.equationExpression, 1000);
    assert.equal(LIMITS.richTextItems, 100);
    assert.equal(LIMITS.codeBlockChars, 200_000);
    assert.equal(LIMITS.childrenPerRequest, 100);
    assert.equal(LIMITS.nestingLevelsPerRequest, 2);
  });

  test('NOTION_CODE_LANGUAGES is exactly the SDK enum', () => {
    assert.deepEqual(new Set(NOTION_CODE_LANGUAGES), SDK_LANGUAGES);
    assert.equal(NOTION_CODE_LANGUAGES.length, SDK_LANGUAGES.size);
  });
});

describe('rich text', () => {
  test('splitText never separates a surrogate pair and loses nothing', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 48271) % 0x7fffffff) / 0x7fffffff;
    const alphabet = ['a', 'é', '漢', '😀', '👍🏽', '\n', ' ', '𝔘'];
    for (let round = 0; round < 50; round++) {
      let s = '';
      const n = 1000 + Math.floor(rand() * 5000);
      while (s.length < n) s += alphabet[Math.floor(rand() * alphabet.length)];
      const max = 2 + Math.floor(rand() * 2000);
      const parts = splitText(s, max);
      assert.equal(parts.join(''), s);
      for (const p of parts) {
        assert.ok(p.length <= max && p.length > 0);
        assert.ok(!/[\uD800-\uDBFF]$/.test(p), 'ends with a high surrogate');
        assert.ok(!/^[\uDC00-\uDFFF]/.test(p), 'starts with a low surrogate');
      }
    }
  });

  test('richText splits at 2000 and keeps annotations and link on every piece', () => {
    const items = richText('x'.repeat(4500), { bold: true, color: 'red' }, 'https://example.com/a');
    assert.deepEqual(
      items.map((i) => textOf([i]).length),
      [2000, 2000, 500],
    );
    for (const i of items) {
      assert.deepEqual(i.annotations, { bold: true, color: 'red' });
      assert.equal(i.type === 'text' && i.text.link?.url, 'https://example.com/a');
    }
    assert.deepEqual(richText(''), []);
  });

  test('richText drops false annotations, default color and non-linkable links', () => {
    assert.deepEqual(richText('a', { bold: false, color: 'default' }, './rel.md'), [
      { type: 'text', text: { content: 'a' } },
    ]);
  });

  test('isLinkableUrl', () => {
    assert.equal(isLinkableUrl('https://example.com'), true);
    assert.equal(isLinkableUrl('http://localhost:3000/x'), true);
    assert.equal(isLinkableUrl('mailto:a@b.co'), true);
    assert.equal(isLinkableUrl('HTTPS://EXAMPLE.COM'), true);
    assert.equal(isLinkableUrl('./a.md'), false);
    assert.equal(isLinkableUrl('#anchor'), false);
    assert.equal(isLinkableUrl('ftp://x'), false);
    assert.equal(isLinkableUrl('javascript:alert(1)'), false);
    assert.equal(isLinkableUrl('https://'), false);
    assert.equal(isLinkableUrl('https://e.com/' + 'a'.repeat(1990)), false);
  });

  test('equations: ≤ 1000 stays an equation, longer becomes code text', () => {
    assert.deepEqual(equationRichText('x^2'), [{ type: 'equation', equation: { expression: 'x^2' } }]);
    const long = equationRichText('y'.repeat(1001));
    assert.ok(long.every((i) => i.type === 'text' && i.annotations?.code));
    assert.equal(textOf(long), 'y'.repeat(1001));
  });

  test('normalizeRichText merges equal neighbours and re-splits', () => {
    const merged = normalizeRichText([
      ...richText('a'.repeat(1500)),
      ...richText('b'.repeat(1500)),
      ...richText('c', { italic: true }),
      ...richText(''),
      ...richText('d', { italic: true }),
    ]);
    assert.deepEqual(
      merged.map((i) => [textOf([i]).length, i.annotations?.italic ?? false]),
      [
        [2000, false],
        [1000, false],
        [2, true],
      ],
    );
  });

  test('chunkRichText also limits the JSON size of each chunk', () => {
    const items = richText('漢'.repeat(150_000)); // 75 items of 6000 bytes
    const chunks = chunkRichText(items);
    assert.ok(chunks.length >= 2);
    for (const c of chunks) assert.ok(Buffer.byteLength(JSON.stringify(c)) <= LIMITS.blockBytes);
  });

  test('chunkRichText and fitRichText', () => {
    const many: RichText[] = Array.from({ length: 250 }, (_, i) => richText(String(i), i % 2 ? { bold: true } : {})[0]);
    assert.deepEqual(
      chunkRichText(many).map((c) => c.length),
      [100, 100, 50],
    );
    const fitted = fitRichText(many);
    assert.ok(fitted.length <= 100);
    assert.equal(textOf(fitted), textOf(many));
    assert.equal(fitted[0].annotations, undefined);
    assert.equal(fitted[1].annotations?.bold, true);
  });

  test('sanitizeText removes control characters and mends lone surrogates', () => {
    assert.equal(sanitizeText('a\u0000b\u0007c\r\nd\re\tf\uD800g'), 'abc\nd\ne\tf\uFFFDg');
    assert.equal(sanitizeText('ok 😀'), 'ok 😀');
  });
});

describe('code blocks', () => {
  test('code that fits is one block; rich text items ≤ 2000', () => {
    const code = 'print("hello")\n'.repeat(1000).trimEnd();
    const blocks = codeBlocks(code, 'python');
    assertValidBlocks(blocks);
    assert.equal(blocks.length, 1);
    assert.equal(textOf((blocks[0].code as { rich_text: RichText[] }).rich_text), code);
  });

  test('code longer than one block is cut at line boundaries', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i} `.padEnd(60, '.'));
    const code = lines.join('\n'); // ≈ 305,000 characters
    const blocks = codeBlocks(code, 'plain text');
    assertValidBlocks(blocks);
    assert.equal(blocks.length, 2);
    const texts = blocks.map((b) => textOf((b.code as { rich_text: RichText[] }).rich_text));
    assert.equal(texts.join('\n'), code);
    assert.ok(texts.every((t) => t.length <= 200_000));
    assert.ok(lines.includes(texts[0].split('\n').pop() as string), 'first block ends with a whole line');
  });

  test('a single line longer than a block is cut inside the line', () => {
    const line = 'x'.repeat(300_000);
    const blocks = codeBlocks(line, 'json');
    assertValidBlocks(blocks);
    assert.equal(blocks.length, 2);
    assert.equal(blocks.map((b) => textOf((b.code as { rich_text: RichText[] }).rich_text)).join(''), line);
    const emoji = '😀'.repeat(150_000); // 300,000 units, 600 KB: cut by size
    const emojiBlocks = codeBlocks(emoji, 'json');
    assertValidBlocks(emojiBlocks);
    assert.equal(emojiBlocks.length, 3);
    assert.equal(emojiBlocks.map((b) => textOf((b.code as { rich_text: RichText[] }).rich_text)).join(''), emoji);
  });

  test('a one-character snippet is one block', () => {
    const line = 'y';
    const blocks = codeBlocks(line, 'json');
    assert.equal(blocks.length, 1);
    assert.equal(blocks.map((b) => textOf((b.code as { rich_text: RichText[] }).rich_text)).join(''), line);
  });

  test('CJK code is split by JSON size as well as by characters', () => {
    const line = '漢字かな交じり文のコード行です。'.repeat(8); // 128 chars, 384 bytes
    const code = Array.from({ length: 1500 }, () => line).join('\n'); // ≈ 193,000 chars, ≈ 580 KB
    const blocks = codeBlocks(code, 'plain text');
    assertValidBlocks(blocks);
    assert.ok(blocks.length >= 3, `${blocks.length} blocks`);
    assert.equal(blocks.map((b) => textOf((b.code as { rich_text: RichText[] }).rich_text)).join('\n'), code);
    for (const b of blocks) assert.ok(Buffer.byteLength(JSON.stringify(b)) <= LIMITS.blockBytes);
  });

  test('surrogate pairs at every item boundary never push a block over 100 items', () => {
    const code = 'a' + '😀'.repeat(150_000); // pairs straddle every 2000 boundary
    const blocks = codeBlocks(code, 'plain text');
    assertValidBlocks(blocks);
    assert.equal(blocks.map((b) => textOf((b.code as { rich_text: RichText[] }).rich_text)).join(''), code);
  });

  test('jsonBytes matches the real JSON size', () => {
    for (const s of ['', 'abc', 'é漢😀', '"\\\n\t\u0001\u007f', 'x'.repeat(5000), '\uD800']) {
      assert.equal(jsonBytes(s), Buffer.byteLength(JSON.stringify(s)) - 2, JSON.stringify(s));
    }
  });

  test('small maxChars splits by lines', () => {
    const blocks = codeBlocks('aaaa\nbbbb\ncccc', 'bash', 9);
    assert.deepEqual(
      blocks.map((b) => textOf((b.code as { rich_text: RichText[] }).rich_text)),
      ['aaaa\nbbbb', 'cccc'],
    );
  });
});

describe('languages', () => {
  test('languageForFence', () => {
    const cases: Record<string, string> = {
      ts: 'typescript',
      TS: 'typescript',
      sh: 'shell',
      bash: 'bash',
      zsh: 'shell',
      shell: 'shell',
      py: 'python',
      yml: 'yaml',
      js: 'javascript',
      ps1: 'powershell',
      powershell: 'powershell',
      'c#': 'c#',
      'f#': 'f#',
      'llvm ir': 'llvm ir',
      'plain text': 'plain text',
      'java/c/c++/c#': 'java/c/c++/c#',
      hcl: 'hcl',
      tf: 'hcl',
      'language-rust': 'rust',
      constructor: 'plain text',
      toString: 'plain text',
      nope: 'plain text',
      '': 'plain text',
    };
    for (const [info, lang] of Object.entries(cases)) assert.equal(languageForFence(info), lang, info);
    assert.equal(languageForFence(undefined), 'plain text');
    assert.equal(languageForFence(null), 'plain text');
  });

  test('every alias maps into the enum', () => {
    const probes = [
      'js',
      'mjs',
      'cjs',
      'tsx',
      'py',
      'rb',
      'go',
      'rs',
      'kt',
      'swift',
      'ex',
      'hs',
      'clj',
      'ml',
      'm',
      'mm',
      'pl',
      'r',
      'jl',
      'lua',
      'sql',
      'tex',
      'diff',
      'proto',
      'gql',
      'toml',
      'xml',
      'svg',
      'html',
      'vue',
      'css',
      'scss',
      'sass',
      'less',
      'md',
      'mdx',
      'bat',
      'ini',
    ];
    for (const p of probes) assert.ok(SDK_LANGUAGES.has(languageForFence(p)), p);
  });

  test('languageForPath', () => {
    const cases: Record<string, string> = {
      'scripts/a.py': 'python',
      'scripts/b.ts': 'typescript',
      'x/c.js': 'javascript',
      'd.sh': 'shell',
      'e.bash': 'bash',
      'f.ps1': 'powershell',
      'g.rb': 'ruby',
      'h.go': 'go',
      'i.yml': 'yaml',
      Dockerfile: 'docker',
      'docker/Dockerfile.prod': 'docker',
      Makefile: 'makefile',
      'build.mk': 'makefile',
      Gemfile: 'ruby',
      'notes.txt': 'plain text',
      'weird.xyz': 'plain text',
      noext: 'plain text',
      'C:\\win\\s.PS1': 'powershell',
      '.bashrc': 'bash',
      'a.tar.gz': 'plain text',
      'q.sql': 'sql',
    };
    for (const [path, lang] of Object.entries(cases)) assert.equal(languageForPath(path), lang, path);
  });
});

describe('block helpers', () => {
  const tree: Block = {
    type: 'bulleted_list_item',
    bulleted_list_item: {
      rich_text: richText('parent'),
      children: [{ type: 'paragraph', paragraph: { rich_text: richText('child') } }],
    },
  };

  test('childrenOf reads request children and response-style children', () => {
    assert.equal(childrenOf(tree).length, 1);
    assert.deepEqual(childrenOf({ type: 'divider', divider: {} }), []);
    const response = { type: 'paragraph', paragraph: { rich_text: [] }, children: [tree] } as Block;
    assert.equal(childrenOf(response).length, 1);
  });

  test('withoutChildren copies and drops children; withChildren sets them', () => {
    const bare = withoutChildren(tree);
    assert.deepEqual(childrenOf(bare), []);
    assert.equal(childrenOf(tree).length, 1, 'the original is untouched');
    assert.deepEqual((bare.bulleted_list_item as { rich_text: RichText[] }).rich_text, richText('parent'));
    const again = withChildren(bare, childrenOf(tree));
    assert.deepEqual(again, tree);
    assert.deepEqual(withChildren(tree, []), bare);
  });
});
