import { SCHEMAS } from '../notion/schema';
import type { WorkspaceIndex } from '../sync';
import type { AuditReport, Remediation, Severity } from './types';

const ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Every gap, with the one command that fixes it, most urgent first. */
export function remediate(r: AuditReport, index: WorkspaceIndex): Remediation[] {
  const out: Remediation[] = [];
  const problem = index.notion.problem;
  if (problem && (problem.reason === 'no-token' || problem.reason === 'auth')) {
    out.push({
      severity: 'critical',
      title: problem.message,
      command: 'notion-sync status --token <integration token>',
      editorCommand: 'notionSync.connect',
      detail: problem.fix,
    });
  } else if (problem && problem.reason === 'not-configured') {
    out.push({
      severity: 'critical',
      title: 'Notion databases are not set up for this workspace',
      command: 'notion-sync init --parent-page <page URL or id>',
      editorCommand: 'notionSync.initDatabases',
      detail: problem.fix,
    });
  } else if (problem) {
    out.push({
      severity: 'critical',
      title: `Notion could not be read: ${problem.message}`,
      command: '',
      detail: problem.fix,
    });
  }
  for (const [name, d] of Object.entries(r.details)) {
    const c = r.categories[name]!;
    const title = SCHEMAS[index.categories[name]!.role]?.title ?? name;
    if (d.problem && d.problem.reason !== 'no-token' && d.problem !== problem) {
      out.push({
        severity: 'critical',
        title: `${title}: ${d.problem.message}`,
        command: 'notion-sync init',
        editorCommand: 'notionSync.initDatabases',
        detail: d.problem.fix,
      });
    }
    if (c.missingInNotion > 0)
      out.push({
        severity: 'high',
        title: `${c.missingInNotion} ${title.toLowerCase()} file${s(c.missingInNotion)} missing in Notion`,
        command: `notion-sync sync --category ${name}`,
        editorCommand: 'notionSync.syncAll',
        detail: d.missing.map((m) => m.path).join(', '),
      });
    if (c.editedInNotion > 0)
      out.push({
        severity: 'high',
        title: `${c.editedInNotion} ${title.toLowerCase()} page${s(c.editedInNotion)} edited in Notion since the last sync`,
        command: `notion-sync status --category ${name}`,
        editorCommand: 'notionSync.openView',
        detail: `Review each, then overwrite with "notion-sync sync <path> --force" or copy the edits into the file: ${d.edited.map((e) => e.path).join(', ')}`,
      });
    if (c.modifiedLocally > 0)
      out.push({
        severity: 'medium',
        title: `${c.modifiedLocally} ${title.toLowerCase()} file${s(c.modifiedLocally)} changed since the last sync`,
        command: `notion-sync sync --category ${name}`,
        editorCommand: 'notionSync.syncAll',
        detail: d.modified.join(', '),
      });
    if (c.duplicatesInNotion > 0)
      out.push({
        severity: 'medium',
        title: `${c.duplicatesInNotion} duplicate row${s(c.duplicatesInNotion)} in ${title}`,
        command: `notion-sync prune --duplicates --category ${name}`,
        detail: d.duplicates.map((x) => `${x.path} (${x.urls.length} rows)`).join(', '),
      });
    if (d.adoptable.length > 0)
      out.push({
        severity: 'high',
        title: `${d.adoptable.length} row${s(d.adoptable.length)} in ${title} written by another tool match${d.adoptable.length === 1 ? 'es' : ''} local files but ${d.adoptable.length === 1 ? 'is' : 'are'} managed by no workspace`,
        command: `notion-sync adopt --category ${name}`,
        editorCommand: 'notionSync.adopt',
        detail: `Adopting writes their Workspace and Path (nothing is deleted; the next sync also adopts them instead of creating duplicates): ${d.adoptable.map((a) => a.path).join(', ')}`,
      });
    if (d.ambiguous.length > 0)
      out.push({
        severity: 'medium',
        title: `${d.ambiguous.length} ${title.toLowerCase()} file${s(d.ambiguous.length)} match${d.ambiguous.length === 1 ? 'es' : ''} several rows no workspace manages (not adopted, not created)`,
        command: `notion-sync adopt --category ${name} --dry-run`,
        editorCommand: 'notionSync.adopt',
        detail: `Give the right row the file's path in its "Path" property (or rename the others), then run "notion-sync adopt --category ${name}": ${d.ambiguous.map((a) => `${a.path} (${a.reason})`).join(', ')}`,
      });
    const listed = new Set([...d.adoptable.map((a) => a.url), ...d.ambiguous.flatMap((a) => a.urls)]);
    const stray = d.lookAlikes.filter((l) => !listed.has(l.url));
    const strayLookAlikes = stray.length;
    if (strayLookAlikes > 0)
      out.push({
        severity: 'low',
        title: `${strayLookAlikes} row${s(strayLookAlikes)} in ${title} managed by no workspace look${strayLookAlikes === 1 ? 's' : ''} like this workspace's items (same title)`,
        command: `notion-sync adopt --category ${name} --dry-run`,
        editorCommand: 'notionSync.adopt',
        detail: `They are left alone (a file that already has its row never takes a second one); review them in Notion: ${stray
          .slice(0, 20)
          .map((l) => l.url)
          .join(', ')}`,
      });
    if (c.orphanedInNotion > 0)
      out.push({
        severity: 'low',
        title: `${c.orphanedInNotion} row${s(c.orphanedInNotion)} in ${title} whose file no longer exists`,
        command: `notion-sync prune --orphans --category ${name}`,
        detail: d.orphaned.map((o) => o.path).join(', '),
      });
  }
  for (const p of r.schemaProblems) {
    out.push({
      severity: 'high',
      title: `${p.database} lacks property "${p.property}" (${p.expected})`,
      command: p.problem === 'missing' ? 'notion-sync init' : '',
      editorCommand: 'notionSync.initDatabases',
      detail: p.fix,
    });
  }
  const logs = r.executionLogs;
  if (logs.failedRuns.length > 0)
    out.push({
      severity: 'high',
      title: `${logs.failedRuns.length} recorded run${s(logs.failedRuns.length)} failed (latest: ${logs.failedRuns[0]!.name})`,
      command: '',
      detail: logs.failedRuns
        .slice(0, 5)
        .map((f) => f.url)
        .join(', '),
    });
  if (logs.available && logs.scriptsWithoutLog.length > 0)
    out.push({
      severity: 'medium',
      title: `${logs.scriptsWithoutLog.length} script${s(logs.scriptsWithoutLog.length)} never ran with an execution log`,
      command: `notion-sync run --script ${logs.scriptsWithoutLog[0]} -- <command>`,
      editorCommand: 'notionSync.runScript',
      detail: logs.scriptsWithoutLog.join(', '),
    });
  if (r.triggerFiles.staleInbox > 0)
    out.push({
      severity: 'high',
      title: `${r.triggerFiles.staleInbox} inbox trigger file${s(r.triggerFiles.staleInbox)} older than ${r.triggerFiles.staleAfterHours} h`,
      command: '',
      detail: `Process or move them: ${r.triggerFiles.oldestStale.map((f) => `${f.path} (${f.ageHours} h)`).join(', ')}`,
    });
  if (r.triggerFiles.failed > 0)
    out.push({
      severity: 'high',
      title: `${r.triggerFiles.failed} trigger file${s(r.triggerFiles.failed)} failed`,
      command: '',
      detail:
        'Find out why in the failed folder (and the Trigger Files database, State "failed"); move a fixed file back to the inbox to retry it.',
    });
  if (r.agentChats.notCaptured > 0)
    out.push({
      severity: 'medium',
      title: `${r.agentChats.notCaptured} agent chat session${s(r.agentChats.notCaptured)} not captured`,
      command: 'notion-sync chats capture --all',
      editorCommand: 'notionSync.captureChats',
    });
  if (r.agentChats.withNewTurns)
    out.push({
      severity: 'medium',
      title: `${r.agentChats.withNewTurns} captured agent chat session${s(r.agentChats.withNewTurns)} with new turns`,
      command: 'notion-sync chats capture --all',
      editorCommand: 'notionSync.captureChats',
    });
  if (r.skipped.length > 0)
    out.push({
      severity: 'low',
      title: `${r.skipped.length} file${s(r.skipped.length)} skipped`,
      command: '',
      detail: r.skipped.map((x) => `${x.path}: ${x.reason}`).join('; '),
    });
  return out.sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}

function s(n: number): string {
  return n === 1 ? '' : 's';
}
