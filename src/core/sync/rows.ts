import { queryRows } from '../notion/databases';
import type { RemoteRow } from '../notion/databases';
import { AmbiguousWriteError, NotionError } from '../notion/errors';
import type { NotionGateway } from '../notion/gateway';
import type { BlockLike } from '../notion/blocks';
import type { PageBody } from '../notion/block-diff';
import { bodyOf, createNeedsAppends, createPage, rewriteBody, writeBody } from '../notion/pages';
import type { PageProperties } from '../notion/props';
import { prop } from '../notion/props';
import { trashPage, updatePageProperties } from '../notion/requests';
import type { RowTarget } from '../notion/names';
import { TITLE } from '../notion/names';
import type { LogFn } from './session';
import type { SyncState } from './state';
import type { RunSeal } from './seals';
import { INCOMPLETE_HASH, parseSealed, sealedHash } from './seals';

export interface WrittenRow {
  pageId: string;
  url?: string;
  body: PageBody;
  lastEditedTime: string;
  /**
   * Another writer created the same key at the same moment and its row survives (ours went to the
   * trash). `contentHash` is what the surviving row holds: equal to ours when both wrote the same file.
   */
  adopted?: { contentHash: string };
}

export { INCOMPLETE_HASH };

/**
 * Whether a row's `Content Hash` says its body is not known to be complete: empty, `incomplete`, or a
 * run's tag that was not resolved (seals.ts; the index resolves the tags of the rows it reads).
 */
export function rowIncomplete(row: { contentHash: string }): boolean {
  return row.contentHash === '' || row.contentHash === INCOMPLETE_HASH || parseSealed(row.contentHash) !== undefined;
}

/**
 * Of several rows with one key, the one every writer keeps: the earliest created, then the smallest id.
 * Every writer that sees the same rows picks the same one, whatever order it saw them in.
 */
export function survivorOrder(a: Pick<RemoteRow, 'createdTime' | 'pageId'>, b: typeof a): number {
  return a.createdTime.localeCompare(b.createdTime) || a.pageId.localeCompare(b.pageId);
}

class LostRace extends Error {
  constructor(readonly survivor: RemoteRow) {
    super(`another writer created ${survivor.path} at the same time`);
  }
}

/**
 * Creates the row for `key` with its body — once. A body that needs follow-up appends is never marked
 * complete before its last append, so a crash at any point leaves a row that says so in Notion itself,
 * and the next run finishes it: either the row is created as `incomplete` and its final `Content Hash`
 * written last (one more request), or — with `seal`, in a run that writes its log row anyway — it is
 * created as `run:<id>;<hash>` and the run's log row seals it with every other such page (seals.ts).
 *
 * A create whose answer was lost (timeout, reset, 500 after the write) is never repeated blindly: the
 * key is looked up first, and a row found there is adopted and brought to the wanted content.
 *
 * Two writers (two processes, two machines) may create the same key at once: after its create each
 * writer reads the key again; of several rows the earliest created (then the smallest id) survives,
 * the others are moved to the trash, and a writer whose row lost adopts the survivor.
 */
