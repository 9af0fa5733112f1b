import { childrenOf, withChildren } from './blocks';
import type { Placeholder } from './from-notion/placeholder';
import type { Block } from './types';

/**
 * The "keep" element: what a placeholder line of a pulled file (`<!-- notion:block id=… -->`,
 * from-notion/placeholder.ts) becomes in our block model. It is not a block to write: it says "the
 * Notion block with this id (and its whole subtree) stays here, untouched". `notion/` leaves that
 * block where it is and writes the local blocks around it; it never sends a keep element to Notion
 * (a page being created gets none: there is no block there to keep).
 */
export const KEEP_TYPE = 'notion_keep';

export interface KeepPayload {
  /** The Notion block id, as the placeholder wrote it. */
  id: string;
  /** The Notion block type the placeholder names (`bookmark`, `child_page`, …). */
  type: string;
  /** The placeholder's extras for people (`url`, `title`, `text`); never used to keep the block. */
  attrs: Record<string, string>;
}

/** The keep element for a placeholder. */
export function keepBlock(p: Placeholder): Block {
  const payload: KeepPayload = { id: p.id, type: p.type, attrs: { ...p.attrs } };
  return { type: KEEP_TYPE, [KEEP_TYPE]: payload };
}

/** The payload of a keep element, or undefined for any other block. */
export function keptOf(block: Block): KeepPayload | undefined {
  if (block.type !== KEEP_TYPE) return undefined;
  const p = block[KEEP_TYPE] as KeepPayload | undefined;
  return p && typeof p.id === 'string' && p.id !== '' ? p : undefined;
}

/** A block id in one spelling (Notion accepts and returns ids with or without dashes). */
export function normalizeBlockId(id: string): string {
  return id.replace(/-/g, '').toLowerCase();
}

/** The (normalized) ids of every keep element among `blocks` and their descendants, in document order. */
export function keptIds(blocks: readonly Block[]): string[] {
  const out: string[] = [];
  const walk = (list: readonly Block[]): void => {
    for (const b of list) {
      const k = keptOf(b);
      if (k) out.push(normalizeBlockId(k.id));
      else walk(childrenOf(b));
    }
  };
  walk(blocks);
  return out;
}

/** Whether any keep element sits among `blocks` or their descendants. */
export function hasKeeps(blocks: readonly Block[]): boolean {
  return blocks.some((b) => b.type === KEEP_TYPE || hasKeeps(childrenOf(b)));
}

/** The blocks without any keep element, at any depth (what can be created where nothing is kept). */
export function withoutKeeps(blocks: readonly Block[]): Block[] {
  if (!hasKeeps(blocks)) return blocks as Block[];
  const out: Block[] = [];
  for (const b of blocks) {
    if (b.type === KEEP_TYPE) continue;
    const kids = childrenOf(b);
    out.push(kids.length > 0 && hasKeeps(kids) ? withChildren(b, withoutKeeps(kids)) : b);
  }
  return out;
}
