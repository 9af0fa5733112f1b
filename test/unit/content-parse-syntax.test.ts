import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { markdownToBlocks } from '../../src/core/content';
import type { Block, RichText } from '../../src/core/content';

/*
 * parse.ts switches each syntax beyond CommonMark on only where the text can hold it (the speed of issue
 * 16's conversion point). These cases sit on the edges of those tests: each must still be recognised.
 */

const rich = (b: Block): RichText[] => ((b[b.type] as { rich_text?: RichText[] }).rich_text ?? []) as RichText[];
const links = (md: string): string[] =>
  markdownToBlocks(md)
    .blocks.flatMap(rich)
    .flatMap((r) => (r.type === 'text' && r.text.link ? [r.text.link.url] : []));

describe('syntax switched on where it can occur', () => {
  test('bare links are linked, whatever else the text holds', () => {
    assert.deepEqual(links('see www.example.com today'), ['http://www.example.com/']);
    assert.deepEqual(links('mail me@example.org please'), ['mailto:me@example.org']);
    assert.deepEqual(links('[a](https://a.example) and https://b.example/x'), [
      'https://a.example/',
      'https://b.example/x',
    ]);
    // An escaped bracket opens no link: the destination-like text is a bare link.
    assert.deepEqual(links('\\[no link](www.example.com) tail'), ['http://www.example.com/']);
  });

  test('link destinations and <autolinks> alone turn nothing else into a link', () => {
    assert.deepEqual(links('[a](https://a.example) and <https://b.example>'), [
      'https://a.example/',
      'https://b.example/',
    ]);
    assert.deepEqual(links('`https://in.code` only'), []);
  });

  test('tables, strikethrough, task lists, footnotes, math and front matter', () => {
    const types = (md: string): string[] => markdownToBlocks(md).blocks.map((b) => b.type);
    assert.deepEqual(types('| a | b |\n|---|---|\n| 1 | 2 |'), ['table']);
    const strike = rich(markdownToBlocks('~~gone~~ kept').blocks[0]!);
    assert.equal(strike[0]!.annotations?.strikethrough, true);
    assert.deepEqual(types('- [ ] open\n- [x] done'), ['to_do', 'to_do']);
    assert.deepEqual(types('$$\nx^2\n$$'), ['equation']);
    const fm = markdownToBlocks('---\ntitle: From front matter\n---\n\nBody.\n');
    assert.equal(fm.title, 'From front matter');
    assert.deepEqual(
      fm.blocks.map((b) => b.type),
      ['paragraph'],
      'front matter is not in the body',
    );
    const noted = markdownToBlocks('Claim[^1].\n\n[^1]: The source.\n').blocks;
    assert.ok(!noted.some((b) => rich(b).some((r) => r.type === 'text' && r.text.content.includes('[^1]'))));
  });

  test('front matter only at the start of the document', () => {
    const later = markdownToBlocks('# Title\n\n---\ntitle: not front matter\n---\n');
    assert.notEqual(later.title, 'not front matter');
  });

  // The tests that pick the syntax must stay linear: these took seconds (quadratic) with a looser pattern.
  test('long runs of brackets and angle brackets convert within seconds', { timeout: 30_000 }, () => {
    for (const hostile of ['['.repeat(200_000) + ' www', '[a](' + '('.repeat(200_000), '<a:'.repeat(80_000)]) {
      const started = performance.now();
      const { blocks } = markdownToBlocks(hostile);
      const ms = performance.now() - started;
      assert.ok(ms < 10_000, `${hostile.slice(0, 6)}…: ${Math.round(ms)} ms`);
      assert.ok(blocks.length > 0);
    }
  });
});
