import { stringify } from 'yaml';

/**
 * Row properties ↔ the front matter keys markdown.ts reads (`title`, `status`, `tags`, `date`), the
 * properties convertItem fills from them (Name/title, Status, Tags, Date).
 */

/** The row's values of the properties front matter fills; a key left out means "not known". */
export interface RowFields {
  title?: string;
  /** null: the property is empty. */
  status?: string | null;
  tags?: string[];
  /** ISO date (or date-time) of the property's start; null: empty. */
  date?: string | null;
}

/** Names of those properties in the database (the configured mapping; defaults as convertItem writes them). */
export interface RowFieldNames {
  status?: string;
  tags?: string;
  date?: string;
}

type Prop = { type?: string; [key: string]: unknown } | undefined;

function texts(items: unknown): string {
  return ((items as Array<{ plain_text?: string; text?: { content?: string } }> | undefined) ?? [])
    .map((i) => i.plain_text ?? i.text?.content ?? '')
    .join('');
}

/**
 * The fields of a row from its `properties` as the API returns them (or as we send them). The title
 * property is found by its type; properties the database lacks stay undefined.
 */
export function rowFieldsFromProperties(properties: Record<string, unknown>, names: RowFieldNames = {}): RowFields {
  const fields: RowFields = {};
  const props = properties as Record<string, Prop>;
  const titleProp = Object.values(props).find((p) => p?.type === 'title' || (p && 'title' in p && !p.type));
  if (titleProp) fields.title = texts(titleProp.title);
  const status = props[names.status ?? 'Status'];
  if (status) {
    const v = (status.select ?? status.status) as { name?: string } | null | undefined;
    fields.status = v?.name ?? null;
  }
  const tags = props[names.tags ?? 'Tags'];
  if (tags && Array.isArray(tags.multi_select)) {
    fields.tags = (tags.multi_select as Array<{ name?: string }>).map((t) => t.name ?? '').filter((t) => t !== '');
  }
  const date = props[names.date ?? 'Date'];
  if (date && 'date' in date) fields.date = (date.date as { start?: string } | null)?.start ?? null;
  return fields;
}

/**
 * Front matter text (`---\n…\n---\n`) for a new file from a row, or '' when there is nothing to say.
 * `title` is left out when `impliedTitle` (the first heading's text) already says it.
 */
export function frontMatterFromFields(fields: RowFields, impliedTitle?: string): string {
  const data: Record<string, unknown> = {};
  if (fields.title && fields.title !== impliedTitle) data.title = fields.title;
  if (fields.status) data.status = fields.status;
  if (fields.tags && fields.tags.length > 0) data.tags = fields.tags;
  if (fields.date) data.date = fields.date;
  if (Object.keys(data).length === 0) return '';
  const lines = Object.entries(data).map(
    ([key, value]) =>
      `${key}: ${stringify(value, { lineWidth: 0, flowCollectionPadding: false, collectionStyle: 'flow' }).trimEnd()}`,
  );
  return `---\n${lines.join('\n')}\n---\n`;
}
