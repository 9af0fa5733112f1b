import type { Block } from '../content';
import { blocksToPlainText } from '../content';
import type { LocalItem } from '../inventory';
import { readBlockTree } from '../notion/blocks-read';
import { classifyError, NotionError } from '../notion/errors';
import { convertItem } from './convert';
import type { EngineContext } from './session';
import { makeGateway } from './session';

/* Both sides of an item as plain text, for a front end's diff view. Reads only. */

/** The local side of a comparison: the file as it would be sent (redacted, converted), as plain text. */
export async function localItemPlainText(item: LocalItem): Promise<string> {
  const converted = await convertItem(item);
  return blocksToPlainText(converted.blocks, { markers: true }) + '\n';
}

/** The Notion side of a comparison: the page's blocks (nested ones too) as plain text, rendered like the local side. */
export async function pagePlainText(
  ctx: EngineContext,
  pageId: string,
  options: { maxBlocks?: number } = {},
): Promise<string> {
  if (!ctx.token) throw new NotionError('auth', 'No Notion token.');
  const gw = makeGateway(ctx, ctx.token);
  const budget = { left: options.maxBlocks ?? 5000 };
  try {
    const blocks = (await readBlockTree(gw, pageId, { maxDepth: 8, budget })) as Block[];
    return blocksToPlainText(blocks, { markers: true }) + '\n';
  } catch (err) {
    throw err instanceof NotionError ? err : classifyError(err, 'blocks.children.list');
  }
}
