import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readerKey } from '../../src/core/notion/adopt-body';

/* Blocks as Notion returns them (every annotation spelled out, plain_text, href, ids) against the
   request-shaped blocks our converter makes: equal when a reader sees the same thing. */

const DEFAULTS = { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' };

function readText(content: string, extra: { bold?: boolean; url?: string } = {}) {
  return {
    type: 'text',
    text: { content, link: extra.url ? { url: extra.url } : null },
    annotations: { ...DEFAULTS, ...(extra.bold ? { bold: true } : {}) },
    plain_text: content,
    href: extra.url ?? null,
  };
}

test('a code block read back equals the one we write (annotations, caption and colour at their defaults)', () => {
  const ours = {
    type: 'code',
    code: { language: 'python', rich_text: [{ type: 'text', text: { content: 'print(1)' } }] },
  };
  const read = {
    id: 'b1',
    type: 'code',
    has_children: false,
    code: { language: 'python', caption: [], rich_text: [readText('print(1)')] },
  };
  assert.equal(readerKey(read, false), readerKey(ours, false));
  assert.notEqual(
    readerKey({ ...read, code: { ...read.code, language: 'javascript' } }, false),
    readerKey(ours, false),
  );
  assert.notEqual(
    readerKey({ ...read, code: { ...read.code, rich_text: [readText('print(2)')] } }, false),
    readerKey(ours, false),
  );
});

test('text split into several items of one style reads as one run; a style or link difference does not', () => {
  const ours = {
    type: 'paragraph',
    paragraph: {
      rich_text: [
        { type: 'text', text: { content: 'Hello ' } },
        { type: 'text', text: { content: 'world' }, annotations: { bold: true } },
        { type: 'text', text: { content: ' — see ' } },
        { type: 'text', text: { content: 'docs', link: { url: 'https://x.test/' } } },
      ],
    },
  };
  const read = {
    type: 'paragraph',
    paragraph: {
      color: 'default',
      rich_text: [
        readText('Hel'),
        readText('lo '),
        readText('world', { bold: true }),
        readText(' — see '),
        readText('docs', { url: 'https://x.test/' }),
      ],
    },
  };
  assert.equal(readerKey(read, false), readerKey(ours, false));
  const unbold = {
    ...read,
    paragraph: { ...read.paragraph, rich_text: [readText('Hello world — see '), read.paragraph.rich_text[4]] },
  };
  assert.notEqual(readerKey(unbold, false), readerKey(ours, false));
  const otherLink = {
    ...read,
    paragraph: {
      ...read.paragraph,
      rich_text: [...read.paragraph.rich_text.slice(0, 4), readText('docs', { url: 'https://y.test/' })],
    },
  };
  assert.notEqual(readerKey(otherLink, false), readerKey(ours, false));
});

test('to-dos compare their checkbox, headings their toggle, callouts their icon; types never mix', () => {
  const todo = (checked: boolean) => ({ type: 'to_do', to_do: { checked, rich_text: [readText('ship')] } });
  assert.notEqual(readerKey(todo(true), false), readerKey(todo(false), false));
  const h = (is_toggleable: boolean) => ({
    type: 'heading_2',
    heading_2: { is_toggleable, rich_text: [readText('T')] },
  });
  assert.notEqual(readerKey(h(true), false), readerKey(h(false), false));
  assert.equal(
    readerKey(h(false), false),
    readerKey({ type: 'heading_2', heading_2: { rich_text: [readText('T')] } }, false),
  );
  const p = { type: 'paragraph', paragraph: { rich_text: [readText('T')] } };
  assert.notEqual(readerKey(p, false), readerKey(h(false), false));
  const callout = (emoji: string) => ({
    type: 'callout',
    callout: { icon: { type: 'emoji', emoji }, rich_text: [readText('x')] },
  });
  assert.notEqual(readerKey(callout('💡'), false), readerKey(callout('⚠️'), false));
});

test('blocks with children, images, tables and unknown types are never taken as equal', () => {
  assert.equal(readerKey({ type: 'paragraph', paragraph: { rich_text: [readText('x')] } }, true), undefined);
  assert.equal(readerKey({ type: 'image', image: {} }, false), undefined);
  assert.equal(readerKey({ type: 'table', table: {} }, false), undefined);
  assert.equal(readerKey({ type: 'synced_block', synced_block: {} }, false), undefined);
  assert.equal(readerKey({ type: 'divider', divider: {} }, false), 'divider');
});
