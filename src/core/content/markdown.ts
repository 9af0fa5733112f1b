import type {
  Blockquote,
  Definition,
  FootnoteDefinition,
  List,
  ListItem,
  Nodes,
  Paragraph,
  PhrasingContent,
  Root,
  RootContent,
  Table,
} from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { mathFromMarkdown } from 'mdast-util-math';
import { toString } from 'mdast-util-to-string';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import { math } from 'micromark-extension-math';
import { parse as parseYaml } from 'yaml';
import {
  calloutBlocks,
  codeBlocks,
  divider,
  equationBlocks,
  richTextOf,
  tableBlock,
  textBlock,
  textBlocks,
  childrenOf,
  type TextBlockType,
} from './blocks';
import { languageForFence } from './languages';
import { definitionLines, splitSections, type DefinitionLine } from './sections';
import { LIMITS } from './limits';
import { equationRichText, normalizeLinkUrl, richText, sanitizeText, truncateText } from './richtext';
import type { Annotations, Block, Color, FrontMatter, MarkdownOptions, MarkdownResult, RichText } from './types';

/**
 * Markdown → Notion block requests, on a real CommonMark/GFM parser (mdast).
 *
 * Mapping decisions:
 * - h1–h3 → heading_1..3; h4–h6 → a paragraph whose text is all bold (keeps them visibly below h3
 *   without pretending to be one).
 * - Links are kept only for absolute http(s)/mailto URLs of ≤ 2000 characters (or what
 *   `options.resolveLink` turns a relative target into). Otherwise the text stays, and for a relative
 *   file target (`../plans/x.md`, not `#anchor`) the target is appended as ` (../plans/x.md)` unless the
 *   text already is the target.
 * - An image standing in a paragraph becomes an image block for a remote http(s) URL; a local or
 *   relative path, or a data: URI, becomes a 🖼️ callout saying the image was not uploaded, with the
 *   path and the alt text. An image inside a link (badges) or in a heading/table cell stays as its
 *   alt text (linked when possible).
 * - GitHub alerts `> [!NOTE]` … → callout (ℹ️ blue, 💡 green, ❗ purple, ⚠️ yellow, 🛑 red backgrounds).
 * - Footnote references → `[n]` (numbered in order of first reference); definitions → a "Footnotes"
 *   heading_3 at the end with one `[n] …` paragraph each.
 * - Raw HTML (block and inline) is kept as plain text, except `<br>` which becomes a line break.
 * - Hard line breaks become "\n"; soft line breaks (a newline inside a paragraph) become a space, as
 *   GitHub renders them, so hard-wrapped source does not show as ragged lines in Notion.
 * - A container (list item, quote, callout) takes its first paragraph as its own text; everything
 *   else becomes its children, nested to any depth.
 * - Rich text needing more than 100 items is split into consecutive blocks of the same type; for a
 *   container the overflow continues as paragraph children placed before its other children.
 * - Documents over 4 KB are parsed in top-level sections (sections.ts) because micromark's time grows
 *   with the square of the document; on well-formed input the result is identical (tested against
 *   `singlePass`), on a malformed fence it may differ, but no text is lost.
 */

const ALERTS: Record<string, { emoji: string; color: Color }> = {
  NOTE: { emoji: 'ℹ️', color: 'blue_background' },
  TIP: { emoji: '💡', color: 'green_background' },
  IMPORTANT: { emoji: '❗', color: 'purple_background' },
  WARNING: { emoji: '⚠️', color: 'yellow_background' },
  CAUTION: { emoji: '🛑', color: 'red_background' },
};

/** Containers nested deeper than this are flattened to text (a guard against stack exhaustion). */
const MAX_NESTING = 100;

interface Ctx {
  options: MarkdownOptions;
  warnings: string[];
  definitions: Map<string, Definition>;
  footnoteDefs: Map<string, FootnoteDefinition>;
  footnoteNumbers: Map<string, number>;
  footnoteOrder: string[];
  depth: number;
  flattenWarned: boolean;
}

