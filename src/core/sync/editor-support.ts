import type { Block } from '../content';
import { blocksToPlainText } from '../content';
import type { LocalItem, TriggerSummary } from '../inventory';
import { listChildren } from '../notion/blocks';
import type { NotionGateway } from '../notion/gateway';
import { classifyError, NotionError } from '../notion/errors';
import { convertItem } from './convert';
import type { EngineContext, NotionProblem } from './session';
import { loadState, makeGateway, openSession } from './session';
import type { ItemStatus, WorkspaceIndex } from './workspace-index';
import { buildIndex } from './workspace-index';

/*
 * Read-only helpers for front ends that show the state of a workspace (the editor): one call for
 * everything a tree needs, the text of both sides of an item for a diff, the pages a token can see.
 * No sync logic here: that stays in sync.ts.
 */

export interface Overview {
  workspace: string;
  notion: WorkspaceIndex['notion'];
  items: ItemStatus[];
  counts: Record<string, number>;
  triggers: TriggerSummary;
  /** Each category's database as resolved (title and link), when Notion was read. */
  databases: Record<string, { id?: string; title?: string; url?: string; problem?: NotionProblem }>;
  apiCalls: number;
}

/** `getStatus` plus what a tree shows beside the items: trigger files and the databases. Reads only. */
export async function getOverview(ctx: EngineContext, options: { paths?: string[]; category?: string } = {}): Promise<Overview> {
  const state = await loadState(ctx);
  const index = await buildIndex(ctx, state, options);
  await state.save();
  const counts: Record<string, number> = {};
  for (const item of index.items) counts[item.state] = (counts[item.state] ?? 0) + 1;
  const databases: Overview['databases'] = {};
  for (const [name, cat] of Object.entries(index.categories)) {
    databases[name] = { id: cat.databaseId, title: cat.db?.title, url: cat.db?.url, problem: cat.problem };
  }
  return {
    workspace: ctx.config.workspaceName,
    notion: index.notion,
    items: index.items,
    counts,
    triggers: index.inventory.triggers,
    databases,
    apiCalls: index.session?.gw.counts.total ?? 0,
  };
}

export interface ConnectionCheck {
  ok: boolean;
  /** The Notion workspace the token reaches (users.me → bot.workspace_name). */
  notionWorkspace?: string;
  botId?: string;
  problem?: NotionProblem;
}

/** Asks Notion who the token belongs to (`users.me`), never from the cache. */
export async function checkConnection(ctx: EngineContext): Promise<ConnectionCheck> {
  const state = await loadState(ctx);
  const opened = await openSession(ctx, state, { verify: true });
  await state.save();
  if (!opened.session) return { ok: false, problem: opened.problem };
  return { ok: true, notionWorkspace: opened.session.notionWorkspace, botId: opened.session.botId };
}

export interface PageChoice {
  id: string;
  title: string;
  url?: string;
  lastEditedTime?: string;
}

/** Pages shared with the integration (Notion's `search`), as candidates for the databases' parent. */
export async function searchParentPages(ctx: EngineContext, query = '', limit = 50): Promise<PageChoice[]> {
  if (!ctx.token) throw new NotionError('auth', 'No Notion token.');
  const gw = makeGateway(ctx, ctx.token);
  const res = (await gw.call('read', 'search', () =>
    gw.client.search({ query, filter: { property: 'object', value: 'page' }, page_size: Math.min(100, limit) } as never),
  )) as { results: Array<{ id: string; url?: string; last_edited_time?: string; properties?: Record<string, { type?: string; title?: Array<{ plain_text?: string }> }> }> };
  return res.results.map((p) => {
    const titleProp = Object.values(p.properties ?? {}).find((v) => v?.type === 'title');
    const title = (titleProp?.title ?? []).map((t) => t.plain_text ?? '').join('').trim();
    return { id: p.id, title: title || 'Untitled', url: p.url, lastEditedTime: p.last_edited_time };
  });
}

/** The local side of a comparison: the file as it would be sent (redacted, converted), as plain text. */
export async function localItemPlainText(item: LocalItem): Promise<string> {
  const converted = await convertItem(item);
  return blocksToPlainText(converted.blocks, { markers: true }) + '\n';
}

/** The Notion side of a comparison: the page's blocks (nested ones too) as plain text, rendered like the local side. */
export async function pagePlainText(ctx: EngineContext, pageId: string, options: { maxBlocks?: number } = {}): Promise<string> {
  if (!ctx.token) throw new NotionError('auth', 'No Notion token.');
  const gw = makeGateway(ctx, ctx.token);
  const budget = { left: options.maxBlocks ?? 5000 };
  try {
    const blocks = await readTree(gw, pageId, 0, budget);
    return blocksToPlainText(blocks, { markers: true }) + '\n';
  } catch (err) {
    throw err instanceof NotionError ? err : classifyError(err, 'blocks.children.list');
  }
}

async function readTree(gw: NotionGateway, parentId: string, depth: number, budget: { left: number }): Promise<Block[]> {
  const children = await listChildren(gw, parentId);
  budget.left -= children.length;
  const out: Block[] = [];
  for (const child of children) {
    const block = child as unknown as Block & { children?: Block[] };
    // Child pages and databases are other items, not part of this page's text.
    if (child.has_children && depth < 8 && budget.left > 0 && child.type !== 'child_page' && child.type !== 'child_database') {
      block.children = await readTree(gw, child.id, depth + 1, budget);
    }
    out.push(block);
  }
  return out;
}
