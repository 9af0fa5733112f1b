import type { FootnoteDefinition, RootContent } from 'mdast';
import { childrenOf, richTextOf, textBlocks } from './blocks';
import { richText } from './richtext';
import type { Block } from './types';

/**
 * Footnotes: references read `[n]`, numbered in order of first reference; the definitions follow at
 * the end of the page under a "Footnotes" heading, one `[n] …` paragraph each (unreferenced ones last).
 */

export interface FootnoteState {
  footnoteDefs: Map<string, FootnoteDefinition>;
  footnoteNumbers: Map<string, number>;
  footnoteOrder: string[];
}

export function footnoteNumber(identifier: string, ctx: FootnoteState): number {
  let n = ctx.footnoteNumbers.get(identifier);
  if (n === undefined) {
    n = ctx.footnoteOrder.length + 1;
    ctx.footnoteNumbers.set(identifier, n);
    ctx.footnoteOrder.push(identifier);
  }
  return n;
}

export function footnoteBlocks(ctx: FootnoteState, blocksOf: (nodes: readonly RootContent[]) => Block[]): Block[] {
  const out: Block[] = [];
  const render = (id: string): void => {
    const def = ctx.footnoteDefs.get(id);
    const n = footnoteNumber(id, ctx);
    const content = def ? blocksOf(def.children) : [];
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
