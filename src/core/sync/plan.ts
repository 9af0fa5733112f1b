import type { PageBody } from '../notion/block-diff';
import { estimateAppendCalls } from '../notion/blocks';
import { diffBlocks, diffCost } from '../notion/block-diff';
import { createCost } from '../notion/pages';
import { readItemText } from '../inventory';
import type { ConvertedItem } from './convert';
import { convertItem } from './convert';
import { uploadRequests } from './images';
import { hasConflictMarkers } from './pull';
import { rowIncomplete } from './rows';
import type { SyncState } from './state';
import type { ItemStatus, WorkspaceIndex } from './workspace-index';

/* Plan, then act (DESIGN.md principle 2): what a sync will do with each item, and what it will cost. */

export interface SyncOptions {
  paths?: string[];
  category?: string;
  dryRun?: boolean;
  force?: boolean;
  /** How long a sync waits for another run on this machine to release the workspace (ms, default 30 000). */
  lockWaitMs?: number;
  /** Pull Notion's edits into the files first (`sync --two-way`, `"twoWay": true`); not with `force`. */
  twoWay?: boolean;
  /** Only the items that adopt a row no workspace manages (`notion-sync adopt`). */
  adoptOnly?: boolean;
  /** Called with the index the plan is made from (`adopt` reports its matches from it). */
  onIndex?: (index: WorkspaceIndex) => void;
  /** Write the run's Execution Logs row (default true; the editor leaves it out for its own small syncs). */
  executionLog?: boolean;
  /** (Set by the sync itself.) Multi-request creates are sealed by the run's log row: no completion write each. */
  sealed?: boolean;
}

/** `adopt`: claim a row no workspace manages (issue 17); `ambiguous`: several such rows could be it — left alone. */
export type PlanAction = 'create' | 'update' | 'move' | 'adopt' | 'ambiguous' | 'conflict' | 'unchanged' | 'fail';

export interface PlanEntry {
  category: string;
  path: string;
  action: PlanAction;
  estimatedCalls: number;
  reason?: string;
  pageId?: string;
}

/** One item's operation: planned here, carried out by sync.ts. */
export interface Op {
  status: ItemStatus;
  /** The row this run created for the item (checked for twins at the end of the run). */
  created?: { pageId: string; hash: string; body: PageBody };
  action: PlanAction;
  converted?: ConvertedItem;
  /** The link fingerprint (links.ts) the blocks were converted with: converted again when it changed. */
  linkPrint?: string;
  estimatedCalls: number;
  reason?: string;
}

/** What to do with one item, and how many requests it should take. */
export async function planItem(
  status: ItemStatus,
  index: WorkspaceIndex,
  state: SyncState,
  options: SyncOptions,
): Promise<Op> {
  const cat = index.categories[status.category]!;
  if (status.state === 'error') return { status, action: 'fail', estimatedCalls: 0, reason: status.reason };
  if (status.state === 'synced') return { status, action: 'unchanged', estimatedCalls: 0 };
  // Never a second row for a file an existing row (no workspace's) could be: see adopt-match.ts.
  if (status.adoptCandidates) return { status, action: 'ambiguous', estimatedCalls: 0, reason: status.reason };
  if ((status.state === 'conflict' || status.state === 'remote-modified') && !options.force) {
    return {
      status,
      action: 'conflict',
      estimatedCalls: 0,
      reason: `${status.reason}; not overwritten without --force`,
    };
  }
  if (!cat.db) {
    return {
      status,
      action: 'fail',
      estimatedCalls: 0,
      reason: cat.problem ? `${cat.problem.message} ${cat.problem.fix}` : `No database for ${status.category}.`,
    };
  }
  let converted: ConvertedItem;
  try {
    if (hasConflictMarkers(await readItemText(status.local!)))
      return {
        status,
        action: 'fail',
        estimatedCalls: 0,
        reason: 'the file has conflict markers (<<<<<<< local … >>>>>>> notion) from a pull; resolve them first',
      };
    converted = await convertItem(status.local!, { resolveLink: index.links.resolverFor(status.local!) });
  } catch (err) {
    return {
      status,
      action: 'fail',
      estimatedCalls: 0,
      reason: `cannot be converted: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  const linkPrint = index.links.fingerprint(status.local!);
  // Local images not uploaded before: their upload requests come first.
  const uploads = await uploadRequests(state, status.local!, converted.localImages);
  // Read its body (comparable: adopt-body.ts), claim it (one properties update), the body (a rewrite at most), the properties.
  if (status.adopt)
    return {
      status,
      action: 'adopt',
      converted,
      linkPrint,
      estimatedCalls: 4 + estimateAppendCalls(converted.blocks) + uploads,
      reason: status.reason,
    };
  if (status.state === 'new')
    return {
      status,
      action: 'create',
      converted,
      linkPrint,
      estimatedCalls: createCost(converted.blocks, !options.sealed) + uploads,
    };
  if (status.movedFrom) return { status, action: 'move', converted, linkPrint, estimatedCalls: 1 };
  const memory = state.data.pages[status.pageId!];
  let bodyCalls: number;
  const rewrite = 1 + estimateAppendCalls(converted.blocks);
  const intact = memory && !memory.incomplete && memory.lastEditedTime === status.row?.lastEditedTime;
  if (intact && !rowIncomplete(status.row!)) {
    const types = memory.body.types.map((t) => ({ type: t.replace(/\+$/, ''), hasChildren: t.endsWith('+') }));
    const listing = memory.body.ids.some((id) => id === null) ? Math.ceil(memory.body.hashes.length / 100) : 0;
    bodyCalls = Math.min(
      diffCost(diffBlocks(memory.body.hashes, converted.blocks, types), converted.blocks) + listing,
      rewrite,
    );
  } else bodyCalls = rewrite;
  return {
    status,
    action: 'update',
    converted,
    linkPrint,
    estimatedCalls: bodyCalls + 1 + uploads,
    reason:
      status.state === 'conflict' || status.state === 'remote-modified'
        ? `${status.reason ?? 'edited in Notion'}; overwritten (--force)`
        : status.reason,
  };
}
