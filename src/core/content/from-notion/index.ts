/** Notion → local text: the inverse of this folder's parent (see README.md here for the placeholder format). */
import type { Block } from '../types';
import { blocksToMarkdown } from './blocks-to-markdown';
import { frontMatterFromFields, type RowFields } from './front-matter';

export {
  blocksToMarkdown,
  joinSeparator,
  placeholderFor,
  renderBlock,
  renderBlocks,
  restorePlaceholders,
} from './blocks-to-markdown';
export type { JoinKind, RenderedBlock } from './blocks-to-markdown';
export { escapeLineStart, hasMention, richTextToMarkdown } from './inline';
export { mapLinks } from './links';
export { formatPlaceholder, isPlaceholder, parsePlaceholder } from './placeholder';
export type { Placeholder } from './placeholder';
export { frontMatterFromFields, rowFieldsFromProperties } from './front-matter';
export type { RowFieldNames, RowFields } from './front-matter';
export { DEFAULT_ENVELOPE, notionToScript, scriptCodeOf, scriptEnvelope } from './script';
export type { ScriptEnvelope } from './script';

function firstHeading(blocks: readonly Block[]): string | undefined {
  const h1 = blocks.find((b) => b.type === 'heading_1');
  if (!h1) return undefined;
  const items = ((h1.heading_1 as { rich_text?: unknown[] })?.rich_text ?? []) as Array<{
    plain_text?: string;
    text?: { content?: string };
  }>;
  return items
    .map((i) => i.plain_text ?? i.text?.content ?? '')
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A markdown page (body blocks and row fields) → the text of a new markdown file. */
export function notionToMarkdown(input: { blocks: readonly Block[]; fields?: RowFields }): string {
  const fm = input.fields ? frontMatterFromFields(input.fields, firstHeading(input.blocks)) : '';
  const body = blocksToMarkdown(input.blocks);
  return fm === '' ? body : body === '' ? fm : `${fm}\n${body}`;
}
