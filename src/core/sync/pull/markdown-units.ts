import type { Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { mathFromMarkdown } from 'mdast-util-math';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import { math } from 'micromark-extension-math';
import type { Block } from '../../content';
import { markdownToBlocks, redactSecrets } from '../../content';
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
  /** The front matter block with its fences, '' when none; `yaml` is the text between the fences. */
  frontMatter: { text: string; yaml: string; separator: string } | undefined;
  units: Unit[];
}

function parse(text: string): Root {
  return fromMarkdown(text, {
    extensions: [gfm(), math(), frontmatter(['yaml'])],
    mdastExtensions: [gfmFromMarkdown(), mathFromMarkdown(), frontmatterFromMarkdown(['yaml'])],
  });
}

/**
 * The canonical text of a block: rendered, parsed as the push would parse it, rendered again. For
 * blocks this product writes the second step changes nothing (the round trip is a fixpoint); for
 * placeholders and blocks made in Notion it brings both sides to the same form.
 */
export function canonicalKey(block: Block, toBlocks: ToBlocks = defaultToBlocks): string {
  const once = renderBlock(block).text;
  return renderBlocks(restorePlaceholders(toBlocks(once)))
    .map((r) => r.text)
    .join('\n\n');
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

function unitFor(text: string, defs: string, toBlocks: ToBlocks): Unit {
  const blocks = restorePlaceholders(toBlocks(defs === '' ? text : `${text.replace(/\s+$/, '')}\n\n${defs}\n`));
  const rendered = blocks.map((b) => renderBlock(b));
  const keys = blocks.map((b) => canonicalKey(b, toBlocks));
  const kept = keys.map((k, i) => ({ k, r: rendered[i] })).filter((x) => x.k !== '');
  return {
    text,
    keys: kept.map((x) => x.k),
    canonical: kept.map((x) => x.r.text),
    join: joinOf(blocks[0]),
  };
}

/** Cuts a markdown file (as read, BOM and CRLF included) into units. */
export function markdownUnits(source: string, toBlocks: ToBlocks = defaultToBlocks): MarkdownFile {
  const bom = source.charCodeAt(0) === 0xfeff;
  const text = bom ? source.slice(1) : source;
  const crlf = (text.match(/\r\n/g) ?? []).length * 2 > (text.match(/\n/g) ?? []).length;
  const root = parse(text);
  const starts: Array<{ offset: number; node: RootContent | undefined }> = [];
  let frontMatter: MarkdownFile['frontMatter'];
  for (const node of root.children) {
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
  starts.forEach((s, i) => {
    const end = i + 1 < starts.length ? starts[i + 1].offset : text.length;
    const slice = text.slice(s.offset, end);
    // Definitions become no blocks: local-only units, written back as they are.
    if (s.node?.type === 'definition') units.push({ text: slice, keys: [], canonical: [], join: 'block' });
    else units.push(unitFor(slice, defs, toBlocks));
  });
  if (starts.length === 0 && text.length > bodyStart)
    units.push({ text: text.slice(bodyStart), keys: [], canonical: [], join: 'block' });
  return { bom, crlf, finalNewline: /\n$/.test(text) || text === '', frontMatter, units };
}

/** Notion's side as tokens: one per top-level block with something to show. */
export function notionTokens(blocks: readonly Block[], toBlocks: ToBlocks = defaultToBlocks): NotionToken[] {
  const out: NotionToken[] = [];
  for (const block of blocks) {
    const r = renderBlock(block);
    if (r.text === '') continue;
    const key = canonicalKey(block, toBlocks);
    if (key === '') continue;
    out.push({ key, text: r.text, join: joinOf(block) });
  }
  return out;
}
