import { promises as fs } from 'node:fs';
import type { Block } from '../content';
import { markdownToBlocks, noteNotUploaded, redactSecrets, scriptToBlocks } from '../content';
import { mapLinks, renderBlock, rowFieldsFromProperties } from '../content/from-notion';
import { keptOf, normalizeBlockId } from '../content/keep';
import { markdownItemHash, markdownLinkRefs } from '../inventory';
import { blockHash } from '../notion/block-diff';
import type { PageBody } from '../notion/block-diff';
import type { WorkspaceLinks } from './links';
import { fileHashPart, pageIdOfUrl, pageUrl } from './links';
import { bodyOf } from '../notion/pages';
import { readBlockTree, treeIncomplete, WHOLE_PAGE } from '../notion/blocks-read';
import type { ReadBlock } from '../notion/blocks-read';
import { NotionError } from '../notion/errors';
import { prop } from '../notion/props';
import type { PageProperties } from '../notion/props';
import { updatePageProperties } from '../notion/requests';
import { BaseStore, mergeMarkdown, mergeScript, recognizeUploadedImages, sha256 } from './pull';
import type { ImageLine, RecognizedImage } from './pull';
import { uploadIdsOf } from './images';
import type { ResolvedDatabase } from '../notion/databases';
import type { PullResult } from './pull';
import { contentHash } from './convert';
import type { EngineContext, NotionSession } from './session';
import type { SyncState } from './state';
import type { ItemStatus, WorkspaceIndex } from './workspace-index';

/**
 * `pull`: brings the edits made in Notion since this machine's last sync into the files, merged
 * with the local edits (sync/pull). Only items whose row says it changed in Notion
 * (`remote-modified`, `conflict`) cost a request: their block listing, plus — after a clean pull —
 * one `pages.update` of `Content Hash` and `Last Synced`, so the next `sync` has nothing to write.
 */

export interface PullOptions {
  paths?: string[];
  category?: string;
  dryRun?: boolean;
  lockWaitMs?: number;
}

export type PullAction = 'pulled' | 'merged' | 'conflict' | 'unchanged' | 'failed';

export interface PullReport {
  pulled: number;
  merged: number;
  conflicts: number;
  unchanged: number;
  failed: number;
  apiCalls: number;
  reads: number;
  writes: number;
  dryRun: boolean;
  cancelled: boolean;
  items: Array<{ category: string; path: string; action: PullAction; reason?: string }>;
  notion: WorkspaceIndex['notion'];
}

/** Categories whose items are never pulled: transcripts and logs are written by this product only. */
const ONE_WAY = new Set(['agentChats']);

/**
 * Pulls the items of `index` that changed in Notion (remote-modified, conflict) into their files.
 * An authentication error is thrown as it comes (the caller says what to do about it).
 */
export async function pullIndexed(
  ctx: EngineContext,
  session: NotionSession,
  state: SyncState,
  index: WorkspaceIndex,
  options: { dryRun?: boolean },
): Promise<PullReport> {
  const bases = await BaseStore.open(ctx.config.root, ctx.stateDir);
  const report: PullReport = {
    pulled: 0,
    merged: 0,
    conflicts: 0,
    unchanged: 0,
    failed: 0,
    apiCalls: 0,
    reads: 0,
    writes: 0,
    dryRun: !!options.dryRun,
    cancelled: false,
    items: [],
    notion: index.notion,
  };
  const todo = index.items.filter((i) => !ONE_WAY.has(i.category) && i.local && i.row);
  let done = 0;
  for (const item of todo) {
    if (ctx.signal?.aborted) {
      report.cancelled = true;
      break;
    }
    if (item.state !== 'remote-modified' && item.state !== 'conflict') {
      if (item.state !== 'error') {
        report.unchanged++;
        report.items.push({ category: item.category, path: item.path, action: 'unchanged' });
      }
      continue;
    }
    ctx.onProgress?.({ phase: 'write', message: item.path, done, total: todo.length });
    try {
      const db = index.categories[item.category]?.db;
      const action = await pullItem(session, state, bases, item, db, !!options.dryRun, index.links);
      report.items.push({ category: item.category, path: item.path, action });
      if (action === 'pulled') report.pulled++;
      else if (action === 'merged') report.merged++;
      else if (action === 'conflict') report.conflicts++;
      else report.unchanged++;
    } catch (err) {
      if (err instanceof NotionError && err.kind === 'cancelled') {
        report.cancelled = true;
        break;
      }
      if (err instanceof NotionError && err.kind === 'auth') {
        await state.save();
        throw err;
      }
      const reason = err instanceof Error ? err.message : String(err);
      report.failed++;
      report.items.push({ category: item.category, path: item.path, action: 'failed', reason });
      ctx.log?.('error', `${item.path}: ${reason}`);
    }
    done++;
    if (!options.dryRun) await state.save();
  }
  report.apiCalls = session.gw.counts.total;
  report.reads = session.gw.counts.reads;
  report.writes = session.gw.counts.writes;
  if (!options.dryRun) await state.save();
  return report;
}

