import type { NotionGateway } from './gateway';
import { NotionError } from './errors';
import type { AppendChildren, BlockRequest, BlockUpdate } from './sdk';
import { sdk } from './sdk';
import type { Block } from '../content/types';
import { childrenOf, withChildren, withoutChildren } from '../content/blocks';
import { LIMITS } from '../content/limits';
import { withoutKeeps } from '../content/keep';

/**
 * Writing block trees to Notion within its request limits (the diff that decides what to write: block-diff.ts).
 *
 * Input blocks are Notion block *request* objects whose children sit in `block[block.type].children`,
 * nested to any depth and in any number. Notion accepts per request at most 100 children in any one
 * array, two levels of nesting (three levels of blocks: the request's own, their children and their
 * grandchildren), 1000 blocks and 500 KB; this module cuts the tree into such requests, as few as a writer
 * that reads nothing can make (bench/minimum.ts counts the same).
 */

/** A block request object; the content layer's type and its child accessors are the one definition. */
export type BlockLike = Block;
export { childrenOf };

/** Per-request limits, from the one table of Notion limits; bytes keep a margin for the request envelope. */
const REQUEST_LIMITS = {
  children: LIMITS.childrenPerRequest,
  blocks: LIMITS.blocksPerRequest,
  bytes: Math.floor(LIMITS.bytesPerRequest * 0.9),
} as const;

/** Blocks Notion refuses to create without their children (the first rows must come inline). */
const CHILDREN_REQUIRED = new Set(['table', 'column_list', 'column']);

/** Block levels one request can carry: its own blocks, their children and their grandchildren. */
const LEVELS = LIMITS.nestingLevelsPerRequest + 1;

/** What must follow once a block exists: appends under it, and under children it carried only in part. */
interface Rest {
  /** Children to append under this block once its id is known (an append answers with it). */
  deferred: BlockLike[];
  /**
   * Children sent inline with only part of their own children (a table, column list or column cannot be
   * created empty): the rest of child `index` follows once a listing of this block gives that child's id.
   */
  nested: Array<{ index: number } & Rest>;
}

interface Prepared extends Rest {
  /** What goes into the request: the block with the descendants that ride inline, at every level. */
  inline: BlockLike;
  /** Blocks in `inline`, every level counted. */
  count: number;
  bytes: number;
}

const bytesOf = (block: BlockLike): number => Buffer.byteLength(JSON.stringify(block));
const complete = (r: Rest): boolean => r.deferred.length === 0 && r.nested.length === 0;

/**
 * Splits one block, sitting at the top of `levels` request levels, into what rides inline and what must
 * follow. Notion answers an append with the ids of its first-level blocks only (a page create with none),
 * so whatever is appended later goes under a first-level block of an append: the block carries inline the
 * longest prefix (≤ 100) of its children that fit wholly in the levels below it, their own children
 * included, within the request's block and byte budget; from the first child that does not, its children
 * are deferred.
 */
function prepare(block: BlockLike, levels = LEVELS): Prepared {
  // Keep elements (content/keep.ts) are never sent, at any level.
  const kids = withoutKeeps(childrenOf(block));
  const inlineKids: BlockLike[] = [];
  const nested: Prepared['nested'] = [];
  let count = 1;
  let bytes = bytesOf(withoutChildren(block)) + 16; // `,"children":[]`
  const fits = (p: Prepared): boolean =>
    count + p.count <= REQUEST_LIMITS.blocks && bytes + p.bytes + 1 <= REQUEST_LIMITS.bytes;
  const take = (p: Prepared): void => {
    inlineKids.push(p.inline);
    count += p.count;
    bytes += p.bytes + 1;
  };
  if (levels > 1) {
    while (inlineKids.length < Math.min(kids.length, REQUEST_LIMITS.children)) {
      const p = prepare(kids[inlineKids.length]!, levels - 1);
      if (!complete(p) || !fits(p)) break;
      take(p);
    }
    if (CHILDREN_REQUIRED.has(block.type)) {
      // A table, column list or column comes with its first children, whatever does not fit beneath them
      // following once their ids are known. (A table's rows never have children: the loop above took them.)
      while (inlineKids.length < Math.min(kids.length, REQUEST_LIMITS.children)) {
        const kid = kids[inlineKids.length]!;
        // A children-required block on the last level could not bring its own: it follows as a deferred child.
        if (levels === 2 && CHILDREN_REQUIRED.has(kid.type)) break;
        const p = prepare(kid, levels - 1);
        if (inlineKids.length > 0 && !fits(p)) break;
        if (!complete(p)) nested.push({ index: inlineKids.length, deferred: p.deferred, nested: p.nested });
        take(p);
      }
    }
  }
  const inline = withChildren(block, inlineKids);
  return { inline, deferred: kids.slice(inlineKids.length), nested, count, bytes: bytesOf(inline) };
}

