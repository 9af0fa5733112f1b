import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Block } from '../content';
import { markdownToBlocks, scriptToBlocks } from '../content';
import { notionToMarkdown, notionToScript, rowFieldsFromProperties } from '../content/from-notion';
import { classifyPath, itemKind, normalizeRelPath } from '../inventory';
import { queryRows } from '../notion/databases';
import { readWholePage } from '../notion/blocks-read';
import { bodyOf } from '../notion/pages';
import { prop } from '../notion/props';
import type { PageProperties } from '../notion/props';
import { updatePageProperties } from '../notion/requests';
import { contentHash } from './convert';
import { BaseStore, sha256 } from './pull';
import { survivorOrder } from './rows';
import type { EngineContext } from './session';
import { loadState, openSession } from './session';
import { EngineSetupError } from './sync';
import { mappingOf, resolveCached } from './workspace-index';

export interface RestoreResult {
  path: string;
  pageId: string;
  url: string;
  bytes: number;
  apiCalls: number;
}

/** Restoring cannot be done: the file exists, the path is in no category, or no row has that key. */
export class RestoreError extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = 'RestoreError';
  }
}

/**
 * Brings back a file whose row outlived it (an orphan): the row's page, converted to the file's kind
 * (markdown with its front matter from the row's properties, or a script), written where the file was.
 * Never overwrites a file. The row is then marked as matching the file (its Content Hash), so the
 * file shows synced and the next sync writes nothing; the pull base is the restored text.
 * Costs the key lookup, the page's block listing and one property update.
 */
export async function restoreFile(ctx: EngineContext, relPath: string): Promise<RestoreResult> {
  const path = normalizeRelPath(relPath);
  const category = classifyPath(ctx.config, path);
  if (!category)
    throw new RestoreError(`${path} is in no category.`, 'Only files of a category have a row to restore from.');
  const databaseId = ctx.config.categories[category]?.databaseId;
  if (!databaseId)
    throw new RestoreError(`No database is configured for ${category}.`, 'Run "notion-sync init" first.');
  const absPath = join(ctx.config.root, ...path.split('/'));
  if (await exists(absPath))
    throw new RestoreError(`${path} exists; it is not overwritten.`, 'Move the file away first, or sync it instead.');

  const state = await loadState(ctx);
  const opened = await openSession(ctx, state);
  if (!opened.session) {
    const problem = opened.problem!;
    throw new EngineSetupError(problem, problem.reason === 'auth');
  }
  const { gw } = opened.session;
  const db = await resolveCached(opened.session, state, databaseId, false, mappingOf(ctx.config, databaseId));
  const row = (await queryRows(gw, db, { workspace: ctx.config.workspaceName, path })).sort(survivorOrder)[0];
  if (!row)
    throw new RestoreError(`Notion has no row for ${path}.`, 'Refresh: the row may have been removed meanwhile.');

  // Every level: a file restored from a page read partly would miss its deeper parts.
  const tree = await readWholePage(gw, row.pageId);
  const blocks = tree as unknown as Block[];
  const kind = itemKind(path);
  const text =
    kind === 'markdown'
      ? notionToMarkdown({ blocks, fields: rowFieldsFromProperties(row.properties) })
      : notionToScript(blocks);
  const bytes = Buffer.from(text, 'utf8');
  await fs.mkdir(dirname(absPath), { recursive: true });
  // `wx`: a file created meanwhile is never overwritten.
  await fs.writeFile(absPath, bytes, { flag: 'wx' });

  // The row now matches the file: the restored text is what Notion's page converts to.
  const hash = contentHash({ hash: sha256(bytes) });
  // Our names, translated through the database's mapping (and left out where it has no such property).
  const properties: PageProperties = {
    'Content Hash': prop.text(hash),
    'Last Synced': prop.date(gw.serverNow().toISOString()),
  };
  const { lastEditedTime } = await updatePageProperties(gw, row.pageId, properties, db.names);
  const pushed = kind === 'markdown' ? markdownToBlocks(text, { path }).blocks : scriptToBlocks(path, text).blocks;
  const ids = pushed.length === tree.length ? tree.map((b) => b.id as string) : pushed.map(() => null);
  state.setPage(row.pageId, { path, hash, body: bodyOf(pushed, ids), lastEditedTime });
  await state.save();
  try {
    const bases = await BaseStore.open(ctx.config.root, ctx.stateDir);
    await bases.put(path, bytes, { pageId: row.pageId, lastEditedTime });
  } catch (err) {
    ctx.log?.('warn', `${path}: the pull base was not stored (${err instanceof Error ? err.message : String(err)})`);
  }
  return { path, pageId: row.pageId, url: row.url, bytes: bytes.length, apiCalls: gw.counts.total };
}

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(
    () => true,
    () => false,
  );
}
