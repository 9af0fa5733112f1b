import { childrenOf } from '../../src/core/content';
import type { Block } from '../../src/core/content';

/** A request block as the API returns it: ids, plain_text and href on rich text, full annotations, children outside. */
export function asResponse(block: Block, n = { i: 0 }): Block {
  const type = block.type;
  const payload = { ...(block[type] as Record<string, unknown>) };
  const kids = childrenOf(block);
  delete payload.children;
  const rich = (items: unknown): unknown =>
    (items as Array<Record<string, unknown>>).map((item) => {
      const a = (item.annotations ?? {}) as Record<string, unknown>;
      const annotations = {
        bold: !!a.bold,
        italic: !!a.italic,
        strikethrough: !!a.strikethrough,
        underline: !!a.underline,
        code: !!a.code,
        color: a.color ?? 'default',
      };
      if (item.type === 'equation') {
        const expression = (item.equation as { expression: string }).expression;
        return { ...item, annotations, plain_text: expression, href: null };
      }
      const t = item.text as { content: string; link?: { url: string } | null };
      return {
        type: 'text',
        text: { content: t.content, link: t.link ?? null },
        annotations,
        plain_text: t.content,
        href: t.link?.url ?? null,
      };
    });
  if (Array.isArray(payload.rich_text)) payload.rich_text = rich(payload.rich_text);
  if (Array.isArray(payload.caption)) payload.caption = rich(payload.caption);
  if (type === 'table_row') payload.cells = (payload.cells as unknown[]).map(rich);
  if (type !== 'table_row' && type !== 'divider' && type !== 'image' && type !== 'table' && !('color' in payload))
    payload.color = 'default';
  const out: Block & { children?: Block[] } = {
    object: 'block',
    id: `00000000-0000-4000-8000-${String(++n.i).padStart(12, '0')}`,
    type,
    has_children: kids.length > 0,
    [type]: payload,
  };
  if (kids.length > 0) out.children = kids.map((k) => asResponse(k, n));
  return out;
}
