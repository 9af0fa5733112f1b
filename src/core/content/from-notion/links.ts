import type { Block } from '../types';

/**
 * A copy of blocks (request or response objects, children and table cells included) with every
 * rich-text link passed through `map`: `text.link.url` and the response's `href`. Where `map` gives
 * undefined the link stays. The pull uses it both ways: Notion's forms of a page link to our own
 * (`/<id>` → `https://www.notion.so/<id>`), and a known row's page link back to the relative link
 * the file has (`../plans/x.md#part`).
 */
export function mapLinks(blocks: readonly Block[], map: (url: string) => string | undefined): Block[] {
  return blocks.map((b) => walk(b, map) as Block);
}

function walk(value: unknown, map: (url: string) => string | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => walk(v, map));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) out[key] = walk(v, map);
  const text = out.text as { link?: { url?: unknown } | null } | undefined;
  if (text && typeof text === 'object' && text.link && typeof text.link.url === 'string') {
    const url = map(text.link.url);
    if (url !== undefined) out.text = { ...text, link: { ...text.link, url } };
  }
  if (typeof out.href === 'string') {
    const url = map(out.href);
    if (url !== undefined) out.href = url;
  }
  return out;
}
