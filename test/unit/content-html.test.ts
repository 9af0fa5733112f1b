import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { blocksToPlainText, childrenOf, markdownToBlocks } from '../../src/core/content';
import type { Block, RichText } from '../../src/core/content';
import { Deadline } from '../../src/core/content/budget';
import { realWorldShapes } from '../fixtures/corpus';
import { assertValidBlocks, textOf } from './content-validator.test';

type Json = Record<string, unknown>;

function convert(md: string, path?: string) {
  const result = markdownToBlocks(md, path ? { path } : {});
  assertValidBlocks(result.blocks);
  return result;
}
const body = (block: Block): Json => block[block.type] as Json;
const rt = (block: Block): RichText[] => (body(block).rich_text as RichText[]) ?? [];
const text = (block: Block): string => textOf(rt(block));
const types = (blocks: Block[]): string[] => blocks.map((b) => b.type);
const linkOf = (item: RichText): string | undefined => (item.type === 'text' ? item.text.link?.url : undefined);
const allText = (blocks: Block[]): string => blocksToPlainText(blocks);

describe('HTML: what a reader sees, never markup', () => {
  test('comments are dropped, even 55 of them in a template', () => {
    const md = Array.from({ length: 55 }, (_, i) => `<!-- internal note ${i} -->\n\n## Part ${i}\n\nText ${i}.`).join(
      '\n\n',
    );
    const { blocks } = convert(md);
    assert.equal(blocks.filter((b) => b.type === 'heading_2').length, 55);
    assert.doesNotMatch(allText(blocks), /internal note|<!--|-->/);
  });

  test('an inline comment inside a paragraph is dropped', () => {
    const { blocks } = convert('Before <!-- hidden --> after.');
    assert.equal(text(blocks[0]), 'Before  after.');
  });

  test('<script> and <style> are dropped with their source', () => {
    const { blocks } = convert(
      '<script>\nwindow.track("x");\n</script>\n\n<style>\n.a { color: red }\n</style>\n\nVisible.',
    );
    assert.deepEqual(types(blocks), ['paragraph']);
    assert.equal(text(blocks[0]), 'Visible.');
  });

  test('## <a name="intro"></a>Introduction is a heading reading "Introduction"', () => {
    const { blocks, title } = convert('# <a id="top"></a>Design\n\n## <a name="intro"></a>Introduction\n');
    assert.deepEqual(types(blocks), ['heading_1', 'heading_2']);
    assert.equal(text(blocks[0]), 'Design');
    assert.equal(text(blocks[1]), 'Introduction');
    assert.equal(title, 'Design');
  });

  test('an <a id="v20.6.0"></a> line leaves nothing behind', () => {
    const { blocks } = convert('<a id="v20.6.0"></a>\n\n## 2023-08-09, Version 20.6.0\n');
    assert.deepEqual(types(blocks), ['heading_2']);
  });

  test('inline elements map to annotations and links', () => {
    const { blocks } = convert(
      'A <b>bold</b>, <strong>strong</strong>, <i>it</i>, <em>em</em>, <code>x()</code>, <kbd>Ctrl</kbd>, ' +
        '<s>gone</s>, H<sub>2</sub>O, x<sup>2</sup>, <span style="color:red">red</span> and <a href="https://e.com/x">a link</a>.',
    );
    assert.equal(blocks.length, 1);
    const items = rt(blocks[0]);
    const find = (t: string): RichText | undefined => items.find((i) => textOf([i]) === t);
    assert.equal(find('bold')?.annotations?.bold, true);
    assert.equal(find('strong')?.annotations?.bold, true);
    assert.equal(find('it')?.annotations?.italic, true);
    assert.equal(find('em')?.annotations?.italic, true);
    assert.equal(find('x()')?.annotations?.code, true);
    assert.equal(find('Ctrl')?.annotations?.code, true);
    assert.equal(find('gone')?.annotations?.strikethrough, true);
    assert.equal(linkOf(find('a link')!), 'https://e.com/x');
    assert.match(text(blocks[0]), /H2O, x2, red and a link\.$/);
    assert.doesNotMatch(text(blocks[0]), /[<>]/);
  });

  test('markdown inside inline HTML keeps its own formatting', () => {
    const { blocks } = convert('<b>**really** [bold](https://e.com)</b> text');
    const items = rt(blocks[0]);
    assert.equal(text(blocks[0]), 'really bold text');
    assert.ok(items.filter((i) => textOf([i]) !== ' text').every((i) => i.annotations?.bold));
    assert.equal(linkOf(items.find((i) => textOf([i]) === 'bold')!), 'https://e.com/');
  });

  test('a <table> is a Notion table with a header row', () => {
    const md =
      '<table>\n<thead><tr><th>Name</th><th>Value</th></tr></thead>\n<tbody>\n<tr><td><b>a</b></td><td>1</td></tr>\n<tr><td>b</td><td><a href="https://e.com">2</a></td></tr>\n</tbody>\n</table>';
    const { blocks } = convert(md);
    assert.deepEqual(types(blocks), ['table']);
    const table = body(blocks[0]);
    assert.equal(table.table_width, 2);
    assert.equal(table.has_column_header, true);
    const rows = childrenOf(blocks[0]).map((r) => (body(r).cells as RichText[][]).map((c) => textOf(c)));
    assert.deepEqual(rows, [
      ['Name', 'Value'],
      ['a', '1'],
      ['b', '2'],
    ]);
  });

  test('<details><summary> is a toggle holding the markdown between the tags', () => {
    const md =
      '<details>\n<summary>Click to <b>expand</b></summary>\n\nHidden **markdown** text.\n\n- item\n\n</details>\n\nAfter.';
    const { blocks } = convert(md);
    assert.deepEqual(types(blocks), ['toggle', 'paragraph']);
    assert.equal(text(blocks[0]), 'Click to expand');
    assert.deepEqual(types(childrenOf(blocks[0])), ['paragraph', 'bulleted_list_item']);
    assert.equal(text(childrenOf(blocks[0])[0]), 'Hidden markdown text.');
    assert.equal(text(blocks[1]), 'After.');
  });

  test('<p align=center><img></p> is an image; remote <img> an image block', () => {
    const { blocks } = convert('<p align="center">\n  <img src="https://e.com/logo.png" alt="Logo" width="200">\n</p>');
    assert.deepEqual(types(blocks), ['image']);
    assert.equal((body(blocks[0]).external as { url: string }).url, 'https://e.com/logo.png');
  });

  test('an inline <img> in a sentence keeps the sentence whole', () => {
    const { blocks } = convert('Firstly, <img src="https://e.com/f.svg" alt="x^2"> is used.');
    assert.deepEqual(types(blocks), ['paragraph', 'image']);
    assert.equal(text(blocks[0]), 'Firstly, x^2 is used.');
  });

  test('block elements: headings, lists, quotes, pre, hr', () => {
    const md =
      '<div>\n<h2>Title</h2>\n<p>One <i>two</i></p>\n<ul><li>a</li><li>b <ol><li>c</li></ol></li></ul>\n<blockquote>Q</blockquote>\n<pre class="language-python">def f():\n    return 1</pre>\n<hr>\n</div>';
    const { blocks } = convert(md);
    assert.deepEqual(types(blocks), [
      'heading_2',
      'paragraph',
      'bulleted_list_item',
      'bulleted_list_item',
      'quote',
      'code',
      'divider',
    ]);
    assert.deepEqual(types(childrenOf(blocks[3])), ['numbered_list_item']);
    assert.equal(body(blocks[5]).language, 'python');
    assert.equal(text(blocks[5]), 'def f():\n    return 1');
  });

  test('unknown elements are their visible text; no page contains markup', () => {
    const md =
      '<custom-widget foo="1"><section><em>Seen</em> text</section></custom-widget>\n\n<center>Centered <font color="red">font</font></center>\n\n<picture><source srcset="a.webp"><img src="https://e.com/a.png" alt="A"></picture>';
    const { blocks } = convert(md);
    const all = allText(blocks);
    assert.match(all, /Seen text/);
    assert.match(all, /Centered font/);
    assert.doesNotMatch(all, /[<>]/);
    assert.ok(blocks.some((b) => b.type === 'image'));
  });

  test('an element left open never swallows the markdown after it', () => {
    for (const open of ['<svg>', '<video>', '<b>', '<a href="https://e.com">', '<div>', '<table>']) {
      const { blocks } = convert(`${open}\n\n## Kept heading\n\n- kept item`);
      assert.ok(
        blocks.some((b) => b.type === 'heading_2' && text(b) === 'Kept heading'),
        `${open}: ${JSON.stringify(types(blocks))}`,
      );
      assert.ok(
        blocks.some((b) => b.type === 'bulleted_list_item' && text(b) === 'kept item'),
        open,
      );
    }
  });

  test('HTML that opens in one section and closes in another (long documents) still pairs up', () => {
    const filler = Array.from({ length: 60 }, (_, i) => `Paragraph ${i} ${'lorem ipsum '.repeat(8)}`).join('\n\n');
    const md = `<details>\n<summary>Long</summary>\n\n${filler}\n\n</details>\n\nOutside.`;
    const { blocks } = convert(md);
    assert.deepEqual(types(blocks), ['toggle', 'paragraph']);
    assert.equal(childrenOf(blocks[0]).length, 60);
  });
});

