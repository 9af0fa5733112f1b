import { LIMITS } from './limits';
import { chunkRichText, fitRichText, jsonBytes, normalizeRichText, richText, splitText } from './richtext';
import type { Block, BlockType, Color, NotionCodeLanguage, RichText, TextBlockPayload } from './types';

/**
 * Small helpers to build and take apart Notion block request objects. Children always live in
 * `block[block.type].children`.
 */

function payloadOf(block: Block): Record<string, unknown> | undefined {
  const body = block[block.type];
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : undefined;
}

/**
 * The children of a block: `block[block.type].children` (request shape), else `block.children`
 * (where a reader attached fetched children to a response block); [] when none.
 */
export function childrenOf(block: Block): Block[] {
  const inner = payloadOf(block)?.children;
  if (Array.isArray(inner)) return inner as Block[];
  const outer = (block as { children?: unknown }).children;
  return Array.isArray(outer) ? (outer as Block[]) : [];
}

/** A shallow copy of the block without its children (the payload is copied, not shared). */
export function withoutChildren(block: Block): Block {
  const body = payloadOf(block);
  const copy: Block = { ...block };
  delete (copy as { children?: unknown }).children;
  if (body) {
    const rest = { ...body };
    delete rest.children;
    copy[block.type] = rest;
  }
  return copy;
}

/** A shallow copy of the block with the given children (none: the key is removed). */
export function withChildren(block: Block, children: readonly Block[]): Block {
  const copy = withoutChildren(block);
  if (children.length > 0) (copy[copy.type] as Record<string, unknown>).children = [...children];
  return copy;
}

/** The rich text of a text-bearing block, or undefined. */
export function richTextOf(block: Block): RichText[] | undefined {
  const rt = payloadOf(block)?.rich_text;
  return Array.isArray(rt) ? (rt as RichText[]) : undefined;
}

export type TextBlockType =
  | 'paragraph'
  | 'heading_1'
  | 'heading_2'
  | 'heading_3'
  | 'bulleted_list_item'
  | 'numbered_list_item'
  | 'to_do'
  | 'toggle'
  | 'quote'
  | 'callout';

export function textBlock(
  type: TextBlockType,
  rich: RichText[],
  extra: Omit<TextBlockPayload, 'rich_text'> = {},
): Block {
  const payload: TextBlockPayload = { rich_text: rich };
  if (extra.color && extra.color !== 'default') payload.color = extra.color;
  if (extra.icon) payload.icon = extra.icon;
  if (type === 'to_do') payload.checked = extra.checked === true;
  if (extra.children && extra.children.length > 0) payload.children = extra.children;
  return { type, [type]: payload };
}

/**
 * Text blocks for rich text of any length: the items are normalized (merged, ≤ 2000 each) and cut
 * into consecutive blocks of the same type with ≤ 100 items each. Children go to the last block.
 */
export function textBlocks(
  type: TextBlockType,
  rich: readonly RichText[],
  extra: Omit<TextBlockPayload, 'rich_text'> = {},
): Block[] {
  const chunks = chunkRichText(normalizeRichText(rich));
  if (chunks.length === 0) chunks.push([]);
  return chunks.map((chunk, i) =>
    textBlock(type, chunk, i === chunks.length - 1 ? extra : { ...extra, children: undefined }),
  );
}

export function paragraphs(text: string, extra: Omit<TextBlockPayload, 'rich_text'> = {}): Block[] {
  return textBlocks('paragraph', richText(text), extra);
}

export function divider(): Block {
  return { type: 'divider', divider: {} };
}

/** An equation block; an expression over 1000 characters becomes a LaTeX code block instead. */
export function equationBlocks(expression: string): Block[] {
  if (expression.length > 0 && expression.length <= LIMITS.equationExpression) {
    return [{ type: 'equation', equation: { expression } }];
  }
  return codeBlocks(expression, 'latex');
}

/**
 * Code blocks for `code`: one block when it fits (≤ 100 items × 2000 characters, less one character
 * per item as slack for surrogate pairs, and ≤ LIMITS.blockBytes of JSON), else several, cut at line
 * boundaries (a single line longer than a block is cut inside the line). The newline at a cut is
 * dropped, so joining the blocks' texts with '\n' gives back the code.
 */
