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
} from 'mdast';
import { toString } from 'mdast-util-to-string';
import { checkSize, DEFAULT_BUDGET, Deadline, guardSource } from './budget';
import {
  codeBlocks,
  containerBlock,
  divider,
  equationBlocks,
  listBlocks,
  richTextOf,
  tableBlock,
  textBlocks,
  withLeadingText,
} from './blocks';
import { alertOf, ALERTS } from './alerts';
import { footnoteBlocks, footnoteNumber } from './footnotes';
import { parsePlaceholder } from './from-notion/placeholder';
import { keepBlock } from './keep';
import { deriveTitle, parseFrontMatter } from './front-matter';
import { escapeHtml, htmlFlowBlocks, htmlPhrasing, placeholder, type HtmlHost } from './html';
import { inlineImage, newSink, runBlocks, type ImageSink } from './images';
import { languageForFence } from './languages';
import { LIMITS } from './limits';
import { collectDefinitions, parseDocument } from './parse';
import { blocksToPlainText } from './plaintext';
import { equationRichText, normalizeLinkUrl, plainTextOf, richText, sanitizeText } from './richtext';
import type { Annotations, Block, FrontMatter, LocalImage, MarkdownOptions, MarkdownResult, RichText } from './types';

export { deriveTitle, parseFrontMatter, titleFromPath } from './front-matter';

/**
 * Markdown → Notion block requests, on a real CommonMark/GFM parser (mdast); raw HTML in it through
 * a real HTML parser (html.ts).
 *
 * Mapping decisions:
 * - h1–h3 → heading_1..3; h4–h6 → a paragraph whose text is all bold.
 * - Links are kept only for absolute http(s)/mailto URLs of ≤ 2000 characters (or what
 *   `options.resolveLink` turns a relative target into). Otherwise the text stays, and for a relative
 *   file target (`../plans/x.md`, not `#anchor`) the target is appended as ` (../plans/x.md)` unless the
 *   text already is the target.
 * - Images: see images.ts (an image never splits its paragraph; local images are listed in
 *   `localImages` for an upload step).
 * - Lists: bullets, numbered lists starting at 1, task lists → to_do; a numbered list starting
 *   elsewhere keeps its ordinals in the text (blocks.ts `listBlocks`); `- 1) text` (an item that is
 *   only a one-item numbered list) → a bullet reading "1) text".
 * - GitHub alerts `> [!NOTE]` … → callout (ℹ️ blue, 💡 green, ❗ purple, ⚠️ yellow, 🛑 red backgrounds).
 * - Fenced code → code blocks in Notion's language names (```` ```mermaid ```` → mermaid, drawn by Notion).
 * - Footnote references → `[n]` (numbered in order of first reference); definitions → a "Footnotes"
 *   heading_3 at the end with one `[n] …` paragraph each. Link definitions are not shown.
 * - Hard line breaks become "\n"; soft line breaks a space (as GitHub renders them).
 * - A container (list item, quote, callout) takes its first paragraph as its own text; everything
 *   else becomes its children, nested to any depth (flattened to text beyond 100 levels).
 * - Rich text needing more than 100 items is split into consecutive blocks of the same type.
 * - Documents over 4 KB are parsed in top-level sections (sections.ts), because micromark's time grows
 *   faster than the document; hostile input is bounded by budget.ts.
 */

/** Containers nested deeper than this are flattened to text (a guard against stack exhaustion). */
const MAX_NESTING = 100;

interface Ctx {
  options: MarkdownOptions;
  warnings: string[];
  definitions: Map<string, Definition>;
  footnoteDefs: Map<string, FootnoteDefinition>;
  footnoteNumbers: Map<string, number>;
  footnoteOrder: string[];
  delimiters: Map<List, string>;
  localImages: LocalImage[];
  /** Where images of the paragraph being built go; undefined where an image can only be text. */
  sink: ImageSink | undefined;
  deadline: Deadline;
  depth: number;
  flattenWarned: boolean;
}

function warn(ctx: Ctx, node: Nodes | undefined, message: string): void {
  const where = ctx.options.path ? `${ctx.options.path}: ` : '';
  const line = node?.position?.start.line;
  ctx.warnings.push(`${where}${line ? `line ${line}: ` : ''}${message}`);
}