describe('lists, diagrams, footnotes', () => {
  test('a numbered list starting at 3 keeps its numbers (Notion requests have no start index)', () => {
    const { blocks } = convert('1. first\n2. second\n\n```sh\nrun\n```\n\n3. third\n4. fourth');
    assert.deepEqual(types(blocks), ['numbered_list_item', 'numbered_list_item', 'code', 'paragraph', 'paragraph']);
    assert.equal(text(blocks[3]), '3. third');
    assert.equal(text(blocks[4]), '4. fourth');
  });

  test('a numbered list starting at 1 stays numbered_list_item, nested children kept', () => {
    const { blocks } = convert('1. one\n   - sub\n2. two');
    assert.deepEqual(types(blocks), ['numbered_list_item', 'numbered_list_item']);
    assert.equal(text(blocks[0]), 'one');
    assert.deepEqual(types(childrenOf(blocks[0])), ['bulleted_list_item']);
  });

  test('a list starting at 5 with a nested list keeps children under the ordinal paragraph', () => {
    const { blocks } = convert('5) five\n   - sub');
    assert.deepEqual(types(blocks), ['paragraph']);
    assert.equal(text(blocks[0]), '5) five');
    assert.deepEqual(types(childrenOf(blocks[0])), ['bulleted_list_item']);
  });

  test('"- 1) …" items keep their ordinals', () => {
    const { blocks } = convert('- 1) Install\n- 2) Configure\n- 3) Run');
    assert.deepEqual(types(blocks), ['bulleted_list_item', 'bulleted_list_item', 'bulleted_list_item']);
    assert.deepEqual(blocks.map(text), ['1) Install', '2) Configure', '3) Run']);
  });

  test('```mermaid fences are mermaid code blocks', () => {
    const { blocks } = convert('```mermaid\ngraph TD\n  A-->B\n```');
    assert.deepEqual(types(blocks), ['code']);
    assert.equal(body(blocks[0]).language, 'mermaid');
    assert.equal(text(blocks[0]), 'graph TD\n  A-->B');
  });

  test('footnotes and link definitions are readable, never raw syntax', () => {
    const md =
      'See [the spec][spec] and a claim[^1].\n\n[spec]: https://e.com/spec "Spec"\n[^1]: The source, **bold**.';
    const { blocks } = convert(md);
    const all = allText(blocks);
    assert.equal(text(blocks[0]), 'See the spec and a claim[1].');
    assert.match(all, /\[1\] The source, bold\./);
    assert.doesNotMatch(all, /\[\^1\]|\[spec\]:/);
  });
});

