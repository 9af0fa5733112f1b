import type { RemoteRow, ResolvedDatabase } from '../notion/databases';
import type { BlockLike } from '../notion/blocks';
import { comparableBody } from '../notion/adopt-body';
import type { SyncState } from './state';
import type { NotionGateway } from '../notion/gateway';
import type { PageProperties } from '../notion/props';
import { prop } from '../notion/props';
import { updatePageProperties } from '../notion/requests';
import { INCOMPLETE_HASH } from './rows';

/**
 * Claims a row no workspace manages for a file (issue 17): one properties update writes its key
 * (`Workspace` + `Path`) and `Category`, and marks its body `incomplete` — from then on every run (this
 * machine's, a teammate's) finds it by its key, so no second row is ever made for the file, and a run
 * interrupted before the body was written finishes it. Nothing else of the row is touched here: no
 * property people made is renamed, retyped or cleared, and the row is never trashed.
 */
export async function claimRow(
  gw: NotionGateway,
  db: Pick<ResolvedDatabase, 'names'>,
  row: Pick<RemoteRow, 'pageId'>,
  key: { workspace: string; path: string },
  category: string,
): Promise<{ pageId: string; lastEditedTime: string; path: string; contentHash: string }> {
  const properties: PageProperties = {
    Workspace: prop.text(key.workspace),
    Path: prop.text(key.path),
    Category: prop.select(category),
    'Content Hash': prop.text(INCOMPLETE_HASH),
  };
  // Our names, translated to the database's (and left out where it has no such property) on the way out.
  const { lastEditedTime } = await updatePageProperties(gw, row.pageId, properties, db.names);
  return { pageId: row.pageId, lastEditedTime, path: key.path, contentHash: INCOMPLETE_HASH };
}

/**
 * Adopts a row for a file: reads its body (one request per 100 blocks) — refusing a page that holds
 * sub-pages — then claims the row and leaves its body, made comparable, in this machine's memory, so
 * that `updateRow` brings it to the file's content by block diff (unchanged blocks kept) or, when
 * cheaper, by a rewrite. Returns the row as `updateRow` takes it.
 */
export async function adoptRow(
  gw: NotionGateway,
  state: SyncState,
  db: Pick<ResolvedDatabase, 'names'>,
  row: Pick<RemoteRow, 'pageId'>,
  key: { workspace: string; path: string },
  category: string,
  blocks: BlockLike[],
): Promise<{ pageId: string; lastEditedTime: string; path: string }> {
  const body = await comparableBody(gw, row.pageId, blocks);
  const claimed = await claimRow(gw, db, row, key, category);
  state.setPage(row.pageId, { path: key.path, hash: '', body, lastEditedTime: claimed.lastEditedTime });
  return { pageId: row.pageId, lastEditedTime: claimed.lastEditedTime, path: key.path };
}
