import type { ItemStatus, PullReport, SyncReport, TriggerFilesReport } from '../core/sync';

const STATE_MARK: Record<string, string> = {
  synced: '✓',
  modified: 'M',
  'remote-modified': 'R',
  new: '+',
  conflict: '!',
  orphaned: '?',
  skipped: '-',
  error: '✗',
};

export function itemJson(i: ItemStatus): Record<string, unknown> {
  return {
    category: i.category,
    path: i.path,
    state: i.state,
    pageId: i.pageId ?? null,
    url: i.url ?? null,
    reason: i.reason ?? null,
  };
}

export function renderStatus(
  items: ItemStatus[],
  problem: { message: string; fix: string } | undefined,
  counts: Record<string, number>,
): string {
  const lines: string[] = [];
  const byCat = new Map<string, ItemStatus[]>();
  for (const i of items) byCat.set(i.category, [...(byCat.get(i.category) ?? []), i]);
  for (const [cat, list] of byCat) {
    lines.push(`${cat}:`);
    for (const i of list.sort((a, b) => a.path.localeCompare(b.path))) {
      lines.push(`  ${STATE_MARK[i.state] ?? ' '} ${i.state.padEnd(15)} ${i.path}${i.reason ? `  (${i.reason})` : ''}`);
    }
  }
  if (items.length === 0) lines.push('No items found. Check the category globs in .notion-sync.json.');
  lines.push(
    '',
    Object.entries(counts)
      .map(([s, n]) => `${n} ${s}`)
      .join(', ') || 'nothing',
  );
  if (problem) lines.push(`Notion: ${problem.message}\n  ${problem.fix}`);
  return lines.join('\n');
}

export function syncJson(r: SyncReport): Record<string, unknown> {
  return {
    created: r.created,
    adopted: r.adopted,
    updated: r.updated,
    moved: r.moved,
    unchanged: r.unchanged,
    conflicts: r.conflicts,
    failed: r.failed,
    apiCalls: r.apiCalls,
    reads: r.reads,
    writes: r.writes,
    dryRun: r.dryRun,
    cancelled: r.cancelled,
    executionLogPageId: r.executionLogPageId ?? null,
    skipped: r.skipped,
    failures: r.failures,
    conflictPaths: r.conflictPaths,
    secrets: r.secrets,
    plan: r.plan.map((p) => ({
      path: p.path,
      category: p.category,
      action: p.action,
      estimatedCalls: p.estimatedCalls,
      reason: p.reason ?? null,
    })),
    ...(r.triggerFiles ? { triggerFiles: triggerFilesJson(r.triggerFiles) } : {}),
  };
}

/** `triggerFiles` in `sync --json`: what the run did to the Trigger Files database. */
export function triggerFilesJson(t: TriggerFilesReport): Record<string, unknown> {
  return {
    created: t.created,
    updated: t.updated,
    unchanged: t.unchanged,
    failed: t.failed,
    tracked: t.tracked,
    stale: t.stale,
    failedFiles: t.failedFiles,
    backlog: t.backlog,
    gone: t.gone,
    duplicates: t.duplicates,
    shadowed: t.shadowed,
    tasksLinked: t.tasksLinked,
    tasksUnknown: t.tasksUnknown,
    apiCalls: t.apiCalls,
    ...(t.dryRun ? { plan: t.plan } : {}),
  };
}

export function renderSync(r: SyncReport): string {
  const lines: string[] = [];
  if (r.dryRun) {
    lines.push('Dry run: nothing was written. The plan:');
    const todo = r.plan.filter((p) => p.action !== 'unchanged');
    for (const p of todo)
      lines.push(
        `  ${p.action.padEnd(9)} ${p.path}  ~${p.estimatedCalls} request${p.estimatedCalls === 1 ? '' : 's'}${p.reason ? `  (${p.reason})` : ''}`,
      );
    if (todo.length === 0) lines.push('  nothing to do');
    lines.push(
      `Estimated: ${r.plan.reduce((n, p) => n + p.estimatedCalls, 0)} write requests (reads so far: ${r.reads}).`,
    );
  } else {
    lines.push(
      `created ${r.created}${r.adopted ? `, adopted ${r.adopted}` : ''}, updated ${r.updated}${r.moved ? `, moved ${r.moved}` : ''}, unchanged ${r.unchanged}, conflicts ${r.conflicts}, failed ${r.failed} — ${r.apiCalls} API calls (${r.reads} reads, ${r.writes} writes)${r.cancelled ? ' — CANCELLED' : ''}`,
    );
  }
  for (const c of r.conflictPaths)
    lines.push(
      `  conflict  ${c}: edited in Notion since the last sync; run "notion-sync sync ${c} --force" to overwrite`,
    );
  for (const f of r.failures) lines.push(`  failed    ${f.path}: ${f.reason}`);
  for (const s of r.skipped) lines.push(`  skipped   ${s.path}: ${s.reason}`);
  for (const s of r.secrets)
    lines.push(
      `  redacted  ${s.path}: ${s.count} secret${s.count === 1 ? '' : 's'} (${s.kinds.join(', ')}) replaced by [REDACTED:…]`,
    );
  const t = r.triggerFiles;
  if (t)
    lines.push(
      `trigger files: ${r.dryRun ? 'would create' : 'created'} ${t.created}, ${r.dryRun ? 'update' : 'updated'} ${t.updated}, unchanged ${t.unchanged}, failed ${t.failed} — ${t.tracked} tracked (${t.stale} stale, ${t.failedFiles} failed), ${t.backlog} processed in the backlog row${t.gone ? `, ${t.gone} gone` : ''} — ${t.apiCalls} API calls`,
    );
  if (r.executionLogNote) lines.push(`  note: ${r.executionLogNote}`);
  return lines.join('\n');
}

export function pullJson(r: PullReport): Record<string, unknown> {
  return {
    pulled: r.pulled,
    merged: r.merged,
    conflicts: r.conflicts,
    unchanged: r.unchanged,
    failed: r.failed,
    apiCalls: r.apiCalls,
    reads: r.reads,
    writes: r.writes,
    dryRun: r.dryRun,
    cancelled: r.cancelled,
    items: r.items.map((i) => ({ path: i.path, category: i.category, action: i.action, reason: i.reason ?? null })),
  };
}

export function renderPull(r: PullReport): string {
  const lines = [
    `${r.dryRun ? 'Dry run (nothing written): would pull' : 'pulled'} ${r.pulled}, merged ${r.merged}, conflicts ${r.conflicts}, unchanged ${r.unchanged}, failed ${r.failed} — ${r.apiCalls} API calls${r.cancelled ? ' — CANCELLED' : ''}`,
  ];
  for (const i of r.items) {
    if (i.action === 'unchanged') continue;
    const note =
      i.action === 'conflict'
        ? ': changed on both sides; conflict markers written — resolve them, then sync'
        : i.reason
          ? `: ${i.reason}`
          : '';
    lines.push(
      `  ${i.action.padEnd(9)} ${i.path}${r.dryRun && i.action === 'conflict' ? ': changed on both sides' : note}`,
    );
  }
  return lines.join('\n');
}