describe('hostile input: bounded time and memory, or a clear failure', () => {
  const bounded = { timeout: 30_000 };

  test('50,000 * around one letter converts within seconds', bounded, () => {
    const started = performance.now();
    const { blocks, warnings } = convert('*'.repeat(25_000) + 'a' + '*'.repeat(25_000));
    assert.ok(performance.now() - started < 10_000, `took ${Math.round(performance.now() - started)} ms`);
    assert.equal(blocks.length > 0, true);
    assert.match(allText(blocks), /a/);
    assert.ok(warnings.some((w) => /literal text/.test(w)));
  });

  test('a 1,000-level nested list converts within seconds, deeper levels kept at the cut-off depth', bounded, () => {
    const md = Array.from({ length: 1000 }, (_, d) => `${'  '.repeat(d)}- level ${d}`).join('\n');
    const started = performance.now();
    const { blocks, warnings } = convert(md);
    assert.ok(performance.now() - started < 10_000, `took ${Math.round(performance.now() - started)} ms`);
    const all = allText(blocks);
    assert.match(all, /level 0\b/);
    assert.match(all, /level 999\b/);
    assert.ok(warnings.some((w) => /kept at that depth/.test(w)));
  });

  test('code with long runs of * and deep indentation is left alone', () => {
    const code = '```c\n/' + '*'.repeat(80) + '\n' + ' '.repeat(100) + 'x = 1;\n' + '*'.repeat(80) + '/\n```';
    const { blocks } = convert(code);
    assert.equal(text(blocks[0]), code.split('\n').slice(1, -1).join('\n'));
    const rule = convert('*'.repeat(80)).blocks;
    assert.deepEqual(types(rule), ['divider']);
  });

  test('a file over the time budget fails with a reason instead of hanging', () => {
    const md = Array.from(
      { length: 2000 },
      (_, i) => `Paragraph ${i} with *emphasis* and [a link](https://e.com/${i}).`,
    ).join('\n\n');
    assert.throws(
      () => markdownToBlocks(md, { path: 'slow.md', budget: { maxMs: 1 } }),
      (err: Error) => err.name === 'ContentBudgetError' && /slow\.md: conversion took longer than/.test(err.message),
    );
  });

  test('the time budget counts CPU time: waiting (a busy machine) does not spend it, work does', () => {
    const deadline = new Deadline(50, 'x.md');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120); // 120 ms of wall clock, no CPU
    assert.doesNotThrow(() => deadline.check('after waiting'));
    const cpu = (): number => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    const until = cpu() + 100;
    let spin = 0;
    while (cpu() < until) spin++;
    assert.ok(spin > 0);
    assert.throws(
      () => deadline.check('after working'),
      /x\.md: conversion took longer than 0\.05 s \(stopped after working\)/,
    );
  });

  test('a file over the size budget fails with a reason', () => {
    assert.throws(
      () => markdownToBlocks('x'.repeat(2000), { path: 'big.md', budget: { maxChars: 1000 } }),
      (err: Error) => err.name === 'ContentBudgetError' && /big\.md: .*million characters/.test(err.message),
    );
  });
});

