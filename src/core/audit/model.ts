import type { RemoteRow, SchemaProblem } from '../notion/databases';
import { queryRows, schemaProblems } from '../notion/databases';
import { readDate, readSelect, readText } from '../notion/props';
import { SCHEMAS } from '../notion/schema';
import { NotionError } from '../notion/errors';
import type { EngineContext, NotionProblem, WorkspaceIndex } from '../sync';
import {
  buildIndex,
  contentHash,
  editedInNotion,
  executionLogDatabase,
  loadState,
  recordExecution,
  problemOf,
  resolveCached,
  schemaDrifted,
} from '../sync';
import type { SyncState } from '../sync';

export type Severity = 'critical' | 'high' | 'medium' | 'low';

export interface CategoryCounts {
  local: number;
  notion: number;
  inSync: number;
  modifiedLocally: number;
  missingInNotion: number;
  orphanedInNotion: number;
  duplicatesInNotion: number;
  editedInNotion: number;
}

export interface CategoryDetails {
  database?: { id: string; url?: string; title?: string };
  problem?: NotionProblem;
  modified: string[];
  missing: Array<{ path: string; movedFrom?: string }>;
  orphaned: Array<{ path: string; url: string }>;
  duplicates: Array<{ path: string; urls: string[] }>;
  edited: Array<{ path: string; url: string; at: string }>;
}

export interface Remediation {
  severity: Severity;
  title: string;
  /** The exact CLI command that fixes it (empty when only a person can). */
  command: string;
  /** The editor command that does the same (offered after the audit in the editor). */
  editorCommand?: string;
  detail?: string;
}

/** What the audit learned about agent chats (filled by the chats module when available). */
export interface ChatCensus {
  sessionsFound: number;
  captured: number;
  notCaptured: number;
  byTool: Record<string, number>;
  notCapturedSessions: Array<{ tool: string; id: string; title: string }>;
  error?: string;
}

export interface AuditReport {
  generatedAt: string;
  workspace: string;
  notion: {
    configured: boolean;
    reachable: boolean;
    error?: string;
    fix?: string;
    /** Why the Notion side was not read (auth, unreachable, …), for exit codes. */
    reason?: string;
    notionWorkspace?: string;
  };
  categories: Record<string, CategoryCounts>;
  executionLogs: {
    runsRecorded: number;
    scriptsWithoutLog: string[];
    lastRunAt: string | null;
    failedRuns: Array<{ name: string; at: string | null; url: string }>;
    available: boolean;
    error?: string;
  };
  triggerFiles: {
    inbox: number;
    processed: number;
    failed: number;
    staleInbox: number;
    staleAfterHours: number;
    oldestStale: Array<{ path: string; ageHours: number }>;
  };
  agentChats: ChatCensus;
  schemaProblems: Array<{
    database: string;
    property: string;
    problem: string;
    expected: string;
    actual?: string;
    fix: string;
  }>;
  skipped: Array<{ path: string; category: string; reason: string }>;
  remediation: Remediation[];
  apiCalls: number;
  details: Record<string, CategoryDetails>;
  executionLogPageId?: string;
}

export interface AuditOptions {
  /** Counts agent chat sessions on this machine against what was captured (injected: chats/ lives apart). */
  chatCensus?: (capturedSessionIds: Set<string>) => Promise<ChatCensus>;
  /** Write the audit's own Execution Logs row (default true). */
  recordRun?: boolean;
}

