// The fewest requests Notion's limits allow for creating a page with a given block tree.
//
// A request (pages.create or blocks.children.append) targets one parent and carries at most 100
// blocks in any one array and two levels of nesting: the blocks it adds and their children, no
// grandchildren. (The 1000-blocks and 500 KB per-request limits are not modelled: no generated
// page comes near them.)

export interface TreeBlock {
  type: string;
  [key: string]: unknown;
}

const PER_REQUEST = 100;
/** Blocks Notion creates only together with their first children (they cannot be created empty). */
const CHILDREN_REQUIRED = new Set(['table', 'column_list', 'column']);

export function kidsOf(block: TreeBlock): TreeBlock[] {
  const body = block[block.type] as { children?: TreeBlock[] } | undefined;
  return body?.children ?? [];
}

/** The simple formula of the issue: the page create carries the first 100 top-level blocks, each further 100 one append. */
export function formulaMinimum(blocks: TreeBlock[]): number {
  return Math.max(1, Math.ceil(blocks.length / PER_REQUEST));
}

/**
 * A block needs its own id known when something must be appended under it later: more than 100
 * children, or children that have children (a third level, refused within one request).
 */
function needsId(block: TreeBlock): boolean {
  const kids = kidsOf(block);
  return kids.length > PER_REQUEST || kids.some((k) => kidsOf(k).length > 0);
}

/**
 * Requests to append `blocks` as first-level blocks of appends (whose answers give their ids), with
 * their leaf children inline, and everything beneath them.
 */
function appendAll(blocks: TreeBlock[]): number {
  if (blocks.length === 0) return 0;
  let calls = Math.ceil(blocks.length / PER_REQUEST);
  for (const b of blocks) calls += finish(b);
  return calls;
}

/**
 * Extra requests under `block`, created as a first-level block of an append (its id is known). Its
 * children ride inline (second level) up to the first one that has children of its own, at most
 * 100; the rest are appended under it as first-level blocks. (Tables must get their first rows
 * inline; rows never have children, so the same count holds.)
 */
function finish(block: TreeBlock): number {
  const kids = kidsOf(block);
  if (kids.length === 0) return 0;
  let inline = kids.findIndex((k) => kidsOf(k).length > 0);
  if (inline < 0) inline = kids.length;
  inline = Math.min(inline, PER_REQUEST);
  if (CHILDREN_REQUIRED.has(block.type)) inline = Math.min(kids.length, PER_REQUEST);
  return appendAll(kids.slice(inline));
}

/**
 * The read-free minimum for creating a page with `blocks`: what a writer needs that sends every block
 * once, in the largest valid requests, and reads nothing. Notion answers a page create without
 * the ids of the blocks it created, and an append with the ids of its first-level blocks only; a
 * block that must receive appends later therefore has to be the first-level block of an append
 * (else its id costs extra list requests). So: the create carries the blocks before the first
 * such block (≤ 100), the rest follow in appends of 100, plus the appends beneath each block that
 * needs them.
 */
export function nestingAwareMinimum(blocks: TreeBlock[]): number {
  let inline = blocks.findIndex(needsId);
  if (inline < 0) inline = blocks.length;
  inline = Math.min(inline, PER_REQUEST);
  return 1 + appendAll(blocks.slice(inline));
}

/** Greatest depth of the tree (top-level blocks are depth 1). */
export function depthOf(blocks: TreeBlock[]): number {
  let d = 0;
  for (const b of blocks) d = Math.max(d, 1 + depthOf(kidsOf(b)));
  return d;
}

export function countBlocks(blocks: TreeBlock[]): number {
  let n = 0;
  for (const b of blocks) n += 1 + countBlocks(kidsOf(b));
  return n;
}

/** The read-free minimum under the name the issue uses (the same count). */
export const readFreeMinimum = nestingAwareMinimum;

/**
 * Requests a crash-safe writer adds to the read-free minimum: a body written in more than one request
 * ends with one property write, the Content Hash that marks the row complete (until then the row reads
 * as incomplete, so a crash never leaves a partial page taken for done).
 */
export function completionWrites(blocks: TreeBlock[]): number {
  return nestingAwareMinimum(blocks) > 1 ? 1 : 0;
}
