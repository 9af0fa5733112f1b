import type { PageProperties } from '../notion/props';
import { randomUUID } from 'node:crypto';
import type { SyncConfig } from '../config';
import type { NotionGateway } from '../notion/gateway';
import { prop } from '../notion/props';
import { AmbiguousWriteError, NotionError } from '../notion/errors';
import { createRowInline, queryPages, textEquals } from '../notion/requests';
import type { RowTarget } from '../notion/names';
import { PropertyNames } from '../notion/names';
import { redactSecrets } from '../content';
import { hostName } from './session';
import type { Trigger } from './session';
import type { PendingLog, SyncState } from './state';
import { isOpenRun, noteSealed } from './seals';

export type RunStatus = 'success' | 'failed' | 'partial' | 'cancelled';

/** One Execution Logs row (CONTRACT.md §5). */
export interface ExecutionEntry {
  name: string;
  status: RunStatus;
  started: Date;
  finished: Date;
  trigger: Trigger;
  command: string;
  exitCode?: number;
  items?: { created: number; updated: number; failed: number; unchanged?: number; conflicts?: number };
  apiCalls?: number;
  scriptPath?: string;
  scriptPageId?: string;
  /** Lines for the page body: summary, failures, output tail. Redacted here before leaving. */
  body?: string[];
  /**
   * Exact values that must never be recorded, whatever their shape: the product's own Notion
   * token (a script that prints `$NOTION_TOKEN`). Replaced in the name, command and body before
   * the row is written or queued, so the local queue never holds them either.
   */
  secrets?: readonly string[];
  /** The row's `Run ID` (default: a new one). A sync's run id seals the pages it created (seals.ts). */
  runId?: string;
}

/** Redacts the caller's exact secrets (the product's own token), then every credential by shape. */
export function scrub(text: string, secrets: readonly string[] = []): string {
  return redactSecrets(text, { extraSecrets: secrets }).text;
}

const MAX_BODY_LINES = 200;

/**
 * The Execution Logs database a row goes to: its id, and once resolved its data source and schema. The
 * names translate our property names to the database's (`"executionLogs": { "properties": … }`); the
 * write keeps only what the database has, so a database without `Script` (or `Run ID`) gets no such value.
 */
export interface LogDatabase {
  databaseId: string;
  dataSourceId?: string;
  properties?: Record<string, string>;
  options?: Record<string, string[]>;
  names?: PropertyNames;
}

/** The row's properties, by our names (a queued row keeps them so: the names are applied when it is sent). */
function entryProperties(config: SyncConfig, entry: ExecutionEntry, runId: string): PageProperties {
  const items = entry.items;
  const all: PageProperties = {
    Name: prop.title(scrub(entry.name, entry.secrets)),
    'Run ID': prop.text(runId),
    Workspace: prop.text(config.workspaceName),
    Status: prop.select(entry.status),
    Started: prop.date(entry.started.toISOString()),
    Finished: prop.date(entry.finished.toISOString()),
    'Duration (s)': prop.number(Math.round((entry.finished.getTime() - entry.started.getTime()) / 100) / 10),
    Trigger: prop.select(entry.trigger),
    Command: prop.text(scrub(entry.command, entry.secrets)),
    'Exit Code': prop.number(entry.exitCode),
    Items: prop.text(
      items
        ? `created ${items.created}, updated ${items.updated}, failed ${items.failed}` +
            (items.conflicts ? `, conflicts ${items.conflicts}` : '')
        : '',
    ),
    'API Calls': prop.number(entry.apiCalls),
    Host: prop.text(hostName()),
    'Script Path': prop.text(entry.scriptPath ?? ''),
  };
  if (entry.scriptPageId) all['Script'] = prop.relation([entry.scriptPageId]);
  return all;
}

function bodyBlocks(lines: string[]): Array<{ type: string; [k: string]: unknown }> {
  if (lines.length === 0) return [];
  const text = redactSecrets(lines.slice(-MAX_BODY_LINES).join('\n')).text;
  // One code block of ≤ 100 rich-text items × 2000 characters: keep the tail when longer.
  const max = 100 * 2000;
  const tail = text.length > max ? text.slice(text.length - max) : text;
  const rich = [];
  for (let i = 0; i < tail.length; i += 2000) rich.push({ type: 'text', text: { content: tail.slice(i, i + 2000) } });
  return [{ type: 'code', code: { language: 'plain text', rich_text: rich } }];
}

