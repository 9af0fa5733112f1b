import { LIMITS } from './limits';
import type { Annotations, RichText, TextRichText } from './types';

/**
 * Rich-text helpers. Every item these functions return respects LIMITS: `text.content` ≤ 2000 UTF-16
 * units (never ending in the middle of a surrogate pair), `link.url` ≤ 2000 (else no link),
 * `equation.expression` ≤ 1000 (else the expression is kept as inline code text).
 */

// Matching control characters is the point here.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Makes text safe to send: CR/CRLF → LF, other control characters dropped, lone surrogates → U+FFFD. */
export function sanitizeText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL_CHARS, '').replace(LONE_SURROGATE, '\uFFFD');
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Splits text into pieces of at most `max` UTF-16 units without separating a surrogate pair.
 * Joining the pieces gives back the input exactly.
 */
export function splitText(text: string, max: number = LIMITS.richTextContent): string[] {
  if (max < 2) throw new RangeError('max must be at least 2');
  const out: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + max, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    out.push(text.slice(start, end));
    start = end;
  }
  return out;
}

/** Cuts text to at most `max` units (surrogate-safe), ending with '…' when it had to cut. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(0, end) + '…';
}

/** True for an absolute http(s) or mailto URL that Notion accepts as a link (≤ 2000 characters). */
export function isLinkableUrl(url: string): boolean {
  return normalizeLinkUrl(url) !== undefined;
}

/** The URL as Notion should receive it, or undefined when it cannot be a link. */
export function normalizeLinkUrl(url: string): string | undefined {
  const trimmed = url.trim();
  if (!/^(https?:\/\/|mailto:)/i.test(trimmed)) return undefined;
  let href: string;
  try {
    href = new URL(trimmed).href;
  } catch {
    return undefined;
  }
  if (/^https?:/i.test(href) && !/^https?:\/\/[^/?#]+/i.test(href)) return undefined;
  return href.length <= LIMITS.linkUrl ? href : undefined;
}

function cleanAnnotations(annotations: Annotations | undefined): Annotations | undefined {
  if (!annotations) return undefined;
  const out: Annotations = {};
  if (annotations.bold) out.bold = true;
  if (annotations.italic) out.italic = true;
  if (annotations.strikethrough) out.strikethrough = true;
  if (annotations.underline) out.underline = true;
  if (annotations.code) out.code = true;
  if (annotations.color && annotations.color !== 'default') out.color = annotations.color;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Rich-text items for `text`, split into items of ≤ 2000 characters. The link is kept only when
 * it is an absolute http(s)/mailto URL of ≤ 2000 characters. Empty text gives [].
 */
export function richText(text: string, annotations?: Annotations, link?: string): RichText[] {
  const clean = sanitizeText(text);
  const ann = cleanAnnotations(annotations);
  const url = link === undefined ? undefined : normalizeLinkUrl(link);
  return splitText(clean).map((content) => {
    const item: TextRichText = { type: 'text', text: url ? { content, link: { url } } : { content } };
    if (ann) item.annotations = { ...ann };
    return item;
  });
}

/**
 * An inline equation item; an expression longer than 1000 characters cannot be an equation and is
 * returned as inline-code text instead.
 */
export function equationRichText(expression: string, annotations?: Annotations): RichText[] {
  const expr = sanitizeText(expression);
  const ann = cleanAnnotations(annotations);
  if (expr.length > 0 && expr.length <= LIMITS.equationExpression) {
    const item: RichText = { type: 'equation', equation: { expression: expr } };
    if (ann) item.annotations = ann;
    return [item];
  }
  return richText(expr, { ...ann, code: true });
}

function formatKey(item: RichText): string {
  const a = item.annotations ?? {};
  const link = item.type === 'text' ? (item.text.link?.url ?? '') : '';
  return [a.bold, a.italic, a.strikethrough, a.underline, a.code, a.color ?? 'default', link].join('|');
}

/**
 * Merges adjacent text items with the same annotations and link (fewer items, same rendering),
 * then re-splits so that every item is ≤ 2000 characters. Empty text items are dropped.
 */
export function normalizeRichText(items: readonly RichText[]): RichText[] {
  const merged: RichText[] = [];
  for (const item of items) {
    if (item.type === 'text' && item.text.content === '') continue;
    const last = merged[merged.length - 1];
    if (last && last.type === 'text' && item.type === 'text' && formatKey(last) === formatKey(item)) {
      merged[merged.length - 1] = {
        ...last,
        text: { ...last.text, content: last.text.content + item.text.content },
      };
    } else {
      merged.push(item);
    }
  }
  const out: RichText[] = [];
  for (const item of merged) {
    if (item.type === 'text' && item.text.content.length > LIMITS.richTextContent) {
      for (const content of splitText(item.text.content)) {
        out.push({ ...item, text: { ...item.text, content } });
      }
    } else {
      out.push(item);
    }
  }
  return out;
}

/** Bytes `s` takes as a JSON string body in UTF-8 (escapes counted, quotes not). */
export function jsonBytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x08 || c === 0x0c) n += 2;
    else if (c < 0x20) n += 6;
    else if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        n += 4;
        i++;
      } else n += 6; // a lone surrogate is written as \uXXXX
    } else n += 3;
  }
  return n;
}

