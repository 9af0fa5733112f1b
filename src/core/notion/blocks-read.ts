import type { BlockLike } from './blocks';
import { listChildren } from './blocks';
import type { NotionGateway } from './gateway';

/** A block as read back, with its nested children (when read) under `children`. */
export type ReadBlock = BlockLike & { children?: ReadBlock[] };

/**
 * A page's blocks with their nested children, depth first, for showing a page's text: one list per
 * block that has children, until `maxDepth` or the block budget is spent. Child pages and databases
 * are other items, not part of this page's text: their children are not read.
 */
export async function readBlockTree(
  gw: NotionGateway,
  parentId: string,
  options: { maxDepth: number; budget: { left: number } },
  depth = 0,
): Promise<ReadBlock[]> {
  const children = await listChildren(gw, parentId);
  options.budget.left -= children.length;
  const out: ReadBlock[] = [];
  for (const child of children) {
    const block = child as ReadBlock;
    if (
      child.has_children &&
      depth < options.maxDepth &&
      options.budget.left > 0 &&
      child.type !== 'child_page' &&
      child.type !== 'child_database'
    ) {
      block.children = await readBlockTree(gw, child.id, options, depth + 1);
    }
    out.push(block);
  }
  return out;
}