/** The full gap analysis. Reads only (paginated queries), plus its own Execution Logs row. */
export async function runAudit(ctx: EngineContext, options: AuditOptions = {}): Promise<AuditReport> {
  const started = new Date();
  const state = await loadState(ctx);
  const index = await buildIndex(ctx, state);
  const { config } = ctx;

  const categories: Record<string, CategoryCounts> = {};
  const details: Record<string, CategoryDetails> = {};
  for (const [name, cat] of Object.entries(index.categories)) {
    const counts = countCategory(index, name, index.notion.botId);
    categories[name] = counts.counts;
    details[name] = {
      ...counts.details,
      problem: cat.problem,
      database: cat.db ? { id: cat.db.databaseId, url: cat.db.url, title: cat.db.title } : undefined,
    };
  }

  const logSchemaProblems: SchemaProblem[] = [];
  const executionLogs = await auditExecutionLogs(ctx, index, state, logSchemaProblems);
  const capturedIds = new Set(
    (index.categories.agentChats?.rows ?? [])
      .map((r) => readText(r.properties['Session ID']))
      .filter((s) => s.length > 0),
  );
  let agentChats: ChatCensus = { sessionsFound: 0, captured: 0, notCaptured: 0, byTool: {}, notCapturedSessions: [] };
  if (options.chatCensus) {
    try {
      agentChats = await options.chatCensus(capturedIds);
    } catch (err) {
      agentChats = { ...agentChats, error: err instanceof Error ? err.message : String(err) };
    }
  }

  const t = index.inventory.triggers;
  const report: AuditReport = {
    generatedAt: new Date().toISOString(),
    workspace: config.workspaceName,
    notion: {
      configured: index.notion.configured,
      reachable: index.notion.reachable,
      error: index.notion.problem?.message,
      fix: index.notion.problem?.fix,
      reason: index.notion.problem?.reason,
      notionWorkspace: index.notion.notionWorkspace,
    },
    categories,
    executionLogs,
    triggerFiles: {
      inbox: t.inbox,
      processed: t.processed,
      failed: t.failed,
      staleInbox: t.stale.length,
      staleAfterHours: config.triggerFiles.staleAfterHours,
      oldestStale: t.stale.slice(0, 10).map((f) => ({ path: f.path, ageHours: Math.round(f.ageHours) })),
    },
    agentChats,
    schemaProblems: [...Object.values(index.categories).flatMap((c) => c.schemaProblems), ...logSchemaProblems].map(
      (p) => ({
        ...p,
        fix:
          p.problem === 'missing'
            ? 'notion-sync init'
            : `Rename or remove the "${p.property}" property in Notion, then run notion-sync init`,
      }),
    ),
    skipped: index.skipped.map((s) => ({ path: s.path, category: s.category, reason: s.reason })),
    remediation: [],
    apiCalls: 0,
    details,
  };
  report.remediation = remediate(report, index);
  report.apiCalls = index.session?.gw.counts.total ?? 0;

  if (options.recordRun !== false && index.session) {
    const logDb = await executionLogDatabase(ctx, index.session, state);
    const gaps = report.remediation.length;
    const res = await recordExecution(
      index.session.gw,
      state,
      config,
      {
        name: `audit ${config.workspaceName} ${started.toISOString().slice(0, 16).replace('T', ' ')}`,
        status: 'success',
        started,
        finished: new Date(),
        trigger: ctx.trigger,
        command: ctx.command ?? 'notion-sync audit',
        exitCode: 0,
        apiCalls: report.apiCalls,
        body: [
          `Audit of ${config.workspaceName}: ${gaps} finding${gaps === 1 ? '' : 's'}.`,
          ...report.remediation.map((r) => `[${r.severity}] ${r.title}${r.command ? ` → ${r.command}` : ''}`),
        ],
      },
      logDb,
    ).catch(() => ({ pageId: undefined }));
    report.executionLogPageId = res.pageId;
  }
  await state.save();
  return report;
}

