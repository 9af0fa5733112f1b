import type { BlockLike } from './blocks';
import { listChildren } from './blocks';
import type { NotionGateway } from './gateway';
import { NotionError } from './errors';

/** A block as read back, with its nested children (when read) under `children`. */
export type ReadBlock = BlockLike & { children?: ReadBlock[] };

/**
 * Deep enough for every level this product writes (the converter nests up to 100): what a page is read
 * with when its text goes into a file (pull, restore, "Take Notion's version"), where a level left
 * unread would read as deleted.
 */
export const WHOLE_PAGE = { maxDepth: 120, blocks: 20_000 };

/** Whether a block's children were left unread (child pages and databases are other items, never read). */
export function treeIncomplete(blocks: readonly ReadBlock[]): boolean {
  return blocks.some(
    (b) =>
      (b.has_children === true && !b.children && b.type !== 'child_page' && b.type !== 'child_database') ||
      treeIncomplete(b.children ?? []),
  );
}

/**
 * A page's whole text as blocks (see WHOLE_PAGE). A page too large or too deep to read completely is
 * refused — never handed on partly, where the missing part would become a deletion in a file.
 */
export async function readWholePage(
  gw: NotionGateway,
  pageId: string,
  maxBlocks = WHOLE_PAGE.blocks,
): Promise<ReadBlock[]> {
  const tree = await readBlockTree(gw, pageId, { maxDepth: WHOLE_PAGE.maxDepth, budget: { left: maxBlocks } });
  if (treeIncomplete(tree))
    throw new NotionError('validation', 'The page is too large or too deeply nested to read completely.');
  return tree;
}

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
