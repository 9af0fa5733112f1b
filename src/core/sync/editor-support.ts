import { join } from 'node:path';
import { claudeConfigDirs, clineDataDir, codexHome, editorUserDirs } from '../chats';
import { CLINE_FAMILY_EXTENSION_IDS } from '../chats/paths';
import type { ChatTool } from '../chats';
import type { Block } from '../content';
import { blocksToPlainText } from '../content';
import type { LocalItem, TriggerSummary } from '../inventory';
import { listChildren } from '../notion/blocks';
import type { NotionGateway } from '../notion/gateway';
import { classifyError, NotionError } from '../notion/errors';
import { readDate, readNumber, readSelect, readText } from '../notion/props';
import { convertItem } from './convert';
import type { EngineContext, NotionProblem } from './session';
import { loadState, makeGateway, openSession, problemOf } from './session';
import { executionLogDatabase } from './sync';
import type { ItemStatus, WorkspaceIndex } from './workspace-index';
import { buildIndex } from './workspace-index';

/*
 * Read-only helpers for front ends that show the state of a workspace (the editor): one call for
 * everything a tree needs, the text of both sides of an item for a diff, the pages a token can see.
 * No sync logic here: that stays in sync.ts.
 */

export interface Overview {
  workspace: string;
  notion: WorkspaceIndex['notion'];
  items: ItemStatus[];
  counts: Record<string, number>;
  triggers: TriggerSummary;
  /** Each category's database as resolved (title and link), when Notion was read. */
  databases: Record<string, { id?: string; title?: string; url?: string; problem?: NotionProblem }>;
  apiCalls: number;
}

/** `getStatus` plus what a tree shows beside the items: trigger files and the databases. Reads only. */
export async function getOverview(
  ctx: EngineContext,
  options: { paths?: string[]; category?: string } = {},
): Promise<Overview> {
  const state = await loadState(ctx);
  const index = await buildIndex(ctx, state, options);
  await state.save();
  const counts: Record<string, number> = {};
  for (const item of index.items) counts[item.state] = (counts[item.state] ?? 0) + 1;
  const databases: Overview['databases'] = {};
  for (const [name, cat] of Object.entries(index.categories)) {
    databases[name] = { id: cat.databaseId, title: cat.db?.title, url: cat.db?.url, problem: cat.problem };
  }
  return {
    workspace: ctx.config.workspaceName,
    notion: index.notion,
    items: index.items,
    counts,
    triggers: index.inventory.triggers,
    databases,
    apiCalls: index.session?.gw.counts.total ?? 0,
  };
}

export interface ConnectionCheck {
  ok: boolean;
  /** The Notion workspace the token reaches (users.me → bot.workspace_name). */
  notionWorkspace?: string;
  botId?: string;
  problem?: NotionProblem;
}

/** Asks Notion who the token belongs to (`users.me`), never from the cache. */
export async function checkConnection(ctx: EngineContext): Promise<ConnectionCheck> {
  const state = await loadState(ctx);
  const opened = await openSession(ctx, state, { verify: true });
  await state.save();
  if (!opened.session) return { ok: false, problem: opened.problem };
  return { ok: true, notionWorkspace: opened.session.notionWorkspace, botId: opened.session.botId };
}

export interface PageChoice {
  id: string;
  title: string;
  url?: string;
  lastEditedTime?: string;
}

/** Pages shared with the integration (Notion's `search`), as candidates for the databases' parent. */
export async function searchParentPages(ctx: EngineContext, query = '', limit = 50): Promise<PageChoice[]> {
  if (!ctx.token) throw new NotionError('auth', 'No Notion token.');
  const gw = makeGateway(ctx, ctx.token);
  const res = (await gw.call('read', 'search', () =>
    gw.client.search({
      query,
      filter: { property: 'object', value: 'page' },
      page_size: Math.min(100, limit),
    } as never),
  )) as {
    results: Array<{
      id: string;
      url?: string;
      last_edited_time?: string;
      properties?: Record<string, { type?: string; title?: Array<{ plain_text?: string }> }>;
    }>;
  };
  return res.results.map((p) => {
    const titleProp = Object.values(p.properties ?? {}).find((v) => v?.type === 'title');
    const title = (titleProp?.title ?? [])
      .map((t) => t.plain_text ?? '')
      .join('')
      .trim();
    return { id: p.id, title: title || 'Untitled', url: p.url, lastEditedTime: p.last_edited_time };
  });
}

