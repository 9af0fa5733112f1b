import { queryRows } from '../notion/databases';
import { AmbiguousWriteError, NotionError } from '../notion/errors';
import type { NotionGateway } from '../notion/gateway';
import type { BlockLike, PageBody } from '../notion/blocks';
import { createPage, rewriteBody, writeBody } from '../notion/pages';
import type { PageProperties } from '../notion/props';
import { prop } from '../notion/props';
import { updatePageProperties } from '../notion/requests';
import type { ResolvedDatabase } from '../notion/databases';
import type { LogFn } from './session';
import type { SyncState } from './state';

export interface WrittenRow {
  pageId: string;
  url?: string;
  body: PageBody;
  lastEditedTime: string;
}

/**
 * Creates the row for `key` with its body — once. A create whose answer was lost (timeout, reset,
 * 500 after the write) is never repeated blindly: the key is looked up first, and a row found
 * there is adopted and brought to the wanted content.
 */
export async function createRow(
  gw: NotionGateway,
  state: SyncState,
  dataSourceId: string,
  key: { workspace: string; path: string },
  properties: PageProperties,
  blocks: BlockLike[],
  log?: LogFn,
): Promise<WrittenRow> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { page, body } = await createPage(gw, dataSourceId, properties, blocks);
      return { pageId: page.id, url: page.url, body, lastEditedTime: page.last_edited_time };
    } catch (err) {
      const pageId = (err as { pageId?: string }).pageId;
      if (pageId) {
        // Created, but the body failed partway: say so in Notion and here, so the next run rewrites it.
        await markIncomplete(gw, state, pageId, key.path, log);
        throw err;
      }
      if (!(err instanceof AmbiguousWriteError) || attempt >= 3) throw err;
      const found = await queryRows(gw, dataSourceId, key);
      if (found.length > 0) {
        const row = found.sort((a, b) => a.createdTime.localeCompare(b.createdTime))[0]!;
        const body = await rewriteBody(gw, row.pageId, blocks);
        const { lastEditedTime } = await updatePageProperties(gw, row.pageId, properties);
        return { pageId: row.pageId, url: row.url, body, lastEditedTime };
      }
      log?.('warn', `Creating ${key.path} failed without an answer and no row exists: trying again`);
    }
  }
}

/**
 * Brings an existing row's body and properties to the wanted state: a block diff against what
 * we wrote last time when this machine remembers it, else a rewrite.
 */
export async function updateRow(
  gw: NotionGateway,
  state: SyncState,
  row: { pageId: string; lastEditedTime: string; path: string },
  properties: PageProperties,
  blocks: BlockLike[],
  log?: LogFn,
): Promise<WrittenRow> {
  const memory = state.data.pages[row.pageId];
  let previous: PageBody | undefined;
  const trusted = !!memory && memory.lastEditedTime === row.lastEditedTime;
  if (memory && !memory.incomplete) {
    // Block ids are trusted only when the page is exactly as we left it; otherwise they are listed again.
    previous = trusted ? memory.body : { ...memory.body, ids: memory.body.ids.map(() => null) };
  }
  try {
    const { body } = await writeBody(gw, row.pageId, previous, blocks, { trustedIds: trusted });
    const { lastEditedTime } = await updatePageProperties(gw, row.pageId, properties);
    return { pageId: row.pageId, body, lastEditedTime };
  } catch (err) {
    if (!(err instanceof NotionError && err.kind === 'cancelled'))
      await markIncomplete(gw, state, row.pageId, row.path, log);
    throw err;
  }
}

/** After a partial write: the row must not claim the new content hash. Best effort. */
async function markIncomplete(
  gw: NotionGateway,
  state: SyncState,
  pageId: string,
  path: string,
  log?: LogFn,
): Promise<void> {
  const memory = state.data.pages[pageId];
  state.setPage(pageId, {
    path,
    hash: memory?.hash ?? '',
    body: memory?.body ?? { hashes: [], ids: [], types: [] },
    lastEditedTime: memory?.lastEditedTime ?? '',
    incomplete: true,
  });
  try {
    await updatePageProperties(gw, pageId, { 'Content Hash': prop.text('incomplete') });
  } catch (err) {
    log?.(
      'warn',
      `Could not mark ${path} as incomplete in Notion: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/**
 * The properties of an item row: its key (Workspace + Path), the sync bookkeeping and the extras of
 * its kind, keeping only those the database has (a missing optional property is an audit finding,
 * not a failed write).
 */
export function rowProperties(
  db: Pick<ResolvedDatabase, 'properties'>,
  row: {
    title: string;
    workspace: string;
    path: string;
    category: string;
    contentHash: string;
    lastSynced: Date;
    localModified: string;
  },
  extra: PageProperties = {},
): PageProperties {
  const titleName = Object.entries(db.properties).find(([, t]) => t === 'title')?.[0] ?? 'Name';
  const all: PageProperties = {
    [titleName]: prop.title(row.title),
    Workspace: prop.text(row.workspace),
    Path: prop.text(row.path),
    Category: prop.select(row.category),
    'Content Hash': prop.text(row.contentHash),
    'Last Synced': prop.date(row.lastSynced.toISOString()),
    'Local Modified': prop.date(row.localModified),
    ...extra,
  };
  return Object.fromEntries(Object.entries(all).filter(([name]) => name in db.properties));
}
