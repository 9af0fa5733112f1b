import { hostname } from 'node:os';
import type { SyncConfig } from '../config';
import type { GatewayEvent, GatewayHealth, GatewayOptions } from '../notion/gateway';
import { NotionGateway } from '../notion/gateway';
import type { FixKind } from '../notion/errors';
import { explain, fixKindOf, NotionError } from '../notion/errors';
import type { PageChoice } from '../notion/requests';
import { searchPages, whoAmI } from '../notion/requests';
import { SyncState, tokenKey } from './state';

export type Trigger = 'cli' | 'editor' | 'auto';

export interface ProgressEvent {
  phase: 'scan' | 'query' | 'plan' | 'write' | 'log' | 'done';
  message: string;
  done?: number;
  total?: number;
}

export type LogFn = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

/** Everything an engine operation needs from its front end (CLI or editor). */
export interface EngineContext {
  config: SyncConfig;
  token?: string;
  apiBaseUrl?: string;
  trigger: Trigger;
  signal?: AbortSignal;
  /** Where the local cache lives (default: the user's cache folder). */
  stateDir?: string;
  gateway?: Partial<Omit<GatewayOptions, 'token' | 'baseUrl' | 'signal'>>;
  /** One "Notion is down" budget for every gateway of this run (see GatewayOptions.unreachableAfter). */
  health?: GatewayHealth;
  onProgress?: (event: ProgressEvent) => void;
  log?: LogFn;
  /** The command line or editor action, for the execution log. */
  command?: string;
  /** The environment agent-tool stores are found from (HOME, CODEX_HOME, …); default process.env. */
  env?: Record<string, string | undefined>;
}

/** Why the Notion side is missing, in words a user can act on. */
export interface NotionProblem {
  reason: 'no-token' | 'not-configured' | 'auth' | 'unreachable' | 'error';
  message: string;
  /** What to do, worded for the CLI (the editor words `fixKind` its own way). */
  fix: string;
  fixKind?: FixKind;
}

export interface NotionSession {
  gw: NotionGateway;
  botId: string;
  /** The Notion workspace the token reaches. */
  notionWorkspace?: string;
}

export function apiBaseUrl(ctx: EngineContext): string {
  return ctx.apiBaseUrl || ctx.config.apiBaseUrl || 'https://api.notion.com';
}

export function makeGateway(ctx: EngineContext, token: string): NotionGateway {
  const onEvent = (e: GatewayEvent): void => {
    if (e.type === 'retry')
      ctx.log?.('warn', `Retrying ${e.route} in ${e.delayMs} ms (attempt ${e.attempt}): ${e.reason}`);
    else ctx.log?.('debug', `${e.method} ${e.route} → ${e.status} (${e.ms} ms)`);
  };
  return new NotionGateway({
    ...ctx.gateway,
    token,
    baseUrl: apiBaseUrl(ctx),
    signal: ctx.signal,
    onEvent,
    health: ctx.health ?? ctx.gateway?.health,
  });
}

/**
 * Connects to Notion: finds out who we are (the bot user, which tells our own edits from a
 * person's). The answer is cached per token, so an unchanged run spends no request on it.
 */
export async function openSession(
  ctx: EngineContext,
  state: SyncState,
  options: { verify?: boolean } = {},
): Promise<{ session?: NotionSession; problem?: NotionProblem }> {
  if (!ctx.token) {
    return {
      problem: {
        reason: 'no-token',
        message: 'No Notion token was given, so the Notion side was not read.',
        fix: 'Pass --token, or set NOTION_TOKEN (editor: run "Notion Sync: Connect to Notion").',
        fixKind: 'connect',
      },
    };
  }
  const gw = makeGateway(ctx, ctx.token);
  const key = tokenKey(`${apiBaseUrl(ctx)}|${ctx.token}`);
  const cached = state.data.botIds[key];
  if (cached && !options.verify) return { session: { gw, botId: cached.id, notionWorkspace: cached.workspaceName } };
  try {
    const me = await whoAmI(gw);
    state.data.botIds[key] = { id: me.botId, workspaceName: me.workspaceName };
    state.markDirty();
    return { session: { gw, botId: me.botId, notionWorkspace: me.workspaceName } };
  } catch (err) {
    return { problem: problemOf(err) };
  }
}

export function problemOf(err: unknown, database?: string): NotionProblem {
  const e =
    err instanceof NotionError ? err : new NotionError('network', err instanceof Error ? err.message : String(err));
  const fix = explain(e, { database });
  const fixKind = fixKindOf(e);
  if (e.kind === 'auth' || e.kind === 'permission') return { reason: 'auth', message: e.message, fix, fixKind };
  if (e.kind === 'network' || e.kind === 'server' || e.kind === 'rate-limited')
    return { reason: 'unreachable', message: e.message, fix, fixKind };
  return { reason: 'error', message: e.message, fix, fixKind };
}

export function hostName(): string {
  try {
    return hostname();
  } catch {
    return 'unknown';
  }
}

export async function loadState(ctx: EngineContext): Promise<SyncState> {
  return SyncState.load(ctx.config.root, ctx.stateDir);
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

export type { PageChoice };

/** Pages shared with the integration (Notion's `search`), as candidates for the databases' parent. */
export async function searchParentPages(ctx: EngineContext, query = '', limit = 50): Promise<PageChoice[]> {
  if (!ctx.token) throw new NotionError('auth', 'No Notion token.');
  return searchPages(makeGateway(ctx, ctx.token), query, limit);
}
