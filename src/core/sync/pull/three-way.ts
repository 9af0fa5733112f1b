import { diffIndices } from 'node-diff3';

/**
 * The regions of a three-way merge of token sequences (local A, base O, Notion B), on node-diff3's
 * diff (its LCS). Unlike a line-based diff3, changes to neighbouring tokens of the two sides do not
 * conflict: only changes to the same tokens, or an insertion by one side where the other changed.
 */

export type Range = [start: number, end: number];

export interface Region {
  /** keep: the local tokens stand (nobody changed them, only local did, or both the same way). */
  action: 'keep' | 'take-notion' | 'conflict';
  a: Range;
  o: Range;
  b: Range;
}

interface Hunk {
  side: 'a' | 'b';
  oStart: number;
  oEnd: number;
  xStart: number;
  xEnd: number;
}

function hunks(o: readonly string[], x: readonly string[], side: 'a' | 'b'): Hunk[] {
  return diffIndices([...o], [...x]).map((h) => ({
    side,
    oStart: h.buffer1[0],
    oEnd: h.buffer1[0] + h.buffer1[1],
    xStart: h.buffer2[0],
    xEnd: h.buffer2[0] + h.buffer2[1],
  }));
}

function sameTokens(x: readonly string[], xr: Range, y: readonly string[], yr: Range): boolean {
  if (xr[1] - xr[0] !== yr[1] - yr[0]) return false;
  for (let i = 0; i < xr[1] - xr[0]; i++) if (x[xr[0] + i] !== y[yr[0] + i]) return false;
  return true;
}

/** Regions covering all of A, O and B in order. */
export function threeWayRegions(a: readonly string[], o: readonly string[], b: readonly string[]): Region[] {
  const all = [...hunks(o, a, 'a'), ...hunks(o, b, 'b')].sort(
    (x, y) => x.oStart - y.oStart || x.oEnd - y.oEnd || (x.side === 'a' ? -1 : 1),
  );
  const regions: Region[] = [];
  const delta = { a: 0, b: 0 };
  let cursor = 0;
  const unchanged = (end: number): void => {
    if (end > cursor)
      regions.push({
        action: 'keep',
        a: [cursor + delta.a, end + delta.a],
        o: [cursor, end],
        b: [cursor + delta.b, end + delta.b],
      });
    cursor = Math.max(cursor, end);
  };
  let i = 0;
  while (i < all.length) {
    const group = [all[i]];
    let start = all[i].oStart;
    let end = all[i].oEnd;
    i++;
    // Overlapping hunks, and an insertion touching the other side's change, are one region.
    while (i < all.length) {
      const next = all[i];
      const touches =
        next.oStart < end ||
        (next.oStart === end && (next.oStart === next.oEnd || group.some((h) => h.oStart === h.oEnd)));
      if (!touches) break;
      group.push(next);
      end = Math.max(end, next.oEnd);
      start = Math.min(start, next.oStart);
      i++;
    }
    unchanged(start);
    const range = (side: 'a' | 'b'): Range => {
      const mine = group.filter((h) => h.side === side);
      if (mine.length === 0) return [start + delta[side], end + delta[side]];
      const first = mine[0];
      const last = mine[mine.length - 1];
      return [first.xStart - (first.oStart - start), last.xEnd + (end - last.oEnd)];
    };
    const ra = range('a');
    const rb = range('b');
    const changedA = group.some((h) => h.side === 'a');
    const changedB = group.some((h) => h.side === 'b');
    let action: Region['action'];
    if (!changedB) action = 'keep';
    else if (!changedA) action = 'take-notion';
    else action = sameTokens(a, ra, b, rb) ? 'keep' : 'conflict';
    regions.push({ action, a: ra, o: [start, end], b: rb });
    delta.a = ra[1] - end;
    delta.b = rb[1] - end;
    cursor = end;
  }
  unchanged(o.length);
  return regions;
}

/**
 * Without a base: what both sides share stays local; every difference is a conflict (with an empty
 * base), since nobody can tell which side changed it.
 */
export function twoWayRegions(a: readonly string[], b: readonly string[]): Region[] {
  const regions: Region[] = [];
  let ai = 0;
  let bi = 0;
  for (const h of diffIndices([...a], [...b])) {
    const [as, al] = h.buffer1;
    const [bs, bl] = h.buffer2;
    if (as > ai) regions.push({ action: 'keep', a: [ai, as], o: [0, 0], b: [bi, bs] });
    regions.push({ action: 'conflict', a: [as, as + al], o: [0, 0], b: [bs, bs + bl] });
    ai = as + al;
    bi = bs + bl;
  }
  if (ai < a.length) regions.push({ action: 'keep', a: [ai, a.length], o: [0, 0], b: [bi, b.length] });
  return regions;
}

/**
 * Never a redaction mark for a secret: a region where Notion would replace or delete local text that
 * holds a redacted secret, or write text with a redaction mark, is a conflict for the user instead.
 */
export function guardSecrets(regions: Region[], a: readonly string[], b: readonly string[]): Region[] {
  const marked = (keys: readonly string[], r: Range): boolean =>
    keys.slice(r[0], r[1]).some((k) => k.includes('[REDACTED:'));
  return regions.map((r) =>
    r.action === 'take-notion' && (marked(a, r.a) || marked(b, r.b)) ? { ...r, action: 'conflict' } : r,
  );
}

/**
 * The regions of a merge of the local, base and Notion token lists: three-way against the base when
 * there is one, else two-way; secrets guarded. One entry point for markdown and script merges.
 */
export function mergeRegions(
  local: readonly string[],
  base: readonly string[] | undefined,
  notion: readonly string[],
): Region[] {
  const regions = base ? threeWayRegions(local, base, notion) : twoWayRegions(local, notion);
  return guardSecrets(regions, local, notion);
}
