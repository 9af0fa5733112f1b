import { AmbiguousWriteError, NotionError } from './errors';
import type { NotionGateway } from './gateway';
import { sdk } from './sdk';
import type { BlockLike } from './blocks';
import type { PageBody } from './block-diff';
import { appendTree, childrenOf, deleteBlock, listChildren, updateRequest } from './blocks';
import { blockHash, diffBlocks } from './block-diff';
import { keptIds, keptOf, KEEP_TYPE, normalizeBlockId, withoutKeeps } from '../content/keep';
import { isTextBlockType } from '../content/blocks';

/**
 * Writing a body that holds keep elements (content/keep.ts: the placeholder lines of a pulled file):
 * the Notion block each one names stays exactly where it is — never deleted, updated, re-created or
 * duplicated — and the local blocks around it are written by the usual block diff.
 *
 * - Old blocks come from the memory of the last write (block ids known) or, without it, from one
 *   listing of the page (their content unknown: each is updated in place or replaced).
 * - A keep element whose block is a child of this parent stays; the blocks before, after and between
 *   are diffed, deleted, updated and appended around it (`after` the block before them).
 * - A container (list item, quote, callout) holding keep elements that changed is not replaced: its
 *   own text is updated in place and its children are written the same way, one level down (the old
 *   container is found by walking up the kept block's parents, one read per level).
 * - Notion cannot move a block. A keep element moved locally leaves its block where Notion has it
 *   (`moved`), and nothing that holds it is deleted; the next pull of an edit made in Notion brings
 *   the line back to Notion's place. A keep element whose block is gone from Notion (deleted there,
 *   or on another page) is dropped without error (`gone`).
 * - The memory returned lists the page's top-level blocks in Notion's order after the write.
 */

export interface KeepNotes {
  /** Kept blocks left where Notion has them, away from where the file now puts them. */
  moved: string[];
  /** Kept blocks no longer in Notion (or not on this page): nothing was written for them. */
  gone: string[];
}

interface Entry {
  id: string;
  hash: string;
  /** Type tag as in PageBody.types: a trailing `+` when the block has children. */
  type: string;
}

interface Located {
  alive: boolean;
  /** Parent id of the block ('' when its parent is the page, or it is gone). */
  parent: string;
}

interface Ctx {
  gw: NotionGateway;
  pageId: string;
  notes: KeepNotes;
  /** Blocks read by `locate`, by normalized id. */
  located: Map<string, Located>;
  /** Every keep id of the new body (normalized): no old block with one of these ids is ever deleted. */
  wanted: Set<string>;
}

const tagOf = (type: string, hasChildren: boolean): string => (hasChildren ? `${type}+` : type);
const untag = (tag: string): { type: string; hasChildren: boolean } => ({
  type: tag.replace(/\+$/, ''),
  hasChildren: tag.endsWith('+'),
});

/**
 * Brings a page's body from `previous` (the memory of our last write, or undefined) to `blocks`,
 * which hold keep elements. Retries from a fresh listing after a write whose outcome is unknown.
 */
export async function writeKeeping(
  gw: NotionGateway,
  pageId: string,
  previous: PageBody | undefined,
  blocks: BlockLike[],
): Promise<{ body: PageBody; notes: KeepNotes }> {
  const wanted = new Set(keptIds(blocks));
  for (let attempt = 1; ; attempt++) {
    const ctx: Ctx = { gw, pageId, notes: { moved: [], gone: [] }, located: new Map(), wanted };
    try {
      const old = await oldEntries(ctx, pageId, attempt === 1 ? previous : undefined, blocks);
      const final = await writeLevel(ctx, pageId, old, blocks);
      const body: PageBody = { hashes: final.map((e) => e.hash), ids: final.map((e) => e.id), types: [] };
      body.types = final.map((e) => e.type);
      return { body, notes: ctx.notes };
    } catch (err) {
      const retry =
        err instanceof AmbiguousWriteError ||
        (err instanceof NotionError && err.kind === 'validation' && /archived|trash/i.test(err.message));
      if (!retry || attempt >= 3) throw err;
    }
  }
}

/** The hash an old block gets when its content is unknown: equal to a new keep element's when it is that block. */
function unknownHash(id: string, keeps: Map<string, string>): string {
  return keeps.get(normalizeBlockId(id)) ?? `?${id}`;
}

/** Hashes of the keep elements among `blocks` (this level only), by normalized id. */
function keepHashes(blocks: BlockLike[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const b of blocks) {
    const k = keptOf(b);
    if (k) out.set(normalizeBlockId(k.id), blockHash(b));
  }
  return out;
}