/** Parses markdown; front matter is only recognised at the start of the document. */
function parse(markdown: string, atDocumentStart = true): Root {
  if (!atDocumentStart) {
    return fromMarkdown(markdown, {
      extensions: [gfm(), math()],
      mdastExtensions: [gfmFromMarkdown(), mathFromMarkdown()],
    });
  }
  return fromMarkdown(markdown, {
    extensions: [gfm(), math(), frontmatter(['yaml'])],
    mdastExtensions: [gfmFromMarkdown(), mathFromMarkdown(), frontmatterFromMarkdown(['yaml'])],
  });
}

/** Moves every position in a tree by `delta` lines. */
function shiftLines(root: Nodes, delta: number): void {
  if (delta === 0) return;
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Nodes;
    if (node.position) {
      node.position.start.line += delta;
      node.position.end.line += delta;
    }
    if ('children' in node) for (const child of node.children as Nodes[]) stack.push(child);
  }
}

/**
 * Parses a document section by section (see sections.ts), giving each section the definitions it
 * refers to from elsewhere. Positions in the returned trees are those of the whole document.
 */
function parseDocument(source: string, singlePass: boolean): Root[] {
  const sections = singlePass ? [{ text: source, startLine: 0 }] : splitSections(source);
  if (sections.length === 1) return [parse(source)];
  const definitions = new Map<string, DefinitionLine>();
  for (const d of definitionLines(source)) if (!definitions.has(d.label)) definitions.set(d.label, d);
  return sections.map((section) => {
    const end = section.startLine + section.text.split('\n').length;
    const haystack = section.text.replace(/[\t\r ]+/g, ' ').toLowerCase();
    const stubs: string[] = [];
    for (const d of definitions.values()) {
      if (d.line >= section.startLine && d.line < end) continue;
      if (haystack.includes(`[${d.label}]`)) stubs.push(d.text);
    }
    if (stubs.length === 0 || section.frontMatter) {
      const root = parse(section.text, section.startLine === 0);
      shiftLines(root, section.startLine);
      return root;
    }
    // The comment line closes the borrowed definitions, so that an indented first line of the
    // section cannot continue a footnote definition.
    const prefix = stubs.join('\n\n') + '\n\n<!-- -->\n\n';
    const prefixLines = prefix.split('\n').length - 1;
    const root = parse(prefix + section.text, false);
    // Drop the borrowed definitions; they are collected from their own section.
    root.children = root.children.filter((c) => (c.position?.start.line ?? Infinity) > prefixLines);
    shiftLines(root, section.startLine - prefixLines);
    return root;
  });
}

function lineOf(node: Nodes): string {
  const line = node.position?.start.line;
  return line ? `line ${line}: ` : '';
}

function warn(ctx: Ctx, node: Nodes | undefined, message: string): void {
  const where = ctx.options.path ? `${ctx.options.path}: ` : '';
  ctx.warnings.push(`${where}${node ? lineOf(node) : ''}${message}`);
}

// ---------------------------------------------------------------------------------------------
// Front matter and title

function scalarString(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  return undefined;
}

/** Parses the YAML of a front matter block; a YAML error is reported as a warning, never thrown. */
export function parseFrontMatter(raw: string, warnings: string[] = []): FrontMatter {
  const fm: FrontMatter = { raw };
  if (raw.trim() === '') return fm;
  let data: unknown;
  try {
    data = parseYaml(raw, { logLevel: 'error' });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    warnings.push(`front matter is not valid YAML (${message}); it was ignored`);
    return fm;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    warnings.push('front matter is not a YAML mapping; it was ignored');
    return fm;
  }
  const record = data as Record<string, unknown>;
  fm.data = record;
  const title = scalarString(record.title);
  if (title !== undefined) fm.title = title;
  const rawTags = record.tags ?? record.tag ?? record.keywords;
  let tags: string[] | undefined;
  if (Array.isArray(rawTags)) tags = rawTags.map(scalarString).filter((t): t is string => t !== undefined);
  else if (typeof rawTags === 'string')
    tags = rawTags
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '');
  if (tags && tags.length > 0) fm.tags = tags;
  const status = scalarString(record.status);
  if (status !== undefined) fm.status = status;
  const date = scalarString(record.date);
  if (date !== undefined) fm.date = date;
  return fm;
}

