// A limits validator for converter output: which blocks Notion would refuse, and why. It uses the
// sandbox's code-language list and URL check (an implementation independent of our converter).
import { CODE_LANGUAGES, isValidUrl } from '../src/sandbox/util';
import { kidsOf } from './minimum';
import type { TreeBlock } from './minimum';

export type Violation =
  | 'text > 2000 chars'
  | 'rich_text > 100 items'
  | 'link URL invalid or > 2000'
  | 'equation > 1000 chars'
  | 'code language not in the API enum'
  | 'children > 100 in one array'
  | 'nested deeper than 2 levels';

export interface ValidationReport {
  blocks: number;
  /** Blocks with at least one violation (each block counted once). */
  invalidBlocks: number;
  byKind: Partial<Record<Violation, number>>;
  /**
   * Blocks invalid in themselves, whatever the requests: everything except the per-request limits
   * (nesting depth, children per array), which a writer meets by cutting the tree into requests.
   */
  invalidContentBlocks: number;
}

const LANGS = new Set(CODE_LANGUAGES);
/** Limits of one request, not of the block: met by appending level by level and 100 at a time. */
const REQUEST_LEVEL = new Set<Violation>(['nested deeper than 2 levels', 'children > 100 in one array']);

function richTextArrays(block: TreeBlock): unknown[][] {
  const body = block[block.type] as Record<string, unknown> | undefined;
  if (!body) return [];
  const arrays: unknown[][] = [];
  if (Array.isArray(body.rich_text)) arrays.push(body.rich_text);
  if (Array.isArray(body.caption)) arrays.push(body.caption);
  if (block.type === 'table_row' && Array.isArray(body.cells))
    for (const c of body.cells) if (Array.isArray(c)) arrays.push(c);
  return arrays;
}

function blockViolations(block: TreeBlock, depth: number): Violation[] {
  const v = new Set<Violation>();
  for (const arr of richTextArrays(block)) {
    if (arr.length > 100) v.add('rich_text > 100 items');
    for (const item of arr as Array<Record<string, unknown>>) {
      const text = item.text as { content?: string; link?: { url?: string } | null } | undefined;
      if (text?.content !== undefined && text.content.length > 2000) v.add('text > 2000 chars');
      const url = text?.link?.url;
      if (url !== undefined && (url.length > 2000 || !isValidUrl(url))) v.add('link URL invalid or > 2000');
      const eq = item.equation as { expression?: string } | undefined;
      if (eq?.expression !== undefined && eq.expression.length > 1000) v.add('equation > 1000 chars');
    }
  }
  const body = block[block.type] as Record<string, unknown> | undefined;
  if (block.type === 'equation' && typeof body?.expression === 'string' && body.expression.length > 1000)
    v.add('equation > 1000 chars');
  if (block.type === 'code' && !LANGS.has(String(body?.language))) v.add('code language not in the API enum');
  if (kidsOf(block).length > 100) v.add('children > 100 in one array');
  // Two levels of nesting per request: top-level blocks, children, grandchildren; a fourth level is refused.
  if (depth > 3) v.add('nested deeper than 2 levels');
  return [...v];
}

export function validateBlocks(blocks: TreeBlock[], into?: ValidationReport): ValidationReport {
  const report = into ?? { blocks: 0, invalidBlocks: 0, byKind: {}, invalidContentBlocks: 0 };
  const walk = (list: TreeBlock[], depth: number): void => {
    for (const b of list) {
      report.blocks++;
      const v = blockViolations(b, depth);
      if (v.length > 0) report.invalidBlocks++;
      if (v.some((k) => !REQUEST_LEVEL.has(k))) report.invalidContentBlocks++;
      for (const k of v) report.byKind[k] = (report.byKind[k] ?? 0) + 1;
      walk(kidsOf(b), depth + 1);
    }
  };
  walk(blocks, 1);
  return report;
}
