import { promises as fs } from 'node:fs';
import type { Block } from '../content';
import { notionToMarkdown, notionToScript, rowFieldsFromProperties, scriptEnvelope } from '../content/from-notion';
import type { LocalItem } from '../inventory';
import { readWholePage } from '../notion/blocks-read';
import { classifyError, NotionError } from '../notion/errors';
import type { EngineContext } from './session';
import { loadState, makeGateway } from './session';
import { BaseStore } from './pull';
import { uploadedImages } from './pull-items';
import { mapLinks } from '../content/from-notion/links';
import { classifyPath } from '../inventory';
import { relinks, WorkspaceLinks } from './links';

/*
 * The Notion side of an item as the text of its file, for a front end's diff view ("Compare with
 * Notion": this text on one side, the real file on the other) and for "Take Notion's version".
 * Markdown pages come back as markdown with front matter (content/from-notion, the converter `pull`
 * uses); script pages as the script, in the line endings, BOM and final newline of the local file,
 * so the diff shows what differs in content and not in what Notion cannot hold. Reads only.
 */

export interface NotionSideInput {
  pageId: string;
  /** The row's properties (the status query returns them): Name, Status, Tags, Date → front matter. */
  properties?: Record<string, unknown>;
  /** The local file, when there is one: its kind (markdown or script), its envelope, its image lines. */
  local?: Pick<LocalItem, 'kind' | 'absPath' | 'path'>;
  /**
   * Rows the caller knows (the editor's last read): a link to one of their pages comes back as the file's
   * relative link. This machine's memory of the pages it wrote stands in for any not given.
   */
  rows?: ReadonlyArray<{ path: string; pageId: string }>;
}

/** The page as the file it stands for. One block listing per 100 blocks (plus one per nested block). */
export async function notionSideText(
  ctx: EngineContext,
  input: NotionSideInput,
  options: { maxBlocks?: number } = {},
): Promise<string> {
  if (!ctx.token) throw new NotionError('auth', 'No Notion token.');
  const gw = makeGateway(ctx, ctx.token);
  let blocks: Block[];
  try {
    // Every level, as `pull` reads: what Compare shows is what Pull would merge, and "Take Notion's
    // version" never writes a page cut short.
    blocks = (await readWholePage(gw, input.pageId, options.maxBlocks)) as unknown as Block[];
  } catch (err) {
    throw err instanceof NotionError ? err : classifyError(err, 'blocks.children.list');
  }
  if (input.local?.kind === 'markdown') {
    // The images this product uploaded for the file show as the file's own lines, as a pull writes them
    // (so Compare shows no difference there, and "Take Notion's version" keeps `![alt](path)`).
    const local = input.local;
    const state = await loadState(ctx);
    const text = await fs.readFile(local.absPath, 'utf8').catch(() => undefined);
    const base = await BaseStore.open(ctx.config.root, ctx.stateDir)
      .then((b) => b.getText(local.path))
      .catch(() => undefined);
    const images = await uploadedImages(state, local, input.pageId, blocks, [text, base]);
    blocks = blocks.map((b) => images.get(b.id as string)?.block ?? b);
    // Links to the workspace's own documents come back as the file's relative links, as a pull writes them
    // (so "Take Notion's version" never swaps `../plans/x.md` for a Notion URL).
    if (relinks(classifyPath(ctx.config, local.path) ?? '')) {
      const links = WorkspaceLinks.forConfig(ctx.config);
      for (const [pageId, memory] of Object.entries(state.data.pages)) links.setPage(memory.path, pageId);
      for (const row of input.rows ?? []) links.setPage(row.path, row.pageId);
      blocks = mapLinks(blocks, (url) => links.unresolve(local.path, url));
    }
  }
  return renderNotionSide(
    blocks,
    input.properties,
    input.local?.kind === 'script' ? await envelopeOf(input.local) : undefined,
  );
}

/** Blocks (and row properties) → the file's text; `script` set: a script with that envelope. */
export function renderNotionSide(
  blocks: readonly Block[],
  properties: Record<string, unknown> | undefined,
  script?: ReturnType<typeof scriptEnvelope>,
): string {
  if (script) return notionToScript(blocks, script);
  return notionToMarkdown({ blocks, fields: properties ? rowFieldsFromProperties(properties) : undefined });
}

async function envelopeOf(local: Pick<LocalItem, 'absPath'>): Promise<ReturnType<typeof scriptEnvelope>> {
  try {
    return scriptEnvelope(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await fs.readFile(local.absPath)));
  } catch {
    return scriptEnvelope('\n');
  }
}