/** The page's top-level blocks before the write: the memory when its ids are known or listed, else a listing. */
async function oldEntries(
  ctx: Ctx,
  parentId: string,
  previous: PageBody | undefined,
  blocks: BlockLike[],
): Promise<Entry[]> {
  if (previous && previous.ids.every((id) => id !== null)) {
    return previous.ids.map((id, i) => ({ id: id!, hash: previous.hashes[i]!, type: previous.types[i] ?? '' }));
  }
  const listed = await listChildren(ctx.gw, parentId);
  if (
    previous &&
    listed.length === previous.hashes.length &&
    listed.every((b, i) => previous.ids[i] === null || previous.ids[i] === b.id)
  ) {
    return listed.map((b, i) => ({ id: b.id, hash: previous.hashes[i]!, type: tagOf(b.type, b.has_children) }));
  }
  const keeps = keepHashes(blocks);
  return listed.map((b) => ({ id: b.id, hash: unknownHash(b.id, keeps), type: tagOf(b.type, b.has_children) }));
}

/**
 * Where a block sits: its parent's id ('' for the page itself), or gone. One read per block, cached;
 * a block in the trash, missing, unreadable or on another page is gone.
 */
async function locate(ctx: Ctx, id: string): Promise<Located> {
  const key = normalizeBlockId(id);
  const hit = ctx.located.get(key);
  if (hit) return hit;
  let found: Located = { alive: false, parent: '' };
  if (/^[0-9a-f]{32}$/.test(key)) {
    try {
      const b = (await ctx.gw.call('read', 'blocks.retrieve', () => sdk(ctx.gw).blocks.retrieve({ block_id: id }))) as {
        in_trash?: boolean;
        archived?: boolean;
        parent?: { type?: string; block_id?: string; page_id?: string };
      };
      const parent = b.parent ?? {};
      if (!b.in_trash && !b.archived) {
        if (parent.type === 'block_id' && parent.block_id) found = { alive: true, parent: parent.block_id };
        else if (parent.type === 'page_id' && normalizeBlockId(parent.page_id ?? '') === normalizeBlockId(ctx.pageId))
          found = { alive: true, parent: '' };
      }
    } catch (err) {
      if (!(err instanceof NotionError) || (err.kind !== 'not-found' && err.kind !== 'validation')) throw err;
    }
  }
  ctx.located.set(key, found);
  return found;
}

/**
 * The ancestor of block `id` that is a child of `parentId` ('' = the page), or undefined when the block
 * is gone or not under it. One read per level, at most 8 levels.
 */
async function ancestorUnder(ctx: Ctx, id: string, parentId: string): Promise<string | undefined> {
  const target = parentId === ctx.pageId ? '' : normalizeBlockId(parentId);
  let current = id;
  for (let depth = 0; depth < 8; depth++) {
    const at = await locate(ctx, current);
    if (!at.alive) return undefined;
    const parent = at.parent === '' ? '' : normalizeBlockId(at.parent);
    if (parent === target) return normalizeBlockId(current);
    if (parent === '') return undefined;
    current = at.parent;
  }
  return undefined;
}

