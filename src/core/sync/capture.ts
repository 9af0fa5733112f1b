import type { PageProperties } from '../notion/props';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ChatSession, ChatTool, ChatWarning } from '../chats';
import { countMessages, exportFileName, findSessions, sessionToMarkdown } from '../chats';
import { chatToBlocks } from '../chats/to-blocks';
import type { RemoteRow, ResolvedDatabase } from '../notion/databases';
import { queryRows } from '../notion/databases';
import { NotionError } from '../notion/errors';
import { prop, readText } from '../notion/props';
import { contentHash } from './convert';
import { recordExecution } from './execlog';
import { createRow, rowProperties, updateRow } from './rows';
import type { EngineContext, NotionProblem, NotionSession } from './session';
import { loadState, openSession, problemOf } from './session';
import type { SyncState } from './state';
import { executionLogDatabase } from './sync';
import { editedInNotion, resolveCached } from './workspace-index';

export interface ChatQuery {
  tools?: ChatTool[];
  sessionIds?: string[];
  editorUserDirs?: string[];
  /** For tests: where agent tools keep their stores. */
  home?: string;
  env?: Record<string, string | undefined>;
}

export interface ListedChat {
  tool: ChatTool;
  id: string;
  title: string;
  startedAt: string;
  updatedAt: string;
  messages: number;
  /** In Notion (when Notion can be read), else exported to the repo. */
  captured: boolean;
  exported: boolean;
  /** Messages captured in Notion so far, when there is a row. */
  capturedMessages?: number;
  exportPath: string;
  pageId?: string;
  url?: string;
}

export interface ChatList {
  sessions: ListedChat[];
  warnings: ChatWarning[];
  notion: { read: boolean; problem?: NotionProblem };
}

interface Remote {
  session: NotionSession;
  db: ResolvedDatabase;
  bySessionId: Map<string, RemoteRow>;
  byPath: Map<string, RemoteRow>;
}

async function findWorkspaceSessions(
  ctx: EngineContext,
  q: ChatQuery,
): Promise<{ sessions: ChatSession[]; warnings: ChatWarning[] }> {
  const configured = ctx.config.categories.agentChats?.capture as ChatTool[] | undefined;
  const tools = q.tools ?? configured;
  const env = q.env ?? ctx.env;
  const found = await findSessions({
    workspaceFolder: ctx.config.root,
    tools,
    editorUserDirs: q.editorUserDirs,
    home: q.home ?? env?.HOME ?? env?.USERPROFILE,
    env,
    signal: ctx.signal,
  });
  const sessions = q.sessionIds?.length ? found.sessions.filter((s) => q.sessionIds!.includes(s.id)) : found.sessions;
  return { sessions, warnings: found.warnings };
}