/** The file as text, BOM and line endings kept. */
async function readText(absPath: string): Promise<string> {
  return new TextDecoder('utf-8', { ignoreBOM: true, fatal: true }).decode(await fs.readFile(absPath));
}

/** The blocks the push makes of a text (the same conversion as convertItem, links resolved as it does). */
function blocksOfText(
  kind: string,
  path: string,
  raw: string,
  resolveLink?: (href: string) => string | undefined,
): Block[] {
  const { text } = redactSecrets(raw);
  return kind === 'markdown' ? markdownToBlocks(text, { path, resolveLink }).blocks : scriptToBlocks(path, text).blocks;
}

/**
 * The memory of a pulled page, in Notion's order with Notion's ids: each block's hash is that of the
 * block the push makes of its markdown (the converted base where it lines up with the page, else the
 * block's own rendering converted alone; a block with no one-block form gets a hash nothing equals,
 * so the next diff rewrites it). A memory in another order than the page's would make the next
 * push's diff touch the wrong blocks.
 */
function pulledBody(
  tree: ReadBlock[],
  converted: Block[],
  path: string,
  resolveLink?: (href: string) => string | undefined,
  images: Map<string, RecognizedImage> = new Map(),
): PageBody {
  const aligned = converted.length === tree.length;
  const hashes = tree.map((t, i) => {
    // An image uploaded for a local image line, unchanged: the block the push wrote (no rewrite, no upload).
    const image = images.get(t.id as string);
    if (image) return image.hash;
    const mine = aligned ? converted[i] : undefined;
    if (mine && sameBlock(mine, t)) return blockHash(withReason(mine, t));
    const alone = blocksOfText('markdown', path, renderBlock(t as Block).text, resolveLink);
    return alone.length === 1 ? blockHash(alone[0]!) : `?${t.id as string}`;
  });
  return {
    hashes,
    ids: tree.map((t) => t.id as string),
    types: tree.map((t) => (t.has_children ? `${t.type}+` : t.type)),
  };
}

/**
 * An "image not uploaded" callout as the push writes it: with the reason its upload step added
 * (` (file not found)`, content/images.ts), which the markdown does not hold.
 */
function withReason(mine: Block, notion: ReadBlock): Block {
  const theirs = (notion as { callout?: { rich_text?: Array<{ plain_text?: string }> } }).callout?.rich_text;
  const ours = (mine as { callout?: { rich_text?: unknown[] } }).callout?.rich_text;
  if (mine.type !== 'callout' || !theirs || !ours || theirs.length !== ours.length + 1) return mine;
  const reason = / \((.*)\)$/s.exec(theirs[theirs.length - 1]?.plain_text ?? '')?.[1];
  if (reason === undefined) return mine;
  const copy = structuredClone(mine);
  noteNotUploaded(copy, reason);
  return copy;
}

function sameBlock(mine: Block, notion: ReadBlock): boolean {
  const kept = keptOf(mine);
  if (kept) return normalizeBlockId(kept.id) === normalizeBlockId(String(notion.id));
  return renderBlock(mine).text === renderBlock(notion as Block).text;
}

/**
 * The top-level image blocks of the page that are the uploads of image lines of the local file or the
 * base, unchanged in Notion (pull/uploaded-images.ts), by block id.
 */
/**
 * The image blocks of a page that this product uploaded for the file's image lines (`texts`: the file,
 * and the base), recognised from the push's own memory with no request — each maps to the line's block,
 * so a page rendered for the file shows `![alt](path)` and not a placeholder.
 */
export async function uploadedImages(
  state: SyncState,
  local: { path: string; absPath: string },
  pageId: string,
  tree: Block[],
  texts: Array<string | undefined>,
): Promise<Map<string, RecognizedImage>> {
  const memory = state.data.pages[pageId];
  if (!memory || !tree.some((b) => b.type === 'image')) return new Map();
  const refs = texts.flatMap((t) =>
    t === undefined ? [] : markdownToBlocks(redactSecrets(t).text, { path: local.path }).localImages,
  );
  const ids = await uploadIdsOf(state, local, refs);
  const lines: ImageLine[] = refs.map((r, i) => ({
    block: r.block,
    alt: r.alt,
    path: r.path,
    uploadIds: ids[i]?.ids ?? [],
    present: ids[i]?.present,
  }));
  return recognizeUploadedImages(tree, { ...memory.body, lastEditedTime: memory.lastEditedTime }, lines);
}

