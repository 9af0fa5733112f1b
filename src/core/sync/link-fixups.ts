import type { RemoteRow } from '../notion/databases';
import type { Op } from './plan';
import type { SyncState } from './state';
import type { WorkspaceIndex } from './workspace-index';

/*
 * The order of a run's writes and the link fix-ups after them (links.ts). Moves and creates go first,
 * and a new document after the new documents it links to, so that most links resolve in the very
 * request that writes them; what still points at a page made later in the run (a cycle of links, or a
 * document the run did not otherwise touch) is fixed up at the end: one block diff of that document,
 * touching only the blocks with the links, then its Content Hash.
 */

/** The writes of a run in the order that resolves most links at once. */
export function orderForLinks(work: Op[]): Op[] {
  const rank = (op: Op): number => (op.action === 'move' || op.action === 'adopt' ? 0 : op.action === 'create' ? 1 : 2);
  const creates = new Map(work.filter((op) => op.action === 'create').map((op) => [op.status.path, op]));
  const sorted: Op[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (op: Op): void => {
    if (state.has(op.status.path)) return;
    state.set(op.status.path, 'visiting');
    for (const target of op.status.local?.links ?? []) {
      const next = creates.get(target);
      if (next && next !== op) visit(next);
    }
    state.set(op.status.path, 'done');
    sorted.push(op);
  };
  for (const op of creates.values()) visit(op);
  const others = work.filter((op) => op.action !== 'create');
  return [...others.filter((op) => rank(op) === 0), ...sorted, ...others.filter((op) => rank(op) === 2)];
}

/**
 * After a run's writes: the documents whose links now resolve differently from what their row says —
 * written earlier in this run, or unchanged ones linking to pages this run created — as update ops
 * against the page as this run (or the last) left it. Never a row in conflict or edited in Notion.
 */
export function linkFixups(
  index: WorkspaceIndex,
  ops: Op[],
  written: Set<Op>,
  state: SyncState,
): Array<{ op: Op; wasUnchanged: boolean }> {
  const out: Array<{ op: Op; wasUnchanged: boolean }> = [];
  for (const op of ops) {
    const local = op.status.local;
    if (!local?.links || local.links.length === 0) continue;
    const wanted = index.links.hashOf(local);
    if (written.has(op) && (op.action === 'create' || op.action === 'update' || op.action === 'adopt')) {
      const target = index.links.target(local.path);
      const pageId = target.kind === 'page' ? target.pageId : op.status.pageId;
      const memory = pageId ? state.data.pages[pageId] : undefined;
      if (!pageId || !memory || memory.incomplete || memory.hash === wanted) continue;
      const row = { ...op.status.row, pageId, lastEditedTime: memory.lastEditedTime, contentHash: memory.hash };
      out.push({
        op: { ...op, action: 'update', status: { ...op.status, pageId, row: row as RemoteRow } },
        wasUnchanged: false,
      });
    } else if (op.action === 'unchanged' && op.status.row && op.status.row.contentHash !== wanted) {
      out.push({ op: { ...op, action: 'update', linkPrint: undefined }, wasUnchanged: true });
    }
  }
  return out;
}

/**
 * For the plan: the documents a link fix-up will write again after the run's creates (a create that
 * links to a document created after it — a cycle — or an unchanged document linking to a new one).
 */
export function plannedFixups(ops: Op[]): Set<Op> {
  const order = orderForLinks(
    ops.filter((op) => op.action === 'create' || op.action === 'move' || op.action === 'adopt'),
  );
  const position = new Map(order.map((op, i) => [op.status.path, i]));
  const out = new Set<Op>();
  for (const op of ops) {
    const links = op.status.local?.links;
    if (!links || !['create', 'update', 'adopt', 'unchanged'].includes(op.action)) continue;
    const mine =
      op.action === 'create' || op.action === 'adopt'
        ? position.get(op.status.path)!
        : op.action === 'update'
          ? Infinity
          : -1;
    if (links.some((path) => (position.get(path) ?? -Infinity) >= mine && path !== op.status.path)) out.add(op);
  }
  return out;
}