/** The file name a page is called by when nothing better is known: `plans/q3-roadmap.md` → `q3-roadmap`. */
export function titleFromPath(path: string): string {
  const name =
    path
      .split(/[\\/]/)
      .filter((p) => p !== '')
      .pop() ?? '';
  const stripped = name.replace(/\.(md|markdown|mdx|mdown|mkd)$/i, '');
  return stripped === '' ? name : stripped;
}

/**
 * A document's title: the front matter title, else the text of the first h1, else the file name
 * (without a markdown extension), else "Untitled".
 */
export function deriveTitle(input: { frontMatterTitle?: string; firstHeading?: string; path?: string }): string {
  const candidates = [input.frontMatterTitle, input.firstHeading, input.path ? titleFromPath(input.path) : undefined];
  for (const c of candidates) {
    const t = c?.replace(/\s+/g, ' ').trim();
    if (t) return truncateText(t, LIMITS.richTextContent);
  }
  return 'Untitled';
}

// ---------------------------------------------------------------------------------------------
// Inline content

function plus(ann: Annotations, extra: Annotations): Annotations {
  return { ...ann, ...extra };
}

function hasScheme(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(url);
}

/** Where a link points: a URL Notion accepts, or undefined. */
function linkTarget(url: string, ctx: Ctx): string | undefined {
  const direct = normalizeLinkUrl(url);
  if (direct) return direct;
  const resolved = ctx.options.resolveLink?.(url);
  return resolved ? normalizeLinkUrl(resolved) : undefined;
}

function linkRich(
  children: PhrasingContent[],
  url: string,
  ann: Annotations,
  link: string | undefined,
  ctx: Ctx,
): RichText[] {
  const target = linkTarget(url, ctx);
  if (target) return phrasing(children, ann, target, ctx);
  const out = phrasing(children, ann, link, ctx);
  const text = children.map((c) => toString(c)).join('');
  const relative = url !== '' && !url.startsWith('#') && !hasScheme(url) && !url.startsWith('//');
  if (relative && text.trim() !== url.trim()) out.push(...richText(` (${url})`, ann, link));
  return out;
}

function imageAsText(url: string, alt: string, ann: Annotations, link: string | undefined): RichText[] {
  const label = alt.trim() !== '' ? alt : 'image';
  const target = link ?? (normalizeLinkUrl(url) && /^https?:/i.test(url.trim()) ? url : undefined);
  return richText(label, ann, target);
}

function footnoteNumber(identifier: string, ctx: Ctx): number {
  let n = ctx.footnoteNumbers.get(identifier);
  if (n === undefined) {
    n = ctx.footnoteOrder.length + 1;
    ctx.footnoteNumbers.set(identifier, n);
    ctx.footnoteOrder.push(identifier);
  }
  return n;
}

function phrasing(nodes: readonly PhrasingContent[], ann: Annotations, link: string | undefined, ctx: Ctx): RichText[] {
  const out: RichText[] = [];
  for (const node of nodes) out.push(...inline(node, ann, link, ctx));
  return out;
}

