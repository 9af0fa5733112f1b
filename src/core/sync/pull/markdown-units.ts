import type { Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { mathFromMarkdown } from 'mdast-util-math';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import { math } from 'micromark-extension-math';
import type { Block } from '../../content';
import { deriveTitle, markdownToBlocks, parseFrontMatter, redactSecrets } from '../../content';
import { splitSections } from '../../content/sections';
import { toString } from 'mdast-util-to-string';
import type { SideFields } from './front-matter-merge';
import { renderBlock, renderBlocks, restorePlaceholders } from '../../content/from-notion';
import type { Join, NotionToken, Unit } from './assemble';

/**
 * A markdown file cut into units for the merge: the front matter, then each top-level block of the
 * document, list items one by one. Each unit keeps its exact text (with the blank lines after it)
 * and carries the canonical tokens of the Notion blocks it becomes.
 */

/** Text → the blocks the push sends (after redaction, as `convertItem` does). */
export type ToBlocks = (markdown: string) => Block[];

export const defaultToBlocks: ToBlocks = (markdown) => markdownToBlocks(redactSecrets(markdown).text).blocks;

export interface MarkdownFile {
  /** The file started with a byte-order mark (not part of any unit). */
  bom: boolean;
  /** CRLF line endings (most of the file's line breaks). */
  crlf: boolean;
  finalNewline: boolean;
  /** What the push reads from it for the row's properties. */
  fields: SideFields;
  /** The front matter block with its fences, '' when none; `yaml` is the text between the fences. */
  frontMatter: { text: string; yaml: string; separator: string } | undefined;
  units: Unit[];
}

function parse(text: string, atStart: boolean): Root {
  if (!atStart)
    return fromMarkdown(text, {
      extensions: [gfm(), math()],
      mdastExtensions: [gfmFromMarkdown(), mathFromMarkdown()],
    });
  return fromMarkdown(text, {
    extensions: [gfm(), math(), frontmatter(['yaml'])],
    mdastExtensions: [gfmFromMarkdown(), mathFromMarkdown(), frontmatterFromMarkdown(['yaml'])],
  });
}

/**
 * The top-level nodes of a file with their offsets in `text` (CRLF kept), parsed section by section
 * (content/sections.ts) because micromark's time grows with the square of the document. Only the
 * top-level nodes and the items of top-level lists carry offsets the caller uses.
 */
function parseTopLevel(text: string): Root {
  const lf = text.replace(/\r\n/g, '\n');
  // lf offset → offset in text (each removed CR shifts what follows by one).
  const shift: number[] = [];
  for (let i = 0, removed = 0; i <= lf.length; i++) {
    shift.push(i + removed);
    if (text.charCodeAt(i + removed) === 13 && text.charCodeAt(i + removed + 1) === 10) removed++;
  }
  const lineStarts = [0];
  for (let i = 0; i < lf.length; i++) if (lf.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const root: Root = { type: 'root', children: [] };
  splitSections(lf).forEach((section, k) => {
    const base = lineStarts[section.startLine] ?? lf.length;
    const part = parse(section.text, k === 0);
    const fix = (node: { position?: { start: { offset?: number }; end: { offset?: number } } }): void => {
      if (!node.position) return;
      node.position.start.offset = shift[base + (node.position.start.offset ?? 0)];
      node.position.end.offset = shift[base + (node.position.end.offset ?? 0)];
    };
    for (const node of part.children) {
      fix(node);
      if (node.type === 'list') node.children.forEach(fix);
      root.children.push(node);
    }
  });
  return root;
}

/**
 * Canonical tokens, computed once per merge. A block's token is its rendering (`renderBlock`). For
 * blocks our converter made from a local or base text that rendering is canonical (the round trip is
 * a fixpoint); a Notion block whose rendering is not among them may have been made in Notion, so its
 * rendering is parsed as the push would parse it and rendered again, which brings a formatting-only
 * difference (or a placeholder) to the same token as the block it equals.
 */
export class Canon {
  private readonly units = new Map<string, Unit>();
  private readonly known = new Set<string>();
  private readonly notion = new Map<string, string>();
  constructor(readonly toBlocks: ToBlocks = defaultToBlocks) {}

  /** A unit of a local or base file (memoized by its text: base and local share most). */
  unit(text: string, defs: string): Unit {
    const memo = `${defs}\u0000${text}`;
    const hit = this.units.get(memo);
    if (hit) return hit;
    return this.remember(memo, text, this.toBlocks(defs === '' ? text : `${text.replace(/\s+$/, '')}\n\n${defs}\n`));
  }

  private remember(memo: string, text: string, converted: Block[]): Unit {
    const blocks = restorePlaceholders(converted);
    const canonical = blocks.map((b) => renderBlock(b).text).filter((t) => t !== '');
    for (const c of canonical) this.known.add(c);
    const unit: Unit = { text, keys: canonical, canonical, join: joinOf(blocks[0]) };
    this.units.set(memo, unit);
    return unit;
  }

  /**
   * Converts many units in one pass (one parse of the file instead of one per unit, which is what
   * makes a long file fast): the units are joined with a sentinel paragraph between them and the
   * blocks cut at the sentinels. Falls back to one unit at a time if the cut does not come out even.
   */
  prepare(texts: readonly string[], defs: string): void {
    const todo = [...new Set(texts)].filter((t) => !this.units.has(`${defs}\u0000${t}`));
    if (todo.length < 2) return;
    const sentinel = `<!-- notion-sync:unit:${Math.random().toString(36).slice(2)} -->`;
    const joined =
      todo.map((t) => t.replace(/\s+$/, '')).join(`\n\n${sentinel}\n\n`) + (defs === '' ? '\n' : `\n\n${defs}\n`);
    const groups: Block[][] = [[]];
    for (const b of this.toBlocks(joined)) {
      const text = b.type === 'paragraph' ? renderBlock(b).text : undefined;
      if (text !== undefined && text.includes('notion-sync:unit:') && text.replace(/\\/g, '') === sentinel)
        groups.push([]);
      else groups[groups.length - 1].push(b);
    }
    if (groups.length !== todo.length) return;
    todo.forEach((t, i) => this.remember(`${defs}\u0000${t}`, t, groups[i]));
  }

  /** The token of a Notion block ('' when it shows nothing). */
  notionKey(block: Block): string {
    const key = this.notionKeyWithIds(block);
    // A block the push made has no id in its placeholder (a `<details>` toggle, an "image not
    // uploaded" callout): the same block read from Notion, with its id, is the same token.
    const unnamed = withoutIds(key);
    return unnamed !== key && this.known.has(unnamed) ? unnamed : key;
  }

  private notionKeyWithIds(block: Block): string {
    const once = renderBlock(block).text;
    if (once === '' || this.known.has(once)) return once;
    let key = this.notion.get(once);
    if (key === undefined) {
      key = renderBlocks(restorePlaceholders(this.toBlocks(once)))
        .map((r) => r.text)
        .join('\n\n');
      this.notion.set(once, key);
    }
    return key;
  }
}

const HTML_BLOCKS = 'details|div|table|section|blockquote|center|dl|figure|aside|article|ul|ol|p';

/**
 * Opened minus closed HTML block elements in a raw HTML node: a `<details>` whose content holds
 * blank lines spans several top-level nodes, which the push reads as one element (one block).
 */
function htmlBalance(html: string): number {
  const opened = html.match(new RegExp(`<(?:${HTML_BLOCKS})(?=[\\s>])[^>]*?(?<!/)>`, 'gi'))?.length ?? 0;
  const closed = html.match(new RegExp(`</(?:${HTML_BLOCKS})\\s*>`, 'gi'))?.length ?? 0;
  return opened - closed;
}

/** The token with the id of every placeholder line in it emptied (`id=""`, as for a block not yet created). */
function withoutIds(token: string): string {
  return token.includes('<!-- notion:block id=')
    ? token.replace(/<!-- notion:block id=(?:[A-Za-z0-9_.:/-]+|"(?:[^"\\]|\\.)*") /g, '<!-- notion:block id="" ')
    : token;
}

function joinOf(block: Block | undefined): Join {
  if (!block) return 'block';
  if (block.type === 'numbered_list_item') return 'numbered';
  if (block.type === 'bulleted_list_item' || block.type === 'to_do') return 'bulleted';
  return 'block';
}

/** Link reference definitions of the whole file, so that a unit converted alone resolves `[x][ref]`. */
function definitions(root: Root, text: string): string {
  return root.children
    .filter((n) => n.type === 'definition')
    .map((n) => text.slice(n.position!.start.offset!, n.position!.end.offset!))
    .join('\n');
}

/** Cuts a markdown file (as read, BOM and CRLF included) into units. */
export function markdownUnits(source: string, canon: Canon = new Canon(), path?: string): MarkdownFile {
  const bom = source.charCodeAt(0) === 0xfeff;
  const text = bom ? source.slice(1) : source;
  const crlf = (text.match(/\r\n/g) ?? []).length * 2 > (text.match(/\n/g) ?? []).length;
  const root = parseTopLevel(text);
  const starts: Array<{ offset: number; node: RootContent | undefined }> = [];
  let frontMatter: MarkdownFile['frontMatter'];
  let open = 0; // HTML block elements left open by the nodes so far (their content is one unit)
  for (const node of root.children) {
    const inside = open > 0;
    if (node.type === 'html') open = Math.max(0, open + htmlBalance(node.value));
    if (inside) continue;
    if (node.type === 'yaml' && node.position!.start.offset === 0) {
      const end = node.position!.end.offset!;
      const next = root.children[1]?.position?.start.offset ?? text.length;
      frontMatter = { text: text.slice(0, end), yaml: node.value, separator: text.slice(end, next) };
      continue;
    }
    if (node.type === 'list')
      for (const item of node.children) starts.push({ offset: item.position!.start.offset!, node });
    else starts.push({ offset: node.position!.start.offset!, node });
  }
  const defs = definitions(root, text);
  const units: Unit[] = [];
  const bodyStart = frontMatter ? frontMatter.text.length + frontMatter.separator.length : 0;
  if (starts.length > 0 && starts[0].offset > bodyStart)
    units.push({ text: text.slice(bodyStart, starts[0].offset), keys: [], canonical: [], join: 'block' });
  const slices = starts.map((st, i) =>
    text.slice(st.offset, i + 1 < starts.length ? starts[i + 1].offset : text.length),
  );
  // An item of a numbered list that starts at 1 is item n of that list, but alone it would read as a
  // list starting at n (whose ordinals the push keeps as text): its tokens are those of the item
  // numbered 1, as Notion numbers it. Its bytes stay as written.
  const keyTexts = slices.map((slice, i) => {
    const node = starts[i].node;
    if (node?.type !== 'list' || !node.ordered || (node.start ?? 1) !== 1) return slice;
    return slice.replace(/^([ \t]*)\d{1,9}([.)])/, '$11$2');
  });
  canon.prepare(
    keyTexts.filter((_, i) => starts[i].node?.type !== 'definition'),
    defs,
  );
  starts.forEach((s, i) => {
    const slice = slices[i];
    // Definitions become no blocks: local-only units, written back as they are.
    if (s.node?.type === 'definition') units.push({ text: slice, keys: [], canonical: [], join: 'block' });
    else if (keyTexts[i] === slice) units.push(canon.unit(slice, defs));
    else units.push({ ...canon.unit(keyTexts[i], defs), text: slice });
  });
  if (starts.length === 0 && text.length > bodyStart)
    units.push({ text: text.slice(bodyStart), keys: [], canonical: [], join: 'block' });
  const fm = parseFrontMatter(redactSecrets(frontMatter?.yaml ?? '').text);
  const h1 = root.children.find((n) => n.type === 'heading' && n.depth === 1);
  // The title exactly as the push derives it (markdown.ts): a heading's HTML is not part of it, and
  // without a markdown heading an HTML <h1> counts (the rare case: the push's own conversion says).
  const title =
    !h1 && /<h1[\s>]/i.test(text)
      ? markdownToBlocks(redactSecrets(text).text, { path }).title
      : deriveTitle({
          frontMatterTitle: fm.title,
          firstHeading: h1 ? redactSecrets(toString(h1, { includeHtml: false })).text : undefined,
          path,
        });
  const fields: SideFields = { title, status: fm.status, tags: fm.tags, date: fm.date };
  return { bom, crlf, finalNewline: /\n$/.test(text) || text === '', fields, frontMatter, units };
}

/**
 * Notion's side as tokens: one per top-level block with something to show. `display`, when given, is
 * the same blocks as they are written into the file (links mapped back); the keys come from `blocks`.
 */
export function notionTokens(blocks: readonly Block[], canon: Canon, display?: readonly Block[]): NotionToken[] {
  const out: NotionToken[] = [];
  for (const [i, block] of blocks.entries()) {
    const shown = renderBlock(block).text;
    const text = display ? renderBlock(display[i]!).text : shown;
    const key = shown === '' ? '' : canon.notionKey(block);
    if (key !== '') out.push({ key, text, join: joinOf(block) });
  }
  return out;
}
