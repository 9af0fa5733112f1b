import { promises as fs } from 'node:fs';
import type { PageBody } from '../notion/block-diff';
import type { RemoteRow } from '../notion/databases';
import type { PageProperties } from '../notion/props';
import { updatePageProperties } from '../notion/requests';
import { markdownItemHash } from '../inventory/image-refs';
import { adoptRow } from './adopt-claim';
import { convertItem } from './convert';
import { attachImages, markAttached } from './images';
import type { Op } from './plan';
import { BaseStore, sha256 } from './pull';
import { createRow, rowProperties, updateRow } from './rows';
import type { EngineContext, NotionSession } from './session';
import type { SyncState } from './state';
import type { RunSeal } from './seals';
import type { WorkspaceIndex } from './workspace-index';

/*
 * Writing one planned item to Notion (create, update, move, adopt) and what follows from the write: the
 * page memory the next diff starts from, the pull base, and the row as the write left it.
 */

function itemProperties(ctx: EngineContext, session: NotionSession, op: Op, hash: string): PageProperties {
  const local = op.status.local!;
  return rowProperties(
    {
      title: op.converted!.title,
      workspace: ctx.config.workspaceName,
      path: local.path,
      category: op.status.category,
      contentHash: hash,
      lastSynced: session.gw.serverNow(),
      localModified: new Date(local.mtimeMs).toISOString(),
    },
    op.converted!.extraProperties,
  );
}

/** Writes one planned item; returns the row as the write left it (front ends apply it without a read). */
export async function execute(
  ctx: EngineContext,
  session: NotionSession,
  state: SyncState,
  index: WorkspaceIndex,
  op: Op,
  seal?: RunSeal,
): Promise<{ category: string; row: RemoteRow }> {
  const cat = index.categories[op.status.category]!;
  const db = cat.db!;
  const gw = session.gw;
  const local = op.status.local!;
  // A move writes properties only: its body, and so the links it resolved, stay as the row says.
  const hash = op.action === 'move' ? op.status.movedFrom!.contentHash : index.links.hashOf(local);
  const print = index.links.fingerprint(local);
  if (op.action !== 'move' && (!op.converted || op.linkPrint !== print)) {
    // Targets got their rows since the plan (earlier in this run): convert again, links resolved.
    op.converted = await convertItem(local, { resolveLink: index.links.resolverFor(local) });
    op.linkPrint = print;
  }
  const blocks = op.converted!.blocks;
  const remember = (pageId: string, body: PageBody, lastEditedTime: string): void =>
    state.setPage(pageId, { path: local.path, hash, body, lastEditedTime });

  if (op.action === 'move') {
    const page = await updatePageProperties(gw, op.status.pageId!, itemProperties(ctx, session, op, hash), db.names);
    index.links.forget(op.status.movedFrom!.path, op.status.pageId!);
    index.links.setPage(local.path, op.status.pageId!);
    const memory = state.data.pages[op.status.pageId!];
    if (memory) remember(op.status.pageId!, memory.body, page.lastEditedTime);
    await recordBase(ctx, local, op.status.pageId!, page.lastEditedTime, op.status.movedFrom?.path);
    return leftAs(ctx, session, op, { pageId: op.status.pageId!, lastEditedTime: page.lastEditedTime }, hash);
  }

  const images = await attachImages(gw, state, local, op.converted!.localImages); // callouts → uploaded images
  const key = { workspace: ctx.config.workspaceName, path: local.path };
  // Adoption: the row becomes ours (its key, one request) before its body is brought to the file's.
  const claimed =
    op.action === 'adopt'
      ? await adoptRow(gw, state, db, op.status.adopt!.row, key, op.status.category, blocks)
      : undefined;
  const written =
    op.action === 'create'
      ? await createRow(gw, state, db, key, itemProperties(ctx, session, op, hash), blocks, ctx.log, {
          checkTwin: false, // checked once for all the run's creates (settleCreates)
          seal: seal && { run: seal, hash },
        })
      : await updateRow(
          gw,
          db,
          state,
          claimed ?? {
            pageId: op.status.pageId!,
            lastEditedTime: op.status.row!.lastEditedTime,
            path: local.path,
            contentHash: op.status.row!.contentHash,
          },
          itemProperties(ctx, session, op, hash),
          blocks,
          ctx.log,
        );
  index.links.setPage(local.path, written.pageId);
  if (written.adopted && written.adopted.contentHash !== hash) {
    // Never a base this file had: the next run shows the row as a conflict instead of overwriting it.
    state.noteSeen(written.pageId, 'concurrent-create');
    // Another machine created this file's row at the same moment, with other content: its row stays.
    throw new ConcurrentWriteError(
      `another machine created the row of ${local.path} at the same time with other content; its version was kept (sync again with --force to replace it)`,
    );
  }
  remember(written.pageId, written.body, written.lastEditedTime);
  markAttached(state, images.hashes);
  await recordBase(ctx, local, written.pageId, written.lastEditedTime);
  if (op.action === 'create' && !written.adopted) op.created = { pageId: written.pageId, hash, body: written.body };
  return leftAs(ctx, session, op, written, hash);
}

/** The row as a write left it: the key, hash and edit time it now has, the rest as it was. */
function leftAs(
  ctx: EngineContext,
  session: NotionSession,
  op: Op,
  written: { pageId: string; url?: string; lastEditedTime: string },
  hash: string,
): { category: string; row: RemoteRow } {
  const before = op.status.row ?? op.status.movedFrom;
  const local = op.status.local!;
  return {
    category: op.status.category,
    row: {
      pageId: written.pageId,
      url: written.url ?? (before?.pageId === written.pageId ? before.url : undefined) ?? op.status.url ?? '',
      path: local.path,
      workspace: ctx.config.workspaceName,
      name: op.converted?.title ?? before?.name ?? local.path,
      contentHash: hash,
      lastSynced: written.lastEditedTime,
      createdTime: before?.pageId === written.pageId ? before.createdTime : written.lastEditedTime,
      lastEditedTime: written.lastEditedTime,
      lastEditedBy: session.botId,
      properties: before?.pageId === written.pageId ? before.properties : {},
    },
  };
}

/**
 * The pushed file is what both sides now agree on: the base of the next pull's three-way merge.
 * A cache like the rest of the state: failing to store it costs a safe fallback, not the push.
 */
async function recordBase(
  ctx: EngineContext,
  local: { path: string; absPath: string; hash: string; kind: string },
  pageId: string,
  lastEditedTime: string,
  movedFrom?: string,
): Promise<void> {
  try {
    const bytes = await fs.readFile(local.absPath);
    // Changed since it was read: not what was pushed (a markdown file's hash includes its local images).
    const hash = local.kind === 'markdown' ? markdownItemHash(bytes, local.absPath, local.path) : sha256(bytes);
    if (hash !== local.hash) return;
    const bases = await BaseStore.open(ctx.config.root, ctx.stateDir);
    await bases.put(local.path, bytes, { pageId, lastEditedTime });
    // A moved file's base moves with it (the row's hash is this file's: the bytes both sides agree on).
    if (movedFrom !== undefined && movedFrom !== local.path) await bases.delete(movedFrom);
  } catch (err) {
    ctx.log?.(
      'warn',
      `${local.path}: the pull base was not stored (${err instanceof Error ? err.message : String(err)})`,
    );
  }
}

/** Another writer's version of a row won a race; ours was not written. Reported as a conflict. */
export class ConcurrentWriteError extends Error {}
