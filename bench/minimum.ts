// The fewest requests Notion's limits allow for creating a page with a given block tree.
//
// A request (pages.create or blocks.children.append) targets one parent and carries, per Notion's
// request limits, at most 100 blocks in any one array, two levels of nesting — three levels of blocks:
// the blocks it adds, their children and their grandchildren (which carry no children) — and at most
// 1000 blocks in all, every level counted. (The 500 KB per-request limit is not modelled: no generated
// page comes near it.)

export interface TreeBlock {
  type: string;
  [key: string]: unknown;
}

const PER_ARRAY = 100;
const PER_REQUEST = 1000;
/** Levels of blocks in one request: its own blocks and two levels of nesting beneath them. */
const LEVELS = 3;

export function kidsOf(block: TreeBlock): TreeBlock[] {
  const body = block[block.type] as { children?: TreeBlock[] } | undefined;
  return body?.children ?? [];
}

/** The simple formula of the issue: the page create carries the first 100 top-level blocks, each further 100 one append. */
export function formulaMinimum(blocks: TreeBlock[]): number {
  return Math.max(1, Math.ceil(blocks.length / PER_ARRAY));
}

/** How a block rides in a request that leaves it `levels` levels (itself the first). */
interface Fit {
  /** Blocks sent inline: the block and the descendants that come along, every level counted. */
  count: number;
  /** How many of its children come along (a prefix); the rest must be appended under it later. */
  inline: number;
  /** Everything beneath it comes along: nothing is left to append under it (or under its children). */
  whole: boolean;
}

/**
 * Greedy, in order: a block carries the longest prefix (≤ 100) of its children that fit wholly in the
 * levels below it, as long as the request stays within 1000 blocks. A child that does not fit wholly
 * cannot come along in part: what is left beneath it would need its id, and an append answers with
 * the ids of its first-level blocks only. (Tables must get their first rows inline; rows never have
 * children, so the same count holds. Column lists are not modelled: the converters never make them.)
 */
function fit(block: TreeBlock, levels: number): Fit {
  const kids = kidsOf(block);
  let count = 1;
  let inline = 0;
  if (levels > 1) {
    while (inline < Math.min(kids.length, PER_ARRAY)) {
      const f = fit(kids[inline]!, levels - 1);
      if (!f.whole || count + f.count > PER_REQUEST) break;
      count += f.count;
      inline++;
    }
  }
  return { count, inline, whole: inline === kids.length };
}

/**
 * Requests to append `blocks` under one parent as first-level blocks of appends (whose answers give
 * their ids), packed in order into requests of ≤ 100 blocks and ≤ 1000 blocks in all, each carrying
 * what fits beneath it; plus the appends under each of them for the rest of their children.
 */
function appendAll(blocks: TreeBlock[]): number {
  if (blocks.length === 0) return 0;
  let requests = 0;
  let n = PER_ARRAY;
  let count = 0;
  let beneath = 0;
  for (const b of blocks) {
    const f = fit(b, LEVELS);
    if (n >= PER_ARRAY || count + f.count > PER_REQUEST) {
      requests++;
      n = 0;
      count = 0;
    }
    n++;
    count += f.count;
    beneath += appendAll(kidsOf(b).slice(f.inline));
  }
  return requests + beneath;
}

/**
 * The read-free minimum for creating a page with `blocks`: what a writer needs that sends every block
 * once, in the largest valid requests, and reads nothing. Notion answers a page create without the
 * ids of the blocks it created, and an append with the ids of its first-level blocks only; a block
 * that must receive appends later therefore has to be a first-level block of an append (else its id
 * costs extra list requests). So: the create carries the top-level blocks before the first one that
 * does not fit wholly in three levels (≤ 100, ≤ 1000 blocks in all), the rest follow in appends on the
 * page (first-level, each with what fits beneath it), plus the appends beneath each block that needs them.
 */
export function nestingAwareMinimum(blocks: TreeBlock[]): number {
  let inline = 0;
  let count = 0;
  while (inline < Math.min(blocks.length, PER_ARRAY)) {
    const f = fit(blocks[inline]!, LEVELS);
    if (!f.whole || count + f.count > PER_REQUEST) break;
    count += f.count;
    inline++;
  }
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