export async function createRow(
  gw: NotionGateway,
  state: SyncState,
  db: RowTarget,
  key: { workspace: string; path: string },
  properties: PageProperties,
  blocks: BlockLike[],
  log?: LogFn,
  options: { checkTwin?: boolean; seal?: { run: RunSeal; hash: string } } = {},
): Promise<WrittenRow> {
  const checkTwin = options.checkTwin ?? true;
  const finalHash = properties['Content Hash'];
  const staged = finalHash !== undefined && createNeedsAppends(blocks);
  const seal = staged ? options.seal : undefined;
  const initial: PageProperties = staged
    ? { ...properties, 'Content Hash': prop.text(seal ? sealedHash(seal.run.id, seal.hash) : INCOMPLETE_HASH) }
    : properties;
  let created: string | undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      const { page, body } = await createPage(gw, db, initial, blocks, async (pageId) => {
        created = pageId;
        seal?.run.open.add(pageId);
        if (checkTwin) await settleKey(gw, db, key, pageId, log);
      });
      let lastEditedTime = page.last_edited_time;
      // Sealed with the run's other pages by its log row: no write of its own.
      if (seal) {
        seal.run.open.delete(page.id);
        seal.run.pages.push(page.id);
      } else if (staged) {
        try {
          ({ lastEditedTime } = await updatePageProperties(gw, page.id, { 'Content Hash': finalHash }, db.names));
        } catch (err) {
          if (!trashed(err)) throw err;
          await settleKey(gw, db, key, page.id, log);
          throw err;
        }
      }
      return { pageId: page.id, url: page.url, body, lastEditedTime };
    } catch (err) {
      if (err instanceof LostRace) return adopt(gw, db, key, err.survivor, blocks, finalHash, log);
      const pageId = (err as { pageId?: string }).pageId ?? created;
      if (pageId && trashed(err)) {
        // Our row went to the trash while we wrote it: another writer's twin survives.
        const found = (await queryRows(gw, db, key)).sort(survivorOrder)[0];
        if (found && found.pageId !== pageId) return adopt(gw, db, key, found, blocks, finalHash, log);
      }
      if ((err as { pageId?: string }).pageId) {
        // Created, but the body failed partway: say so in Notion and here, so the next run rewrites it.
        // Said in Notion: the row no longer carries the run's tag (else the run stays unsealed).
        if (await markIncomplete(gw, db, state, pageId!, key.path, log)) seal?.run.open.delete(pageId!);
        throw err;
      }
      if (!(err instanceof AmbiguousWriteError) || attempt >= 3) throw err;
      const found = await queryRows(gw, db, key);
      if (found.length > 0) {
        const row = found.sort(survivorOrder)[0]!;
        const body = await rewriteBody(gw, row.pageId, blocks);
        const { lastEditedTime } = await updatePageProperties(gw, row.pageId, properties, db.names);
        seal?.run.open.delete(row.pageId); // complete, with its plain hash
        return { pageId: row.pageId, url: row.url, body, lastEditedTime };
      }
      log?.('warn', `Creating ${key.path} failed without an answer and no row exists: trying again`);
    }
  }
}

/**
 * Reads the key again after our create. With one row (ours) nothing happens. With several, the
 * survivor is kept and the others — provable duplicates: same key, created later — go to the trash;
 * when ours is not the survivor, `LostRace` stops our write.
 */
async function settleKey(
  gw: NotionGateway,
  db: RowTarget,
  key: { workspace: string; path: string },
  mine: string,
  log?: LogFn,
): Promise<void> {
  const rows = (await queryRows(gw, db, key)).sort(survivorOrder);
  if (rows.length === 0) return;
  const survivor = rows[0]!;
  for (const row of rows.slice(1)) {
    log?.('info', `${key.path}: ${row.pageId} duplicates ${survivor.pageId} (created at the same time); trashing it`);
    await trashQuietly(gw, row.pageId);
  }
  // Ours lost, or is gone already: the other writer looked first and trashed it.
  if (survivor.pageId !== mine) throw new LostRace(survivor);
}

/**
 * Our row lost to another writer's twin: wait briefly for that writer to finish its body (its hash
 * stops being `incomplete`), then take its row as ours. Nothing is written to it here.
 */
async function adopt(
  gw: NotionGateway,
  db: RowTarget,
  key: { workspace: string; path: string },
  survivor: RemoteRow,
  blocks: BlockLike[],
  ours: PageProperties[string] | undefined,
  log?: LogFn,
): Promise<WrittenRow> {
  let row = survivor;
  for (let waited = 0; rowIncomplete(row) && waited < ADOPT_WAIT_MS; waited += 250) {
    await new Promise((r) => setTimeout(r, 250));
    row = (await queryRows(gw, db, key)).sort(survivorOrder)[0] ?? row;
  }
  log?.('info', `${key.path}: another writer created this row at the same time; keeping its row ${row.pageId}`);
  const same = !!ours && JSON.stringify(ours) === JSON.stringify(prop.text(row.contentHash));
  return {
    pageId: row.pageId,
    url: row.url,
    // The same content hash means the same blocks (the hash covers the converter's version).
    body: same
      ? bodyOf(
          blocks,
          blocks.map(() => null),
        )
      : { hashes: [], ids: [], types: [] },
    lastEditedTime: row.lastEditedTime,
    adopted: { contentHash: row.contentHash },
  };
}

