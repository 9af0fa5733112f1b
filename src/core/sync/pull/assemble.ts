import type { Region } from './three-way';

/**
 * Turns merge regions back into text. Local parts are written with their exact bytes wherever a
 * whole local unit survives; only what Notion changed is written in canonical form.
 */

/** How a piece joins the next: list items of one kind share a list, lines join by one line break. */
export type Join = 'bulleted' | 'numbered' | 'block' | 'line';

/** A piece of the local (or base) file: its exact text, including the separator after it. */
export interface Unit {
  text: string;
  /** The canonical tokens it stands for (none: local-only material, e.g. a link definition). */
  keys: string[];
  /** Canonical text of each token, for when the unit survives only in part. */
  canonical: string[];
  join: Join;
}

/** A token of Notion's side: its canonical text. */
export interface NotionToken {
  key: string;
  text: string;
  join: Join;
}

interface Piece {
  text: string;
  join: Join;
  /** The index of the local unit whose exact bytes these are (not set for canonical text). */
  unit?: number;
  /** The index of the local unit this piece comes from, exact or not. */
  from?: number;
}

export const MARKERS = {
  local: '<<<<<<< local',
  base: '||||||| base',
  split: '=======',
  notion: '>>>>>>> notion',
} as const;

function separator(prev: Join, next: Join): string {
  if (prev === 'line' || next === 'line') return '\n';
  return prev === next && prev !== 'block' ? '\n' : '\n\n';
}

/** Joins pieces: consecutive local units keep the bytes between them, everything else a canonical separator. */
function join(pieces: Piece[]): string {
  let out = '';
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i];
    const prev = pieces[i - 1];
    if (!prev) out = p.text;
    else if (prev.unit !== undefined && p.unit === prev.unit + 1) out += p.text;
    else out = out.replace(/(?:\r?\n)+$/, '') + separator(prev.join, p.join) + p.text;
  }
  return out;
}

/** The tokens of `units`, each with the index of the unit it belongs to. */
export function tokensOf(units: readonly Unit[]): { keys: string[]; unitOf: number[]; first: number[] } {
  const keys: string[] = [];
  const unitOf: number[] = [];
  const first: number[] = [];
  units.forEach((u, i) => {
    first.push(keys.length);
    for (const k of u.keys) {
      keys.push(k);
      unitOf.push(i);
    }
  });
  return { keys, unitOf, first };
}

/** The pieces for tokens [s, e) of a side: whole units as bytes, cut units as canonical text. */
function sidePieces(units: readonly Unit[], s: number, e: number): Piece[] {
  const { first } = tokensOf(units);
  const out: Piece[] = [];
  units.forEach((u, i) => {
    const us = first[i];
    const ue = us + u.keys.length;
    if (u.keys.length === 0 || ue <= s || us >= e) return;
    if (us >= s && ue <= e) out.push({ text: u.text, join: u.join, unit: i, from: i });
    else
      for (let t = Math.max(us, s); t < Math.min(ue, e); t++)
        out.push({ text: u.canonical[t - us], join: u.join, from: i });
  });
  return out;
}

function conflictText(local: string, base: string, notion: string): string {
  const block = (s: string): string => (s === '' ? '' : `${s.replace(/(?:\r?\n)+$/, '')}\n`);
  return `${MARKERS.local}\n${block(local)}${MARKERS.base}\n${block(base)}${MARKERS.split}\n${block(notion)}${MARKERS.notion}`;
}

export interface AssembleInput {
  local: readonly Unit[];
  base: readonly Unit[];
  notion: readonly NotionToken[];
  regions: readonly Region[];
  /** Whether the local file ended with a line break (kept at the end of the result). */
  finalNewline: boolean;
}

/** The merged text (LF inside canonical parts; local bytes as they were) and the number of conflicts. */
export function assemble(input: AssembleInput): { text: string; conflicts: number } {
  const { local, base, notion, regions } = input;
  const { unitOf } = tokensOf(local);
  const pieces: Piece[] = [];
  let conflicts = 0;
  // Local-only units (no tokens: link definitions, …) are written where they stood, whatever happened around them.
  let next = 0;
  const glueBefore = (unit: number): void => {
    for (; next < Math.min(unit, local.length); next++)
      if (local[next].keys.length === 0)
        pieces.push({ text: local[next].text, join: local[next].join, unit: next, from: next });
  };
  for (const r of regions) {
    if (r.action === 'keep') {
      for (const p of sidePieces(local, r.a[0], r.a[1])) {
        glueBefore(p.from!);
        pieces.push(p);
        next = Math.max(next, p.from! + 1);
      }
      continue;
    }
    const lastTouched =
      r.a[1] > r.a[0] ? unitOf[r.a[1] - 1] + 1 : r.a[0] < unitOf.length ? unitOf[r.a[0]] : local.length;
    glueBefore(lastTouched);
    const theirs = notion.slice(r.b[0], r.b[1]).map((t): Piece => ({ text: t.text, join: t.join }));
    if (r.action === 'take-notion') {
      pieces.push(...theirs);
      continue;
    }
    conflicts++;
    const mine = join(sidePieces(local, r.a[0], r.a[1]));
    const was = join(sidePieces(base, r.o[0], r.o[1]));
    pieces.push({ text: conflictText(mine, was, join(theirs)), join: 'block' });
  }
  glueBefore(local.length);
  let text = join(pieces);
  const last = pieces[pieces.length - 1];
  if (last?.unit !== local.length - 1)
    text = text.replace(/(?:\r?\n)+$/, '') + (input.finalNewline && text !== '' ? '\n' : '');
  return { text, conflicts };
}
