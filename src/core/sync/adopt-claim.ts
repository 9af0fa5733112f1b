import type { RemoteRow, ResolvedDatabase } from '../notion/databases';
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
  db: Pick<ResolvedDatabase, 'properties'>,
  row: Pick<RemoteRow, 'pageId'>,
  key: { workspace: string; path: string },
  category: string,
): Promise<{ pageId: string; lastEditedTime: string; path: string; contentHash: string }> {
  const all: PageProperties = {
    Workspace: prop.text(key.workspace),
    Path: prop.text(key.path),
    Category: prop.select(category),
    'Content Hash': prop.text(INCOMPLETE_HASH),
  };
  const properties = Object.fromEntries(Object.entries(all).filter(([name]) => name in db.properties));
  const { lastEditedTime } = await updatePageProperties(gw, row.pageId, properties);
  return { pageId: row.pageId, lastEditedTime, path: key.path, contentHash: INCOMPLETE_HASH };
}
