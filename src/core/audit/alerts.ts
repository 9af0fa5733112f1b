import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AuditReport, Severity } from './types';

/**
 * Monitoring: what a scheduled audit alerts on. An audit is reduced to a snapshot of its critical
 * gaps (sets of names); the next audit compares with the snapshot saved last time and alerts only on
 * what is new, one alert per kind naming the new items. Nothing new: no alert.
 */
export type AlertKind =
  | 'stale-trigger-files'
  | 'failed-runs'
  | 'scripts-without-log'
  | 'edited-in-notion'
  | 'duplicates'
  | 'notion-unreachable';

export interface AuditSnapshot {
  version: 1;
  generatedAt: string;
  workspace: string;
  /** Per kind, the names of the items that have the gap (paths, run links). */
  gaps: Record<AlertKind, string[]>;
}

export interface Alert {
  kind: AlertKind;
  severity: Severity;
  title: string;
  /** The new items, named. */
  items: string[];
  command: string;
}

const KINDS: Record<AlertKind, { severity: Severity; noun: string; title: string; command: string }> = {
  'stale-trigger-files': {
    severity: 'critical',
    noun: 'trigger file',
    title: 'stale in the inbox',
    command: 'process or move them',
  },
  'failed-runs': {
    severity: 'critical',
    noun: 'failed run',
    title: 'recorded in Execution Logs',
    command: 'open the Execution Logs rows',
  },
  'scripts-without-log': {
    severity: 'high',
    noun: 'script',
    title: 'without an execution log (runs are not recorded)',
    command: 'notion-sync run --script PATH -- CMD',
  },
  'edited-in-notion': {
    severity: 'high',
    noun: 'page',
    title: 'edited in Notion since the last sync',
    command: 'notion-sync status',
  },
  duplicates: {
    severity: 'high',
    noun: 'duplicated key',
    title: 'with more than one row in Notion',
    command: 'notion-sync prune --duplicates',
  },
  'notion-unreachable': {
    severity: 'critical',
    noun: 'audit',
    title: 'could not read Notion',
    command: 'check the token and the network',
  },
};

/** The critical gaps of an audit, by kind. */
export function snapshotOf(r: AuditReport): AuditSnapshot {
  const edited: string[] = [];
  const duplicates: string[] = [];
  for (const d of Object.values(r.details)) {
    edited.push(...d.edited.map((e) => e.path));
    duplicates.push(...d.duplicates.map((e) => e.path));
  }
  const stale = r.triggerFiles.oldestStale.map((f) => f.path);
  // Only the oldest few are named by the audit; the rest still count, by number.
  for (let i = stale.length; i < r.triggerFiles.staleInbox; i++) stale.push(`(stale trigger file #${i + 1})`);
  const reachable = r.notion.reachable || !r.notion.configured;
  return {
    version: 1,
    generatedAt: r.generatedAt,
    workspace: r.workspace,
    gaps: {
      'stale-trigger-files': stale.sort(),
      // When Notion was not read these lists are unknown, not empty: keep them out of the comparison.
      'failed-runs': r.executionLogs.available ? r.executionLogs.failedRuns.map((f) => f.url || f.name).sort() : [],
      'scripts-without-log': r.executionLogs.available ? [...r.executionLogs.scriptsWithoutLog].sort() : [],
      'edited-in-notion': reachable ? edited.sort() : [],
      duplicates: reachable ? [...new Set(duplicates)].sort() : [],
      'notion-unreachable': reachable ? [] : [r.notion.error ?? 'Notion was not read'],
    },
  };
}

/**
 * What is new since `previous`: one alert per kind with new items. Without a previous snapshot every
 * current critical gap is new (a monitor that starts must not stay silent about what it finds).
 * Kinds the previous audit could not see (Notion not read) are not compared against it.
 */
export function compareAudits(previous: AuditSnapshot | undefined, current: AuditSnapshot): Alert[] {
  const alerts: Alert[] = [];
  for (const kind of Object.keys(KINDS) as AlertKind[]) {
    const before = new Set(previous?.gaps[kind] ?? []);
    const fresh =
      kind === 'notion-unreachable'
        ? previous?.gaps[kind].length
          ? []
          : current.gaps[kind]
        : current.gaps[kind].filter((x) => !before.has(x));
    if (fresh.length === 0) continue;
    const k = KINDS[kind];
    const named = fresh.slice(0, 5).join(', ') + (fresh.length > 5 ? ` and ${fresh.length - 5} more` : '');
    alerts.push({
      kind,
      severity: k.severity,
      title:
        kind === 'notion-unreachable'
          ? `The audit could not read Notion: ${fresh[0]}`
          : `${fresh.length} new ${k.noun}${fresh.length === 1 ? '' : 's'} ${k.title}: ${named}`,
      items: fresh,
      command: k.command,
    });
  }
  return alerts;
}

/** Where the last audit's snapshot of a workspace is kept (next to the sync cache). */
export function snapshotFile(stateDir: string, workspaceRoot: string): string {
  const id = createHash('sha256').update(workspaceRoot).digest('hex').slice(0, 20);
  return join(stateDir, 'audits', `${id}.json`);
}

export async function loadSnapshot(file: string): Promise<AuditSnapshot | undefined> {
  try {
    const data = JSON.parse(await fs.readFile(file, 'utf8')) as AuditSnapshot;
    return data && data.version === 1 && data.gaps ? data : undefined;
  } catch {
    return undefined;
  }
}

export async function saveSnapshot(file: string, snapshot: AuditSnapshot): Promise<void> {
  await fs.mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  await fs.writeFile(tmp, `${JSON.stringify(snapshot, null, 2)}\n`);
  await fs.rename(tmp, file);
}

/** Compares an audit with the previous one saved for this workspace, then saves it as the new previous. */
export async function auditAlerts(
  report: AuditReport,
  options: { stateDir: string; workspaceRoot: string },
): Promise<{ alerts: Alert[]; previousAt?: string }> {
  const file = snapshotFile(options.stateDir, options.workspaceRoot);
  const previous = await loadSnapshot(file);
  const current = snapshotOf(report);
  const alerts = compareAudits(previous, current);
  // An audit that could not read Notion keeps the remote lists of the last one that could.
  if (previous && current.gaps['notion-unreachable'].length > 0)
    for (const k of ['failed-runs', 'scripts-without-log', 'edited-in-notion', 'duplicates'] as AlertKind[])
      current.gaps[k] = previous.gaps[k];
  await saveSnapshot(file, current);
  return { alerts, previousAt: previous?.generatedAt };
}