function inline(node: PhrasingContent, ann: Annotations, link: string | undefined, ctx: Ctx): RichText[] {
  switch (node.type) {
    case 'text':
      // A soft line break renders as a space (as on GitHub); hard breaks are 'break' nodes.
      return richText(node.value.replace(/[ \t]*\n/g, ' '), ann, link);
    case 'emphasis':
      return phrasing(node.children, plus(ann, { italic: true }), link, ctx);
    case 'strong':
      return phrasing(node.children, plus(ann, { bold: true }), link, ctx);
    case 'delete':
      return phrasing(node.children, plus(ann, { strikethrough: true }), link, ctx);
    case 'inlineCode':
      return richText(node.value, plus(ann, { code: true }), link);
    case 'break':
      return richText('\n', ann, link);
    case 'html':
      return /^<br\s*\/?>$/i.test(node.value.trim()) ? richText('\n', ann, link) : richText(node.value, ann, link);
    case 'inlineMath':
      if (node.value.length > LIMITS.equationExpression) {
        warn(ctx, node, `inline equation longer than ${LIMITS.equationExpression} characters kept as code text`);
      }
      return equationRichText(node.value, ann);
    case 'link':
      return linkRich(node.children, node.url, ann, link, ctx);
    case 'linkReference': {
      const def = ctx.definitions.get(node.identifier);
      if (def) return linkRich(node.children, def.url, ann, link, ctx);
      // Only reachable when a definition seen by the parser was not kept (see parseDocument).
      const tail =
        node.referenceType === 'full'
          ? `][${node.label ?? node.identifier}]`
          : node.referenceType === 'collapsed'
            ? '][]'
            : ']';
      return [...richText('[', ann, link), ...phrasing(node.children, ann, link, ctx), ...richText(tail, ann, link)];
    }
    case 'image':
      return imageAsText(node.url, node.alt ?? '', ann, link);
    case 'imageReference': {
      const def = ctx.definitions.get(node.identifier);
      return imageAsText(def?.url ?? '', node.alt ?? '', ann, link);
    }
    case 'footnoteReference':
      if (!ctx.footnoteDefs.has(node.identifier)) return richText(`[^${node.label ?? node.identifier}]`, ann, link);
      return richText(`[${footnoteNumber(node.identifier, ctx)}]`, ann, link);
    default: {
      const text = toString(node);
      warn(ctx, node, `unsupported inline element "${(node as { type: string }).type}" kept as text`);
      return richText(text, ann, link);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Blocks

/** Blocks for an image that stands on its own (remote → image block; local → placeholder). */
function imageBlocks(url: string, alt: string, node: Nodes, ctx: Ctx): Block[] {
  const trimmed = url.trim();
  const remote = /^https?:\/\//i.test(trimmed) ? normalizeLinkUrl(trimmed) : undefined;
  if (remote && remote.length <= LIMITS.url) {
    const image: Record<string, unknown> = { type: 'external', external: { url: remote } };
    if (alt.trim() !== '') image.caption = richText(truncateText(alt, LIMITS.richTextContent));
    return [{ type: 'image', image }];
  }
  let described: string;
  if (/^data:/i.test(trimmed)) {
    described = `an embedded data: URI image (${trimmed.length} characters)`;
    warn(ctx, node, 'embedded data: URI image was not uploaded');
  } else if (trimmed === '') {
    described = 'an image with no path';
    warn(ctx, node, 'image with no path was skipped');
  } else {
    described = trimmed;
    warn(ctx, node, `local image "${truncateText(trimmed, 200)}" was not uploaded`);
  }
  const rich: RichText[] = [
    ...richText('Image not uploaded: '),
    ...richText(described, trimmed !== '' && !/^data:/i.test(trimmed) ? { code: true } : {}),
  ];
  if (alt.trim() !== '') rich.push(...richText(` — ${alt}`, { italic: true }));
  return calloutBlocks(rich, '🖼️', 'gray_background');
}

function paragraphBlocks(node: Paragraph, ctx: Ctx): Block[] {
  const hasImage = node.children.some((c) => c.type === 'image' || c.type === 'imageReference');
  if (!hasImage) return textBlocks('paragraph', phrasing(node.children, {}, undefined, ctx));
  const out: Block[] = [];
  let pending: PhrasingContent[] = [];
  const flush = (): void => {
    const rich = phrasing(pending, {}, undefined, ctx);
    const text = rich.map((r) => (r.type === 'text' ? r.text.content : r.equation.expression)).join('');
    if (text.trim() !== '') out.push(...textBlocks('paragraph', rich));
    pending = [];
  };
  for (const child of node.children) {
    if (child.type === 'image') {
      flush();
      out.push(...imageBlocks(child.url, child.alt ?? '', child, ctx));
    } else if (child.type === 'imageReference') {
      flush();
      const def = ctx.definitions.get(child.identifier);
      out.push(...imageBlocks(def?.url ?? '', child.alt ?? '', child, ctx));
    } else {
      pending.push(child);
    }
  }
  flush();
  return out;
}

/**
 * One container block (list item, quote, callout) from its converted content: a leading plain
 * paragraph becomes the container's text, everything else its children.
 */
function containerBlock(
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

function flattened(node: Nodes, ctx: Ctx): Block[] {
  if (!ctx.flattenWarned) {
    warn(ctx, node, `content nested deeper than ${MAX_NESTING} levels was flattened to text`);
    ctx.flattenWarned = true;
  }
  const text = toString(node);
  return text.trim() === '' ? [] : textBlocks('paragraph', richText(text));
}

function nested<T>(ctx: Ctx, run: () => T): T {
  ctx.depth++;
  try {
    return run();
  } finally {
    ctx.depth--;
  }
}

function listBlocks(list: List, ctx: Ctx): Block[] {
  return list.children.map((item: ListItem) => {
    const content = nested(ctx, () => item.children.flatMap((c) => block(c, ctx)));
    if (typeof item.checked === 'boolean') return containerBlock('to_do', content, { checked: item.checked });
    return containerBlock(list.ordered ? 'numbered_list_item' : 'bulleted_list_item', content, {});
  });
}

function alertOf(quote: Blockquote): { kind: string; children: RootContent[] } | undefined {
  const first = quote.children[0];
  if (!first || first.type !== 'paragraph') return undefined;
  const lead = first.children[0];
  if (!lead || lead.type !== 'text') return undefined;
  const m = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*(?:\n|$)/i.exec(lead.value);
  if (!m) return undefined;
  const rest = lead.value.slice(m[0].length);
  const tail = first.children.slice(1);
  // A hard break right after the marker line is not content.
  while (rest === '' && tail[0]?.type === 'break') tail.shift();
  const paraChildren: PhrasingContent[] = rest === '' ? tail : [{ ...lead, value: rest }, ...tail];
  const children: RootContent[] = [...quote.children.slice(1)];
  if (paraChildren.length > 0) children.unshift({ ...first, children: paraChildren });
  return { kind: m[1].toUpperCase(), children };
}

function quoteBlocks(node: Blockquote, ctx: Ctx): Block[] {
  const alert = alertOf(node);
  if (alert) {
    const style = ALERTS[alert.kind];
    const content = nested(ctx, () => alert.children.flatMap((c) => block(c, ctx)));
    return [containerBlock('callout', content, { icon: { type: 'emoji', emoji: style.emoji }, color: style.color })];
  }
  const content = nested(ctx, () => node.children.flatMap((c) => block(c, ctx)));
  return [containerBlock('quote', content, {})];
}

function tableBlocks(node: Table, ctx: Ctx): Block[] {
  const rows = node.children.map((row) => row.children.map((cell) => phrasing(cell.children, {}, undefined, ctx)));
  if (rows.length === 0) return [];
  return [tableBlock(rows, true)];
}

function block(node: RootContent, ctx: Ctx): Block[] {
  if (ctx.depth > MAX_NESTING) return flattened(node, ctx);
  switch (node.type) {
    case 'paragraph':
      return paragraphBlocks(node, ctx);
    case 'heading': {
      if (node.depth <= 3) {
        const type = `heading_${node.depth}` as 'heading_1' | 'heading_2' | 'heading_3';
        return textBlocks(type, phrasing(node.children, {}, undefined, ctx));
      }
      return textBlocks('paragraph', phrasing(node.children, { bold: true }, undefined, ctx));
    }
    case 'thematicBreak':
      return [divider()];
    case 'blockquote':
      return quoteBlocks(node, ctx);
    case 'list':
      return listBlocks(node, ctx);
    case 'code':
      return codeBlocks(sanitizeText(node.value), languageForFence(node.lang));
    case 'math': {
      const expression = sanitizeText(node.value);
      if (expression.length > LIMITS.equationExpression) {
        warn(ctx, node, `equation longer than ${LIMITS.equationExpression} characters kept as a LaTeX code block`);
      }
      return equationBlocks(expression);
    }
    case 'table':
      return tableBlocks(node, ctx);
    case 'html':
      return node.value.trim() === '' ? [] : textBlocks('paragraph', richText(node.value));
    case 'definition':
    case 'footnoteDefinition':
    case 'yaml':
      return [];
    default: {
      const type = (node as { type: string }).type;
      warn(ctx, node, `unsupported element "${type}" kept as text`);
      const text = toString(node);
      return text.trim() === '' ? [] : textBlocks('paragraph', richText(text));
    }
  }
}

function footnoteBlocks(ctx: Ctx): Block[] {
  const out: Block[] = [];
  const render = (id: string): void => {
    const def = ctx.footnoteDefs.get(id);
    const n = footnoteNumber(id, ctx);
    const content = def ? nested(ctx, () => def.children.flatMap((c) => block(c, ctx))) : [];
    const label = richText(`[${n}] `);
    const first = content[0];
    if (first && first.type === 'paragraph' && childrenOf(first).length === 0) {
      out.push(...textBlocks('paragraph', [...label, ...(richTextOf(first) ?? [])], { children: content.slice(1) }));
    } else {
      out.push(...textBlocks('paragraph', label, { children: content }));
    }
  };
  // Numbers grow while rendering (a footnote may cite another), so walk the live list.
  for (let i = 0; i < ctx.footnoteOrder.length; i++) render(ctx.footnoteOrder[i]);
  // Definitions nobody references are still shown, after the referenced ones.
  const done = ctx.footnoteOrder.length;
  for (const id of ctx.footnoteDefs.keys()) footnoteNumber(id, ctx);
  for (let i = done; i < ctx.footnoteOrder.length; i++) render(ctx.footnoteOrder[i]);
  if (out.length === 0) return [];
  return [...textBlocks('heading_3', richText('Footnotes')), ...out];
}

const BLOCK_CONTAINERS = new Set(['root', 'blockquote', 'list', 'listItem', 'footnoteDefinition']);

/** Link and footnote definitions, first one wins (they only live in block containers). */
function collect(root: Root, ctx: Ctx): void {
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Nodes;
    if (node.type === 'definition' && !ctx.definitions.has(node.identifier)) ctx.definitions.set(node.identifier, node);
    if (node.type === 'footnoteDefinition' && !ctx.footnoteDefs.has(node.identifier)) {
      ctx.footnoteDefs.set(node.identifier, node);
    }
    if (BLOCK_CONTAINERS.has(node.type) && 'children' in node) {
      const children = node.children as Nodes[];
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }
}

/**
 * Converts markdown to Notion block requests. Never throws on bad input: problems become `warnings`.
 * Front matter fills `frontMatter` and is not repeated in the body.
 */
export function markdownToBlocks(markdown: string, options: MarkdownOptions = {}): MarkdownResult {
  const warnings: string[] = [];
  const source = (markdown ?? '').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let roots: Root[];
  try {
    roots = parseDocument(source, options.singlePass === true);
  } catch (error) {
    // micromark does not throw on any input we know of; keep the page readable if it ever does.
    const message = error instanceof Error ? error.message : String(error);
    warnings.push(
      `${options.path ? `${options.path}: ` : ''}markdown could not be parsed (${message}); kept as plain text`,
    );
    const blocks = source.trim() === '' ? [] : codeBlocks(sanitizeText(source), 'markdown');
    return { blocks, frontMatter: { raw: '' }, title: deriveTitle({ path: options.path }), warnings };
  }

  const ctx: Ctx = {
    options,
    warnings,
    definitions: new Map(),
    footnoteDefs: new Map(),
    footnoteNumbers: new Map(),
    footnoteOrder: [],
    depth: 0,
    flattenWarned: false,
  };
  for (const root of roots) collect(root, ctx);

  let frontMatter: FrontMatter = { raw: '' };
  const yamlNode = roots[0].children[0];
  if (yamlNode && yamlNode.type === 'yaml') {
    const fmWarnings: string[] = [];
    frontMatter = parseFrontMatter(yamlNode.value, fmWarnings);
    for (const w of fmWarnings) warn(ctx, yamlNode, w);
  }

  const blocks: Block[] = [];
  let h1: Nodes | undefined;
  for (const root of roots) {
    for (const node of root.children) {
      if (!h1 && node.type === 'heading' && node.depth === 1) h1 = node;
      blocks.push(...block(node, ctx));
    }
  }
  blocks.push(...footnoteBlocks(ctx));

  const title = deriveTitle({
    frontMatterTitle: frontMatter.title,
    firstHeading: h1 ? toString(h1) : undefined,
    path: options.path,
  });
  return { blocks, frontMatter, title, warnings };
}