// ---------------------------------------------------------------------------------------------
// Inline content

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

const PHRASING = new Set([
  'text',
  'emphasis',
  'strong',
  'delete',
  'inlineCode',
  'break',
  'html',
  'inlineMath',
  'link',
  'linkReference',
  'image',
  'imageReference',
  'footnoteReference',
]);

/** The bridge html.ts calls back into for the markdown nodes standing in an HTML fragment. */
function hostFor(nodes: readonly Nodes[], ctx: Ctx, at: Nodes | undefined): HtmlHost {
  return {
    block: (i) => block(nodes[i] as RootContent, ctx),
    phrase: (i, ann, link, sink) => {
      const node = nodes[i];
      if (PHRASING.has(node.type)) return withSink(ctx, sink, () => inline(node as PhrasingContent, ann, link, ctx));
      // A markdown block inside HTML running text (a table cell, an open <b>): its text.
      return richText(blocksToPlainText(block(node as RootContent, ctx)).replace(/\s+/g, ' '), ann, link);
    },
    linkTarget: (href) => linkTarget(href, ctx),
    sink: () => newSink(ctx.localImages, (m) => warn(ctx, at, m)),
  };
}

function withSink<T>(ctx: Ctx, sink: ImageSink | undefined, run: () => T): T {
  const previous = ctx.sink;
  ctx.sink = sink;
  try {
    return run();
  } finally {
    ctx.sink = previous;
  }
}

function phrasing(nodes: readonly PhrasingContent[], ann: Annotations, link: string | undefined, ctx: Ctx): RichText[] {
  const out: RichText[] = [];
  if (!nodes.some((n) => n.type === 'html')) {
    for (const node of nodes) out.push(...inline(node, ann, link, ctx));
    return out;
  }
  // Inline HTML: one fragment for the whole run, so that `<b>` … `</b>` around markdown nodes pairs up.
  let html = '';
  nodes.forEach(
    (n, i) => (html += n.type === 'html' ? n.value : n.type === 'text' ? escapeHtml(n.value) : placeholder(i)),
  );
  return htmlPhrasing(html, hostFor(nodes, ctx, nodes[0]), ann, link, ctx.sink);
}

function inline(node: PhrasingContent, ann: Annotations, link: string | undefined, ctx: Ctx): RichText[] {
  switch (node.type) {
    case 'text':
      return richText(node.value.replace(/[ \t]*\n/g, ' '), ann, link);
    case 'emphasis':
      return phrasing(node.children, { ...ann, italic: true }, link, ctx);
    case 'strong':
      return phrasing(node.children, { ...ann, bold: true }, link, ctx);
    case 'delete':
      return phrasing(node.children, { ...ann, strikethrough: true }, link, ctx);
    case 'inlineCode':
      return richText(node.value, { ...ann, code: true }, link);
    case 'break':
      return richText('\n', ann, link);
    case 'html':
      return phrasing([node], ann, link, ctx);
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
      const tail =
        node.referenceType === 'full'
          ? `][${node.label ?? node.identifier}]`
          : node.referenceType === 'collapsed'
            ? '][]'
            : ']';
      return [...richText('[', ann, link), ...phrasing(node.children, ann, link, ctx), ...richText(tail, ann, link)];
    }
    case 'image':
      return inlineImage(node.url, node.alt ?? '', ann, link, ctx.sink);
    case 'imageReference':
      return inlineImage(ctx.definitions.get(node.identifier)?.url ?? '', node.alt ?? '', ann, link, ctx.sink);
    case 'footnoteReference':
      if (!ctx.footnoteDefs.has(node.identifier)) return richText(`[^${node.label ?? node.identifier}]`, ann, link);
      return richText(`[${footnoteNumber(node.identifier, ctx)}]`, ann, link);
    default:
      warn(ctx, node, `unsupported inline element "${(node as { type: string }).type}" kept as text`);
      return richText(toString(node), ann, link);
  }
}

// ---------------------------------------------------------------------------------------------
// Blocks

