import type { RemoteRow, SchemaProblem } from '../notion/databases';
import { queryRows, schemaProblems, withMapping } from '../notion/databases';
import { readDate, readSelect, readText } from '../notion/props';
import { SCHEMAS } from '../notion/schema';
import { NotionError } from '../notion/errors';
import type { EngineContext, WorkspaceIndex } from '../sync';
import {
  lookAlikeRows,
  buildIndex,
  editedInNotion,
  executionLogDatabase,
  loadState,
  recordExecution,
  problemOf,
  resolveCached,
  schemaDrifted,
} from '../sync';
import type { SyncState } from '../sync';
import { remediate } from './remediation';
import type { AuditReport, CategoryCounts, CategoryDetails, ChatCensus } from './types';

export interface AuditOptions {
  /** Counts agent chat sessions on this machine against what was captured (injected: chats/ lives apart). */
  chatCensus?: (capturedSessionIds: Set<string>, capturedMessages?: ReadonlyMap<string, number>) => Promise<ChatCensus>;
  /** Write the audit's own Execution Logs row (default true). */
  recordRun?: boolean;
}

/** The full gap analysis. Reads only (paginated queries), plus its own Execution Logs row. */
export async function runAudit(ctx: EngineContext, options: AuditOptions = {}): Promise<AuditReport> {
  const started = new Date();
  const state = await loadState(ctx);
  // The whole database (issue 17): this workspace's rows, other workspaces' and unmanaged ones, in the
  // same one query per 100 rows that reading ours alone costs when the database holds only ours.
  const index = await buildIndex(ctx, state, { wholeDatabase: true });
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
  const capturedMessages = new Map<string, number>();
  for (const r of index.categories.agentChats?.rows ?? []) {
    const id = readText(r.properties['Session ID']);
    const n = (r.properties['Messages'] as { number?: unknown } | undefined)?.number;
    if (id && typeof n === 'number') capturedMessages.set(id, n);
  }
  let agentChats: ChatCensus = { sessionsFound: 0, captured: 0, notCaptured: 0, byTool: {}, notCapturedSessions: [] };
  if (options.chatCensus) {
    try {
      agentChats = await options.chatCensus(capturedIds, capturedMessages);
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
        fix: p.fix,
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
    unmanagedInNotion: cat.unmanaged.length,
    otherWorkspaces: cat.otherWorkspaces.length,
    lookAlikes: 0,
  };
  const details: Omit<CategoryDetails, 'problem' | 'database'> = {
    modified: [],
    missing: [],
    orphaned: [],
    duplicates: [],
    edited: [],
    adoptable: (cat.adoption?.matches ?? []).map((m) => ({
      path: m.path,
      url: m.row.url,
      title: m.row.name,
      by: m.by,
    })),
    ambiguous: (cat.adoption?.ambiguous ?? []).map((a) => ({
      path: a.path,
      urls: a.candidates.map((r) => r.url),
      reason: a.reason,
    })),
    lookAlikes: [],
    otherWorkspaces: {},
  };
  const localAll = [
    ...local.map((i) => i.path),
    ...index.skipped.filter((s) => s.category === name).map((s) => s.path),
  ];
  for (const r of lookAlikeRows(cat.unmanaged, localAll, cat.rows))
    details.lookAlikes.push({ title: r.name, url: r.url });
  counts.lookAlikes = details.lookAlikes.length;
  for (const r of cat.otherWorkspaces)
    details.otherWorkspaces[r.workspace] = (details.otherWorkspaces[r.workspace] ?? 0) + 1;

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
    const row = i.row ?? byPath.get(i.path)?.[0];
    if (!row || !byPath.has(i.path)) {
      counts.missingInNotion++;
      details.missing.push({ path: i.path, movedFrom: i.movedFrom?.path });
      continue;
    }
    // The tree's state (workspace-index.ts `computeStates`) decides, so the audit and the tree agree:
    // besides `last_edited_by`, a version of the row this machine never wrote nor saw was pushed by
    // another machine — changed in Notion (and a conflict when the file changed here too), not a
    // local change.
    const byAnotherMachine = (i.state === 'remote-modified' || i.state === 'conflict') && !editedInNotion(row, botId);
    if (byAnotherMachine) {
      counts.editedInNotion++;
      details.edited.push({ path: i.path, url: row.url, at: row.lastEditedTime });
    }
    if (i.state === 'synced') counts.inSync++;
    else if (i.state === 'remote-modified') continue;
    else if (i.state === 'conflict' || i.state === 'modified') {
      counts.modifiedLocally++;
      details.modified.push(i.path);
    } else if (row.contentHash !== index.links.hashOf(i.local!)) {
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
  const mapping = ctx.config.executionLogs.properties;
  // Its schema is checked like the category databases': from the cache, re-read when the rows disagree.
  let schema = withMapping(
    { ...db, dataSourceId: db.dataSourceId, properties: db.properties ?? {}, title: SCHEMAS.executionLogs.title },
    mapping,
  );
  let rows: RemoteRow[];
  try {
    rows = await queryRows(index.session.gw, schema, { workspace: ctx.config.workspaceName });
  } catch (err) {
    if (err instanceof NotionError && err.kind === 'cancelled') throw err;
    return { ...empty, error: problemOf(err, SCHEMAS.executionLogs.title).message };
  }
  if (schemaDrifted(schema, rows)) schema = await resolveCached(index.session, state, db.databaseId, true, mapping);
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

/** Whether the report has gaps (for --fail-on-gaps): anything to remediate. */
export function hasGaps(r: AuditReport): boolean {
  return r.remediation.length > 0;
}
