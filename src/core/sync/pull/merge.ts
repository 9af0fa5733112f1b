import type { Block } from '../../content';
import { mapLinks, notionToMarkdown, type RowFields } from '../../content/from-notion';
import { assemble, MARKERS, tokensOf, type NotionToken, type Unit } from './assemble';
import { applyFields, mergeFields } from './front-matter-merge';
import {
  Canon,
  defaultToBlocks,
  markdownUnits,
  notionTokens,
  type MarkdownFile,
  type ToBlocks,
} from './markdown-units';
import { mergeRegions } from './three-way';

/**
 * Pull for a markdown item: local file × base × Notion page → the file to write.
 *
 * Both files are cut into units (markdown-units.ts) whose tokens are the canonical markdown of the
 * blocks they become, so that formatting differences (`*` vs `_`, list markers, blank lines, escapes,
 * what the push drops) are no change. The merge runs on the tokens; the result is written with the
 * local bytes of every unit that survives whole, Notion's canonical markdown where Notion changed
 * something, and git-style conflict markers where both sides changed the same blocks.
 */

export type PullStatus = 'unchanged' | 'pulled' | 'merged' | 'conflict';

export interface PullResult {
  /** The file to write (BOM and line endings of the local file). Equal to the local text when `unchanged`. */
  text: string;
  status: PullStatus;
  /** Conflict regions written with markers (front matter counts as one). */
  conflicts: number;
  localChanged: boolean;
  notionChanged: boolean;
  /**
   * The result says what Notion says (no conflict, nothing local left to push): the engine may store
   * it as the new base. After a `merged` result the push makes them agree; then store it.
   */
  agreed: boolean;
  /**
   * What to store as the base once `text` is written: `text` when it agrees with Notion, else
   * Notion's version (the user has now seen it: after a conflict is resolved, or a merge pushed,
   * the next pull compares against what Notion held, and does not raise the same conflict again).
   */
  base: string;
}

/** Notion changed nothing: the file stays as it is, byte for byte. */
export function unchangedResult(input: { local: string; base?: string }, localChanged: boolean): PullResult {
  return {
    text: input.local,
    status: 'unchanged',
    conflicts: 0,
    localChanged,
    notionChanged: false,
    agreed: !localChanged,
    base: input.base ?? input.local,
  };
}

export interface MarkdownPullInput {
  /** The local file as read (BOM, CRLF kept). */
  local: string;
  /** The base: the file as both sides last agreed on (the text pushed or pulled last); undefined when none. */
  base?: string;
  notion: { blocks: readonly Block[]; fields?: RowFields };
  /** Without a base: the local file's Content Hash equals the row's (Notion was written from this very file). */
  localMatchesRow?: boolean;
  /** Workspace-relative path (the fallback title). */
  path?: string;
  /** The conversion the push uses (default: redaction + markdownToBlocks). */
  toBlocks?: ToBlocks;
  /**
   * How a link of Notion's blocks is written into the file (undefined: as it is): a known row's page
   * back to the relative link (sync/links.ts). The merge compares the links as the push writes them.
   */
  linkBack?: (url: string) => string | undefined;
}

function sameKeys(x: readonly Unit[], y: readonly string[]): boolean {
  const keys = tokensOf(x).keys;
  return keys.length === y.length && keys.every((k, i) => k === y[i]);
}

/** Items Notion added to a list use the file's own bullet (`*`, `+`), so they stay in the same list. */
function withLocalBullets(tokens: NotionToken[], units: readonly Unit[]): NotionToken[] {
  const first = units.find((u) => u.join === 'bulleted');
  const bullet = first ? /^[ \t]*([*+-])[ \t]/.exec(first.text)?.[1] : undefined;
  if (!bullet || bullet === '-') return tokens;
  return tokens.map((t) => (t.join === 'bulleted' ? { ...t, text: t.text.replace(/^- /, `${bullet} `) } : t));
}

function frontMatterBlock(yaml: string): string {
  return `---\n${yaml.replace(/\n*$/, '\n')}---`;
}

function compose(file: MarkdownFile, frontMatter: string | undefined, separator: string, body: string): string {
  let text = frontMatter === undefined ? body : body === '' ? `${frontMatter}\n` : `${frontMatter}${separator}${body}`;
  if (file.crlf) text = text.replace(/\r?\n/g, '\r\n');
  return (file.bom ? '\uFEFF' : '') + text;
}