function countCategory(
  index: WorkspaceIndex,
  name: string,
  botId: string | undefined,
): { counts: CategoryCounts; details: Omit<CategoryDetails, 'problem' | 'database'> } {
  const cat = index.categories[name]!;
  const items = index.items.filter((i) => i.category === name);
  const local = items.filter((i) => i.local);
  const counts: CategoryCounts = {
    local: local.length,
    notion: cat.rows.length,
    inSync: 0,
    modifiedLocally: 0,
    missingInNotion: 0,
    orphanedInNotion: 0,
    duplicatesInNotion: 0,
    editedInNotion: 0,
  };
  const details: Omit<CategoryDetails, 'problem' | 'database'> = {
    modified: [],
    missing: [],
    orphaned: [],
    duplicates: [],
    edited: [],
  };

  const byPath = new Map<string, RemoteRow[]>();
  for (const row of cat.rows) byPath.set(row.path, [...(byPath.get(row.path) ?? []), row]);
  for (const [path, rows] of byPath) {
    if (rows.length > 1) {
      counts.duplicatesInNotion += rows.length - 1;
      details.duplicates.push({
        path,
        urls: rows.sort((a, b) => a.createdTime.localeCompare(b.createdTime)).map((r) => r.url),
      });
    }
    for (const r of rows) {
      if (editedInNotion(r, botId)) {
        counts.editedInNotion++;
        details.edited.push({ path, url: r.url, at: r.lastEditedTime });
      }
    }
  }
  for (const i of local) {
    const row = byPath.get(i.path)?.[0];
    if (!row) {
      counts.missingInNotion++;
      details.missing.push({ path: i.path, movedFrom: i.movedFrom?.path });
      continue;
    }
    const same = row.contentHash === contentHash(i.local!);
    if (!same) {
      counts.modifiedLocally++;
      details.modified.push(i.path);
    } else if (!editedInNotion(row, botId)) counts.inSync++;
  }
  const localPaths = new Set([...local.map((i) => i.path), ...index.skipped.map((s) => s.path)]);
  for (const [path, rows] of byPath) {
    if (localPaths.has(path)) continue;
    counts.orphanedInNotion += rows.length;
    for (const r of rows) details.orphaned.push({ path, url: r.url });
  }
  return { counts, details };
}

async function auditExecutionLogs(
  ctx: EngineContext,
  index: WorkspaceIndex,
  state: SyncState,
  logSchemaProblems: SchemaProblem[],
): Promise<AuditReport['executionLogs']> {
  const scripts = index.inventory.items.filter((i) => i.category === 'scripts').map((i) => i.path);
  const empty = { runsRecorded: 0, scriptsWithoutLog: scripts, lastRunAt: null, failedRuns: [], available: false };
  if (!index.session) return { ...empty, error: index.notion.problem?.message ?? 'Notion not reachable' };
  const db = await executionLogDatabase(ctx, index.session, state);
  if (!db) return { ...empty, error: 'No Execution Logs database is configured (run "notion-sync init").' };
  if (!db.dataSourceId) return { ...empty, error: 'The Execution Logs database cannot be read by the integration.' };
  let rows: RemoteRow[];
  try {
    rows = await queryRows(index.session.gw, db.dataSourceId, { workspace: ctx.config.workspaceName });
  } catch (err) {
    if (err instanceof NotionError && err.kind === 'cancelled') throw err;
    return { ...empty, error: problemOf(err, SCHEMAS.executionLogs.title).message };
  }
  // Its schema is checked like the category databases': from the cache, re-read when the rows disagree.
  let schema = {
    databaseId: db.databaseId,
    dataSourceId: db.dataSourceId,
    properties: db.properties ?? {},
    title: SCHEMAS.executionLogs.title,
  };
  if (schemaDrifted(schema, rows)) schema = await resolveCached(index.session, state, db.databaseId, true);
  logSchemaProblems.push(...schemaProblems(schema, 'executionLogs', SCHEMAS.executionLogs.title));
  const ran = new Set(rows.map((r) => readText(r.properties['Script Path'])).filter(Boolean));
  const started = rows
    .map((r) => readDate(r.properties['Started']))
    .filter((d): d is string => !!d)
    .sort();
  return {
    runsRecorded: rows.length,
    scriptsWithoutLog: scripts.filter((s) => !ran.has(s)),
    lastRunAt: started.length ? started[started.length - 1]! : null,
    failedRuns: rows
      .filter((r) => readSelect(r.properties['Status']) === 'failed')
      .map((r) => ({ name: r.name, at: readDate(r.properties['Started']) ?? null, url: r.url }))
      .sort((a, b) => (b.at ?? '').localeCompare(a.at ?? '')),
    available: true,
  };
}

const ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Every gap, with the one command that fixes it, most urgent first. */
function remediate(r: AuditReport, index: WorkspaceIndex): Remediation[] {
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
  if (r.agentChats.notCaptured > 0)
    out.push({
      severity: 'medium',
      title: `${r.agentChats.notCaptured} agent chat session${s(r.agentChats.notCaptured)} not captured`,
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

/** Whether the report has gaps (for --fail-on-gaps): anything to remediate. */
export function hasGaps(r: AuditReport): boolean {
  return r.remediation.length > 0;
}
