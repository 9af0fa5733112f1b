import type { Block } from '../../content';
import { redactSecrets, sanitizeText } from '../../content';
import { notionToScript, scriptCodeOf, scriptEnvelope } from '../../content/from-notion';
import { diffIndices } from 'node-diff3';
import { assemble, tokensOf, type NotionToken, type Unit } from './assemble';
import type { PullResult, PullStatus } from './merge';
import { unchangedResult } from './merge';
import { mergeRegions } from './three-way';

/**
 * Pull for a script item: a line-by-line three-way merge of the local file, the base and the code
 * of the Notion page. Lines are compared as the push sends them (redacted, control characters
 * dropped, no CR); lines nobody changed in Notion keep their exact local bytes, and the file keeps
 * its BOM, line endings and final newline.
 */

export interface ScriptPullInput {
  local: string;
  base?: string;
  notion: { blocks: readonly Block[] };
  localMatchesRow?: boolean;
}

interface ScriptFile {
  bom: boolean;
  crlf: boolean;
  finalNewline: boolean;
  units: Unit[];
}

function scriptUnits(source: string): ScriptFile {
  const bom = source.charCodeAt(0) === 0xfeff;
  const text = bom ? source.slice(1) : source;
  const crlf = (text.match(/\r\n/g) ?? []).length * 2 > (text.match(/\n/g) ?? []).length;
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const bare = lines.map((l) => sanitizeText(l.replace(/\r?\n$/, '')));
  // Compared as pushed: redacted as a whole, since a secret (a private key) may span lines. Lines the
  // redaction joined are one unit whose token is the redacted line, so a secret is never cut apart.
  const redacted = redactSecrets(bare.join('\n')).text.split('\n');
  if (bare.length === 0) redacted.pop();
  const units: Unit[] = [];
  const push = (from: number, to: number, keys: string[]): void => {
    units.push({
      text: lines.slice(from, to).join(''),
      keys: keys.map((k) => `L:${k}`),
      canonical: keys,
      join: 'line',
    });
  };
  let li = 0;
  let ri = 0;
  for (const h of diffIndices(bare, redacted)) {
    for (; li < h.buffer1[0]; li++, ri++) push(li, li + 1, [bare[li]]);
    push(li, li + h.buffer1[1], redacted.slice(ri, ri + h.buffer2[1]));
    li += h.buffer1[1];
    ri += h.buffer2[1];
  }
  for (; li < lines.length; li++) push(li, li + 1, [bare[li]]);
  return { bom, crlf, finalNewline: /\n$/.test(text) || text === '', units };
}

function notionLines(blocks: readonly Block[]): NotionToken[] {
  const code = scriptCodeOf(blocks);
  if (code === '') return [];
  return code.split('\n').map((line) => ({ key: `L:${line}`, text: line, join: 'line' }));
}

function same(x: readonly string[], y: readonly string[]): boolean {
  return x.length === y.length && x.every((k, i) => k === y[i]);
}

export function mergeScript(input: ScriptPullInput): PullResult {
  const local = scriptUnits(input.local);
  const notion = notionLines(input.notion.blocks);
  const notionKeys = notion.map((t) => t.key);
  const base = input.base !== undefined ? scriptUnits(input.base) : input.localMatchesRow === true ? local : undefined;
  const localKeys = tokensOf(local.units).keys;
  const baseKeys = base ? tokensOf(base.units).keys : undefined;
  const regions = mergeRegions(localKeys, baseKeys, notionKeys);
  const notionChanged = !same(baseKeys ?? localKeys, notionKeys);
  const localChanged = baseKeys ? !same(baseKeys, localKeys) : notionChanged;
  if (!notionChanged) return unchangedResult(input, localChanged);
  const merged = assemble({
    local: local.units,
    base: base?.units ?? [],
    notion,
    regions,
    finalNewline: local.finalNewline,
  });
  let text = merged.text;
  if (local.crlf) text = text.replace(/\r?\n/g, '\r\n');
  if (local.bom) text = '\uFEFF' + text;
  const status: PullStatus = merged.conflicts > 0 ? 'conflict' : localChanged ? 'merged' : 'pulled';
  const agreed = merged.conflicts === 0 && same(tokensOf(scriptUnits(text).units).keys, notionKeys);
  const newBase = agreed ? text : notionToScript(input.notion.blocks, scriptEnvelope(input.local));
  return { text, status, conflicts: merged.conflicts, localChanged, notionChanged, agreed, base: newBase };
}
