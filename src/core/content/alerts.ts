import type { Blockquote, PhrasingContent, RootContent } from 'mdast';
import type { Color } from './types';

/** GitHub alerts: `> [!NOTE]` … → a callout with the alert's emoji and background. */

export const ALERTS: Record<string, { emoji: string; color: Color }> = {
  NOTE: { emoji: 'ℹ️', color: 'blue_background' },
  TIP: { emoji: '💡', color: 'green_background' },
  IMPORTANT: { emoji: '❗', color: 'purple_background' },
  WARNING: { emoji: '⚠️', color: 'yellow_background' },
  CAUTION: { emoji: '🛑', color: 'red_background' },
};

/** The alert a block quote is, with its content without the marker, or undefined. */
export function alertOf(quote: Blockquote): { kind: string; children: RootContent[] } | undefined {
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
