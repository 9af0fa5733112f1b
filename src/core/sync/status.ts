import type { TriggerSummary } from '../inventory';
import type { EngineContext, NotionProblem } from './session';
import { loadState } from './session';
import type { RemoteRow } from '../notion/databases';
import type { IndexOptions, ItemStatus, WorkspaceIndex } from './workspace-index';
import { buildIndex } from './workspace-index';

export interface StatusReport {
  workspace: string;
  notion: WorkspaceIndex['notion'];
  items: ItemStatus[];
  counts: Record<string, number>;
  apiCalls: number;
}

/** The state of every item, as the tree badges and `notion-sync status` show it. Reads only. */
export async function getStatus(
  ctx: EngineContext,
  options: { paths?: string[]; category?: string } = {},
): Promise<StatusReport> {
  const state = await loadState(ctx);
  const index = await buildIndex(ctx, state, options);
  await state.save();
  const counts: Record<string, number> = {};
  for (const item of index.items) counts[item.state] = (counts[item.state] ?? 0) + 1;
  return {
    workspace: ctx.config.workspaceName,
    notion: index.notion,
    items: index.items,
    counts,
    apiCalls: index.session?.gw.counts.total ?? 0,
  };
}

export interface Overview {
  workspace: string;
  notion: WorkspaceIndex['notion'];
  items: ItemStatus[];
  counts: Record<string, number>;
  triggers: TriggerSummary;
  /** Each category's database as resolved (title and link), when Notion was read. */
  databases: Record<string, { id?: string; title?: string; url?: string; problem?: NotionProblem }>;
  apiCalls: number;
  /**
   * The rows read (or given as known) of each category whose database could be read: what a later
   * overview can start from (`knownRows`), brought up to date by `checkRemote` and by sync reports.
   */
  rows: Record<string, RemoteRow[]>;
  /** Notion's clock when this read began: a later `checkRemote` asks for rows edited since then. */
  readAt?: string;
}

/** `getStatus` plus what a tree shows beside the items: trigger files and the databases. Reads only. */
export async function getOverview(
  ctx: EngineContext,
  options: Pick<IndexOptions, 'paths' | 'category' | 'knownRows'> = {},
): Promise<Overview> {
  const state = await loadState(ctx);
  const began = Date.now();
  const index = await buildIndex(ctx, state, options);
  // The gateway learns Notion's clock from its answers; before any, it is ours.
  const readAt = index.session
    ? new Date(index.session.gw.serverNow().getTime() - (Date.now() - began)).toISOString()
    : undefined;
  await state.save();
  const counts: Record<string, number> = {};
  for (const item of index.items) counts[item.state] = (counts[item.state] ?? 0) + 1;
  const databases: Overview['databases'] = {};
  const rows: Overview['rows'] = {};
  for (const [name, cat] of Object.entries(index.categories)) {
    databases[name] = { id: cat.databaseId, title: cat.db?.title, url: cat.db?.url, problem: cat.problem };
    if (cat.db && !cat.problem && !options.paths) rows[name] = cat.rows;
  }
  return {
    workspace: ctx.config.workspaceName,
    notion: index.notion,
    items: index.items,
    counts,
    triggers: index.inventory.triggers,
    databases,
    apiCalls: index.session?.gw.counts.total ?? 0,
    rows,
    readAt: options.knownRows ? undefined : readAt,
  };
}
