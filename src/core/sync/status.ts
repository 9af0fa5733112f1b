import type { TriggerSummary } from '../inventory';
import type { EngineContext, NotionProblem } from './session';
import { loadState } from './session';
import type { ItemStatus, WorkspaceIndex } from './workspace-index';
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
}

/** `getStatus` plus what a tree shows beside the items: trigger files and the databases. Reads only. */
export async function getOverview(
  ctx: EngineContext,
  options: { paths?: string[]; category?: string } = {},
): Promise<Overview> {
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
