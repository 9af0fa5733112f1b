import { childrenOf, withChildren } from '../blocks';
import { keptOf } from '../keep';
import type { Block } from '../types';
import { hasMention, richTextToMarkdown } from './inline';
import { formatPlaceholder, parsePlaceholder, type Placeholder } from './placeholder';

/**
 * Notion blocks (response objects with their children read, or our own request objects) → markdown,
 * the inverse of markdown.ts. For every block markdown.ts produces, parsing the output gives the
 * same block again; blocks markdown cannot express become one placeholder line (placeholder.ts).
 */

/** How a rendered block joins the one after it: list items of one kind share a list. */
export type JoinKind = 'bulleted' | 'numbered' | 'block';

export interface RenderedBlock {
  /** Markdown of the block and its children, without a trailing newline ('' for nothing to show). */
  text: string;
  kind: JoinKind;
  /** The block was written as a placeholder line. */
  placeholder: boolean;
}

/** The GitHub alert each callout style came from (markdown.ts's ALERTS, read backwards). */
const ALERT_BY_STYLE: Record<string, string> = {
  'ℹ️|blue_background': 'NOTE',
  '💡|green_background': 'TIP',
  '❗|purple_background': 'IMPORTANT',
  '⚠️|yellow_background': 'WARNING',
  '🛑|red_background': 'CAUTION',
};

type Payload = Record<string, unknown> & {
  rich_text?: unknown[];
  children?: unknown;
  color?: string;
  checked?: boolean;
  language?: string;
  expression?: string;
  is_toggleable?: boolean;
  icon?: { type?: string; emoji?: string } | null;
  caption?: unknown[];
  type?: string;
  external?: { url?: string };
  url?: string;
  title?: string;
  table_width?: number;
  cells?: unknown[][];
};

function payloadOf(block: Block): Payload {
  const p = block[block.type];
  return (p && typeof p === 'object' ? p : {}) as Payload;
}

function plain(items: unknown[] | undefined): string {
  return (items ?? [])
    .map((raw) => {
      const i = raw as { plain_text?: string; text?: { content?: string }; equation?: { expression?: string } };
      return i.plain_text ?? i.text?.content ?? i.equation?.expression ?? '';
    })
    .join('');
}

function indent(text: string, width: number): string {
  const pad = ' '.repeat(width);
  return text
    .split('\n')
    .map((l) => (l === '' ? '' : pad + l))
    .join('\n');
}

function quoted(text: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? '>' : `> ${l}`))
    .join('\n');
}

/** A placeholder line for a block markdown cannot express. */
export function placeholderFor(block: Block): string {
  const p = payloadOf(block);
  const attrs: Record<string, string> = {};
  if (typeof p.title === 'string' && p.title !== '') attrs.title = p.title;
  const url = p.url ?? p.external?.url;
  if (typeof url === 'string' && url !== '') attrs.url = url;
  const text = plain(p.rich_text);
  if (text !== '') attrs.text = text;
  const raw = (block as { id?: unknown }).id;
  const id = typeof raw === 'string' ? raw : '';
  return formatPlaceholder({ id, type: block.type, attrs });
}

/** The `![alt](path)` a "not uploaded" callout of markdown.ts stands for, if it is one. */
function notUploadedImage(p: Payload): string | undefined {
  const items = [...(p.rich_text ?? [])] as Array<{
    type?: string;
    text?: { content?: string };
    plain_text?: string;
    annotations?: { code?: boolean; italic?: boolean };
  }>;
  const text = (i: (typeof items)[number] | undefined): string => i?.text?.content ?? i?.plain_text ?? '';
  // The push may have added why (` (file not found)`, images.ts noteNotUploaded): not part of the file.
  const last = items[items.length - 1];
  if (items.length > 2 && !last?.annotations?.code && !last?.annotations?.italic && / \(.*\)$/s.test(text(last)))
    items.pop();
  if (items.length < 2 || items.length > 3 || text(items[0]) !== 'Image not uploaded: ') return undefined;
  if (!items[1].annotations?.code) return undefined;
  let alt = '';
  if (items.length === 3) {
    if (!items[2].annotations?.italic || !text(items[2]).startsWith(' — ')) return undefined;
    alt = text(items[2]).slice(3);
  }
  return imageMarkdown(alt, text(items[1]));
}

