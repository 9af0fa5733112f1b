import { createHash } from 'node:crypto';
import { keptOf, normalizeBlockId } from '../content/keep';
import type { BlockLike } from './blocks';
import { childrenOf, estimateAppendCalls } from './blocks';

/*
 * Updating a page by block diff: what we remember of a body (its top-level blocks' hashes, ids and types),
 * the edit script from that body to new blocks, and what the script costs in requests.
 */

/** A stable hash of a block request, children included: equal hashes mean equal content. */
export function blockHash(block: BlockLike): string {
  // A keep element (content/keep.ts) is the block it names, whatever the placeholder's extras say.
  const kept = keptOf(block);
  const json = kept ? `keep:${normalizeBlockId(kept.id)}` : stableJson(block);
  return createHash('sha256').update(json).digest('base64url').slice(0, 22);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value as object).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What we remember of a page's body from the last sync: the top-level blocks in order. */
export interface PageBody {
  hashes: string[];
  /** Block ids where known (creating a page with inline children does not return them). */
  ids: Array<string | null>;
  /** Block types, with a trailing `+` when the block has children. */
  types: string[];
}

export type DiffOp =
  | { op: 'keep'; oldIndex: number; newIndex: number }
  | { op: 'update'; oldIndex: number; newIndex: number }
  | { op: 'delete'; oldIndex: number }
  | { op: 'insert'; newIndex: number; count: number };

/** Block types whose content `PATCH /v1/blocks/{id}` can replace in place. */
const UPDATABLE = new Set([
  'paragraph',
  'heading_1',
  'heading_2',
  'heading_3',
  'bulleted_list_item',
  'numbered_list_item',
  'to_do',
  'toggle',
  'quote',
  'callout',
  'code',
  'equation',
  'divider',
  'image',
]);

/**
 * The edit script from the old top-level blocks to the new ones: longest common subsequence
 * after trimming the common head and tail; within each changed stretch, blocks of the same
 * type without children are updated in place, the rest deleted or inserted.
 */
export function diffBlocks(
  oldHashes: string[],
  newBlocks: BlockLike[],
  oldTypes: Array<{ type: string; hasChildren: boolean } | undefined>,
): DiffOp[] {
  const newHashes = newBlocks.map(blockHash);
  let head = 0;
  while (head < oldHashes.length && head < newHashes.length && oldHashes[head] === newHashes[head]) head++;
  let tail = 0;
  while (
    tail < oldHashes.length - head &&
    tail < newHashes.length - head &&
    oldHashes[oldHashes.length - 1 - tail] === newHashes[newHashes.length - 1 - tail]
  )
    tail++;

  const a = oldHashes.slice(head, oldHashes.length - tail);
  const b = newHashes.slice(head, newHashes.length - tail);
  const pairs = lcs(a, b);

  const ops: DiffOp[] = [];
  for (let i = 0; i < head; i++) ops.push({ op: 'keep', oldIndex: i, newIndex: i });
  let ai = 0;
  let bi = 0;
  const flush = (aEnd: number, bEnd: number): void => {
    // A changed stretch: old a[ai..aEnd), new b[bi..bEnd).
    const dels: number[] = [];
    const ins: number[] = [];
    for (let k = ai; k < aEnd; k++) dels.push(head + k);
    for (let k = bi; k < bEnd; k++) ins.push(head + k);
    const pairsHere = Math.min(dels.length, ins.length);
    let paired = 0;
    while (paired < pairsHere) {
      const o = oldTypes[dels[paired]!];
      const nb = newBlocks[ins[paired]!]!;
      if (!o || o.type !== nb.type || o.hasChildren || childrenOf(nb).length > 0 || !UPDATABLE.has(nb.type)) break;
      paired++;
    }
    for (let k = 0; k < paired; k++) ops.push({ op: 'update', oldIndex: dels[k]!, newIndex: ins[k]! });
    for (let k = paired; k < dels.length; k++) ops.push({ op: 'delete', oldIndex: dels[k]! });
    if (ins.length > paired) ops.push({ op: 'insert', newIndex: ins[paired]!, count: ins.length - paired });
  };
  for (const [pa, pb] of pairs) {
    flush(pa, pb);
    ops.push({ op: 'keep', oldIndex: head + pa, newIndex: head + pb });
    ai = pa + 1;
    bi = pb + 1;
  }
  flush(a.length, b.length);
  for (let i = 0; i < tail; i++)
    ops.push({ op: 'keep', oldIndex: oldHashes.length - tail + i, newIndex: newHashes.length - tail + i });
  return ops;
}

/** Index pairs of a longest common subsequence (dynamic programming; the middle stretch is small in practice). */
function lcs(a: string[], b: string[]): Array<[number, number]> {
  if (a.length === 0 || b.length === 0) return [];
  if (a.length * b.length > 4_000_000) return []; // too large to align: treat the stretch as replaced
  const w = b.length + 1;
  const table = new Uint32Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * w + j] =
        a[i] === b[j] ? table[(i + 1) * w + j + 1]! + 1 : Math.max(table[(i + 1) * w + j]!, table[i * w + j + 1]!);
    }
  }
  const out: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push([i, j]);
      i++;
      j++;
    } else if (table[(i + 1) * w + j]! >= table[i * w + j + 1]!) i++;
    else j++;
  }
  return out;
}

/** Requests an edit script costs. */
export function diffCost(ops: DiffOp[], newBlocks: BlockLike[]): number {
  let calls = 0;
  for (const op of ops) {
    if (op.op === 'update' || op.op === 'delete') calls++;
    else if (op.op === 'insert') calls += estimateAppendCalls(newBlocks.slice(op.newIndex, op.newIndex + op.count));
  }
  return calls;
}
