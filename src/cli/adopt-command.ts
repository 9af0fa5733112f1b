import { runAdopt } from '../core/sync';
import type { AdoptReport } from '../core/sync';
import { CATEGORY_OPTION, categoryOption } from './args';
import type { Command } from './types';
import { ExitCode } from './types';

/**
 * `adopt --json` (CONTRACT §3). As everywhere in the contract, a bare key is a count (`adopted`,
 * `unmatched`, `failed`) and a list is a list (`ambiguous`); the adopted files are listed under `items`
 * (with --dry-run: those that would be), the rows left alone under `unmatchedRows`.
 */
export function adoptJson(r: AdoptReport): Record<string, unknown> {
  return {
    adopted: r.adopted.length,
    ambiguous: r.ambiguous,
    unmatched: r.unmatched.length,
    failed: r.failed.length,
    items: r.adopted.map((a) => ({ ...a, action: r.dryRun ? 'would-adopt' : 'adopted' })),
    unmatchedRows: r.unmatched,
    failures: r.failed,
    apiCalls: r.apiCalls,
    reads: r.reads,
    writes: r.writes,
    dryRun: r.dryRun,
    cancelled: r.cancelled,
    executionLogPageId: r.executionLogPageId ?? null,
    plan: r.sync.plan.map((p) => ({
      path: p.path,
      category: p.category,
      action: p.action,
      estimatedCalls: p.estimatedCalls,
      pageId: p.pageId ?? null,
    })),
  };
}

export function renderAdopt(r: AdoptReport): string {
  const lines: string[] = [];
  const verb = r.dryRun ? 'would adopt' : 'adopted';
  if (r.dryRun) lines.push('Dry run: nothing was written. The plan:');
  for (const a of r.adopted) lines.push(`  ${verb} ${a.path}  ← "${a.title}" (by ${a.by})  ${a.url}`);
  for (const a of r.ambiguous) {
    lines.push(`  ambiguous ${a.path}: ${a.reason}; left alone. Candidates:`);
    for (const c of a.candidates) lines.push(`      "${c.title}"${c.path ? ` (path ${c.path})` : ''}  ${c.url}`);
  }
  for (const u of r.unmatched)
    lines.push(`  unmatched "${u.title}"${u.path ? ` (path ${u.path})` : ''}: ${u.reason}  ${u.url}`);
  for (const f of r.failed) lines.push(`  failed    ${f.path}: ${f.reason}`);
  lines.push(
    `${verb} ${r.adopted.length}, ambiguous ${r.ambiguous.length}, unmatched ${r.unmatched.length}, failed ${r.failed.length} — ${r.apiCalls} API calls (${r.reads} reads, ${r.writes} writes)${r.cancelled ? ' — CANCELLED' : ''}`,
  );
  if (r.ambiguous.length > 0)
    lines.push(
      'Ambiguous files are never guessed: give the right row the file\'s path in its "Path" property (or rename the others), then run adopt again.',
    );
  return lines.join('\n');
}

export const adoptCommand: Command = {
  name: 'adopt',
  summary: 'claim the rows other tools wrote (no Workspace/Path) for the local files they match; nothing is deleted',
  usage: 'adopt [--category C] [--dry-run]',
  options: {
    category: CATEGORY_OPTION,
    'dry-run': {
      type: 'boolean',
      description: 'make no write request; print the plan (adopted, ambiguous, unmatched)',
    },
  },
  details:
    'A row is matched to a file by its "Path" property (workspace-relative; "./" and backslashes are fine), else by a title equal to the file name ' +
    '(with or without its extension) when that is unique both ways; case is ignored. Several rows for one file, or one row that fits several ' +
    "files, are listed as ambiguous and left alone. Adopting writes the row's Workspace, Path and Category (one request), then its body and " +
    'properties as sync does. A plain "sync" adopts the same rows instead of creating a second one.',
  async run(ctx) {
    const config = await ctx.loadConfig();
    const category = categoryOption(ctx, config);
    const report = await runAdopt(ctx.engine(config), { category, dryRun: !!ctx.values['dry-run'] });
    if (ctx.out.json) ctx.out.resultJson(adoptJson(report));
    else ctx.out.result(renderAdopt(report));
    if (report.cancelled) return ctx.interrupted() ? ExitCode.interrupted : ExitCode.itemsFailed;
    return report.failed.length > 0 ? ExitCode.itemsFailed : ExitCode.ok;
  },
};
