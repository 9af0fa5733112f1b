import { childrenOf } from './blocks';
import { plainTextOf } from './richtext';
import type { Block } from './types';

export interface PlainTextOptions {
  /** Prefix list items with `- `, `1. `, `[ ] `/`[x] ` and quotes with `> ` (default false). */
  markers?: boolean;
  /** Indentation per nesting level (default two spaces). */
  indent?: string;
}

function payload(block: Block): Record<string, unknown> {
  const body = block[block.type];
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
}

function captionOrUrl(body: Record<string, unknown>): string {
  const caption = plainTextOf(body.caption as unknown[] | undefined);
  if (caption !== '') return caption;
  const source = (body.external ?? body.file) as { url?: string } | undefined;
  if (typeof source?.url === 'string') return source.url;
  return typeof body.url === 'string' ? body.url : '';
}

/** The text of one block, without its children. */
export function blockText(block: Block, options: PlainTextOptions = {}): string {
  const body = payload(block);
  let text: string;
  switch (block.type) {
    case 'equation':
      text = typeof (body as { expression?: unknown }).expression === 'string' ? (body.expression as string) : '';
      break;
    case 'divider':
      text = '---';
      break;
    case 'table_row': {
      const cells = Array.isArray(body.cells) ? (body.cells as unknown[][]) : [];
      text = cells.map((c) => plainTextOf(c)).join(' | ');
      break;
    }
    case 'table':
      text = '';
      break;
    case 'image':
    case 'video':
    case 'file':
    case 'pdf':
    case 'audio':
    case 'bookmark':
    case 'embed':
    case 'link_preview':
      text = captionOrUrl(body);
      break;
    case 'child_page':
    case 'child_database':
      text = typeof body.title === 'string' ? body.title : '';
      break;
    default:
      text = plainTextOf(body.rich_text as unknown[] | undefined);
  }
  if (options.markers) {
    if (block.type === 'bulleted_list_item') text = `- ${text}`;
    else if (block.type === 'numbered_list_item') text = `1. ${text}`;
    else if (block.type === 'to_do') text = `[${body.checked ? 'x' : ' '}] ${text}`;
    else if (block.type === 'quote') text = `> ${text}`;
  }
  return text;
}

/**
 * The text of a block tree, one line per block (a block whose text has line breaks spans several),
 * children indented one level deeper. Works on request blocks (`text.content`) and on response
 * blocks (`plain_text`, children attached as `block[type].children` or `block.children`).
 */
export function blocksToPlainText(blocks: readonly Block[], options: PlainTextOptions = {}): string {
  const indent = options.indent ?? '  ';
  const lines: string[] = [];
  const stack: Array<{ block: Block; depth: number }> = [];
  for (let i = blocks.length - 1; i >= 0; i--) stack.push({ block: blocks[i], depth: 0 });
  while (stack.length > 0) {
    const { block, depth } = stack.pop() as { block: Block; depth: number };
    if (!block || typeof block !== 'object' || typeof block.type !== 'string') continue;
    const pad = indent.repeat(depth);
    for (const line of blockText(block, options).split('\n')) lines.push(pad + line);
    const kids = childrenOf(block);
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ block: kids[i], depth: depth + 1 });
  }
  return lines.join('\n');
}
