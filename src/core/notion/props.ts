/** Building Notion property values for requests, and reading them back from responses. */

import type { PropertyValue } from './sdk';

export type { PageProperties } from './sdk';

const MAX_TEXT = 2000;

type RichTextRequest = { type: 'text'; text: { content: string } };

/** Rich text for a property: split into ≤2000-character items (at most 100), never across a surrogate pair. */
function textItems(value: string): RichTextRequest[] {
  const items: RichTextRequest[] = [];
  let rest = value;
  while (rest.length > 0 && items.length < 100) {
    let cut = Math.min(MAX_TEXT, rest.length);
    if (cut < rest.length && isHighSurrogate(rest.charCodeAt(cut - 1))) cut--;
    items.push({ type: 'text', text: { content: rest.slice(0, cut) } });
    rest = rest.slice(cut);
  }
  return items;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export const prop = {
  title: (value: string): PropertyValue => ({ title: textItems(value || 'Untitled') }),
  text: (value: string): PropertyValue => ({ rich_text: textItems(value) }),
  select: (name: string | undefined): PropertyValue => ({ select: name ? { name: selectName(name) } : null }),
  multiSelect: (names: string[]): PropertyValue => ({
    multi_select: [...new Set(names.map(selectName))].slice(0, 100).map((name) => ({ name })),
  }),
  date: (iso: string | undefined): PropertyValue => ({ date: iso ? { start: iso } : null }),
  number: (value: number | undefined): PropertyValue => ({
    number: value === undefined || !Number.isFinite(value) ? null : value,
  }),
  relation: (ids: string[]): PropertyValue => ({ relation: ids.slice(0, 100).map((id) => ({ id })) }),
};

/** Select option names may not contain commas and are limited to 100 characters. */
function selectName(name: string): string {
  return name.replace(/,/g, ' ').trim().slice(0, 100) || '-';
}

type AnyProp = { type?: string; [key: string]: unknown } | undefined;

export function readText(p: AnyProp): string {
  if (!p) return '';
  const items = (p.type === 'title' ? p.title : p.rich_text) as
    Array<{ plain_text?: string; text?: { content: string } }> | undefined;
  return (items ?? []).map((i) => i.plain_text ?? i.text?.content ?? '').join('');
}

export function readDate(p: AnyProp): string | undefined {
  const d = p?.date as { start?: string } | null | undefined;
  return d?.start ?? undefined;
}

export function readNumber(p: AnyProp): number | undefined {
  const n = p?.number;
  return typeof n === 'number' ? n : undefined;
}

export function readSelect(p: AnyProp): string | undefined {
  const s = p?.select as { name?: string } | null | undefined;
  return s?.name ?? undefined;
}