function paragraphBlocks(node: Paragraph, ctx: Ctx): Block[] {
  const sink = newSink(ctx.localImages, (m) => warn(ctx, node, m));
  const rich = withSink(ctx, sink, () => phrasing(node.children, {}, undefined, ctx));
  return runBlocks(rich, sink, true);
}

/** Text without images (headings, table cells): an image there is its alt text. */
function plainPhrasing(nodes: PhrasingContent[], ann: Annotations, ctx: Ctx): RichText[] {
  return withSink(ctx, undefined, () => phrasing(nodes, ann, undefined, ctx));
}

function flattened(node: Nodes, ctx: Ctx): Block[] {
  if (!ctx.flattenWarned) {
    warn(ctx, node, `content nested deeper than ${MAX_NESTING} levels was flattened to text`);
    ctx.flattenWarned = true;
  }
  const text = toString(node);
  return text.trim() === '' ? [] : textBlocks('paragraph', richText(text));
}

/**
 * A line of our own markers: the pull's placeholder for a Notion block markdown cannot express
 * (`<!-- notion:block id=… -->`, content/from-notion) and the pull's unit sentinel. Unlike other HTML
 * comments they never vanish silently: a placeholder becomes a keep element (keep.ts; the push leaves
 * the Notion block it names untouched), any other marker stays as its literal text.
 */
const MARKER = /^<!-- notion(?:-sync)?:[^\n]*-->$/;
const isMarker = (n: RootContent): boolean => n.type === 'html' && MARKER.test(n.value.trim());

/** Blocks of sibling nodes; a run with raw HTML in it is read as one HTML fragment (html.ts). */
function blocksOf(nodes: readonly RootContent[], ctx: Ctx): Block[] {
  ctx.depth++;
  try {
    if (nodes.some(isMarker)) {
      const out: Block[] = [];
      let run: RootContent[] = [];
      const flush = (): void => {
        if (run.length > 0) out.push(...blocksOf(run, ctx));
        run = [];
      };
      for (const n of nodes) {
        if (!isMarker(n)) run.push(n);
        else {
          flush();
          const line = (n as { value: string }).value.trim();
          const kept = ctx.options.placeholders === 'text' ? undefined : parsePlaceholder(line);
          out.push(...(kept && kept.id !== '' ? [keepBlock(kept)] : textBlocks('paragraph', richText(line))));
        }
      }
      flush();
      return out;
    }
    if (!nodes.some((n) => n.type === 'html')) return nodes.flatMap((n) => block(n, ctx));
    const html = nodes.map((n, i) => (n.type === 'html' ? n.value : placeholder(i))).join('\n');
    return htmlFlowBlocks(html, hostFor(nodes, ctx, nodes[0]));
  } finally {
    ctx.depth--;
  }
}

function listItemContent(item: ListItem, ctx: Ctx): Block[] {
  const first = item.children[0];
  // `- 1) text`: a bullet whose only content is a one-item numbered list keeps the ordinal as text.
  if (first?.type === 'list' && first.ordered && first.children.length === 1) {
    const ordinal = `${first.start ?? 1}${ctx.delimiters.get(first) ?? '.'} `;
    const inner = blocksOf(first.children[0].children, ctx);
    return [...withLeadingText(inner, ordinal), ...blocksOf(item.children.slice(1), ctx)];
  }
  return blocksOf(item.children, ctx);
}

function listOf(list: List, ctx: Ctx): Block[] {
  const contents = list.children.map((item) => listItemContent(item, ctx));
  const start = list.ordered ? (list.start ?? 1) : 1;
  const delimiter = ctx.delimiters.get(list) ?? '.';
  return listBlocks(
    contents,
    list.ordered === true,
    start,
    delimiter,
    list.children.map((item) => item.checked),
  );
}

function quoteBlocks(node: Blockquote, ctx: Ctx): Block[] {
  const alert = alertOf(node);
  if (alert) {
    const style = ALERTS[alert.kind];
    const content = blocksOf(alert.children, ctx);
    return [containerBlock('callout', content, { icon: { type: 'emoji', emoji: style.emoji }, color: style.color })];
  }
  return [containerBlock('quote', blocksOf(node.children, ctx), {})];
}