/** Writes one level (the children of `parentId`) and returns its blocks in Notion's order afterwards. */
async function writeLevel(ctx: Ctx, parentId: string, old: Entry[], blocks: BlockLike[]): Promise<Entry[]> {
  const oldIndex = new Map(old.map((e, i) => [normalizeBlockId(e.id), i]));
  // An old block that is kept (anywhere in the new body) is never paired for an update.
  const oldTypes = old.map((e) =>
    ctx.wanted.has(normalizeBlockId(e.id)) ? { type: KEEP_TYPE, hasChildren: true } : untag(e.type),
  );
  const ops = diffBlocks(
    old.map((e) => e.hash),
    blocks,
    oldTypes,
  );
  const kept = new Set<number>();
  for (const op of ops) if (op.op === 'keep' || op.op === 'update') kept.add(op.oldIndex);

  // Blocks the diff would insert: keep elements stay where they are; containers holding keep elements
  // are matched with the old container that holds those blocks (descended into, not replaced).
  const descended = new Map<number, number>(); // new index → old index
  const spared = new Set<number>(); // old indexes not to delete
  for (const op of ops) {
    if (op.op !== 'insert') continue;
    for (let n = op.newIndex; n < op.newIndex + op.count; n++) {
      const block = blocks[n]!;
      const keep = keptOf(block);
      const ids = keep ? [normalizeBlockId(keep.id)] : keptIds(childrenOf(block));
      for (const id of ids) {
        const top = oldIndex.has(id) ? id : await ancestorUnder(ctx, id, parentId);
        const j = top === undefined ? undefined : oldIndex.get(top);
        if (j === undefined) continue;
        if (keep) {
          spared.add(j);
          break;
        }
        if (!kept.has(j) && ![...descended.values()].includes(j) && untag(old[j]!.type).type === block.type) {
          descended.set(n, j);
          break;
        }
        spared.add(j); // holds a kept block, but is not this container: leave it
      }
    }
  }

  const final: Entry[] = old.map((e) => ({ ...e }));
  const position = (id: string): number => final.findIndex((e) => e.id === id);
  let prev: string | undefined;
  const appendRun = async (run: BlockLike[]): Promise<void> => {
    if (run.length === 0) return;
    const created = await appendTree(ctx.gw, parentId, run, prev ? { after: prev } : { start: true });
    const at = prev ? position(prev) + 1 : 0;
    final.splice(
      at,
      0,
      ...created.map((id, k) => ({
        id,
        hash: blockHash(run[k]!),
        type: tagOf(run[k]!.type, childrenOf(run[k]!).length > 0),
      })),
    );
    prev = created[created.length - 1];
  };
  /** After `prev` in Notion's order: the write continues after this block. */
  const advanceTo = (id: string): void => {
    if (prev === undefined || position(id) > position(prev)) prev = id;
  };

  for (const op of ops) {
    if (op.op === 'keep') {
      const e = final[position(old[op.oldIndex]!.id)]!;
      advanceTo(e.id);
      // A memory hash of unknown content never matches, so a kept entry's hash is the new block's.
      e.hash = blockHash(blocks[op.newIndex]!);
    } else if (op.op === 'update') {
      const id = old[op.oldIndex]!.id;
      const block = blocks[op.newIndex]!;
      await ctx.gw.call('idempotent', 'blocks.update', () => sdk(ctx.gw).blocks.update(updateRequest(id, block)));
      Object.assign(final[position(id)]!, { hash: blockHash(block), type: tagOf(block.type, false) });
      advanceTo(id);
    } else if (op.op === 'delete') {
      const e = old[op.oldIndex]!;
      if (ctx.wanted.has(normalizeBlockId(e.id)) || spared.has(op.oldIndex)) continue;
      if ([...descended.values()].includes(op.oldIndex)) continue;
      await deleteBlock(ctx.gw, e.id);
      final.splice(position(e.id), 1);
    } else {
      let run: BlockLike[] = [];
      for (let n = op.newIndex; n < op.newIndex + op.count; n++) {
        const block = blocks[n]!;
        const keep = keptOf(block);
        const j = descended.get(n);
        if (keep) {
          const id = normalizeBlockId(keep.id);
          const here = oldIndex.get(id);
          if (here !== undefined || (await ancestorUnder(ctx, keep.id, ctx.pageId)) !== undefined)
            ctx.notes.moved.push(keep.id);
          else ctx.notes.gone.push(keep.id);
          continue;
        }
        if (j === undefined) {
          run.push(...withoutKeeps([block]));
          continue;
        }
        await appendRun(run);
        run = [];
        await descend(ctx, old[j]!, block, final[position(old[j]!.id)]!);
        advanceTo(old[j]!.id);
      }
      await appendRun(run);
    }
  }
  return final;
}

/** A container that holds kept blocks: its own text updated in place, its children written one level down. */
async function descend(ctx: Ctx, old: Entry, block: BlockLike, entry: Entry): Promise<void> {
  // A text block's own text (`PATCH /v1/blocks/{id}` gives it new text; the one list: content/blocks.ts).
  if (isTextBlockType(block.type)) {
    await ctx.gw.call('idempotent', 'blocks.update', () => sdk(ctx.gw).blocks.update(updateRequest(old.id, block)));
  }
  const kids = childrenOf(block);
  const listed = await listChildren(ctx.gw, old.id);
  const keeps = keepHashes(kids);
  const oldKids = listed.map((b) => ({
    id: b.id,
    hash: unknownHash(b.id, keeps),
    type: tagOf(b.type, b.has_children),
  }));
  const final = await writeLevel(ctx, old.id, oldKids, kids);
  entry.hash = blockHash(block);
  entry.type = tagOf(block.type, final.length > 0);
}