export function mergeMarkdown(input: MarkdownPullInput): PullResult {
  const canon = new Canon(input.toBlocks ?? defaultToBlocks);
  const local = markdownUnits(input.local, canon, input.path);
  const base =
    input.base !== undefined ? markdownUnits(input.base, canon, input.path) : input.localMatchesRow ? local : undefined;
  const display = input.linkBack ? mapLinks(input.notion.blocks, input.linkBack) : undefined;
  const notion = withLocalBullets(notionTokens(input.notion.blocks, canon, display), local.units);
  const notionKeys = notion.map((t) => t.key);

  const localKeys = tokensOf(local.units).keys;
  const regions = mergeRegions(localKeys, base ? tokensOf(base.units).keys : undefined, notionKeys);
  const bodyNotionChanged = base ? !sameKeys(base.units, notionKeys) : !sameKeys(local.units, notionKeys);
  const bodyLocalChanged = base ? !sameKeys(base.units, localKeys) : bodyNotionChanged;

  const fields = mergeFields(local.fields, base?.fields, input.notion.fields ?? {});

  const notionChanged = bodyNotionChanged || fields.notionChanged;
  const localChanged = bodyLocalChanged || fields.localChanged;
  if (!notionChanged) return unchangedResult(input, localChanged);

  const body = assemble({
    local: local.units,
    base: base?.units ?? [],
    notion,
    regions,
    finalNewline: local.finalNewline,
  });
  let conflicts = body.conflicts;

  // Front matter: untouched bytes unless Notion changed a key.
  let fmText = local.frontMatter?.text;
  let separator = local.frontMatter?.separator ?? '\n\n';
  if (fields.conflicts.length > 0) {
    conflicts++;
    const mine = local.frontMatter?.text ?? '';
    const was = base && base !== local ? (base.frontMatter?.text ?? '') : base ? mine : '';
    const apply = Object.fromEntries(fields.conflicts.map((k) => [k, valueForConflict(input.notion.fields ?? {}, k)]));
    const theirs = frontMatterBlock(applyFields(local.frontMatter?.yaml ?? '', { ...fields.apply, ...apply }));
    const block = (s: string): string => (s === '' ? '' : `${s}\n`);
    fmText = `${MARKERS.local}\n${block(mine)}${MARKERS.base}\n${block(was)}${MARKERS.split}\n${theirs}\n${MARKERS.notion}`;
    if (!local.frontMatter) separator = '\n\n';
  } else if (Object.keys(fields.apply).length > 0) {
    const apply = { ...fields.apply };
    if (apply.title === null) delete apply.title;
    if (Object.keys(apply).length > 0) fmText = frontMatterBlock(applyFields(local.frontMatter?.yaml ?? '', apply));
  }
  const text = compose(local, fmText, separator, body.text);
  const status: PullStatus = conflicts > 0 ? 'conflict' : localChanged ? 'merged' : 'pulled';
  // Agreed: the result's tokens and fields are Notion's (computed from the regions, no re-parse).
  let agreed = false;
  if (conflicts === 0) {
    const out = regions.flatMap((r) =>
      r.action === 'take-notion' ? notionKeys.slice(r.b[0], r.b[1]) : localKeys.slice(r.a[0], r.a[1]),
    );
    const after = { ...local.fields };
    for (const [k, v] of Object.entries(fields.apply)) (after as Record<string, unknown>)[k] = v ?? undefined;
    agreed =
      out.length === notionKeys.length &&
      out.every((k, i) => k === notionKeys[i]) &&
      mergeFields(after, undefined, input.notion.fields ?? {}).conflicts.length === 0;
  }
  const newBase = agreed
    ? text
    : notionToMarkdown({ blocks: display ?? input.notion.blocks, fields: input.notion.fields });
  return { text, status, conflicts, localChanged, notionChanged, agreed, base: newBase };
}

function valueForConflict(fields: RowFields, key: keyof RowFields): string | string[] | null {
  const v = fields[key];
  if (v === undefined || v === null || v === '') return null;
  return v;
}

/** True when the text still holds conflict markers (a line starting `<<<<<<< ` … `>>>>>>> `). */
export function hasConflictMarkers(text: string): boolean {
  return /^<{7} .*\r?\n[\s\S]*?^={7}\r?$[\s\S]*?^>{7} /m.test(text);
}
