import { parseDocument } from 'yaml';
import type { RowFields } from '../../content/from-notion';

/**
 * Front matter ↔ row properties, merged key by key: `title` (the Name), `status`, `tags`, `date`.
 * A key Notion changed since the base and local did not is written into the front matter (the rest
 * of the YAML untouched); both changed differently is a conflict.
 */

export type FieldKey = 'title' | 'status' | 'tags' | 'date';
const KEYS: FieldKey[] = ['title', 'status', 'tags', 'date'];

/** What a side says: the derived title and the front matter values (as the push reads them). */
export interface SideFields {
  title: string;
  status?: string;
  tags?: string[];
  date?: string;
}

/** As the push writes a select option (notion/props.ts): no commas, trimmed, ≤ 100 characters. */
function optionName(name: string): string {
  return name.replace(/,/g, ' ').trim().slice(0, 100) || '-';
}

/** A field in the form Notion holds it, for comparing ('' = empty). */
function canonical(key: FieldKey, value: string | string[] | null | undefined): string {
  if (value === undefined || value === null) return '';
  if (key === 'tags') return [...new Set((value as string[]).map(optionName))].join('\u0000');
  if (key === 'status') return optionName(value as string);
  if (key === 'title') return (value as string).replace(/\s+/g, ' ').trim();
  return String(value).trim();
}

function valueOf(side: SideFields | RowFields, key: FieldKey): string | string[] | null | undefined {
  return (side as Record<string, string | string[] | null | undefined>)[key];
}

export interface FieldMerge {
  /** Keys to write into the local front matter, with Notion's value (null: remove the key). */
  apply: Partial<Record<FieldKey, string | string[] | null>>;
  conflicts: FieldKey[];
  localChanged: boolean;
  notionChanged: boolean;
}

/**
 * Key-by-key merge. Keys Notion does not report (the database lacks the property) are left alone.
 * Without a base every difference is a conflict.
 */
export function mergeFields(local: SideFields, base: SideFields | undefined, notion: RowFields): FieldMerge {
  const out: FieldMerge = { apply: {}, conflicts: [], localChanged: false, notionChanged: false };
  for (const key of KEYS) {
    const theirs = valueOf(notion, key);
    if (theirs === undefined) continue;
    const n = canonical(key, theirs);
    const l = canonical(key, valueOf(local, key));
    if (!base) {
      if (n !== l) {
        out.conflicts.push(key);
        out.localChanged = out.notionChanged = true;
      }
      continue;
    }
    const b = canonical(key, valueOf(base, key));
    const notionChanged = n !== b;
    const localChanged = l !== b;
    out.notionChanged ||= notionChanged;
    out.localChanged ||= localChanged;
    if (!notionChanged || n === l) continue;
    if (localChanged) out.conflicts.push(key);
    else out.apply[key] = n === '' ? null : key === 'tags' ? (theirs as string[]) : (theirs as string);
  }
  return out;
}

/** The key a side uses for tags (`tags`, `tag` or `keywords`), `tags` when none. */
function tagKey(data: Record<string, unknown> | undefined): string {
  return ['tags', 'tag', 'keywords'].find((k) => data && k in data) ?? 'tags';
}

/**
 * The YAML (between the fences) with `apply` written in; everything else as it was. `yaml` is ''
 * when the file has no front matter yet.
 */
export function applyFields(yaml: string, apply: FieldMerge['apply']): string {
  const doc = parseDocument(yaml);
  const data = (doc.toJS() ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(apply) as Array<[FieldKey, string | string[] | null]>) {
    const name = key === 'tags' ? tagKey(data) : key;
    if (value === null) doc.delete(name);
    else if (Array.isArray(value)) {
      const node = doc.createNode(value, { flow: true });
      doc.set(name, node);
    } else doc.set(name, value);
  }
  const text = doc.contents === null ? '' : doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  return text;
}
