/* eslint-disable @typescript-eslint/no-explicit-any -- the CLI's JSON documents */
/** The job summary (and PR comment) the Action writes: counts first, then the plan, alerts and the audit. */

export interface StepResult {
  step: 'sync' | 'plan' | 'audit';
  category?: string;
  code: number;
  json: any;
  /** The audit's markdown report. */
  markdown?: string;
}

const cell = (s: unknown): string =>
  String(s ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');

export function renderSummary(results: StepResult[], context: { event: string; runUrl?: string }): string {
  const L: string[] = [];
  const steps = [...new Set(results.map((r) => r.step))];
  L.push(`## Notion Workspace Sync — ${steps.join(' + ') || 'nothing ran'}`, '');
  L.push(`Event: \`${context.event || 'unknown'}\`${context.runUrl ? ` · [run](${context.runUrl})` : ''}`, '');
  for (const r of results.filter((x) => x.json?.error)) {
    L.push(
      `> [!CAUTION]`,
      `> **${r.step}${r.category ? ` (${r.category})` : ''} failed:** ${cell(r.json.error.message)}`,
      `> **Fix:** ${cell(r.json.error.fix)}`,
      '',
    );
  }
  const syncs = results.filter((r) => (r.step === 'sync' || r.step === 'plan') && r.json && !r.json.error);
  if (syncs.length) {
    L.push('| Step | Category | Created | Adopted | Updated | Unchanged | Conflicts | Failed | API calls |');
    L.push('|---|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of syncs) {
      const j = r.json;
      const planned = (a: string): number => (j.plan ?? []).filter((p: any) => p.action === a).length;
      const created = r.step === 'plan' ? `${planned('create')} (planned)` : j.created;
      // Rows other tools wrote, claimed for their files instead of a duplicate (notion-sync adopt).
      const adopted = r.step === 'plan' ? `${planned('adopt')} (planned)` : (j.adopted ?? 0);
      const updated = r.step === 'plan' ? `${planned('update')} (planned)` : j.updated;
      L.push(
        `| ${r.step === 'plan' ? 'plan (dry run)' : 'sync'} | ${r.category ?? 'all'} | ${created} | ${adopted} | ${updated} | ${j.unchanged} | ${j.conflicts} | ${j.failed} | ${j.apiCalls} |`,
      );
    }
    L.push('');
  }
  for (const r of results.filter((x) => x.step === 'plan' && x.json?.plan)) {
    const todo = (r.json.plan as any[]).filter((p) => p.action !== 'unchanged');
    L.push(`### Plan${r.category ? ` — ${r.category}` : ''} (dry run: nothing was written)`, '');
    if (todo.length === 0) L.push('Nothing to do: Notion is in step with this branch.', '');
    else {
      L.push('| Action | Path | Requests | Note |', '|---|---|---:|---|');
      for (const p of todo.slice(0, 200))
        L.push(`| ${p.action} | \`${cell(p.path)}\` | ${p.estimatedCalls} | ${cell(p.reason ?? '')} |`);
      if (todo.length > 200) L.push(`| … | ${todo.length - 200} more | | |`);
      L.push('');
    }
  }
  for (const r of results.filter((x) => x.step === 'sync' && x.json && !x.json.error)) {
    const lines = [
      ...(r.json.failures ?? []).map((f: any) => `- failed \`${cell(f.path)}\`: ${cell(f.reason)}`),
      ...(r.json.conflictPaths ?? []).map(
        (p: string) => `- conflict \`${cell(p)}\`: edited in Notion since the last sync`,
      ),
    ];
    if (lines.length) L.push('### Needs attention', '', ...lines, '');
  }
  for (const r of results.filter((x) => x.step === 'audit' && x.json && !x.json.error?.code?.startsWith('usage'))) {
    const alerts = (r.json.alerts ?? []) as any[];
    if (r.json.alerts) {
      L.push('### Alerts since the last audit', '');
      if (alerts.length === 0) L.push('No new critical gap since the last audit.', '');
      for (const a of alerts)
        L.push(`- **${cell(a.severity)}** ${cell(a.title)}${a.command ? ` — \`${a.command}\`` : ''}`);
      if (alerts.length) L.push('');
    }
    const gaps = (r.json.remediation ?? []) as any[];
    L.push(`### Audit: ${gaps.length === 0 ? 'no gaps' : `${gaps.length} finding${gaps.length === 1 ? '' : 's'}`}`, '');
    for (const g of gaps.slice(0, 30))
      L.push(`- **${g.severity}** ${cell(g.title)}${g.command ? ` — \`${g.command}\`` : ''}`);
    if (gaps.length) L.push('');
    if (r.markdown) {
      L.push(
        '<details><summary>Full audit report</summary>',
        '',
        r.markdown.replace(/^#/gm, '###'),
        '',
        '</details>',
        '',
      );
    }
  }
  return L.join('\n');
}
