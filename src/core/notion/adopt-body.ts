import type { BlockLike } from './blocks';
import type { PageBody } from './block-diff';
import { childrenOf, listChildren } from './blocks';
import { blockHash } from './block-diff';
import type { NotionGateway } from './gateway';
import { isTextBlockType } from '../content/blocks';
import type { BlockType } from '../content/types';

/*
 * The body of a row another tool wrote, made comparable with ours (issue 17: "body replaced by block
 * diff when comparable"). Its top-level blocks are listed (one request per 100) and each is compared
 * with the blocks we are about to write by what a reader sees: type, text, links, annotations, code
 * language, checkbox, colour. A block equal to one of ours gets that block's hash, so the ordinary
 * block diff keeps it (with its id and its comments); any other block gets a hash nothing matches and
 * is updated in place, replaced, or — when cheaper — the whole body is rewritten.
 */

/** The page holds sub-pages or databases: erasing or diffing its body would remove them. */
export class SubPagesError extends Error {}

type RichItem = {
  type?: string;
  plain_text?: string;
  href?: string | null;
  text?: { content?: string; link?: { url?: string } | null };
  equation?: { expression?: string };
  annotations?: Record<string, unknown>;
};

const FLAGS = ['bold', 'italic', 'strikethrough', 'underline', 'code'];

function richKey(items: unknown): string {
  /** [kind, content, link, style] per run of text. */
  const parts: Array<[string, string, string, string]> = [];
  for (const t of (Array.isArray(items) ? items : []) as RichItem[]) {
    const a = t.annotations ?? {};
    const style = [
      ...FLAGS.filter((k) => a[k] === true),
      typeof a.color === 'string' && a.color !== 'default' ? a.color : '',
    ].join(',');
    if (t.type && t.type !== 'text') {
      parts.push([t.type, t.equation?.expression ?? t.plain_text ?? '', '', style]);
      continue;
    }
    const content = t.text?.content ?? t.plain_text ?? '';
    const link = t.text?.link?.url ?? t.href ?? '';
    const last = parts[parts.length - 1];
    // Adjacent items of one style are one run of text, however they were split.
    if (last && last[0] === 'text' && last[2] === link && last[3] === style) last[1] += content;
    else parts.push(['text', content, link, style]);
  }
  return JSON.stringify(parts);
}

/** What a reader sees of a top-level block without children; undefined when it cannot be compared. */
export function readerKey(block: { type: string; [k: string]: unknown }, hasChildren: boolean): string | undefined {
  if (hasChildren) return undefined;
  const p = (block[block.type] ?? {}) as Record<string, unknown>;
  if (block.type === 'divider') return 'divider';
  if (block.type === 'equation') return `equation:${String(p.expression ?? '')}`;
  // Text blocks (one list of them: content/blocks.ts) and code: their text, colour and extras.
  if (!isTextBlockType(block.type as BlockType) && block.type !== 'code') return undefined;
  const color = typeof p.color === 'string' && p.color !== 'default' ? p.color : '';
  const extra =
    block.type === 'code'
      ? `${String(p.language ?? '')}|${richKey(p.caption)}`
      : block.type === 'to_do'
        ? String(p.checked === true)
        : block.type === 'callout'
          ? String((p.icon as { emoji?: string } | undefined)?.emoji ?? '')
          : block.type.startsWith('heading_')
            ? String(p.is_toggleable === true)
            : '';
  return `${block.type}|${color}|${extra}|${richKey(p.rich_text)}`;
}

/**
 * The existing body of `pageId` as a `PageBody` the block diff can start from (ids known), with the
 * hash of our block wherever a block reads the same. Throws `SubPagesError` when the page holds
 * sub-pages or databases (never removed by us).
 */
export async function comparableBody(gw: NotionGateway, pageId: string, blocks: BlockLike[]): Promise<PageBody> {
  const listed = await listChildren(gw, pageId);
  const nested = listed.filter((b) => b.type === 'child_page' || b.type === 'child_database');
  if (nested.length > 0)
    throw new SubPagesError(
      `its page holds ${nested.length} sub-page${nested.length === 1 ? '' : 's'} or database${nested.length === 1 ? '' : 's'}, which writing the file's content would remove; move them elsewhere in Notion, then run adopt again`,
    );
  const ours = new Map<string, string>();
  for (const b of blocks) {
    const key = readerKey(b as { type: string }, childrenOf(b).length > 0);
    if (key !== undefined && !ours.has(key)) ours.set(key, blockHash(b));
  }
  return {
    hashes: listed.map((b, i) => {
      const key = readerKey(b, b.has_children);
      return (key !== undefined && ours.get(key)) || `foreign:${i}`;
    }),
    ids: listed.map((b) => b.id),
    types: listed.map((b) => (b.has_children ? `${b.type}+` : b.type)),
  };
}
