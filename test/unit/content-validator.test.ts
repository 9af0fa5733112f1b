/**
 * An independent validator for Notion block requests, used by every content-* test, plus its own
 * self-tests (which run only when this file is the test being run, not when it is imported).
 *
 * It deliberately does not use src/core/content's LIMITS or language list: the numbers come from
 * Notion's request-limits page and the language enum is read from the SDK's type definitions.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

const TEXT_MAX = 2000;
const URL_MAX = 2000;
const EQUATION_MAX = 1000;
const ITEMS_MAX = 100;
const BLOCK_BYTES_MAX = 400_000;

function sdkLanguages(): Set<string> {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('@notionhq/client/package.json'));
  const dts = readFileSync(join(root, 'build/src/api-endpoints/common.d.ts'), 'utf8');
  const m = /export type LanguageRequest = ([^;]+);/.exec(dts);
  if (!m) throw new Error('LanguageRequest not found in the SDK typings');
  return new Set([...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]));
}

export const SDK_LANGUAGES = sdkLanguages();

const TEXT_TYPES = new Set([
  'paragraph',
  'heading_1',
  'heading_2',
  'heading_3',
  'bulleted_list_item',
  'numbered_list_item',
  'to_do',
  'toggle',
  'quote',
  'callout',
]);
const CAN_HAVE_CHILDREN = new Set([...TEXT_TYPES, 'table']);
const COLORS = new Set([
  'default',
  'gray',
  'brown',
  'orange',
  'yellow',
  'green',
  'blue',
  'purple',
  'pink',
  'red',
  ...['default', 'gray', 'brown', 'orange', 'yellow', 'green', 'blue', 'purple', 'pink', 'red'].map(
    (c) => `${c}_background`,
  ),
]);
const ANNOTATION_KEYS = new Set(['bold', 'italic', 'strikethrough', 'underline', 'code', 'color']);

type Json = Record<string, unknown>;

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function checkRichText(items: unknown, where: string, problems: string[]): void {
  if (!Array.isArray(items)) {
    problems.push(`${where}: rich text is not an array`);
    return;
  }
  if (items.length > ITEMS_MAX) problems.push(`${where}: ${items.length} rich-text items > ${ITEMS_MAX}`);
  items.forEach((raw, i) => {
    const item = raw as Json;
    const at = `${where}[${i}]`;
    if (item.annotations !== undefined) {
      const ann = item.annotations as Json;
      for (const key of Object.keys(ann)) if (!ANNOTATION_KEYS.has(key)) problems.push(`${at}: annotation ${key}`);
      if (ann.color !== undefined && !COLORS.has(ann.color as string))
        problems.push(`${at}: color ${String(ann.color)}`);
    }
    if (item.type === 'text') {
      const text = item.text as { content?: unknown; link?: { url?: unknown } | null };
      if (typeof text?.content !== 'string') {
        problems.push(`${at}: text.content is not a string`);
        return;
      }
      const c = text.content;
      if (c.length > TEXT_MAX) problems.push(`${at}: text.content ${c.length} > ${TEXT_MAX}`);
      if (c.length > 0 && isHigh(c.charCodeAt(c.length - 1))) problems.push(`${at}: ends inside a surrogate pair`);
      if (c.length > 0 && isLow(c.charCodeAt(0))) problems.push(`${at}: starts inside a surrogate pair`);
      if (text.link) {
        const url = text.link.url;
        if (typeof url !== 'string' || url.length > URL_MAX) problems.push(`${at}: bad link url length`);
        else if (!/^(https?:\/\/[^/\s]+|mailto:)/i.test(url)) problems.push(`${at}: link ${url} is not absolute`);
      }
    } else if (item.type === 'equation') {
      const expr = (item.equation as { expression?: unknown })?.expression;
      if (typeof expr !== 'string' || expr.length === 0 || expr.length > EQUATION_MAX) {
        problems.push(`${at}: equation expression length ${typeof expr === 'string' ? expr.length : 'n/a'}`);
      }
    } else {
      problems.push(`${at}: unknown rich text type ${String(item.type)}`);
    }
  });
}

function checkBlock(block: Json, where: string, problems: string[], depth: number): void {
  const type = block.type;
  if (typeof type !== 'string') {
    problems.push(`${where}: no type`);
    return;
  }
  const at = `${where}<${type}>`;
  const body = block[type] as Json | undefined;
  if (!body || typeof body !== 'object') {
    problems.push(`${at}: no payload`);
    return;
  }
  for (const key of Object.keys(block)) {
    if (key !== 'type' && key !== type && key !== 'object') problems.push(`${at}: unexpected key ${key}`);
  }
  if (TEXT_TYPES.has(type)) {
    checkRichText(body.rich_text, `${at}.rich_text`, problems);
    if (body.color !== undefined && !COLORS.has(body.color as string))
      problems.push(`${at}: color ${String(body.color)}`);
    if (type === 'to_do' && typeof body.checked !== 'boolean') problems.push(`${at}: checked is not boolean`);
    if (type === 'callout' && body.icon !== undefined) {
      const icon = body.icon as Json;
      if (icon.type !== 'emoji' || typeof icon.emoji !== 'string' || icon.emoji === '')
        problems.push(`${at}: bad icon`);
    }
  } else if (type === 'code') {
    checkRichText(body.rich_text, `${at}.rich_text`, problems);
    if (!SDK_LANGUAGES.has(body.language as string)) problems.push(`${at}: language ${String(body.language)}`);
    if (body.caption !== undefined) checkRichText(body.caption, `${at}.caption`, problems);
  } else if (type === 'equation') {
    const expr = body.expression;
    if (typeof expr !== 'string' || expr.length === 0 || expr.length > EQUATION_MAX) problems.push(`${at}: expression`);
  } else if (type === 'divider') {
    if (Object.keys(body).length !== 0) problems.push(`${at}: divider payload not empty`);
  } else if (type === 'image') {
    const ext = body.external as { url?: unknown } | undefined;
    if (body.type !== 'external' || typeof ext?.url !== 'string') problems.push(`${at}: not an external image`);
    else if (ext.url.length > URL_MAX || !/^https?:\/\//i.test(ext.url)) problems.push(`${at}: bad image url`);
    if (body.caption !== undefined) checkRichText(body.caption, `${at}.caption`, problems);
  } else if (type === 'table') {
    const width = body.table_width;
    if (!Number.isInteger(width) || (width as number) < 1) problems.push(`${at}: table_width ${String(width)}`);
    if (typeof body.has_column_header !== 'boolean') problems.push(`${at}: has_column_header`);
    const rows = body.children;
    if (!Array.isArray(rows) || rows.length === 0) problems.push(`${at}: table without rows`);
    else {
      rows.forEach((row: Json, r) => {
        if (row.type !== 'table_row') problems.push(`${at}.children[${r}]: not a table_row`);
        const cells = (row.table_row as { cells?: unknown[] } | undefined)?.cells;
        if (!Array.isArray(cells) || cells.length !== width) {
          problems.push(
            `${at}.children[${r}]: ${Array.isArray(cells) ? cells.length : 'no'} cells, width ${String(width)}`,
          );
        } else cells.forEach((cell, c) => checkRichText(cell, `${at}.row[${r}].cell[${c}]`, problems));
      });
    }
    return;
  } else if (type === 'table_row') {
    // Checked through its table.
  } else {
    problems.push(`${at}: unexpected block type`);
  }
  if (body.children !== undefined) {
    if (!CAN_HAVE_CHILDREN.has(type)) problems.push(`${at}: children on a ${type}`);
    if (!Array.isArray(body.children) || body.children.length === 0) problems.push(`${at}: children present but empty`);
    else body.children.forEach((child: Json, i) => checkBlock(child, `${at}.children[${i}]`, problems, depth + 1));
  }
}

/** Every problem found in a block list (empty when all blocks are valid Notion requests). */
export function blockProblems(blocks: readonly unknown[]): string[] {
  const problems: string[] = [];
  // No undefined values and nothing JSON cannot carry.
  const json = JSON.stringify(blocks);
  if (JSON.stringify(JSON.parse(json)) !== json) problems.push('blocks do not survive JSON');
  const walkUndefined = (v: unknown, path: string): void => {
    if (v === undefined) problems.push(`${path}: undefined value`);
    else if (Array.isArray(v)) v.forEach((x, i) => walkUndefined(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walkUndefined(x, `${path}.${k}`);
  };
  walkUndefined(blocks, 'blocks');
  blocks.forEach((b, i) => checkBlock(b as Json, `blocks[${i}]`, problems, 0));
  // Every block on its own (without children) must fit into a 500 KB request with room to spare.
  const sizeCheck = (b: Json, path: string): void => {
    if (!b || typeof b !== 'object' || typeof b.type !== 'string') return;
    const body = { ...(b[b.type] as Json) };
    const kids = body.children;
    delete body.children;
    const bytes = Buffer.byteLength(JSON.stringify({ type: b.type, [b.type]: body }));
    if (bytes > BLOCK_BYTES_MAX) problems.push(`${path}<${String(b.type)}>: ${bytes} bytes of JSON`);
    if (Array.isArray(kids)) kids.forEach((k: Json, i) => sizeCheck(k, `${path}.children[${i}]`));
  };
  blocks.forEach((b, i) => sizeCheck(b as Json, `blocks[${i}]`));
  return problems;
}

export function assertValidBlocks(blocks: readonly unknown[]): void {
  const problems = blockProblems(blocks);
  assert.deepEqual(problems.slice(0, 20), [], `invalid blocks:\n${problems.slice(0, 20).join('\n')}`);
}

/** Every rich-text array in a tree, in order (rich_text, captions, table cells). */
export function allRichText(blocks: readonly unknown[]): unknown[][] {
  const out: unknown[][] = [];
  const walk = (b: Json): void => {
    const body = b[b.type as string] as Json | undefined;
    if (!body) return;
    if (Array.isArray(body.rich_text)) out.push(body.rich_text);
    if (Array.isArray(body.caption)) out.push(body.caption);
    if (Array.isArray(body.cells)) for (const c of body.cells) out.push(c as unknown[]);
    if (Array.isArray(body.children)) for (const c of body.children) walk(c as Json);
  };
  blocks.forEach((b) => walk(b as Json));
  return out;
}

/** Concatenated text content of a rich-text array (text items and equations). */
export function textOf(items: unknown): string {
  if (!Array.isArray(items)) return '';
  return items
    .map((i: Json) => (i.type === 'text' ? (i.text as Json).content : (i.equation as Json).expression) as string)
    .join('');
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;

if (isMain) {
  test('validator: the SDK language enum is read', () => {
    assert.ok(SDK_LANGUAGES.has('plain text'));
    assert.ok(SDK_LANGUAGES.has('typescript'));
    assert.ok(SDK_LANGUAGES.size >= 80);
  });

  test('validator: accepts a valid tree', () => {
    assertValidBlocks([
      { type: 'paragraph', paragraph: { rich_text: [{ type: 'text', text: { content: 'x' } }] } },
      { type: 'code', code: { rich_text: [], language: 'python' } },
      {
        type: 'table',
        table: {
          table_width: 2,
          has_column_header: true,
          children: [{ type: 'table_row', table_row: { cells: [[], []] } }],
        },
      },
    ]);
  });

  test('validator: reports each kind of violation', () => {
    const long = 'x'.repeat(2001);
    const problems = blockProblems([
      { type: 'paragraph', paragraph: { rich_text: [{ type: 'text', text: { content: long } }] } },
      {
        type: 'paragraph',
        paragraph: { rich_text: Array.from({ length: 101 }, () => ({ type: 'text', text: { content: 'a' } })) },
      },
      { type: 'paragraph', paragraph: { rich_text: [{ type: 'text', text: { content: 'a\uD83D' } }] } },
      {
        type: 'paragraph',
        paragraph: { rich_text: [{ type: 'equation', equation: { expression: 'x'.repeat(1001) } }] },
      },
      { type: 'code', code: { rich_text: [], language: 'ts' } },
      {
        type: 'table',
        table: {
          table_width: 2,
          has_column_header: true,
          children: [{ type: 'table_row', table_row: { cells: [[]] } }],
        },
      },
      {
        type: 'paragraph',
        paragraph: { rich_text: [{ type: 'text', text: { content: 'l', link: { url: './x.md' } } }] },
      },
      { type: 'divider', divider: {}, extra: 1 },
      { type: 'paragraph', paragraph: { rich_text: [], children: [] } },
    ]);
    const expected = [
      '> 2000',
      '101 rich-text items',
      'surrogate',
      'equation expression',
      'language ts',
      '1 cells, width 2',
      'not absolute',
      'unexpected key',
      'children present but empty',
    ];
    for (const e of expected)
      assert.ok(
        problems.some((p) => p.includes(e)),
        `expected a problem mentioning "${e}" in\n${problems.join('\n')}`,
      );
  });
}