async function readRemote(ctx: EngineContext, state: SyncState): Promise<{ remote?: Remote; problem?: NotionProblem }> {
  const databaseId = ctx.config.categories.agentChats?.databaseId;
  if (!databaseId) {
    return {
      problem: {
        reason: 'not-configured',
        message: 'No Agent Chats database is configured.',
        fix: 'Run "notion-sync init --parent-page <page>" to create it.',
      },
    };
  }
  const opened = await openSession(ctx, state);
  if (!opened.session) return { problem: opened.problem };
  try {
    const db = await resolveCached(opened.session, state, databaseId);
    const rows = await queryRows(opened.session.gw, db.dataSourceId, { workspace: ctx.config.workspaceName });
    const bySessionId = new Map<string, RemoteRow>();
    const byPath = new Map<string, RemoteRow>();
    for (const r of rows.sort((a, b) => a.createdTime.localeCompare(b.createdTime))) {
      const sid = readText(r.properties['Session ID']);
      if (sid && !bySessionId.has(sid)) bySessionId.set(sid, r);
      if (!byPath.has(r.path)) byPath.set(r.path, r);
    }
    return { remote: { session: opened.session, db, bySessionId, byPath } };
  } catch (err) {
    if (err instanceof NotionError && err.kind === 'cancelled') throw err;
    delete state.data.dataSources[databaseId];
    return { problem: problemOf(err, 'Agent Chats') };
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/** The sessions of this workspace from every tool, and whether each is captured. Reads only. */
export async function listChats(ctx: EngineContext, q: ChatQuery = {}): Promise<ChatList> {
  const state = await loadState(ctx);
  const { sessions, warnings } = await findWorkspaceSessions(ctx, q);
  const { remote, problem } = ctx.token
    ? await readRemote(ctx, state)
    : {
        remote: undefined,
        problem: {
          reason: 'no-token' as const,
          message: 'No Notion token: only local exports are checked.',
          fix: 'Pass --token or set NOTION_TOKEN.',
        },
      };
  await state.save();
  const out: ListedChat[] = [];
  for (const s of sessions) {
    const exportPath = exportFileName(s);
    const exported = await exists(join(ctx.config.root, exportPath));
    const row = remote?.bySessionId.get(s.id) ?? remote?.byPath.get(exportPath);
    out.push({
      tool: s.tool,
      id: s.id,
      title: s.title,
      startedAt: s.startedAt,
      updatedAt: s.updatedAt,
      messages: countMessages(s),
      captured: remote ? !!row : exported,
      exported,
      exportPath,
      capturedMessages: row ? (row.properties['Messages']?.number as number | undefined) : undefined,
      pageId: row?.pageId,
      url: row?.url,
    });
  }
  return { sessions: out, warnings, notion: { read: !!remote, problem } };
}

export interface CaptureReport {
  captured: number;
  updated: number;
  unchanged: number;
  failed: number;
  conflicts: number;
  apiCalls: number;
  exported: number;
  sessions: Array<{
    tool: ChatTool;
    id: string;
    title: string;
    path: string;
    action: 'created' | 'updated' | 'unchanged' | 'exported' | 'conflict' | 'failed';
    pageId?: string;
    error?: string;
  }>;
  warnings: ChatWarning[];
  notion: { written: boolean; problem?: NotionProblem };
  executionLogPageId?: string;
}

/**
 * Writes each session as markdown under agent-chats/ and pushes it to the Agent Chats database.
 * A grown session gets only its new turns appended; an unchanged one costs no write.
 */
export async function captureChats(
  ctx: EngineContext,
  q: ChatQuery & { force?: boolean } = {},
): Promise<CaptureReport> {
  const started = new Date();
  const state = await loadState(ctx);
  const { sessions, warnings } = await findWorkspaceSessions(ctx, q);
  const report: CaptureReport = {
    captured: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    conflicts: 0,
    apiCalls: 0,
    exported: 0,
    sessions: [],
    warnings,
    notion: { written: false },
  };
  const { remote, problem } = ctx.token
    ? await readRemote(ctx, state)
    : {
        remote: undefined,
        problem: {
          reason: 'no-token' as const,
          message: 'No Notion token: sessions were exported to the repo only.',
          fix: 'Pass --token or set NOTION_TOKEN to push them to Notion.',
        },
      };
  report.notion = { written: !!remote, problem };

  let done = 0;
  for (const s of sessions) {
    if (ctx.signal?.aborted) break;
    ctx.onProgress?.({ phase: 'write', message: `${s.tool}: ${s.title}`, done: done++, total: sessions.length });
    const path = exportFileName(s);
    const entry: CaptureReport['sessions'][number] = {
      tool: s.tool,
      id: s.id,
      title: s.title,
      path,
      action: 'unchanged',
    };
    report.sessions.push(entry);
    try {
      const markdown = sessionToMarkdown(s);
      const file = join(ctx.config.root, path);
      const current = await fs.readFile(file, 'utf8').catch(() => undefined);
      if (current !== markdown) {
        await fs.mkdir(dirname(file), { recursive: true });
        await fs.writeFile(file, markdown);
        report.exported++;
      }
      if (!remote) {
        entry.action = current !== markdown ? 'exported' : 'unchanged';
        if (entry.action === 'unchanged') report.unchanged++;
        continue;
      }
      const hash = contentHash({ hash: createHash('sha256').update(markdown).digest('hex') });
      const row = remote.bySessionId.get(s.id) ?? remote.byPath.get(path);
      entry.pageId = row?.pageId;
      if (row && row.contentHash === hash && row.path === path) {
        report.unchanged++;
        continue;
      }
      if (row && editedInNotion(row, remote.session.botId) && !q.force) {
        entry.action = 'conflict';
        report.conflicts++;
        continue;
      }
      const blocks = chatToBlocks(s);
      const properties = chatProperties(ctx, remote, s, path, hash);
      const written = row
        ? await updateRow(
            remote.session.gw,
            state,
            { pageId: row.pageId, lastEditedTime: row.lastEditedTime, path },
            properties,
            blocks,
            ctx.log,
          )
        : await createRow(
            remote.session.gw,
            state,
            remote.db.dataSourceId,
            { workspace: ctx.config.workspaceName, path },
            properties,
            blocks,
            ctx.log,
          );
      state.setPage(written.pageId, { path, hash, body: written.body, lastEditedTime: written.lastEditedTime });
      entry.pageId = written.pageId;
      entry.action = row ? 'updated' : 'created';
      if (row) report.updated++;
      else report.captured++;
    } catch (err) {
      if (err instanceof NotionError && err.kind === 'cancelled') break;
      entry.action = 'failed';
      entry.error = err instanceof Error ? err.message : String(err);
      report.failed++;
    }
    await state.save();
  }

  if (remote) {
    report.apiCalls = remote.session.gw.counts.total;
    if (report.captured + report.updated + report.failed > 0) {
      const res = await recordExecution(
        remote.session.gw,
        state,
        ctx.config,
        {
          name: `chats capture ${ctx.config.workspaceName} ${started.toISOString().slice(0, 16).replace('T', ' ')}`,
          status: report.failed === 0 ? 'success' : report.captured + report.updated > 0 ? 'partial' : 'failed',
          started,
          finished: new Date(),
          trigger: ctx.trigger,
          command: ctx.command ?? 'notion-sync chats capture',
          exitCode: report.failed > 0 ? 1 : 0,
          items: { created: report.captured, updated: report.updated, failed: report.failed },
          apiCalls: report.apiCalls,
          body: report.sessions
            .filter((x) => x.action !== 'unchanged')
            .map((x) => `${x.action} ${x.tool} ${x.id}: ${x.title}${x.error ? ` — ${x.error}` : ''}`),
        },
        await executionLogDatabase(ctx, remote.session, state),
      );
      report.executionLogPageId = res.pageId;
    }
  }
  await state.save();
  return report;
}

function chatProperties(
  ctx: EngineContext,
  remote: Remote,
  s: ChatSession,
  path: string,
  hash: string,
): PageProperties {
  return rowProperties(
    remote.db,
    {
      title: s.title,
      workspace: ctx.config.workspaceName,
      path,
      category: 'agentChats',
      contentHash: hash,
      lastSynced: remote.session.gw.serverNow(),
      localModified: s.updatedAt,
    },
    {
      Tool: prop.select(s.tool),
      'Session ID': prop.text(s.id),
      Model: prop.text(s.models.join(', ')),
      Messages: prop.number(countMessages(s)),
      Started: prop.date(s.startedAt),
    },
  );
}
