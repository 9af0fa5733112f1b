import type { EngineContext } from './session';
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