describe('real-world shapes (test/fixtures/corpus.ts realWorldShapes)', () => {
  const docs = realWorldShapes(3);
  const walk = (blocks: Block[], visit: (b: Block, parent: Block[]) => void): void => {
    for (const b of blocks) {
      visit(b, blocks);
      walk(childrenOf(b), visit);
      if (b.type === 'table') for (const row of childrenOf(b)) visit(row, []);
    }
  };

  test('no page contains HTML markup or comment text', () => {
    for (const [name, md] of Object.entries(docs)) {
      const { blocks } = convert(md, name);
      const texts: string[] = [];
      walk(blocks, (b) => {
        const payload = body(b);
        if (Array.isArray(payload.rich_text)) texts.push(textOf(payload.rich_text));
        if (Array.isArray(payload.cells)) for (const c of payload.cells as RichText[][]) texts.push(textOf(c));
      });
      for (const t of texts) {
        if (t.startsWith('sequenceDiagram') || t === 'make install') continue;
        assert.doesNotMatch(
          t,
          /<\/?[a-z][\w-]*(?:\s[^>]*)?>|<!--|-->|Template note|tracking|color: red/i,
          `${name}: ${t}`,
        );
      }
    }
  });

  test('no paragraph is split by an image; numbered lists start where the source starts', () => {
    const rfc = convert(docs['rfc-template.md']).blocks;
    const withFormula = rfc.filter((b) => b.type === 'paragraph' && /Firstly, x_\d+\^2 is used\./.test(text(b)));
    assert.equal(withFormula.length, 12);
    assert.ok(!rfc.some((b) => b.type === 'paragraph' && /^ ?is used/.test(text(b))));
    const notes = convert(docs['meeting-notes.md']).blocks;
    const numbered = notes.filter((b) => b.type === 'numbered_list_item').map(text);
    assert.deepEqual(numbered, ['Review', 'Plan']);
    const ordinals = notes.filter((b) => b.type === 'paragraph' && /^\d\. /.test(text(b))).map(text);
    assert.deepEqual(ordinals, ['3. Decide', '4. Ship']);
    assert.deepEqual(notes.filter((b) => b.type === 'bulleted_list_item').map(text), [
      '1) Open the dashboard',
      '2) Check the alerts',
      '3) Page the owner',
    ]);
  });

  test('README shapes: centred logo, HTML heading, HTML table, details, local image placeholder', () => {
    const { blocks, localImages } = convert(docs['readme.md'], 'readme.md');
    assert.deepEqual(types(blocks).slice(0, 3), ['image', 'heading_1', 'paragraph']);
    assert.equal(convert(docs['readme.md'], 'readme.md').title, 'Project');
    assert.ok(blocks.some((b) => b.type === 'table'));
    assert.ok(blocks.some((b) => b.type === 'toggle' && text(b) === 'Install from source'));
    assert.deepEqual(
      localImages.map((i) => i.path),
      ['./docs/architecture.png'],
    );
  });
});

