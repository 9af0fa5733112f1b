import { AmbiguousWriteError, NotionError } from './errors';
import type { NotionGateway } from './gateway';
import type { PageProperties } from './sdk';
import { sdk } from './sdk';
import type { RowTarget } from './names';
import type { BlockLike } from './blocks';
import type { DiffOp, PageBody } from './block-diff';
import {
  appendTree,
  childrenOf,
  deleteBlock,
  estimateAppendCalls,
  listChildren,
  planCreate,
  toRequests,
  updateRequest,
} from './blocks';
import { blockHash, diffBlocks, diffCost } from './block-diff';

import { hasKeeps, withoutKeeps } from '../content/keep';
import type { KeepNotes } from './keep-write';
import { writeKeeping } from './keep-write';

export type BodyStrategy = 'none' | 'diff' | 'rewrite';

/** What we remember of a body of `blocks` whose top-level block ids are `ids` (null where unknown). */
export function bodyOf(blocks: BlockLike[], ids: Array<string | null>): PageBody {
  return { hashes: blocks.map(blockHash), ids, types: blocks.map(typeTag) };
}

function typeTag(block: BlockLike): string {
  return childrenOf(block).length > 0 ? `${block.type}+` : block.type;
}

/**
 * Creates a row with its body: children inline where they fit, the rest appended. The properties are
 * named by us (translated through `target.names`). `onCreated` runs
 * once the row exists and before any follow-up append (the caller's chance to check for a twin).
 */
export async function createPage(
  gw: NotionGateway,
  target: RowTarget,
  properties: PageProperties,
  blocks: BlockLike[],
  onCreated?: (pageId: string) => Promise<void>,
): Promise<{ page: { id: string; url: string; last_edited_time: string }; body: PageBody }> {
  // A new page holds no block to keep: a placeholder line copied into a new file keeps nothing.
  blocks = withoutKeeps(blocks);
  const plan = planCreate(blocks);
  const page = (await gw.call('create', 'pages.create', () =>
    sdk(gw).pages.create({
      parent: { type: 'data_source_id', data_source_id: target.dataSourceId },
      properties: target.names.toNotion(properties),
      children: toRequests(plan.inline),
    }),
  )) as { id: string; url: string; last_edited_time: string };
  const ids: Array<string | null> = plan.inline.map(() => null);
  const seen: { lastEditedTime?: string } = {};
  // After follow-up appends the page was last edited by the latest of them, maybe a minute later.
  const settled = () => ({
    ...page,
    last_edited_time:
      seen.lastEditedTime && seen.lastEditedTime > page.last_edited_time ? seen.lastEditedTime : page.last_edited_time,
  });
  if (onCreated) await onCreated(page.id);
  if (plan.rest.length > 0) {
    try {
      // A new page holds only what we just sent: appending at the end is appending after it.
      ids.push(...(await appendTree(gw, page.id, plan.rest, undefined, seen)));
    } catch (err) {
      if (!(err instanceof AmbiguousWriteError)) throw Object.assign(err as Error, { pageId: page.id });
      const body = await rewriteBody(gw, page.id, blocks, 3, seen);
      return { page: settled(), body };
    }
  }
  return { page: settled(), body: bodyOf(blocks, ids) };
}

/**
 * The cost in requests of creating a page with these blocks: a body that does not fit into the create
 * request costs one more request at the end, the one that marks the row complete — unless the run seals
 * its pages together (`completionWrite` false: sync/seals.ts).
 */
export function createCost(blocks: BlockLike[], completionWrite = true): number {
  const plan = planCreate(blocks);
  return plan.calls + (completionWrite && plan.rest.length > 0 ? 1 : 0);
}

/** Whether a create of these blocks takes more than one request (so a crash can leave the row partial). */
export function createNeedsAppends(blocks: BlockLike[]): boolean {
  return planCreate(blocks).rest.length > 0;
}

/**
 * Brings a page's body from what we wrote last time (`previous`) to `blocks`, choosing the
 * cheaper of a block diff and erase-and-rewrite. Ambiguous failures (a write that may or may not
 * have been applied) fall back to a rewrite, which is idempotent.
 */