function imageMarkdown(alt: string, url: string): string {
  const safeAlt = alt.replace(/[\\[\]]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
  const safeUrl = /[\s<>]/.test(url)
    ? `<${url.replace(/[<>]/g, encodeURIComponent)}>`
    : url.replace(/[()]/g, (c) => `\\${c}`);
  return `![${safeAlt}](${safeUrl})`;
}

function fence(code: string, info: string): string {
  let longest = 0;
  for (const m of code.matchAll(/^ {0,3}(`{3,})/gm)) longest = Math.max(longest, m[1].length);
  const f = '`'.repeat(Math.max(3, longest + 1));
  return `${f}${info}\n${code}${code === '' ? '' : '\n'}${f}`;
}

function tableMarkdown(block: Block): string {
  const rows = childrenOf(block).map((row) => (payloadOf(row).cells ?? []) as unknown[][]);
  const width = Math.max(payloadOf(block).table_width ?? 1, ...rows.map((r) => r.length), 1);
  const line = (cells: unknown[][]): string => {
    const out: string[] = [];
    for (let c = 0; c < width; c++) out.push(richTextToMarkdown(cells[c] ?? [], { table: true }));
    return `| ${out.join(' | ')} |`;
  };
  if (rows.length === 0) return '';
  const head = line(rows[0]);
  const rule = `| ${Array.from({ length: width }, () => '---').join(' | ')} |`;
  return [head, rule, ...rows.slice(1).map(line)].join('\n');
}

/** The item's own text followed by its children, as list-item content (not yet indented). */
function containerContent(text: string, children: Block[]): string {
  const kids = renderSequence(children);
  if (kids === '') return text;
  if (text === '') return kids;
  const firstKid = children.find((c) => renderBlock(c).text !== '');
  const tight = firstKid !== undefined && renderBlock(firstKid).kind !== 'block';
  return `${text}${tight ? '\n' : '\n\n'}${kids}`;
}

/** A list item: `marker` then its text; continuation lines and children indented by `width`. */
function listItem(marker: string, block: Block, p: Payload, width = marker.length + 1): string {
  const text = richTextToMarkdown(p.rich_text);
  const content = containerContent(text, childrenOf(block));
  if (content === '') return marker;
  const [first, ...rest] = content.split('\n');
  const head = text === '' ? `${marker}\n${indent(first, width)}` : `${marker} ${first}`;
  return rest.length > 0 ? `${head}\n${indent(rest.join('\n'), width)}` : head;
}

function expressible(block: Block, p: Payload): boolean {
  if (hasMention(p.rich_text)) return false;
  switch (block.type) {
    case 'paragraph':
      return childrenOf(block).length === 0;
    case 'heading_1':
    case 'heading_2':
    case 'heading_3':
      return p.is_toggleable !== true && childrenOf(block).length === 0;
    case 'bulleted_list_item':
    case 'numbered_list_item':
    case 'to_do':
    case 'quote':
    case 'code':
    case 'equation':
    case 'divider':
      return true;
    case 'table':
      return !childrenOf(block).some((row) => (payloadOf(row).cells ?? []).some((cell) => hasMention(cell)));
    case 'callout': {
      const style = `${p.icon?.emoji ?? ''}|${p.color ?? 'default'}`;
      if (ALERT_BY_STYLE[style]) return true;
      return style === '🖼️|gray_background' && childrenOf(block).length === 0 && notUploadedImage(p) !== undefined;
    }
    case 'image':
      return p.type === 'external' && typeof p.external?.url === 'string';
    default:
      return false;
  }
}

/** One block (with its children) → markdown. Numbered items are numbered `number` (1 by default). */
export function renderBlock(block: Block, number = 1): RenderedBlock {
  const kept = (block as { placeholder?: Placeholder }).placeholder ?? keptOf(block);
  if (kept) return { text: formatPlaceholder(kept), kind: 'block', placeholder: true };
  const p = payloadOf(block);
  if (!expressible(block, p)) return { text: placeholderFor(block), kind: 'block', placeholder: true };
  const done = (text: string, kind: JoinKind = 'block'): RenderedBlock => ({ text, kind, placeholder: false });
  switch (block.type) {
    case 'paragraph':
      return done(richTextToMarkdown(p.rich_text));
    case 'heading_1':
    case 'heading_2':
    case 'heading_3': {
      const hashes = '#'.repeat(Number(block.type.slice(-1)));
      const text = richTextToMarkdown(p.rich_text, { singleLine: true });
      return done(text === '' ? hashes : `${hashes} ${text}`);
    }
    case 'bulleted_list_item':
      return done(listItem('-', block, p), 'bulleted');
    case 'to_do':
      return done(listItem(p.checked ? '- [x]' : '- [ ]', block, p, 2), 'bulleted');
    case 'numbered_list_item':
      return done(listItem(`${number}.`, block, p), 'numbered');
    case 'quote':
      return done(quoted(containerContent(richTextToMarkdown(p.rich_text), childrenOf(block))));
    case 'callout': {
      const alert = ALERT_BY_STYLE[`${p.icon?.emoji ?? ''}|${p.color ?? 'default'}`];
      if (!alert) return done(notUploadedImage(p)!);
      const content = containerContent(richTextToMarkdown(p.rich_text), childrenOf(block));
      return done(quoted(content === '' ? `[!${alert}]` : `[!${alert}]\n${content}`));
    }
    case 'code': {
      const language = p.language && p.language !== 'plain text' ? p.language : '';
      return done(fence(plain(p.rich_text), language));
    }
    case 'equation':
      return done(`$$\n${p.expression ?? ''}\n$$`);
    case 'divider':
      return done('---');
    case 'table':
      return done(tableMarkdown(block));
    case 'image':
      return done(imageMarkdown(plain(p.caption), p.external!.url!));
    default:
      return { text: placeholderFor(block), kind: 'block', placeholder: true };
  }
}

/** Each block rendered, numbered lists counted; blocks with nothing to show (empty paragraphs) left out. */
export function renderBlocks(blocks: readonly Block[]): RenderedBlock[] {
  const out: RenderedBlock[] = [];
  let number = 0;
  for (const block of blocks) {
    number = block.type === 'numbered_list_item' ? number + 1 : 0;
    const r = renderBlock(block, Math.max(number, 1));
    if (r.text !== '') out.push(r);
  }
  return out;
}

/** The separator between two rendered blocks: one newline inside a list, else a blank line. */
export function joinSeparator(prev: JoinKind, next: JoinKind): string {
  return prev === next && prev !== 'block' ? '\n' : '\n\n';
}

function renderSequence(blocks: readonly Block[]): string {
  const parts = renderBlocks(blocks);
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) out += joinSeparator(parts[i - 1].kind, parts[i].kind);
    out += parts[i].text;
  }
  return out;
}

/** A page body → markdown text ('' for an empty page, else ending with one newline). */
export function blocksToMarkdown(blocks: readonly Block[]): string {
  const text = renderSequence(blocks);
  return text === '' ? '' : `${guardStart(text)}\n`;
}

/** A document cannot start with `---`: that line would open front matter. */
export function guardStart(text: string): string {
  return /^---(?:\n|$)/.test(text) ? `***${text.slice(3)}` : text;
}

/**
 * Blocks parsed from markdown with every placeholder line (a keep element, as markdown.ts reads one,
 * or a paragraph whose whole text is one) turned back into the block it stands for, at any depth. Comparing
 * `renderBlock` of both sides after this makes a placeholder equal to the block it came from.
 */
export function restorePlaceholders(blocks: readonly Block[]): Block[] {
  return blocks.map((block) => {
    const keep = keptOf(block);
    if (keep) return { type: keep.type, id: keep.id, placeholder: keep } as Block;
    if (block.type === 'paragraph' && childrenOf(block).length === 0) {
      const p = parsePlaceholder(plain(payloadOf(block).rich_text).trim());
      if (p) return { type: p.type, id: p.id, placeholder: p } as Block;
    }
    const kids = childrenOf(block);
    return kids.length > 0 ? withChildren(block, restorePlaceholders(kids)) : block;
  });
}
