import type { Inventory } from '../inventory';
import { scanWorkspace } from '../inventory';
import type { RemoteRow } from '../notion/databases';
import type { MatchFile } from './adopt-match';
import { matchRows } from './adopt-match';
import type { EngineContext } from './session';
import type { CategoryIndex, IndexOptions, ItemStatus } from './workspace-index';

/**
 * Adoption in the index (issue 17): the unmanaged rows each category's query returned are matched to
 * its local files (adopt-match.ts), and each file with no row of ours learns the row it will take
 * (`adopt`) or the rows it could be (`adoptCandidates`, never guessed). Costs no request: the rows came
 * with the category's one query per 100 rows. A run limited to some paths still judges uniqueness
 * against every file of the category (one more local scan, only when there are unmanaged rows).
 */
export async function adoptionFor(
  ctx: EngineContext,
  inventory: Inventory,
  categories: Record<string, CategoryIndex>,
  items: ItemStatus[],
  options: IndexOptions,
): Promise<void> {
  const wanted = Object.values(categories).filter((c) => c.unmanaged.length > 0 && !c.problem);
  if (wanted.length === 0) return;
  const universe = options.paths ? await scanWorkspace(ctx.config, { signal: ctx.signal }) : inventory;
  for (const cat of wanted) {
    const ours = new Set(cat.rows.map((r) => r.path));
    const claimedHere = new Set(
      items.filter((i) => i.category === cat.name && (i.pageId || i.state === 'skipped')).map((i) => i.path),
    );
    const files: MatchFile[] = [
      ...universe.items
        .filter((i) => i.category === cat.name)
        .map((i) => ({ path: i.path, claimed: ours.has(i.path) || claimedHere.has(i.path) })),
      ...universe.skipped.filter((s) => s.category === cat.name).map((s) => ({ path: s.path, claimed: true })),
    ];
    const result = matchRows<RemoteRow>(files, cat.unmanaged);
    cat.adoption = result;
    const matched = new Map(result.matches.map((m) => [m.path, m]));
    const ambiguous = new Map(result.ambiguous.map((a) => [a.path, a]));
    for (const item of items) {
      if (item.category !== cat.name || item.state !== 'new' || !item.local || item.pageId) continue;
      const m = matched.get(item.path);
      if (m) {
        item.adopt = { row: m.row, by: m.by };
        item.reason = `matches the row "${m.row.name}" no workspace manages (by ${m.by}): sync adopts it`;
        continue;
      }
      const a = ambiguous.get(item.path);
      if (a) {
        item.adoptCandidates = a.candidates;
        item.reason = `${a.candidates.length} row${a.candidates.length === 1 ? '' : 's'} no workspace manages could be this file (${a.reason}); run "notion-sync adopt --category ${cat.name} --dry-run" to see them`;
      }
    }
  }
}
