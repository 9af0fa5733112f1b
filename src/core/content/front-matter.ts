import { parse as parseYaml } from 'yaml';
import { LIMITS } from './limits';
import { truncateText } from './richtext';
import type { FrontMatter } from './types';

/** Front matter and page titles of markdown documents. */

function scalarString(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  return undefined;
}

/** Parses the YAML of a front matter block; a YAML error is reported as a warning, never thrown. */
export function parseFrontMatter(raw: string, warnings: string[] = []): FrontMatter {
  const fm: FrontMatter = { raw };
  if (raw.trim() === '') return fm;
  let data: unknown;
  try {
    data = parseYaml(raw, { logLevel: 'error' });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    warnings.push(`front matter is not valid YAML (${message}); it was ignored`);
    return fm;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    warnings.push('front matter is not a YAML mapping; it was ignored');
    return fm;
  }
  const record = data as Record<string, unknown>;
  fm.data = record;
  const title = scalarString(record.title);
  if (title !== undefined) fm.title = title;
  const rawTags = record.tags ?? record.tag ?? record.keywords;
  let tags: string[] | undefined;
  if (Array.isArray(rawTags)) tags = rawTags.map(scalarString).filter((t): t is string => t !== undefined);
  else if (typeof rawTags === 'string')
    tags = rawTags
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '');
  if (tags && tags.length > 0) fm.tags = tags;
  const status = scalarString(record.status);
  if (status !== undefined) fm.status = status;
  const date = scalarString(record.date);
  if (date !== undefined) fm.date = date;
  return fm;
}

/** The file name a page is called by when nothing better is known: `plans/q3-roadmap.md` → `q3-roadmap`. */
export function titleFromPath(path: string): string {
  const name =
    path
      .split(/[\\/]/)
      .filter((p) => p !== '')
      .pop() ?? '';
  const stripped = name.replace(/\.(md|markdown|mdx|mdown|mkd)$/i, '');
  return stripped === '' ? name : stripped;
}

/**
 * A document's title: the front matter title, else the text of the first h1, else the file name
 * (without a markdown extension), else "Untitled".
 */
export function deriveTitle(input: { frontMatterTitle?: string; firstHeading?: string; path?: string }): string {
  const candidates = [input.frontMatterTitle, input.firstHeading, input.path ? titleFromPath(input.path) : undefined];
  for (const c of candidates) {
    const t = c?.replace(/\s+/g, ' ').trim();
    if (t) return truncateText(t, LIMITS.richTextContent);
  }
  return 'Untitled';
}
