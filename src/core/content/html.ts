import type { Element, ElementContent, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import { codeBlocks, containerBlock, divider, listBlocks, tableBlock, textBlocks } from './blocks';
import { inlineImage, runBlocks, trimRich, type ImageSink } from './images';
import { languageForFence } from './languages';
import { richText, sanitizeText } from './richtext';
import type { Annotations, Block, Color, RichText } from './types';

/**
 * Raw HTML in markdown, the way a reader sees it on GitHub, parsed by parse5 (through
 * hast-util-from-html), never by regular expressions.
 *
 * Markdown interleaves HTML with its own nodes (`<details>` … markdown … `</details>`,
 * `<a name="x"></a>Heading`), so a run of sibling nodes that contains HTML is parsed as one HTML
 * fragment in which every markdown node stands as a placeholder element `<md-node i="N">`; walking
 * the tree then gives the placeholder back to the markdown converter (`HtmlHost`).
 *
 * Mapping: comments, `<script>`, `<style>`, `<template>`, `<noscript>`, `<svg>`, form controls and
 * document metadata are dropped; `<a href>` → link (anchors without href keep only their text);
 * `<b>/<strong>` bold, `<i>/<em>/<cite>/<var>/<dfn>` italic, `<code>/<kbd>/<samp>/<tt>` code,
 * `<s>/<strike>/<del>` strikethrough, `<u>/<ins>` underline, `<mark>` yellow background, `<br>` a line
 * break, `<sup>/<sub>/<span>/<font>/<small>` their text; `<img>` → an image (images.ts); `<h1>`–`<h3>`
 * headings (h4–h6 bold paragraphs), `<p>/<div>/<center>/<section>/…` their content, `<ul>/<ol>/<li>`
 * lists, `<blockquote>` a quote, `<pre>` a code block (language from `class="language-x"` or
 * `lang`), `<hr>` a divider, `<table>` a Notion table, `<details><summary>` a toggle. Any other element
 * is its visible text.
 */

export interface HtmlHost {
  /** The blocks of the markdown node behind placeholder `i` (flow level). */
  block(i: number): Block[];
  /** The rich text of the markdown phrasing node behind placeholder `i`. */
  phrase(i: number, ann: Annotations, link: string | undefined, sink: ImageSink | undefined): RichText[];
  /** Where a link points (a URL Notion accepts), or undefined. */
  linkTarget(href: string): string | undefined;
  /** A fresh image sink for one paragraph. */
  sink(): ImageSink;
}

const PLACEHOLDER = 'md-node';

/** `<md-node i="N">` for markdown node N. */
export function placeholder(i: number): string {
  return `<${PLACEHOLDER} i="${i}"></${PLACEHOLDER}>`;
}

/** Text as HTML source (markdown text nodes hold decoded text). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

const DROP = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'svg',
  'math',
  'head',
  'title',
  'meta',
  'link',
  'base',
  'iframe',
  'object',
  'embed',
  'audio',
  'video',
  'source',
  'track',
  'input',
  'button',
  'select',
  'textarea',
  'canvas',
  'map',
  'area',
]);

const INLINE = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'big',
  'br',
  'cite',
  'code',
  'data',
  'del',
  'dfn',
  'em',
  'font',
  'i',
  'img',
  'ins',
  'kbd',
  'label',
  'mark',
  'picture',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'time',
  'tt',
  'u',
  'var',
  'wbr',
  PLACEHOLDER,
]);

const STYLE: Record<string, Annotations> = {
  b: { bold: true },
  strong: { bold: true },
  i: { italic: true },
  em: { italic: true },
  cite: { italic: true },
  var: { italic: true },
  dfn: { italic: true },
  code: { code: true },
  kbd: { code: true },
  samp: { code: true },
  tt: { code: true },
  s: { strikethrough: true },
  strike: { strikethrough: true },
  del: { strikethrough: true },
  u: { underline: true },
  ins: { underline: true },
  mark: { color: 'yellow_background' as Color },
};

/** Elements nested deeper than this are taken as their text (a guard against stack exhaustion). */
const MAX_DEPTH = 60;

export function parseHtml(html: string): Root {
  return fromHtml(html, { fragment: true });
}

function attr(el: Element, name: string): string | undefined {
  const v = el.properties?.[name];
  if (v === undefined || v === null || v === false) return undefined;
  return Array.isArray(v) ? v.join(' ') : String(v);
}

function collapse(text: string): string {
  return text.replace(/[ \t\n\r\f]+/g, ' ');
}

function hasScheme(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(url);
}

function hasPlaceholder(el: Element): boolean {
  for (const c of el.children)
    if (c.type === 'element' && (c.tagName === PLACEHOLDER || hasPlaceholder(c))) return true;
  return false;
}

class Walker {
  depth = 0;
  constructor(private readonly host: HtmlHost) {}

  inline(node: ElementContent, ann: Annotations, link: string | undefined, sink: ImageSink | undefined): RichText[] {
    if (node.type === 'text') return richText(collapse(node.value), ann, link);
    if (node.type !== 'element') return [];
    const tag = node.tagName;
    if (DROP.has(tag)) return [];
    if (tag === 'br') return richText('\n', ann, link);
    if (tag === PLACEHOLDER) return this.host.phrase(Number(attr(node, 'i')), ann, link, sink);
    if (tag === 'img') return inlineImage(attr(node, 'src') ?? '', attr(node, 'alt') ?? '', ann, link, sink);
    if (this.depth > MAX_DEPTH) return richText(collapse(toText(node)), ann, link);
    this.depth++;
    try {
      if (tag === 'a') {
        const href = attr(node, 'href');
        if (href === undefined) return this.inlineAll(node.children, ann, link, sink);
        const target = this.host.linkTarget(href);
        const out = this.inlineAll(node.children, ann, target ?? link, sink);
        const relative = !target && href !== '' && !href.startsWith('#') && !hasScheme(href) && !href.startsWith('//');
        if (relative && toText(node).trim() !== href.trim()) out.push(...richText(` (${href})`, ann, link));
        return out;
      }
      const style = STYLE[tag];
      const out = this.inlineAll(node.children, style ? { ...ann, ...style } : ann, link, sink);
      // Block-level elements met inside running text (a <p> in a table cell) end a line.
      if (!INLINE.has(tag) && out.length > 0) out.push(...richText('\n', ann, link));
      return out;
    } finally {
      this.depth--;
    }
  }

  inlineAll(
    nodes: readonly ElementContent[],
    ann: Annotations,
    link: string | undefined,
    sink: ImageSink | undefined,
  ): RichText[] {
    const out: RichText[] = [];
    for (const n of nodes) out.push(...this.inline(n, ann, link, sink));
    return out;
  }

  /** Blocks of a sequence of flow content: runs of inline content become paragraphs. */
  flow(nodes: readonly (RootContent | ElementContent)[]): Block[] {
    const out: Block[] = [];
    let sink = this.host.sink();
    let run: RichText[] = [];
    const flush = (): void => {
      if (run.length > 0 || sink.blocks.length > 0) out.push(...runBlocks(run, sink));
      run = [];
      sink = this.host.sink();
    };
    for (const node of nodes) {
      if (node.type === 'text') run.push(...this.inline(node, {}, undefined, sink));
      else if (node.type === 'element') {
        if (DROP.has(node.tagName)) {
          // Left open (`<svg>` with no end tag), it would swallow the markdown after it: keep that.
          if (hasPlaceholder(node)) {
            flush();
            out.push(...this.placeholders(node));
          }
          continue;
        }
        // An inline element wrapping markdown blocks (`<b>` left open before a list) is only a container.
        if (INLINE.has(node.tagName) && node.tagName !== PLACEHOLDER && !hasPlaceholder(node)) {
          run.push(...this.inline(node, {}, undefined, sink));
          continue;
        }
        flush();
        out.push(...this.element(node));
      }
    }
    flush();
    return out;
  }

  private element(el: Element): Block[] {
    const tag = el.tagName;
    if (tag === PLACEHOLDER) return this.host.block(Number(attr(el, 'i')));
    if (this.depth > MAX_DEPTH) {
      const text = collapse(toText(el)).trim();
      return text === '' ? [] : textBlocks('paragraph', richText(text));
    }
    this.depth++;
    try {
      return this.elementBlocks(el, tag);
    } finally {
      this.depth--;
    }
  }

  private rich(nodes: readonly ElementContent[], ann: Annotations = {}): RichText[] {
    return trimRich(this.inlineAll(nodes, ann, undefined, undefined));
  }

  private elementBlocks(el: Element, tag: string): Block[] {
    switch (tag) {
      case 'h1':
      case 'h2':
      case 'h3':
        return textBlocks(`heading_${tag[1]}` as 'heading_1', this.rich(el.children));
      case 'h4':
      case 'h5':
      case 'h6':
        return textBlocks('paragraph', this.rich(el.children, { bold: true }));
      case 'hr':
        return [divider()];
      case 'pre':
        return this.pre(el);
      case 'ul':
      case 'ol':
      case 'menu':
        return this.list(el);
      case 'li':
        return [containerBlock('bulleted_list_item', this.flow(el.children), {})];
      case 'blockquote':
        return [containerBlock('quote', this.flow(el.children), {})];
      case 'table':
        return this.table(el);
      case 'details':
        return this.details(el);
      case 'summary':
      case 'dt':
        return textBlocks('paragraph', this.rich(el.children, { bold: true }));
      default:
        return this.flow(el.children);
    }
  }

  private placeholders(el: Element): Block[] {
    const out: Block[] = [];
    for (const c of el.children) {
      if (c.type !== 'element') continue;
      out.push(...(c.tagName === PLACEHOLDER ? this.host.block(Number(attr(c, 'i'))) : this.placeholders(c)));
    }
    return out;
  }

  private pre(el: Element): Block[] {
    // A <pre> left open holds the markdown after it: read it as a container then.
    if (hasPlaceholder(el)) return this.flow(el.children);
    const code = el.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code');
    const classes = `${attr(el, 'className') ?? ''} ${code ? (attr(code, 'className') ?? '') : ''}`;
    const lang = /(?:^|\s)(?:language|lang)-([\w+#.-]+)/.exec(classes)?.[1] ?? attr(el, 'lang');
    const text = sanitizeText(toText(el, { whitespace: 'pre' })).replace(/\n$/, '');
    return text === '' ? [] : codeBlocks(text, languageForFence(lang));
  }

  private list(el: Element): Block[] {
    const items = el.children.filter((c): c is Element => c.type === 'element' && c.tagName === 'li');
    const ordered = el.tagName === 'ol';
    const start = ordered ? Number(attr(el, 'start') ?? 1) : 1;
    return listBlocks(
      items.map((li) => this.flow(li.children)),
      ordered,
      Number.isFinite(start) ? start : 1,
      '.',
    );
  }

  private table(el: Element): Block[] {
    const rows: Array<{ cells: Element[]; head: boolean }> = [];
    const visit = (node: Element, head: boolean): void => {
      for (const c of node.children) {
        if (c.type !== 'element') continue;
        if (c.tagName === 'tr') {
          const cells = c.children.filter((x): x is Element => x.type === 'element' && /^t[hd]$/.test(x.tagName));
          rows.push({ cells, head: head || (cells.length > 0 && cells.every((x) => x.tagName === 'th')) });
        } else if (c.tagName === 'thead' || c.tagName === 'tbody' || c.tagName === 'tfoot') {
          visit(c, c.tagName === 'thead');
        }
      }
    };
    visit(el, false);
    const caption = el.children.find((c): c is Element => c.type === 'element' && c.tagName === 'caption');
    const before = caption ? textBlocks('paragraph', this.rich(caption.children, { italic: true })) : [];
    if (rows.length === 0) return this.flow(el.children);
    const cells = rows.map((r) => r.cells.map((cell) => this.rich(cell.children)));
    return [...before, tableBlock(cells, rows[0].head)];
  }

  private details(el: Element): Block[] {
    const summary = el.children.find((c): c is Element => c.type === 'element' && c.tagName === 'summary');
    let rich = summary ? this.rich(summary.children) : [];
    if (rich.length === 0) rich = richText('Details');
    const children = this.flow(el.children.filter((c) => c !== summary));
    return textBlocks('toggle', rich, { children });
  }
}

/** Blocks for an HTML fragment in which markdown block nodes stand as placeholders. */
export function htmlFlowBlocks(html: string, host: HtmlHost): Block[] {
  return new Walker(host).flow(parseHtml(html).children);
}

/** Rich text for an HTML fragment of inline content in which markdown phrasing nodes stand as placeholders. */
export function htmlPhrasing(
  html: string,
  host: HtmlHost,
  ann: Annotations,
  link: string | undefined,
  sink: ImageSink | undefined,
): RichText[] {
  const walker = new Walker(host);
  const out: RichText[] = [];
  for (const node of parseHtml(html).children) {
    if (node.type === 'element' || node.type === 'text') out.push(...walker.inline(node, ann, link, sink));
  }
  return out;
}