const ADOPT_WAIT_MS = 10_000;

function trashed(err: unknown): boolean {
  return err instanceof NotionError && err.kind === 'validation' && /archived|trash/i.test(err.message);
}

export async function trashQuietly(gw: NotionGateway, pageId: string): Promise<void> {
  try {
    await trashPage(gw, pageId);
  } catch (err) {
    if (!(err instanceof NotionError && (err.kind === 'not-found' || trashed(err)))) throw err;
  }
}

/**
 * Brings an existing row's body and properties to the wanted state: a block diff against what
 * we wrote last time when this machine remembers it, else a rewrite.
 */
export async function updateRow(
  gw: NotionGateway,
  db: RowTarget,
  state: SyncState,
  row: { pageId: string; lastEditedTime: string; path: string; contentHash?: string },
  properties: PageProperties,
  blocks: BlockLike[],
  log?: LogFn,
): Promise<WrittenRow> {
  const memory = state.data.pages[row.pageId];
  let previous: PageBody | undefined;
  // The body is diffed only against a page exactly as we left it. Anything else — an interrupted
  // write of ours (the row says `incomplete`, or it was edited after our last recorded write), another
  // writer, a person with --force — is rewritten: a diff against a body that is not what we think
  // would leave blocks out of place while the row claims the new hash.
  const trusted =
    !!memory &&
    !memory.incomplete &&
    memory.lastEditedTime === row.lastEditedTime &&
    !(row.contentHash !== undefined && rowIncomplete({ contentHash: row.contentHash }));
  if (trusted) previous = memory.body;
  try {
    const { body, kept } = await writeBody(gw, row.pageId, previous, blocks, { trustedIds: trusted });
    for (const id of kept?.moved ?? [])
      log?.('info', `${row.path}: Notion cannot move block ${id}; it stays where it is in Notion (placeholder moved)`);
    for (const id of kept?.gone ?? [])
      log?.('info', `${row.path}: block ${id} of a placeholder is no longer in Notion; nothing written for it`);
    // The hash goes last, with the other properties: only a complete body is ever marked current.
    const { lastEditedTime } = await updatePageProperties(gw, row.pageId, properties, db.names);
    return { pageId: row.pageId, body, lastEditedTime };
  } catch (err) {
    if (!(err instanceof NotionError && err.kind === 'cancelled'))
      await markIncomplete(gw, db, state, row.pageId, row.path, log);
    throw err;
  }
}

/** After a partial write: the row must not claim the new content hash. Best effort: false when Notion was not told. */
async function markIncomplete(
  gw: NotionGateway,
  db: RowTarget,
  state: SyncState,
  pageId: string,
  path: string,
  log?: LogFn,
): Promise<boolean> {
  const memory = state.data.pages[pageId];
  state.setPage(pageId, {
    path,
    hash: memory?.hash ?? '',
    body: memory?.body ?? { hashes: [], ids: [], types: [] },
    lastEditedTime: memory?.lastEditedTime ?? '',
    incomplete: true,
  });
  try {
    await updatePageProperties(gw, pageId, { 'Content Hash': prop.text(INCOMPLETE_HASH) }, db.names);
    return true;
  } catch (err) {
    log?.(
      'warn',
      `Could not mark ${path} as incomplete in Notion: ${err instanceof Error ? err.message : String(err)}`,
    );
    return false;
  }
}

/**
 * The properties of an item row, by our names: its key (Workspace + Path), the sync bookkeeping and the
 * extras of its kind. The write translates them through the database's names and keeps only those the
 * database has (a missing optional property is an audit finding, not a failed write).
 */
export function rowProperties(
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
  return {
    [TITLE]: prop.title(row.title),
    Workspace: prop.text(row.workspace),
    Path: prop.text(row.path),
    Category: prop.select(row.category),
    'Content Hash': prop.text(row.contentHash),
    'Last Synced': prop.date(row.lastSynced.toISOString()),
    'Local Modified': prop.date(row.localModified),
    ...extra,
  };
}