/**
 * Writes the row now, or queues it in the local state when Notion cannot be reached; queued
 * rows are sent by the next run that reaches Notion. Returns the page id when written.
 */
export async function recordExecution(
  gw: NotionGateway | undefined,
  state: SyncState,
  config: SyncConfig,
  entry: ExecutionEntry,
  dataSource: LogDatabase | undefined,
): Promise<{ pageId?: string; queued: boolean; reason?: string }> {
  if (!dataSource)
    return { queued: false, reason: 'No Execution Logs database is configured (run "notion-sync init").' };
  const id = entry.runId ?? randomUUID();
  const pending: PendingLog = {
    id,
    databaseId: dataSource.databaseId,
    properties: entryProperties(config, entry, id),
    // Redacted before it is queued: the cache never holds a raw output line.
    // (as one text: a private key spans lines).
    body: entry.body?.length ? scrub(entry.body.join('\n'), entry.secrets).split('\n') : [],
    queuedAt: new Date().toISOString(),
    reason: '',
  };
  if (!gw || !dataSource.dataSourceId) {
    state.data.pendingLogs.push({ ...pending, reason: 'Notion unreachable' });
    state.markDirty();
    return {
      queued: true,
      reason: 'Notion unreachable: the execution log is queued and will be sent by the next run.',
    };
  }
  try {
    const target = { dataSourceId: dataSource.dataSourceId, names: dataSource.names ?? new PropertyNames() };
    const pageId = await writePending(gw, target, pending);
    return { pageId, queued: false };
  } catch (err) {
    if (err instanceof NotionError && err.kind === 'cancelled') throw err;
    state.data.pendingLogs.push({ ...pending, reason: err instanceof Error ? err.message : String(err) });
    state.markDirty();
    return {
      queued: true,
      reason: `The execution log could not be written (${err instanceof Error ? err.message : String(err)}); it is queued.`,
    };
  }
}

async function writePending(gw: NotionGateway, target: RowTarget, log: PendingLog): Promise<string> {
  // Each row carries its run id: after an ambiguous failure (the create may have been applied)
  // we look it up before trying again, so a retried or resent log never becomes two rows.
  const keyed = 'Run ID' in log.properties && target.names.has('Run ID');
  // The body (one code block) goes inline: a log row costs one request.
  const children = bodyBlocks(log.body);
  for (let attempt = 1; ; attempt++) {
    try {
      const page = await createRowInline(gw, target, log.properties, children);
      return page.id;
    } catch (err) {
      if (!(err instanceof AmbiguousWriteError) || attempt >= 3) throw err;
      if (keyed) {
        const found = await queryPages(gw, target, textEquals('Run ID', log.id), { limit: 1 });
        if (found[0]) return found[0].id;
      }
    }
  }
}

/** Sends queued rows; those that still fail stay queued. */
export async function flushPendingLogs(
  gw: NotionGateway,
  state: SyncState,
  resolve: (databaseId: string) => Promise<RowTarget | undefined>,
): Promise<{ sent: number; left: number }> {
  const queue = state.data.pendingLogs;
  if (queue.length === 0) return { sent: 0, left: 0 };
  const left: PendingLog[] = [];
  let sent = 0;
  for (const log of queue) {
    try {
      const target = await resolve(log.databaseId);
      if (!target) throw new Error('database not found');
      await writePending(gw, target, log);
      // A queued seal (seals.ts) is in Notion now: that run's pages read as complete everywhere.
      if (isOpenRun(state, log.id)) noteSealed(state, [log.id]);
      sent++;
    } catch (err) {
      if (err instanceof NotionError && err.kind === 'cancelled') {
        left.push(log);
        continue;
      }
      left.push({ ...log, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  state.data.pendingLogs = left;
  state.markDirty();
  return { sent, left: left.length };
}
