import type { Definition, FootnoteDefinition, List, Nodes, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Extension as MdastExtension } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { mathFromMarkdown } from 'mdast-util-math';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { math } from 'micromark-extension-math';
import type { Extension } from 'micromark-util-types';
import type { Deadline } from './budget';
import { definitionLines, splitSections, type DefinitionLine } from './sections';

/**
 * Markdown → mdast trees, section by section (see sections.ts).
 *
 * The syntax beyond CommonMark (GFM's five extensions, math, front matter) is switched on per text, only
 * where the character that opens it occurs: every construct registered for a character is tried at each
 * occurrence of it, so a text without `|` parses faster without the table syntax and parses to the same
 * tree. Each combination is built once (building them per section cost measurable time on long documents).
 */
const LITERAL_LINK = /www\.|:\/\/|@/i;
/**
 * `[text](destination)` not preceded by a backslash (an escaped bracket opens no link): the text is kept.
 * Neither part may hold its own opening bracket, so that a long run of `[` or `(` costs linear time.
 */
const LINK_DESTINATION = /(^|[^\\])(\[[^[\]\n]*\])\([^()\s]*\)/g;
const ANGLE_AUTOLINK = /<[a-z][\w+.-]*:[^<>\s]*>/gi;

const SYNTAX: Array<{
  /** Whether the text can hold this syntax at all (a superset: false only where it cannot occur). */
  occurs: (text: string, atDocumentStart: boolean) => boolean;
  micromark: () => Extension;
  mdast: () => MdastExtension | MdastExtension[];
}> = [
  // Bare www., http:// and https:// links and e-mail addresses (GFM autolink literals): the destinations of
  // inline links and <autolinks> cannot hold one, so they are left out of the test.
  {
    occurs: (t) => LITERAL_LINK.test(t.replace(LINK_DESTINATION, '$1$2').replace(ANGLE_AUTOLINK, '')),
    micromark: gfmAutolinkLiteral,
    mdast: gfmAutolinkLiteralFromMarkdown,
  },
  { occurs: (t) => t.includes('[^'), micromark: gfmFootnote, mdast: gfmFootnoteFromMarkdown },
  { occurs: (t) => t.includes('~'), micromark: () => gfmStrikethrough(), mdast: gfmStrikethroughFromMarkdown },
  { occurs: (t) => t.includes('|'), micromark: gfmTable, mdast: gfmTableFromMarkdown },
  { occurs: (t) => /\[[\sxX]\]/.test(t), micromark: gfmTaskListItem, mdast: gfmTaskListItemFromMarkdown },
  { occurs: (t) => t.includes('$'), micromark: math, mdast: mathFromMarkdown },
  // Front matter is only recognised at the start of the document.
  {
    occurs: (t, start) => start && /^\uFEFF?---/.test(t),
    micromark: () => frontmatter(['yaml']),
    mdast: () => frontmatterFromMarkdown(['yaml']),
  },
];

const built = new Map<string, { extensions: Extension[]; mdastExtensions: MdastExtension[] }>();

function optionsFor(markdown: string, atDocumentStart: boolean) {
  const on = SYNTAX.map((s) => s.occurs(markdown, atDocumentStart));
  const key = on.map((b) => (b ? '1' : '0')).join('');
  let options = built.get(key);
  if (!options) {
    const used = SYNTAX.filter((_, i) => on[i]);
    options = { extensions: used.map((s) => s.micromark()), mdastExtensions: used.flatMap((s) => s.mdast()) };
    built.set(key, options);
  }
  return options;
}

/** A parsed section, with the text it was parsed from (positions' offsets point into it). */
export interface ParsedRoot extends Root {
  source: string;
}

/** Parses markdown; front matter is only recognised at the start of the document. */
function parse(markdown: string, atDocumentStart: boolean): ParsedRoot {
  const root = fromMarkdown(markdown, optionsFor(markdown, atDocumentStart)) as ParsedRoot;
  root.source = markdown;
  return root;
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
 * Parses a document section by section, giving each section the definitions it refers to from
 * elsewhere. Line numbers in the returned trees are those of the whole document.
 */
export function parseDocument(source: string, singlePass: boolean, deadline?: Deadline): ParsedRoot[] {
  const sections = singlePass ? [{ text: source, startLine: 0 }] : splitSections(source);
  if (sections.length === 1) return [parse(source, true)];
  const definitions = new Map<string, DefinitionLine>();
  for (const d of definitionLines(source)) if (!definitions.has(d.label)) definitions.set(d.label, d);
  const withBrackets = [...definitions.values()];
  return sections.map((section) => {
    deadline?.check(`at line ${section.startLine + 1}`);
    const end = section.startLine + section.text.split('\n').length;
    const stubs: string[] = [];
    if (withBrackets.length > 0 && section.text.includes('[')) {
      const haystack = section.text.replace(/[\t\r ]+/g, ' ').toLowerCase();
      for (const d of withBrackets) {
        if (d.line >= section.startLine && d.line < end) continue;
        if (haystack.includes(`[${d.label}]`)) stubs.push(d.text);
      }
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

/** The delimiter an ordered list was written with ('.' or ')'), read from the source. */
export function listDelimiter(list: List, source: string): string {
  const offset = list.position?.start.offset;
  if (offset === undefined) return '.';
  let i = offset;
  while (i < source.length && source.charCodeAt(i) >= 48 && source.charCodeAt(i) <= 57) i++;
  return source[i] === ')' ? ')' : '.';
}

const BLOCK_CONTAINERS = new Set(['root', 'blockquote', 'list', 'listItem', 'footnoteDefinition']);

/** Link and footnote definitions (first one wins) and ordered lists' delimiters. */
export function collectDefinitions(
  root: ParsedRoot,
  ctx: {
    definitions: Map<string, Definition>;
    footnoteDefs: Map<string, FootnoteDefinition>;
    delimiters: Map<List, string>;
  },
): void {
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Nodes;
    if (node.type === 'definition' && !ctx.definitions.has(node.identifier)) ctx.definitions.set(node.identifier, node);
    if (node.type === 'footnoteDefinition' && !ctx.footnoteDefs.has(node.identifier)) {
      ctx.footnoteDefs.set(node.identifier, node);
    }
    if (node.type === 'list' && node.ordered) ctx.delimiters.set(node, listDelimiter(node, root.source));
    if (BLOCK_CONTAINERS.has(node.type) && 'children' in node) {
      const children = node.children as Nodes[];
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }
}