function block(node: RootContent, ctx: Ctx): Block[] {
  ctx.deadline.check();
  if (ctx.depth > MAX_NESTING) return flattened(node, ctx);
  switch (node.type) {
    case 'paragraph':
      return paragraphBlocks(node, ctx);
    case 'heading': {
      if (node.depth <= 3) {
        const type = `heading_${node.depth}` as 'heading_1' | 'heading_2' | 'heading_3';
        return textBlocks(type, plainPhrasing(node.children, {}, ctx));
      }
      return textBlocks('paragraph', plainPhrasing(node.children, { bold: true }, ctx));
    }
    case 'thematicBreak':
      return [divider()];
    case 'blockquote':
      return quoteBlocks(node, ctx);
    case 'list':
      return listOf(node, ctx);
    case 'code':
      return codeBlocks(sanitizeText(node.value), languageForFence(node.lang));
    case 'math': {
      const expression = sanitizeText(node.value);
      if (expression.length > LIMITS.equationExpression) {
        warn(ctx, node, `equation longer than ${LIMITS.equationExpression} characters kept as a LaTeX code block`);
      }
      return equationBlocks(expression);
    }
    case 'table': {
      const rows = node.children.map((row) => row.children.map((cell) => plainPhrasing(cell.children, {}, ctx)));
      return rows.length === 0 ? [] : [tableBlock(rows, true)];
    }
    case 'html':
      return blocksOf([node], ctx);
    case 'definition':
    case 'footnoteDefinition':
    case 'yaml':
      return [];
    default: {
      warn(ctx, node, `unsupported element "${(node as { type: string }).type}" kept as text`);
      const text = toString(node);
      return text.trim() === '' ? [] : textBlocks('paragraph', richText(text));
    }
  }
}

/**
 * Converts markdown to Notion block requests. Bad input never throws: problems become `warnings`.
 * Only a file over its budget (options.budget, budget.ts) throws a ContentBudgetError.
 * Front matter fills `frontMatter` and is not repeated in the body.
 */
export function markdownToBlocks(markdown: string, options: MarkdownOptions = {}): MarkdownResult {
  const warnings: string[] = [];
  const budget = { ...DEFAULT_BUDGET, ...options.budget };
  checkSize(markdown ?? '', budget.maxChars, options.path);
  const deadline = new Deadline(budget.maxMs, options.path);
  const guarded = guardSource((markdown ?? '').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  const source = guarded.text;
  const ctx: Ctx = {
    options,
    warnings,
    definitions: new Map(),
    footnoteDefs: new Map(),
    footnoteNumbers: new Map(),
    footnoteOrder: [],
    delimiters: new Map(),
    localImages: [],
    sink: undefined,
    deadline,
    depth: 0,
    flattenWarned: false,
  };
  for (const w of guarded.warnings) warn(ctx, undefined, w);
  const roots = parseDocument(source, options.singlePass === true, deadline);
  for (const root of roots) collectDefinitions(root, ctx);

  let frontMatter: FrontMatter = { raw: '' };
  const yamlNode = roots[0].children[0];
  if (yamlNode && yamlNode.type === 'yaml') {
    const fmWarnings: string[] = [];
    frontMatter = parseFrontMatter(yamlNode.value, fmWarnings);
    for (const w of fmWarnings) warn(ctx, yamlNode, w);
  }

  // All sections as one run of siblings: an HTML element may open in one section and close in another.
  const all: RootContent[] = roots.flatMap((r: Root) => r.children);
  ctx.depth = -1;
  const blocks = blocksOf(all, ctx);
  blocks.push(...footnoteBlocks(ctx, (nodes) => blocksOf(nodes, ctx)));
  const h1 = all.find((n) => n.type === 'heading' && n.depth === 1);
  const title = deriveTitle({
    frontMatterTitle: frontMatter.title,
    // An HTML <h1> (centred README titles) counts when the markdown has none.
    firstHeading: h1
      ? toString(h1, { includeHtml: false })
      : plainTextOf(richTextOf(blocks.find((b) => b.type === 'heading_1') ?? { type: 'divider' })),
    path: options.path,
  });
  return { blocks, frontMatter, title, warnings, localImages: ctx.localImages };
}