export function codeBlocks(
  code: string,
  language: NotionCodeLanguage,
  maxChars: number = LIMITS.codeBlockChars - LIMITS.richTextItems,
): Block[] {
  const maxBytes = LIMITS.blockBytes - LIMITS.richTextItems * 200;
  const pieces: string[] = [];
  let current: string[] = [];
  let chars = 0;
  let bytes = 0;
  const flush = (): void => {
    pieces.push(current.join('\n'));
    current = [];
    chars = 0;
    bytes = 0;
  };
  for (const line of code.split('\n')) {
    const lineBytes = jsonBytes(line);
    const sep = current.length === 0 ? 0 : 1;
    if (chars + sep + line.length <= maxChars && bytes + 2 * sep + lineBytes <= maxBytes) {
      current.push(line);
      chars += sep + line.length;
      bytes += 2 * sep + lineBytes;
      continue;
    }
    if (current.length > 0) flush();
    if (line.length <= maxChars && lineBytes <= maxBytes) {
      current.push(line);
      chars = line.length;
      bytes = lineBytes;
      continue;
    }
    // A line too long for one block: cut it into units and fill blocks with them.
    let part = '';
    let partBytes = 0;
    for (const unit of splitText(line, Math.min(maxChars, LIMITS.richTextContent))) {
      const unitBytes = jsonBytes(unit);
      if (part !== '' && (part.length + unit.length > maxChars || partBytes + unitBytes > maxBytes)) {
        pieces.push(part);
        part = '';
        partBytes = 0;
      }
      part += unit;
      partBytes += unitBytes;
    }
    current.push(part);
    chars = part.length;
    bytes = partBytes;
  }
  flush();
  return pieces.map((piece) => ({
    type: 'code',
    code: { rich_text: richText(piece), language },
  }));
}

export function tableBlock(rows: RichText[][][], hasColumnHeader: boolean): Block {
  const width = Math.max(1, ...rows.map((r) => r.length));
  const children: Block[] = rows.map((cells) => {
    const padded = [...cells];
    while (padded.length < width) padded.push([]);
    return { type: 'table_row', table_row: { cells: padded.map((c) => fitRichText(c)) } };
  });
  return {
    type: 'table',
    table: { table_width: width, has_column_header: hasColumnHeader, has_row_header: false, children },
  };
}

export function calloutBlocks(rich: readonly RichText[], emoji: string, color: Color, children: Block[] = []): Block[] {
  return textBlocks('callout', rich, { icon: { type: 'emoji', emoji }, color, children });
}

export function isTextBlockType(type: BlockType): type is TextBlockType {
  return (
    type === 'paragraph' ||
    type === 'heading_1' ||
    type === 'heading_2' ||
    type === 'heading_3' ||
    type === 'bulleted_list_item' ||
    type === 'numbered_list_item' ||
    type === 'to_do' ||
    type === 'toggle' ||
    type === 'quote' ||
    type === 'callout'
  );
}

/**
 * One container block (list item, quote, callout, toggle, paragraph) from its converted content: a
 * leading plain paragraph becomes the container's text, everything else its children.
 */
export function containerBlock(
  type: TextBlockType,
  content: Block[],
  extra: { checked?: boolean; icon?: { type: 'emoji'; emoji: string }; color?: Color },
): Block {
  let rich: RichText[] = [];
  let children = content;
  const first = content[0];
  if (first && first.type === 'paragraph' && childrenOf(first).length === 0) {
    const payload = first.paragraph as { color?: string };
    if (!payload.color) {
      rich = richTextOf(first) ?? [];
      children = content.slice(1);
    }
  }
  return textBlock(type, rich, { ...extra, children });
}

/** `content` with `prefix` put before the text of its leading plain paragraph (or as a paragraph of its own). */
export function withLeadingText(content: Block[], prefix: string): Block[] {
  const first = content[0];
  if (
    first &&
    first.type === 'paragraph' &&
    childrenOf(first).length === 0 &&
    !(first.paragraph as { color?: string }).color
  ) {
    const rich = normalizeRichText([...richText(prefix), ...(richTextOf(first) ?? [])]);
    if (rich.length <= LIMITS.richTextItems) return [textBlock('paragraph', rich), ...content.slice(1)];
  }
  return [...textBlocks('paragraph', richText(prefix.trimEnd())), ...content];
}

/**
 * The blocks of one list, one per item (`items[i]` is the item's converted content). A task item
 * (`checked` boolean) is a to_do. A numbered list starting at 1 is numbered_list_item blocks; one
 * starting elsewhere (`3. third`) cannot be: Notion requests have no start number
 * (`list_start_index` is read-only in API 2025-09-03), so its items are paragraphs that begin with
 * their source ordinal (`3. `), children nested under them.
 */
export function listBlocks(
  items: Block[][],
  ordered: boolean,
  start = 1,
  delimiter = '.',
  checked: ReadonlyArray<boolean | null | undefined> = [],
): Block[] {
  return items.map((content, i) => {
    const done = checked[i];
    if (typeof done === 'boolean') return containerBlock('to_do', content, { checked: done });
    if (!ordered) return containerBlock('bulleted_list_item', content, {});
    if (start === 1) return containerBlock('numbered_list_item', content, {});
    return containerBlock('paragraph', withLeadingText(content, `${start + i}${delimiter} `), {});
  });
}
