import type { AuditReport, CategoryCounts } from './types';

/** The audit as the contract's JSON (CONTRACT.md §4), with the details after the required keys. */
export function auditJson(r: AuditReport): Record<string, unknown> {
  return {
    generatedAt: r.generatedAt,
    workspace: r.workspace,
    notion: {
      configured: r.notion.configured,
      reachable: r.notion.reachable,
      ...(r.notion.error ? { error: r.notion.error, fix: r.notion.fix } : {}),
    },
    categories: r.categories,
    executionLogs: {
      runsRecorded: r.executionLogs.runsRecorded,
      scriptsWithoutLog: r.executionLogs.scriptsWithoutLog,
      lastRunAt: r.executionLogs.lastRunAt,
      failedRuns: r.executionLogs.failedRuns,
      ...(r.executionLogs.error ? { error: r.executionLogs.error } : {}),
    },
    triggerFiles: {
      inbox: r.triggerFiles.inbox,
      processed: r.triggerFiles.processed,
      failed: r.triggerFiles.failed,
      staleInbox: r.triggerFiles.staleInbox,
      oldestStale: r.triggerFiles.oldestStale,
    },
    agentChats: {
      sessionsFound: r.agentChats.sessionsFound,
      captured: r.agentChats.captured,
      notCaptured: r.agentChats.notCaptured,
      byTool: r.agentChats.byTool,
      ...(r.agentChats.error ? { error: r.agentChats.error } : {}),
    },
    remediation: r.remediation.map((x) => ({
      severity: x.severity,
      title: x.title,
      command: x.command,
      ...(x.detail ? { detail: x.detail } : {}),
    })),
    apiCalls: r.apiCalls,
    schemaProblems: r.schemaProblems,
    skipped: r.skipped,
    details: r.details,
    executionLogPageId: r.executionLogPageId ?? null,
  };
}

const COLUMNS: Array<[keyof CategoryCounts, string]> = [
  ['local', 'Local'],
  ['notion', 'In Notion'],
  ['inSync', 'In sync'],
  ['modifiedLocally', 'Modified locally'],
  ['missingInNotion', 'Missing in Notion'],
  ['orphanedInNotion', 'Orphaned in Notion'],
  ['duplicatesInNotion', 'Duplicates'],
  ['editedInNotion', 'Edited in Notion'],
  ['unmanagedInNotion', 'Unmanaged'],
  ['lookAlikes', 'Look-alikes'],
  ['otherWorkspaces', 'Other workspaces'],
];

const TITLES: Record<string, string> = {
  plans: 'Plans',
  reports: 'Reports',
  scripts: 'Scripts',
  agentChats: 'Agent Chats',
};