/** Groups prepared blocks into requests that respect every per-request limit. */
function chunk(prepared: Prepared[]): Prepared[][] {
  const chunks: Prepared[][] = [];
  let current: Prepared[] = [];
  let count = 0;
  let bytes = 0;
  for (const p of prepared) {
    if (
      current.length > 0 &&
      (current.length >= REQUEST_LIMITS.children ||
        count + p.count > REQUEST_LIMITS.blocks ||
        bytes + p.bytes > REQUEST_LIMITS.bytes)
    ) {
      chunks.push(current);
      current = [];
      count = 0;
      bytes = 0;
    }
    current.push(p);
    count += p.count;
    bytes += p.bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** The number of requests `appendTree` will make for these blocks (for plans and dry runs). */
export function estimateAppendCalls(blocks: BlockLike[]): number {
  if (blocks.length === 0) return 0;
  // Keep elements are never sent (keep-write.ts leaves the blocks they name in place).
  const prepared = withoutKeeps(blocks).map((b) => prepare(b));
  let calls = chunk(prepared).length;
  for (const p of prepared) calls += restCalls(p);
  return calls;
}

/** Requests for what follows a created block: a listing where children were sent in part, and the appends. */
function restCalls(rest: Rest): number {
  let calls = estimateAppendCalls(rest.deferred);
  if (rest.nested.length > 0) calls += 1;
  for (const n of rest.nested) calls += restCalls(n);
  return calls;
}

/**
 * How many requests creating a page with these blocks takes, and how many of the blocks go inline
 * in the create request itself: those before the first block that needs follow-up requests (Notion
 * answers a page create without block ids), each with its children and grandchildren.
 */
export function planCreate(blocks: BlockLike[]): { inline: BlockLike[]; rest: BlockLike[]; calls: number } {
  blocks = withoutKeeps(blocks);
  const prepared = blocks.map((b) => prepare(b));
  const first = chunk(prepared)[0] ?? [];
  let n = 0;
  while (n < first.length && complete(first[n]!)) n++;
  const inline = prepared.slice(0, n).map((p) => p.inline);
  const rest = blocks.slice(n);
  return { inline, rest, calls: 1 + estimateAppendCalls(rest) };
}

export type Position = { after: string } | { start: true } | undefined;

/**
 * Appends blocks under `parentId` (a page or block), in order, after `position`.
 * Returns the ids of the top-level blocks created, in order.
 */
export async function appendTree(
  gw: NotionGateway,
  parentId: string,
  blocks: BlockLike[],
  position?: Position,
  seen?: { lastEditedTime?: string },
): Promise<string[]> {
  const ids: string[] = [];
  const prepared = blocks.map((b) => prepare(b));
  let pos = position;
  for (const group of chunk(prepared)) {
    const body: AppendChildren = { block_id: parentId, children: toRequests(group.map((p) => p.inline)) };
    if (pos && 'after' in pos) body.after = pos.after;
    else if (pos && 'start' in pos) body.position = { type: 'start' };
    const res = (await gw.call('create', 'blocks.children.append', () => sdk(gw).blocks.children.append(body))) as {
      results: Array<{ id: string; last_edited_time?: string }>;
    };
    // The page's last_edited_time follows its latest content edit: remember the newest one seen.
    if (seen)
      for (const r of res.results)
        if (r.last_edited_time && (!seen.lastEditedTime || r.last_edited_time > seen.lastEditedTime))
          seen.lastEditedTime = r.last_edited_time;
    // Notion answers with the first-level blocks it created, in order.
    const created = res.results.slice(-group.length).map((r) => r.id);
    if (created.length !== group.length)
      throw new Error(`Notion created ${created.length} blocks where ${group.length} were sent`);
    for (let i = 0; i < group.length; i++) {
      ids.push(created[i]!);
      await writeRest(gw, created[i]!, group[i]!, seen);
    }
    pos = { after: created[created.length - 1]! };
  }
  return ids;
}

/** Writes what follows block `id` once it exists (see `Rest`). */
async function writeRest(gw: NotionGateway, id: string, rest: Rest, seen?: { lastEditedTime?: string }): Promise<void> {
  if (rest.nested.length > 0) {
    // The children sent inline came back without ids: one listing gives them (at most 100, so one page).
    const listed = await listChildren(gw, id, Math.max(...rest.nested.map((n) => n.index)) + 1);
    for (const n of rest.nested) {
      const child = listed[n.index];
      if (!child) throw new Error(`Notion lists ${listed.length} children under ${id} where more were sent`);
      await writeRest(gw, child.id, n, seen);
    }
  }
  if (rest.deferred.length > 0) await appendTree(gw, id, rest.deferred, undefined, seen);
}

/** Deletes a block (to Notion's trash); one already gone (a retried request, a person) is the goal reached. */
export async function deleteBlock(gw: NotionGateway, id: string): Promise<void> {
  try {
    await gw.call('idempotent', 'blocks.delete', () => sdk(gw).blocks.delete({ block_id: id }));
  } catch (err) {
    if (
      err instanceof NotionError &&
      (err.kind === 'not-found' || (err.kind === 'validation' && /archived|trash/i.test(err.message)))
    )
      return;
    throw err;
  }
}

/** Lists a block's or page's direct children: ids, types, whether they have children (with `limit`: at least the first `limit`, then stops). */
export async function listChildren(
  gw: NotionGateway,
  parentId: string,
  limit = Infinity,
): Promise<Array<{ id: string; type: string; has_children: boolean; [k: string]: unknown }>> {
  const out: Array<{ id: string; type: string; has_children: boolean }> = [];
  let cursor: string | undefined;
  do {
    const res = (await gw.call('read', 'blocks.children.list', () =>
      sdk(gw).blocks.children.list({ block_id: parentId, page_size: 100, start_cursor: cursor }),
    )) as {
      results: Array<{ id: string; type: string; has_children: boolean }>;
      has_more: boolean;
      next_cursor: string | null;
    };
    out.push(...res.results);
    cursor = res.has_more && res.next_cursor && out.length < limit ? res.next_cursor : undefined;
  } while (cursor);
  return out;
}

/** The payload of a block update: the type's content without children. */
function updatePayload(block: BlockLike): Record<string, unknown> {
  if (block.type === 'image') {
    // An image update names its source without `type`, and an empty caption clears the old one.
    const image = (block as unknown as { image: Record<string, unknown> }).image;
    const kind = image.type as string;
    return { image: { [kind]: image[kind], caption: image.caption ?? [] } };
  }
  return { [block.type]: withoutChildren(block)[block.type] };
}

/**
 * Block objects as request bodies. The content layer builds each block to Notion's request schema and
 * its tests validate every produced block against it; its model is written by hand (only core/notion
 * sees the SDK), so this is the one place where our block model is taken as the SDK's request type.
 */
export function toRequests(blocks: BlockLike[]): BlockRequest[] {
  return blocks as unknown as BlockRequest[];
}

/** A block update request: the block's id and its type's content without children. */
export function updateRequest(blockId: string, block: BlockLike): BlockUpdate {
  return { block_id: blockId, ...updatePayload(block) } as unknown as BlockUpdate;
}