/** Generous JSON overhead of one rich-text item besides its text (keys, annotations). */
const ITEM_OVERHEAD = 200;

export function richTextBytes(item: RichText): number {
  if (item.type === 'equation') return ITEM_OVERHEAD + jsonBytes(item.equation.expression);
  return ITEM_OVERHEAD + jsonBytes(item.text.content) + (item.text.link ? jsonBytes(item.text.link.url) : 0);
}

/**
 * Cuts a rich-text array into consecutive arrays of at most 100 items and at most
 * LIMITS.blockBytes of JSON each (none when empty).
 */
export function chunkRichText(
  items: readonly RichText[],
  max: number = LIMITS.richTextItems,
  maxBytes: number = LIMITS.blockBytes,
): RichText[][] {
  const out: RichText[][] = [];
  let current: RichText[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = richTextBytes(item);
    if (current.length > 0 && (current.length >= max || bytes + size > maxBytes)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** The text a reader sees: request items (`text.content`, `equation.expression`) or response items (`plain_text`). */
export function plainTextOf(items: readonly unknown[] | undefined): string {
  if (!items) return '';
  let out = '';
  for (const raw of items) {
    const item = raw as {
      plain_text?: string;
      type?: string;
      text?: { content?: string };
      equation?: { expression?: string };
      mention?: unknown;
    };
    if (typeof item.plain_text === 'string') out += item.plain_text;
    else if (item.text && typeof item.text.content === 'string') out += item.text.content;
    else if (item.equation && typeof item.equation.expression === 'string') out += item.equation.expression;
  }
  return out;
}

/**
 * Fits a rich-text array that cannot be split across blocks (a table cell, a caption) into 100 items:
 * the tail is flattened to plain text, as few items as needed; beyond 200,000 characters it is cut.
 */
export function fitRichText(items: readonly RichText[], max: number = LIMITS.richTextItems): RichText[] {
  const normal = normalizeRichText(items);
  if (normal.length <= max) return normal;
  for (let keep = max - 1; keep >= 0; keep--) {
    const tail = plainTextOf(normal.slice(keep));
    if (keep + Math.ceil(tail.length / LIMITS.richTextContent) > max) continue;
    const fitted = [...normal.slice(0, keep), ...richText(tail)];
    if (fitted.length <= max) return fitted;
  }
  // One unit of slack per item for surrogate pairs kept whole at item boundaries.
  return richText(truncateText(plainTextOf(normal), max * (LIMITS.richTextContent - 1)));
}
