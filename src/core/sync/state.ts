import type { PageProperties } from '../notion/props';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PageBody } from '../notion/block-diff';

/**
 * What this machine remembers between runs. Notion holds the truth about what is synced
 * (rows are always found by their key); this cache only saves requests: the block ids of each
 * page for block diffs, data source ids and schemas, the integration's bot id, and execution
 * log rows waiting for Notion to be reachable. Losing it costs requests, never correctness.
 */
export interface PageMemory {
  path: string;
  hash: string;
  body: PageBody;
  /** The page's last_edited_time after our last write. */
  lastEditedTime: string;
  /** A write to this page failed partway: rewrite it next time whatever the hashes say. */
  incomplete?: boolean;
}

export interface DataSourceMemory {
  dataSourceId: string;
  properties: Record<string, string>;
  /** Select and multi_select option names by property (the mapping spells values like existing options). */
  options?: Record<string, string[]>;
  title: string;
  url?: string;
}

export interface PendingLog {
  id: string;
  databaseId: string;
  properties: PageProperties;
  body: string[];
  queuedAt: string;
  reason: string;
}

export interface StateData {
  version: 1;
  workspaceRoot: string;
  botIds: Record<string, { id: string; workspaceName?: string }>;
  dataSources: Record<string, DataSourceMemory>;
  pages: Record<string, PageMemory>;
  pendingLogs: PendingLog[];
  /**
   * The `Content Hash` each row had when this machine last wrote it or last found it in step with its
   * file. A row whose hash has moved on since was pushed by another machine: it is not overwritten.
   */
  seen?: Record<string, string>;
  /** Files uploaded to Notion (images), by sha256 of their bytes: an unchanged file is never sent twice. */
  uploads?: Record<string, UploadMemory>;
  /**
   * Sync runs that seal their multi-request creates with their log row (seals.ts): this machine's own
   * runs whose seal is not yet in Notion, runs whose seal it wrote or found there (the newest 500), and when it
   * last found a run not sealed (epoch ms; asked again after a while).
   */
  runs?: { open: string[]; sealed: string[]; missing?: Record<string, number> };
}

export interface UploadMemory {
  id: string;
  size: number;
  /** Until a block holds it, an upload expires (Notion's `expiry_time`); once attached it stays. */
  expiresAt?: string;
  attached?: boolean;
  /** The workspace-relative files these bytes were uploaded from (the pull knows its image blocks by them). */
  files?: string[];
}

export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.NOTION_SYNC_STATE_DIR) return env.NOTION_SYNC_STATE_DIR;
  const base =
    env.XDG_CACHE_HOME || (process.platform === 'win32' ? env.LOCALAPPDATA : undefined) || join(homedir(), '.cache');
  return join(base ?? join(homedir(), '.cache'), 'notion-workspace-sync');
}

export function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}

export class SyncState {
  private dirty = false;
  private constructor(
    readonly file: string,
    readonly data: StateData,
  ) {}

  /** The cache file of a workspace on this machine. */
  static fileFor(workspaceRoot: string, dir = defaultStateDir()): string {
    const id = createHash('sha256').update(workspaceRoot).digest('hex').slice(0, 20);
    return join(dir, `${id}.json`);
  }

  /** The writer lock of a workspace on this machine (lock.ts), beside its cache. */
  static lockFileFor(workspaceRoot: string, dir = defaultStateDir()): string {
    return SyncState.fileFor(workspaceRoot, dir).replace(/\.json$/, '.lock');
  }

  static async load(workspaceRoot: string, dir = defaultStateDir()): Promise<SyncState> {
    const file = SyncState.fileFor(workspaceRoot, dir);
    let data: StateData | undefined;
    try {
      const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as StateData;
      if (parsed && parsed.version === 1 && parsed.workspaceRoot === workspaceRoot) data = parsed;
    } catch {
      // missing or unreadable: start empty (it is only a cache)
    }
    data ??= { version: 1, workspaceRoot, botIds: {}, dataSources: {}, pages: {}, pendingLogs: [] };
    data.pendingLogs ??= [];
    return new SyncState(file, data);
  }

  markDirty(): void {
    this.dirty = true;
  }

  setPage(pageId: string, memory: PageMemory): void {
    this.data.pages[pageId] = memory;
    if (!memory.incomplete) this.noteSeen(pageId, memory.hash);
    this.dirty = true;
  }

  /** The row was found holding `hash`, in step with its file on this machine. */
  noteSeen(pageId: string, hash: string): void {
    this.data.seen ??= {};
    if (!hash || this.data.seen[pageId] === hash) return;
    this.data.seen[pageId] = hash;
    this.dirty = true;
  }

  /** The row's hash when this machine last wrote it or saw it in step; undefined when it never did. */
  knownHash(pageId: string): string | undefined {
    const memory = this.data.pages[pageId];
    return this.data.seen?.[pageId] ?? (memory && !memory.incomplete ? memory.hash || undefined : undefined);
  }

  forgetPage(pageId: string): void {
    if (this.data.pages[pageId] || this.data.seen?.[pageId]) {
      delete this.data.pages[pageId];
      delete this.data.seen?.[pageId];
      this.dirty = true;
    }
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    await fs.mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, JSON.stringify(this.data));
    await fs.rename(tmp, this.file);
    this.dirty = false;
  }
}