/** A readable report: summary table first, then each category's details, then remediation. */
export function auditMarkdown(r: AuditReport): string {
  const L: string[] = [];
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  L.push(`# Notion sync audit — ${r.workspace}`, '');
  L.push(
    `Generated ${r.generatedAt}${r.notion.notionWorkspace ? ` · Notion workspace “${r.notion.notionWorkspace}”` : ''} · ${r.apiCalls} API call${r.apiCalls === 1 ? '' : 's'} (reads only)`,
    '',
  );
  if (!r.notion.reachable) {
    L.push(
      `> [!WARNING]`,
      `> **The Notion side was not read:** ${r.notion.error ?? 'not configured'}`,
      `> **Fix:** ${r.notion.fix ?? ''}`,
      `> Local counts below are exact; Notion columns are 0 because they could not be read, not because the rows are missing.`,
      '',
    );
  }
  const critical = r.remediation.filter((x) => x.severity === 'critical' || x.severity === 'high').length;
  L.push(
    `**${r.remediation.length === 0 ? 'No gaps: everything is in sync.' : `${r.remediation.length} finding${r.remediation.length === 1 ? '' : 's'}, ${critical} critical or high.`}**`,
    '',
  );

  L.push('## Summary', '');
  L.push(`| Category | ${COLUMNS.map(([, t]) => t).join(' | ')} |`);
  L.push(`|---|${COLUMNS.map(() => '---:').join('|')}|`);
  for (const [name, c] of Object.entries(r.categories)) {
    L.push(`| ${TITLES[name] ?? name} | ${COLUMNS.map(([k]) => String(c[k])).join(' | ')} |`);
  }
  L.push('');
  const t = r.triggerFiles;
  const e = r.executionLogs;
  const a = r.agentChats;
  L.push('| Area | Status |', '|---|---|');
  L.push(
    `| Execution logs | ${e.available ? `${e.runsRecorded} runs recorded, last ${e.lastRunAt ?? 'never'}, ${e.failedRuns.length} failed, ${e.scriptsWithoutLog.length} script(s) never logged` : cell(e.error ?? 'not available')} |`,
  );
  L.push(
    `| Trigger files | inbox ${t.inbox} · processed ${t.processed} · failed ${t.failed} · stale inbox ${t.staleInbox} (older than ${t.staleAfterHours} h) |`,
  );
  L.push(
    `| Agent chats | ${
      a.error
        ? cell(a.error)
        : `${a.sessionsFound} session(s) found, ${a.captured} captured, ${a.notCaptured} not captured${
            Object.keys(a.byTool).length
              ? ` (${Object.entries(a.byTool)
                  .map(([k, v]) => `${k} ${v}`)
                  .join(', ')})`
              : ''
          }`
    } |`,
  );
  L.push('');

  L.push('## Details', '');
  for (const [name, d] of Object.entries(r.details)) {
    const title = TITLES[name] ?? name;
    L.push(`### ${title}`, '');
    if (d.database)
      L.push(`Database: ${d.database.url ? `[${d.database.title || title}](${d.database.url})` : d.database.id}`, '');
    if (d.problem) L.push(`- **Not read:** ${d.problem.message} ${d.problem.fix}`);
    const c = r.categories[name]!;
    const none =
      !d.problem &&
      d.missing.length + d.modified.length + d.orphaned.length + d.duplicates.length + d.edited.length === 0 &&
      c.unmanagedInNotion + c.otherWorkspaces === 0;
    if (none)
      L.push(
        r.categories[name]!.local === 0 && r.categories[name]!.notion === 0
          ? '- No items in this category.'
          : `- All ${r.categories[name]!.local} item(s) in sync.`,
      );
    for (const m of d.missing)
      L.push(
        `- Missing in Notion: \`${m.path}\`${m.movedFrom ? ` (probably moved from \`${m.movedFrom}\`; sync keeps its page)` : ''}`,
      );
    for (const m of d.modified) L.push(`- Modified locally: \`${m}\``);
    for (const x of d.edited) L.push(`- Edited in Notion at ${x.at}: [\`${x.path}\`](${x.url})`);
    for (const x of d.duplicates)
      L.push(
        `- Duplicate rows for \`${x.path}\`: ${x.urls.map((u, i) => `[${i === 0 ? 'kept' : `extra ${i}`}](${u})`).join(', ')}`,
      );
    for (const x of d.orphaned) L.push(`- Orphaned (file gone): [\`${x.path}\`](${x.url})`);
    if (c.unmanagedInNotion > 0)
      L.push(
        `- ${c.unmanagedInNotion} row${c.unmanagedInNotion === 1 ? '' : 's'} managed by no workspace (no Workspace key), ${c.lookAlikes} of them titled like this workspace's items; fix: \`notion-sync adopt --category ${name}\``,
      );
    for (const x of d.adoptable) L.push(`- Adoptable: [${cell(x.title)}](${x.url}) → \`${x.path}\` (by ${x.by})`);
    for (const x of d.ambiguous)
      L.push(
        `- Ambiguous (not adopted): \`${x.path}\` — ${cell(x.reason)}: ${x.urls.map((u, i) => `[row ${i + 1}](${u})`).join(', ')}`,
      );
    for (const [ws, n] of Object.entries(d.otherWorkspaces))
      L.push(`- ${n} row${n === 1 ? '' : 's'} of the workspace “${cell(ws)}” (left alone)`);
    L.push('');
  }
  if (e.available && (e.scriptsWithoutLog.length > 0 || e.failedRuns.length > 0)) {
    L.push('### Execution logs', '');
    for (const sPath of e.scriptsWithoutLog) L.push(`- Never run with a log: \`${sPath}\``);
    for (const f of e.failedRuns.slice(0, 10))
      L.push(`- Failed run: [${f.name}](${f.url})${f.at ? ` at ${f.at}` : ''}`);
    L.push('');
  }
  if (t.staleInbox > 0) {
    L.push('### Trigger files', '');
    for (const f of t.oldestStale) L.push(`- Stale in inbox: \`${f.path}\` (${f.ageHours} h old)`);
    L.push('');
  }
  if (a.notCapturedSessions.length > 0) {
    L.push('### Agent chats not captured', '');
    for (const sess of a.notCapturedSessions.slice(0, 20)) L.push(`- ${sess.tool}: ${sess.title} (\`${sess.id}\`)`);
    L.push('');
  }
  if (r.schemaProblems.length > 0) {
    L.push('### Schema problems', '');
    for (const p of r.schemaProblems)
      L.push(
        `- ${p.database}: \`${p.property}\` ${p.problem === 'missing' ? 'is missing' : `is ${p.actual}`} (expected ${p.expected}). Fix: ${p.fix}`,
      );
    L.push('');
  }
  if (r.skipped.length > 0) {
    L.push('### Skipped files', '');
    for (const sk of r.skipped) L.push(`- \`${sk.path}\`: ${sk.reason}`);
    L.push('');
  }

  L.push('## Remediation', '');
  if (r.remediation.length === 0) L.push('Nothing to do.');
  r.remediation.forEach((x, i) => {
    const how = x.command ? `\`${x.command}\`` : 'manual';
    L.push(`${i + 1}. **[${x.severity}]** ${x.title} — ${how}${x.detail ? `  \n   ${x.detail}` : ''}`);
  });
  L.push('');
  return L.join('\n');
}
