import type { PageProperties } from '../notion/props';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ChatSession, ChatTool, ChatWarning } from '../chats';
import { commitsDuringSession, countMessages, exportFileName, findSessions, sessionToMarkdown } from '../chats';
import type { SessionCommit } from '../chats';
import type { ExcludeReason } from '../chats/capture-control';
import { commitsPropertyText, excludedBy } from '../chats/capture-control';
import type { ConfirmFirstPush, FirstPushPreview } from './capture-preview';
import { holdFirstPushes, previewCapture } from './capture-preview';
import { chatToBlocks } from '../chats/to-blocks';
import { NotionError } from '../notion/errors';
import { prop, readText } from '../notion/props';
import { contentHash } from './convert';
import { recordExecution } from './execlog';
import { chatFileRowFinder } from './file-chat-row';
import { createRow, rowProperties, updateRow } from './rows';
import type { EngineContext, NotionProblem } from './session';
import { loadState } from './session';
import { executionLogDatabase } from './sync';
import { editedInNotion } from './workspace-index';
import type { Remote } from './chat-rows';
import { readRemote } from './chat-rows';

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
  /** Kept out of capture by `categories.agentChats.captureExclude` or the `[no-capture]` marker. */
  excluded?: ExcludeReason;
}

export interface ChatList {
  sessions: ListedChat[];
  warnings: ChatWarning[];
  notion: { read: boolean; problem?: NotionProblem };
}

async function findWorkspaceSessions(
  ctx: EngineContext,
  q: ChatQuery,
): Promise<{ sessions: ChatSession[]; warnings: ChatWarning[]; excluded: Map<ChatSession, ExcludeReason> }> {
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
  const rules = ctx.config.categories.agentChats?.captureExclude ?? [];
  const excluded = new Map<ChatSession, ExcludeReason>();
  for (const s of sessions) {
    const why = excludedBy(s, rules);
    if (why) excluded.set(s, why);
  }
  return { sessions, warnings: found.warnings, excluded };
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
  const { sessions, warnings, excluded } = await findWorkspaceSessions(ctx, q);
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
      ...(excluded.has(s) ? { excluded: excluded.get(s) } : {}),
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
    action: 'created' | 'updated' | 'unchanged' | 'exported' | 'conflict' | 'failed' | 'excluded' | 'preview' | 'held';
    pageId?: string;
    error?: string;
    /** why the session was kept out (action `excluded`) */
    excluded?: ExcludeReason;
    /** prompts + replies the capture sends */
    messages?: number;
    /** short hashes of the commits made while the session ran (the row's `Commits`) */
    commits?: string[];
    /** with dryRun: redactions the capture would make, by kind */
    redactions?: Record<string, number>;
  }>;
  /** Sessions kept out by `captureExclude` or the `[no-capture]` marker. */
  excluded: number;
  /** Sessions of a tool never pushed for this workspace, held back because the first push was not confirmed. */
  held: number;
  /** Set when this capture would be a tool's first push: what it sends, and whether it was confirmed. */
  firstPush?: FirstPushPreview & { confirmed: boolean };
  /** Set with dryRun: what a capture would send; nothing was written (no file, no Notion request). */
  preview?: { sessions: number; messages: number; redactions: Record<string, number> };
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
  q: ChatQuery & { force?: boolean; dryRun?: boolean; confirmFirstPush?: ConfirmFirstPush } = {},
): Promise<CaptureReport> {
  const started = new Date();
  const state = await loadState(ctx);
  const { sessions, warnings, excluded } = await findWorkspaceSessions(ctx, q);
  const report: CaptureReport = {
    captured: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    conflicts: 0,
    apiCalls: 0,
    exported: 0,
    excluded: 0,
    held: 0,
    sessions: [],
    warnings,
    notion: { written: false },
  };
  if (q.dryRun) return previewCapture(sessions, excluded, report);
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
  // the first push of a tool waits for a confirmation of what it sends (without Notion nothing is pushed)
  const { held, firstPush } = remote
    ? await holdFirstPushes(sessions, excluded, remote.tools, q.confirmFirstPush)
    : { held: new Set<ChatSession>(), firstPush: undefined };
  if (firstPush) report.firstPush = firstPush;
  // a session kept as a file in the repo and synced before it was captured: its row is adopted, not doubled
  const fileRow = remote ? await chatFileRowFinder(ctx.config, remote.byPath, ctx.signal) : () => undefined;

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
    const why = excluded.get(s);
    if (why) {
      entry.action = 'excluded';
      entry.excluded = why;
      report.excluded++;
      continue;
    }
    if (held.has(s)) {
      entry.action = 'held';
      report.held++;
      continue;
    }
    try {
      // no commits section when git could not answer (no git, not a repository): "none" would be a false claim
      const found = await commitsDuringSession(ctx.config.root, s, { signal: ctx.signal });
      const commits = found.commits;
      entry.commits = commits.map((c) => c.shortHash);
      const markdown = sessionToMarkdown(s, found.note ? {} : { commits });
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
      const row = remote.bySessionId.get(s.id) ?? remote.byPath.get(path) ?? fileRow(s);
      entry.pageId = row?.pageId;
      // A row without this session's id (a plain document row an older sync made from the export)
      // is completed, not reported unchanged.
      const complete = !!row && readText(row.properties['Session ID']) === s.id && !!row.properties['Tool']?.select;
      if (row && row.contentHash === hash && row.path === path && complete) {
        report.unchanged++;
        continue;
      }
      if (row && editedInNotion(row, remote.session.botId) && !q.force) {
        entry.action = 'conflict';
        report.conflicts++;
        continue;
      }
      const blocks = chatToBlocks(s);
      const properties = chatProperties(ctx, remote, s, path, hash, commits);
      const written = row
        ? await updateRow(
            remote.session.gw,
            remote.db,
            state,
            { pageId: row.pageId, lastEditedTime: row.lastEditedTime, path },
            properties,
            blocks,
            ctx.log,
          )
        : await createRow(
            remote.session.gw,
            state,
            remote.db,
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
          secrets: ctx.token ? [ctx.token] : [],
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
  commits: SessionCommit[],
): PageProperties {
  return rowProperties(
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
      Commits: prop.text(commitsPropertyText(commits)),
    },
  );
}
