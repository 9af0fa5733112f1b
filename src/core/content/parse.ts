import type { Definition, FootnoteDefinition, List, Nodes, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { mathFromMarkdown } from 'mdast-util-math';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import { math } from 'micromark-extension-math';
import type { Deadline } from './budget';
import { definitionLines, splitSections, type DefinitionLine } from './sections';

/**
 * Markdown → mdast trees, section by section (see sections.ts). The syntax extensions are built once:
 * building them per section cost measurable time on long documents.
 */

const BODY = { extensions: [gfm(), math()], mdastExtensions: [gfmFromMarkdown(), mathFromMarkdown()] };
const FIRST = {
  extensions: [gfm(), math(), frontmatter(['yaml'])],
  mdastExtensions: [gfmFromMarkdown(), mathFromMarkdown(), frontmatterFromMarkdown(['yaml'])],
};

/** A parsed section, with the text it was parsed from (positions' offsets point into it). */
export interface ParsedRoot extends Root {
  source: string;
}

/** Parses markdown; front matter is only recognised at the start of the document. */
function parse(markdown: string, atDocumentStart: boolean): ParsedRoot {
  const root = fromMarkdown(markdown, atDocumentStart ? FIRST : BODY) as ParsedRoot;
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