async function pullItem(
  session: NotionSession,
  state: SyncState,
  bases: BaseStore,
  item: ItemStatus,
  db: ResolvedDatabase | undefined,
  dryRun: boolean,
  links: WorkspaceLinks,
): Promise<PullAction> {
  const local = item.local!;
  const row = item.row!;
  const text = await readText(local.absPath);
  // Every level (the converter nests up to 100): a level left unread would read as deleted in Notion.
  const tree = await readBlockTree(session.gw, row.pageId, {
    maxDepth: WHOLE_PAGE.maxDepth,
    budget: { left: WHOLE_PAGE.blocks },
  });
  if (treeIncomplete(tree))
    throw new Error('the page is too large or too deeply nested to pull completely; not pulled');
  const resolveLink = links.resolverFor(local);
  // Both sides compare links in one form: a link to a known row's page as the push writes it
  // (Notion's forms `/<id>`, `…/Title-<id>` included).
  const canonical = (url: string): string | undefined => {
    const page = pageIdOfUrl(url);
    return page && links.pathOf(page.pageId) ? pageUrl(page.pageId, page.fragment) : undefined;
  };
  const base = await bases.getText(local.path);
  // The images this product uploaded for the file's image lines come back as those lines (not placeholders).
  const images =
    local.kind === 'markdown'
      ? await uploadedImages(state, local, row.pageId, tree as unknown as Block[], [text, base])
      : new Map<string, RecognizedImage>();
  const read = mapLinks(tree as unknown as Block[], canonical);
  const blocks = read.map((b) => images.get(b.id as string)?.block ?? b);
  const localMatchesRow = fileHashPart(contentHash(local)) === fileHashPart(row.contentHash);
  const result: PullResult =
    local.kind === 'markdown'
      ? mergeMarkdown({
          local: text,
          base,
          localMatchesRow,
          notion: { blocks, fields: rowFieldsFromProperties(row.properties) },
          path: local.path,
          toBlocks: (markdown) =>
            mapLinks(markdownToBlocks(redactSecrets(markdown).text, { resolveLink }).blocks, canonical),
          linkBack: resolveLink ? (url) => links.unresolve(local.path, url) : undefined,
        })
      : mergeScript({ local: text, base, localMatchesRow, notion: { blocks } });
  const action: PullAction = result.status === 'conflict' ? 'conflict' : result.status;
  if (dryRun) return action;

  if (result.text !== text) {
    await fs.writeFile(local.absPath, result.text);
  }
  const written = Buffer.from(result.text, 'utf8');
  const newHash = links.hashOf({
    // The scan's hash (with the local images a document shows), so the next status finds the row in step.
    hash: local.kind === 'markdown' ? markdownItemHash(written, local.absPath, local.path) : sha256(written),
    category: local.category,
    links: local.kind === 'markdown' ? markdownLinkRefs(result.text, local.path) : undefined,
  });
  // What Notion holds now, as the push would write it: the memory the next push diffs against.
  const notionBlocks = blocksOfText(local.kind, local.path, result.base, resolveLink);
  const body =
    local.kind === 'markdown'
      ? pulledBody(read as unknown as ReadBlock[], notionBlocks, local.path, resolveLink, images)
      : bodyOf(
          notionBlocks,
          notionBlocks.length === tree.length ? tree.map((b) => b.id as string) : notionBlocks.map(() => null),
        );
  // The row is written once, by this integration, so that it no longer reads as edited in Notion
  // (last_edited_by): a later edit there shows again, whatever minute it falls in.
  // Agreed: the file's new Content Hash, and the next sync writes nothing. Otherwise (merged, or
  // conflict markers): Last Synced only — the row's hash still differs from the file, which is then
  // `modified` (the next sync pushes the merge or the resolution).
  // By our names: the database's names apply on the way out, and only what it has is written.
  const properties: PageProperties = {};
  // An image replaced locally (same line, new bytes) is a local change the merge cannot see: the row
  // keeps its hash, so the file reads as modified and the next push uploads the new image.
  const imageAhead = [...images.values()].some((i) => i.stale);
  const clean = result.agreed && result.status !== 'conflict' && !imageAhead;
  if (clean) properties['Content Hash'] = prop.text(newHash);
  properties['Last Synced'] = prop.date(session.gw.serverNow().toISOString());
  const page = await updatePageProperties(session.gw, row.pageId, properties, db?.names);
  const lastEditedTime = page.lastEditedTime;
  const rowHash = clean ? newHash : row.contentHash;
  if (clean) await bases.put(local.path, written, { pageId: row.pageId, lastEditedTime });
  else if (result.status !== 'unchanged')
    await bases.put(local.path, result.base, { pageId: row.pageId, lastEditedTime });
  state.setPage(row.pageId, { path: local.path, hash: rowHash, body, lastEditedTime });
  state.noteSeen(row.pageId, rowHash);
  return action;
}