/** The local side of a comparison: the file as it would be sent (redacted, converted), as plain text. */
export async function localItemPlainText(item: LocalItem): Promise<string> {
  const converted = await convertItem(item);
  return blocksToPlainText(converted.blocks, { markers: true }) + '\n';
}

/** The Notion side of a comparison: the page's blocks (nested ones too) as plain text, rendered like the local side. */
export async function pagePlainText(
  ctx: EngineContext,
  pageId: string,
  options: { maxBlocks?: number } = {},
): Promise<string> {
  if (!ctx.token) throw new NotionError('auth', 'No Notion token.');
  const gw = makeGateway(ctx, ctx.token);
  const budget = { left: options.maxBlocks ?? 5000 };
  try {
    const blocks = await readTree(gw, pageId, 0, budget);
    return blocksToPlainText(blocks, { markers: true }) + '\n';
  } catch (err) {
    throw err instanceof NotionError ? err : classifyError(err, 'blocks.children.list');
  }
}

async function readTree(
  gw: NotionGateway,
  parentId: string,
  depth: number,
  budget: { left: number },
): Promise<Block[]> {
  const children = await listChildren(gw, parentId);
  budget.left -= children.length;
  const out: Block[] = [];
  for (const child of children) {
    const block = child as unknown as Block & { children?: Block[] };
    // Child pages and databases are other items, not part of this page's text.
    if (
      child.has_children &&
      depth < 8 &&
      budget.left > 0 &&
      child.type !== 'child_page' &&
      child.type !== 'child_database'
    ) {
      block.children = await readTree(gw, child.id, depth + 1, budget);
    }
    out.push(block);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Script runs (issue 8, editor): the last Execution Logs row of each script

export interface ScriptRun {
  /** Workspace-relative path of the script (the row's `Script Path`). */
  scriptPath: string;
  name: string;
  status?: string;
  started?: string;
  finished?: string;
  exitCode?: number;
  pageId: string;
  url: string;
}

export interface ScriptRuns {
  /** The latest run of each script path (by `Started`, then creation time). */
  runs: Record<string, ScriptRun>;
  /** Whether the Execution Logs rows were read; without it "never run" cannot be told. */
  read: boolean;
  problem?: NotionProblem;
  apiCalls: number;
}

/**
 * The last run of every script of this workspace, from the Execution Logs database: one paginated
 * query (rows of this workspace that name a script), nothing per row. Reads only.
 */
export async function getScriptRuns(ctx: EngineContext): Promise<ScriptRuns> {
  const state = await loadState(ctx);
  const opened = await openSession(ctx, state);
  if (!opened.session) return { runs: {}, read: false, problem: opened.problem, apiCalls: 0 };
  const gw = opened.session.gw;
  try {
    const db = await executionLogDatabase(ctx, opened.session, state);
    await state.save();
    if (!db?.dataSourceId) {
      return {
        runs: {},
        read: false,
        apiCalls: gw.counts.total,
        problem: {
          reason: 'not-configured',
          message: 'No Execution Logs database is configured.',
          fix: 'Run "Notion Sync: Initialize Databases".',
        },
      };
    }
    const conditions: unknown[] = [{ property: 'Workspace', rich_text: { equals: ctx.config.workspaceName } }];
    if (!db.properties || 'Script Path' in db.properties)
      conditions.push({ property: 'Script Path', rich_text: { is_not_empty: true } });
    const runs: Record<string, ScriptRun> = {};
    const order = new Map<string, string>();
    let cursor: string | undefined;
    do {
      const res = (await gw.call('read', 'dataSources.query', () =>
        gw.client.dataSources.query({
          data_source_id: db.dataSourceId!,
          filter: { and: conditions } as never,
          sorts: [{ timestamp: 'created_time', direction: 'ascending' }],
          page_size: 100,
          start_cursor: cursor,
        }),
      )) as {
        results: Array<{
          object?: string;
          id: string;
          url: string;
          created_time: string;
          properties: Record<string, { type?: string; [k: string]: unknown }>;
        }>;
        has_more: boolean;
        next_cursor: string | null;
      };
      for (const page of res.results) {
        if (page.object === 'data_source') continue;
        const p = page.properties;
        const scriptPath = readText(p['Script Path']);
        if (!scriptPath) continue;
        const started = readDate(p['Started']);
        const key = `${started ?? ''}|${page.created_time}`;
        const seen = order.get(scriptPath);
        if (seen !== undefined && seen > key) continue;
        order.set(scriptPath, key);
        const title = Object.values(p).find((v) => v?.type === 'title');
        runs[scriptPath] = {
          scriptPath,
          name: readText(title),
          status: readSelect(p['Status']),
          started,
          finished: readDate(p['Finished']),
          exitCode: readNumber(p['Exit Code']),
          pageId: page.id,
          url: page.url,
        };
      }
      cursor = res.has_more && res.next_cursor ? res.next_cursor : undefined;
    } while (cursor);
    return { runs, read: true, apiCalls: gw.counts.total };
  } catch (err) {
    if (err instanceof NotionError && err.kind === 'cancelled') throw err;
    return { runs: {}, read: false, problem: problemOf(err, 'Execution Logs'), apiCalls: gw.counts.total };
  }
}

// ---------------------------------------------------------------------------------------------
// Agent chat stores (issue 7, editor): where to watch for changed sessions

export interface ChatStoreLocation {
  tool: ChatTool;
  /** A folder to watch. */
  dir: string;
  /** Glob of the session files below it. */
  glob: string;
}

/**
 * The folders whose files change when an agent tool writes a session of any workspace, for file
 * watchers (which then re-list the sessions; matching to this workspace stays in the readers).
 * Copilot keeps one store per workspace: pass `workspaceStorageDir` (the editor's own
 * `workspaceStorage/<hash>`) to watch only this workspace's.
 */
export function chatStoreLocations(options: {
  tools: readonly ChatTool[];
  home: string;
  env: Record<string, string | undefined>;
  editorUserDirs?: string[];
  workspaceStorageDir?: string;
  platform?: NodeJS.Platform;
}): ChatStoreLocation[] {
  const e = { home: options.home, env: options.env, platform: options.platform ?? process.platform };
  const userDirs = editorUserDirs(e, options.editorUserDirs ?? []).map((d) => d.dir);
  const out: ChatStoreLocation[] = [];
  const extIds: Record<string, string> = CLINE_FAMILY_EXTENSION_IDS;
  for (const tool of options.tools) {
    switch (tool) {
      case 'claude-code':
        for (const dir of claudeConfigDirs(e)) out.push({ tool, dir: join(dir, 'projects'), glob: '**/*.jsonl' });
        break;
      case 'codex': {
        const home = codexHome(e);
        out.push(
          { tool, dir: join(home, 'sessions'), glob: '**/*.jsonl' },
          { tool, dir: join(home, 'archived_sessions'), glob: '**/*.jsonl' },
        );
        break;
      }
      case 'copilot':
        if (options.workspaceStorageDir)
          out.push({ tool, dir: join(options.workspaceStorageDir, 'chatSessions'), glob: '*.{json,jsonl}' });
        else
          for (const dir of userDirs)
            out.push({ tool, dir: join(dir, 'workspaceStorage'), glob: '*/chatSessions/*.{json,jsonl}' });
        break;
      case 'cursor':
        for (const dir of userDirs)
          out.push(
            { tool, dir: join(dir, 'globalStorage'), glob: 'state.vscdb*' },
            { tool, dir: join(dir, 'workspaceStorage'), glob: '*/state.vscdb*' },
          );
        break;
      default: {
        const ext = extIds[tool];
        if (ext)
          for (const dir of userDirs)
            out.push({ tool, dir: join(dir, 'globalStorage', ext, 'tasks'), glob: '**/*.json' });
        if (tool === 'cline') out.push({ tool, dir: join(clineDataDir(e), 'tasks'), glob: '**/*.json' });
      }
    }
  }
  return out;
}