export async function writeBody(
  gw: NotionGateway,
  pageId: string,
  previous: PageBody | undefined,
  blocks: BlockLike[],
  options: { trustedIds?: boolean } = {},
): Promise<{ body: PageBody; strategy: BodyStrategy; kept?: KeepNotes }> {
  const hashes = blocks.map(blockHash);
  if (previous && sameList(previous.hashes, hashes)) return { body: previous, strategy: 'none' };
  if (hasKeeps(blocks)) {
    // Blocks a placeholder stands for stay where they are: a diff around them, never an erase.
    const { body, notes } = await writeKeeping(gw, pageId, previous, blocks);
    return { body, strategy: 'diff', kept: notes };
  }
  if (!previous) return { body: await rewriteBody(gw, pageId, blocks), strategy: 'rewrite' };

  let ids = previous.ids;
  let types = previous.types;
  if (ids.some((id) => id === null) && !options.trustedIds) {
    const listed = await listChildren(gw, pageId);
    if (listed.length !== previous.hashes.length)
      return { body: await rewriteBody(gw, pageId, blocks), strategy: 'rewrite' };
    ids = listed.map((b) => b.id);
    types = listed.map((b) => (b.has_children ? `${b.type}+` : b.type));
  }
  const oldTypes = types.map((t) => ({ type: t.replace(/\+$/, ''), hasChildren: t.endsWith('+') }));
  const ops = diffBlocks(previous.hashes, blocks, oldTypes);
  // The page is as we left it, but the ids of the blocks a create sent inline were never returned:
  // list only as far as the last id this edit script needs (the blocks it updates, deletes or inserts after).
  const needed = neededIds(ops).filter((i) => ids[i] === null);
  const listing = needed.length > 0 ? Math.ceil((Math.max(...needed) + 1) / 100) : 0;
  // At equal cost the diff wins when it keeps blocks: they stay in place with their ids and comments.
  const diffCalls = listing + diffCost(ops, blocks);
  const rewriteCalls = 1 + estimateAppendCalls(blocks);
  const keeps = ops.some((op) => op.op === 'keep' || op.op === 'update');
  if (diffCalls > rewriteCalls || (diffCalls === rewriteCalls && !keeps)) {
    return { body: await rewriteBody(gw, pageId, blocks), strategy: 'rewrite' };
  }
  if (needed.length > 0) {
    const upTo = Math.max(...needed) + 1;
    const listed = await listChildren(gw, pageId, upTo);
    // Known ids must match what Notion lists, position by position; anything else means the page is not as remembered.
    if (listed.length < upTo || listed.some((b, i) => i < ids.length && ids[i] !== null && ids[i] !== b.id)) {
      return { body: await rewriteBody(gw, pageId, blocks), strategy: 'rewrite' };
    }
    ids = ids.map((id, i) => id ?? listed[i]?.id ?? null);
  }
  try {
    const newIds: Array<string | null> = new Array(blocks.length).fill(null);
    let prev: string | undefined;
    for (const op of ops) {
      if (op.op === 'keep') {
        newIds[op.newIndex] = ids[op.oldIndex]!;
        prev = ids[op.oldIndex]!;
      } else if (op.op === 'update') {
        const id = ids[op.oldIndex]!;
        await gw.call('idempotent', 'blocks.update', () =>
          sdk(gw).blocks.update(updateRequest(id, blocks[op.newIndex]!)),
        );
        newIds[op.newIndex] = id;
        prev = id;
      } else if (op.op === 'delete') {
        await deleteBlock(gw, ids[op.oldIndex]!);
      } else {
        const created = await appendTree(
          gw,
          pageId,
          blocks.slice(op.newIndex, op.newIndex + op.count),
          prev ? { after: prev } : { start: true },
        );
        created.forEach((id, k) => (newIds[op.newIndex + k] = id));
        prev = created[created.length - 1];
      }
    }
    return { body: bodyOf(blocks, newIds), strategy: 'diff' };
  } catch (err) {
    if (
      err instanceof AmbiguousWriteError ||
      (err instanceof NotionError && err.kind === 'validation' && /archived|trash/i.test(err.message))
    ) {
      return { body: await rewriteBody(gw, pageId, blocks), strategy: 'rewrite' };
    }
    throw err;
  }
}

/** Old indexes whose block id the edit script uses: updated and deleted blocks, and the block each insert goes after. */
function neededIds(ops: DiffOp[]): number[] {
  const out: number[] = [];
  let anchor: number | undefined;
  for (const op of ops) {
    if (op.op === 'keep' || op.op === 'update') anchor = op.oldIndex;
    if (op.op === 'update' || op.op === 'delete') out.push(op.oldIndex);
    if (op.op === 'insert') {
      if (anchor !== undefined) out.push(anchor);
      anchor = undefined; // the next insert (if any) follows the blocks this one created
    }
  }
  return out;
}

/** Erases the page body (one request) and appends everything again. Safe to repeat. */
export async function rewriteBody(
  gw: NotionGateway,
  pageId: string,
  blocks: BlockLike[],
  attempts = 3,
  seen?: { lastEditedTime?: string },
): Promise<PageBody> {
  if (hasKeeps(blocks)) return (await writeKeeping(gw, pageId, undefined, blocks)).body;
  for (let attempt = 1; ; attempt++) {
    await gw.call('idempotent', 'pages.update', () => sdk(gw).pages.update({ page_id: pageId, erase_content: true }));
    try {
      const ids = await appendTree(gw, pageId, blocks, undefined, seen);
      return bodyOf(blocks, ids);
    } catch (err) {
      if (!(err instanceof AmbiguousWriteError) || attempt >= attempts) throw err;
    }
  }
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