describe('HTML fuzz: random mixes never throw, always give valid blocks, never show markup', () => {
  const pieces = [
    '<details>',
    '</details>',
    '<summary>Sum</summary>',
    '<table><tr><td>a</td>',
    '</table>',
    '<tr><th>h</th></tr>',
    '<div align="center">',
    '</div>',
    '<p>para <b>bold',
    '</b></p>',
    '<!-- note -->',
    '<!--',
    '-->',
    '<a name="x"></a>',
    '<a href="../rel.md">rel</a>',
    '<img src="https://e.com/i.png" alt="i">',
    '<img src="local.png">',
    '<br>',
    '<script>x()</script>',
    '<ul><li>one<li>two</ul>',
    '<ol start="3"><li>three</ol>',
    '<pre><code class="language-js">let a = 1;</code></pre>',
    '<h2>H</h2>',
    '<span style="color:red">red</span>',
    '# Heading <kbd>K</kbd>',
    '- item <i>it</i>\n  - nested',
    '1. one\n2. two',
    '3. three',
    '> quote <b>q</b>',
    'text ![img](x.png) more',
    '| a | b |\n|---|---|\n| <b>c</b> | d |',
    '```mermaid\ngraph TD\n```',
    'para[^f]\n\n[^f]: foot <i>note</i>',
  ];
  test('600 random documents', () => {
    let seed = Number(process.env.FUZZ_SEED ?? 42);
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let d = 0; d < 600; d++) {
      const parts: string[] = [];
      const count = 1 + next(12);
      for (let i = 0; i < count; i++) parts.push(pieces[next(pieces.length)]);
      const md = parts.join(next(2) ? '\n\n' : '\n');
      const { blocks } = convert(md);
      const shown = blocks
        .filter((b) => b.type !== 'code')
        .map((b) => blocksToPlainText([b]))
        .join('\n');
      assert.doesNotMatch(
        shown,
        /<\/?(?:details|summary|table|tr|td|div|p|b|a|img|br|script|ul|li|ol|pre|h2|span|kbd|i)\b[^>]*>|<!--|x\(\)/,
        md,
      );
    }
  });
});
