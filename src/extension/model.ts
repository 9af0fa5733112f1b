import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import * as vscode from 'vscode';
import type { SyncConfig } from '../core/config';
import { ConfigError, CONFIG_FILE_NAME, loadConfig } from '../core/config';
import type { FixKind } from '../core/notion/errors';
import { explain, fixKindOf, NotionError } from '../core/notion/errors';
import type {
  ChatList,
  EngineContext,
  ItemState,
  ItemStatus,
  ListedChat,
  NotionProblem,
  ProgressEvent,
  Trigger,
} from '../core/sync';
import { listChats } from '../core/sync';
import type { RemoteRow } from '../core/notion/databases';
import type { Overview } from '../core/sync/status';
import type { ScriptRun, ScriptRuns } from '../core/sync/script-runs';
import { getOverview } from '../core/sync/status';
import { getScriptRuns } from '../core/sync/script-runs';
import type { AttentionCounts } from './attention';
import { countAttention } from './attention';
import type { ViewState } from './ids';
import { ViewIds } from './ids';
import { editorApiBaseUrl, gatewayTuning, INTERACTIVE_GATEWAY } from './engine-options';
import { getSetting } from './settings';
import { ago } from './tree/format';
import type { TokenSource, TokenStore } from './tokens';

/** States that need the user: shown by the view's badge, the status bar and the "needs attention" filter. */
export const ATTENTION_STATES = new Set(['new', 'modified', 'remote-modified', 'conflict', 'orphaned', 'error']);

/**
 * The state the editor shows for a local file while Notion cannot be read: the file is listed, its
 * Notion side is unknown. Not an engine state (`ItemState`): only the editor shows it.
 */
export const UNKNOWN_STATE = 'unknown' as ItemState;

export interface BusyState {
  title: string;
  message?: string;
  done?: number;
  total?: number;
}

/**
 * What the editor knows about the workspace: its configuration, the last overview read through the
 * engine, whether a token is there, what is running. UI pieces listen to `onDidChange`.
 */
export class SyncModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  overview?: Overview;
  config?: SyncConfig;
  viewState: ViewState = 'loading';
  /** Why the view is not `ready` (or what went wrong last), in words a user can act on. */
  problem?: { message: string; fix?: string; fixKind?: FixKind; reason?: string };
  tokenSource: TokenSource = 'none';
  busy?: BusyState;
  refreshing = false;
  /** When the state was last read (or checked for changes) from Notion. */
  lastRefresh?: Date;
  /**
   * The rows of each database as last read, kept up to date by sync reports and by the cheap check
   * (remote-watch.ts): a local change is shown again from these with no request.
   */
  knownRows?: Record<string, RemoteRow[]>;
  /** Notion's clock when the rows were last read or checked: the next check asks for edits since then. */
  notionReadAt?: string;
  /**
   * Notion could not be read at the last refresh (network, outage, server error): the view still
   * lists the local files, with their Notion side unknown, and says why.
   */
  offline?: NotionProblem;
  /** The last sync started from this editor failed or was cancelled (cleared by the next one that succeeds). */
  lastSync?: { outcome: 'failed' | 'cancelled'; message: string };
  /** There is a token and Notion refuses it (revoked, or the integration was removed): not the first-run case. */
  tokenRefused = false;

  private inflight?: Promise<void>;
  /** What the queued read must be: a full one once any caller asked for it. */
  private pendingMode: 'full' | 'local' = 'local';
  /** Engine operations run one at a time: they share the local state file. */
  private chain: Promise<unknown> = Promise.resolve();
  private running = 0;
  private again = false;
  private readonly disposed = new AbortController();
  private byPath = new Map<string, ItemStatus>();
  private lastKnown = new Map<string, ItemStatus>();
  /** Agent chat sessions of this workspace (when the Agent Chats category is configured). */
  chats?: ChatList;
  /** The last run of each script, from Execution Logs (when it could be read). */
  scriptRuns?: ScriptRuns;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly tokens: TokenStore,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The folder chosen among several with a .notion-sync.json (folders.ts), while it is still open. */
  private chosenFolder?: string;

  /**
   * The workspace folder we sync: in a multi-root workspace, the one chosen (the folder of the active
   * file, or picked), else the first with a .notion-sync.json, else the first local folder.
   */
  get root(): string | undefined {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    const configured = folders.filter((f) => existsSync(join(f.uri.fsPath, CONFIG_FILE_NAME)));
    const chosen = configured.find((f) => f.uri.fsPath === this.chosenFolder);
    return (chosen ?? configured[0] ?? folders[0])?.uri.fsPath;
  }

  /** Follows another configured folder: what was known of the previous one is dropped, and it is read in full. */
  async useFolder(folder: string): Promise<void> {
    if (folder === this.root) return;
    this.chosenFolder = folder;
    await this.exclusive(async () => {
      this.config = undefined;
      this.knownRows = undefined;
      this.notionReadAt = undefined;
      this.lastKnown = new Map();
      this.lastRefresh = undefined;
      this.offline = undefined;
      this.chats = undefined;
      this.scriptRuns = undefined;
      this.overview = undefined;
      this.byPath = new Map();
      this.viewState = 'loading';
    });
    this.changed.fire();
    await this.refresh();
  }

  /** Workspace-relative path (forward slashes) of a file, or undefined when it lies outside the workspace. */
  relativePath(fsPath: string): string | undefined {
    const root = this.root;
    if (!root) return undefined;
    const rel = relative(root, fsPath);
    if (rel === '') return '';
    if (rel.startsWith('..') || rel.includes(':')) return undefined;
    return rel.split(sep).join('/');
  }

  absolutePath(relPath: string): string | undefined {
    const root = this.root;
    return root ? join(root, ...relPath.split('/')) : undefined;
  }

  async loadConfig(): Promise<SyncConfig> {
    const root = this.root;
    if (!root)
      throw new ConfigError('No folder is open.', { key: 'workspace', fix: 'Open the folder of your repository.' });
    // Resource settings of this folder (in a multi-root window, each folder may name itself).
    const scope = vscode.Uri.file(root);
    const extra = getSetting('exclude', scope);
    const config = await loadConfig(root, {
      workspaceName: getSetting('workspaceName', scope) || null,
      apiBaseUrl: getSetting('apiBaseUrl') || null,
      exclude: extra.length ? extra : null,
    });
    for (const w of config.warnings) this.log.warn(`${CONFIG_FILE_NAME}: ${w}`);
    return config;
  }

  /** An engine context for one operation. */
  async engine(
    trigger: Trigger,
    options: {
      signal?: AbortSignal;
      onProgress?: (e: ProgressEvent) => void;
      command?: string;
      config?: SyncConfig;
      /** Someone waits for it: fail fast (one retry) instead of the background budget. */
      interactive?: boolean;
    } = {},
  ): Promise<EngineContext> {
    const config = options.config ?? (await this.loadConfig());
    const { token, source } = await this.tokens.get();
    this.tokenSource = source;
    return {
      config,
      token,
      apiBaseUrl: editorApiBaseUrl(config, (m) => this.log.warn(m)),
      trigger,
      signal: options.signal ?? this.disposed.signal,
      stateDir: this.context.globalStorageUri.fsPath,
      gateway: { ...(options.interactive ? INTERACTIVE_GATEWAY : {}), ...gatewayTuning(process.env) },
      onProgress: options.onProgress,
      command: options.command,
      log: (level, message) => this.log[level](message),
    };
  }

  /** This editor's `User` folder (…/User/globalStorage/<extension> → …/User): its Copilot, Cursor and Cline stores. */
  get editorUserDir(): string {
    return dirname(dirname(this.context.globalStorageUri.fsPath));
  }

  /** This workspace's storage folder of this editor (…/workspaceStorage/<hash>), when a folder is open. */
  get workspaceStorageDir(): string | undefined {
    return this.context.storageUri ? dirname(this.context.storageUri.fsPath) : undefined;
  }

  /** Whether agent chats are listed: the category exists and captures at least one tool. */
  get chatsEnabled(): boolean {
    const cat = this.config?.categories.agentChats;
    return !!cat && (cat.capture === undefined || cat.capture.length > 0);
  }

  get sessions(): ListedChat[] {
    return this.viewState === 'ready' ? (this.chats?.sessions ?? []) : [];
  }

  session(id: string): ListedChat | undefined {
    return this.sessions.find((s) => s.id === id);
  }

  /** The last run of a script: a run, `null` when Execution Logs were read and it has none, undefined when unknown. */
  lastRun(path: string): ScriptRun | null | undefined {
    if (!this.scriptRuns?.read) return undefined;
    return this.scriptRuns.runs[path] ?? null;
  }

  item(path: string): ItemStatus | undefined {
    return this.byPath.get(path);
  }

  get items(): ItemStatus[] {
    return this.viewState === 'ready' ? (this.overview?.items ?? []) : [];
  }

  get attention(): ItemStatus[] {
    return this.items.filter((i) => ATTENTION_STATES.has(i.state));
  }

  /** What needs the user, counted once for the status bar, the view's badge and the audit summary. */
  get counts(): AttentionCounts {
    return countAttention(this.items, this.sessions, this.lastSync?.outcome);
  }

  /**
   * An item was just written by a running sync: the tree shows it synced now, not at the end of the
   * run (the refresh after the run reads the truth). Changes are announced at most twice a second.
   */
  markWritten(path: string): void {
    const item = this.byPath.get(path);
    if (!item || !this.overview) return;
    const now = new Date().toISOString();
    const written: ItemStatus = { ...item, state: 'synced', row: item.row && { ...item.row, lastSynced: now } };
    this.byPath.set(path, written);
    this.overview.items = this.overview.items.map((i) => (i === item ? written : i));
    this.writtenTimer ??= setTimeout(() => {
      this.writtenTimer = undefined;
      this.changed.fire();
    }, 500);
  }
  private writtenTimer?: ReturnType<typeof setTimeout>;

  /** Records how a sync started from the editor ended (the status bar shows a failed or cancelled run). */
  noteRun(outcome: 'ok' | 'failed' | 'cancelled', message = ''): void {
    this.lastSync = outcome === 'ok' ? undefined : { outcome, message };
    this.changed.fire();
  }

  get connected(): boolean {
    return this.tokenSource !== 'none' && this.overview?.notion.problem?.reason !== 'auth';
  }

  get notionWorkspace(): string | undefined {
    return this.overview?.notion.notionWorkspace;
  }

  /** Runs an engine operation after the ones already queued. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    this.running++;
    const next = this.chain.then(
      () => fn(),
      () => fn(),
    );
    this.chain = next.catch(() => undefined).finally(() => this.running--);
    return next;
  }

  /** Resolves when no operation is queued or running and no refresh is pending (tests). */
  async whenIdle(): Promise<void> {
    for (let i = 0; i < 1000; i++) {
      await this.chain;
      if (this.inflight) await this.inflight;
      if (this.running === 0 && !this.inflight) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  setBusy(busy: BusyState | undefined): void {
    this.busy = busy;
    this.changed.fire();
  }

  /**
   * Reads the state again (coalescing calls made while a read runs), with progress on the view.
   * `local`: the files are scanned again and classified against the rows already known — no request
   * (a file saved, created or deleted); it is a full read when no rows are known yet.
   */
  refresh(mode: 'full' | 'local' = 'full'): Promise<void> {
    if (mode === 'full') this.pendingMode = 'full';
    if (this.inflight) {
      this.again = true;
      return this.inflight;
    }
    this.inflight = (async () => {
      this.refreshing = true;
      this.changed.fire();
      try {
        await vscode.window.withProgress({ location: { viewId: ViewIds.items } }, async () => {
          do {
            this.again = false;
            const next = this.pendingMode;
            this.pendingMode = 'local';
            await this.exclusive(() => this.load(next));
          } while (this.again && !this.disposed.signal.aborted);
        });
      } finally {
        this.refreshing = false;
        this.inflight = undefined;
        this.changed.fire();
      }
    })();
    return this.inflight;
  }

  /** Rows a sync wrote, as its report gives them: they replace (or join) the known ones. */
  applyWritten(written: Array<{ category: string; row: RemoteRow }>): void {
    if (!this.knownRows) return;
    for (const { category, row } of written) {
      const rows: RemoteRow[] | undefined = this.knownRows[category];
      if (!rows) continue;
      const at = rows.findIndex((r: RemoteRow) => r.pageId === row.pageId);
      if (at >= 0) rows[at] = row;
      else rows.push(row);
    }
  }

  /** Whether a local read can start from known rows (Notion was read, nothing is unknown). */
  get canReadLocally(): boolean {
    return this.viewState === 'ready' && !this.offline && !!this.knownRows && !!this.overview;
  }

  private async load(mode: 'full' | 'local' = 'full'): Promise<void> {
    const started = Date.now();
    const local = mode === 'local' && this.canReadLocally;
    if (!this.root) {
      this.setState('noFolder', { message: 'Open a folder to sync its plans, reports and scripts with Notion.' });
      return;
    }
    let ctx: EngineContext;
    try {
      this.config = await this.loadConfig();
      ctx = await this.engine('editor', { config: this.config, interactive: true });
    } catch (err) {
      this.overview = undefined;
      this.setState('error', errorProblem(err));
      this.log.error(`Configuration: ${errorProblem(err).message}`);
      return;
    }
    if (!ctx.token) {
      // Without a token, every item would look "new": show the way to connect instead.
      this.overview = undefined;
      this.offline = undefined;
      this.tokenRefused = false;
      this.setState('notConnected', {
        message: 'Not connected to Notion.',
        fix: 'Run "Notion Sync: Connect to Notion".',
      });
      return;
    }
    try {
      const overview = await getOverview(ctx, local ? { knownRows: this.knownRows } : {});
      const p = overview.notion.problem;
      const reachable = overview.notion.reachable && p?.reason !== 'auth';
      // Notion cannot be read but the token was not refused: keep the local side, its Notion side unknown.
      this.offline =
        p && !overview.notion.reachable && (p.reason === 'unreachable' || p.reason === 'error') ? p : undefined;
      if (this.offline) overview.items = unknownRemote(overview.items, this.offline, this.lastKnown, this.lastRefresh);
      else if (!local) this.lastRefresh = new Date();
      this.overview = overview;
      this.byPath = new Map(overview.items.map((i) => [i.path, i]));
      // What Notion said last, for the view while it cannot be reached.
      if (!this.offline) this.lastKnown = this.byPath;
      if (this.offline || p?.reason === 'auth') this.knownRows = undefined;
      else if (!local) {
        this.knownRows = overview.rows;
        this.notionReadAt = overview.readAt;
      } else this.knownRows = { ...this.knownRows, ...overview.rows };
      // A local read keeps the chats and script runs read last time (the chat watcher reads chats again).
      if (!local) await this.loadExtras(ctx, reachable);
      this.log.info(
        `${local ? 'Re-read the files' : 'Read the state'} of ${overview.items.length} item(s)${this.chats ? `, ${this.chats.sessions.length} agent chat(s)` : ''} in ${Date.now() - started} ms (${local ? overview.apiCalls : overview.apiCalls + (this.scriptRuns?.apiCalls ?? 0)} API call(s))${p ? `; Notion: ${p.message}` : ''}`,
      );
      // There is a token and Notion refuses it (Connect checks a token before keeping it): revoked or removed.
      this.tokenRefused = p?.reason === 'auth';
      if (p?.reason === 'auth' || p?.reason === 'no-token') this.setState('notConnected', { ...p });
      else if (p?.reason === 'not-configured') this.setState('noDatabases', { ...p });
      else if (this.offline) this.setState('ready', { ...p! });
      else if (overview.items.length === 0 && overview.triggers.files.length === 0 && !this.chats?.sessions.length)
        this.setState('empty', undefined);
      else this.setState('ready', undefined);
    } catch (err) {
      if (err instanceof NotionError && err.kind === 'cancelled') return;
      this.offline = undefined;
      this.setState('error', errorProblem(err));
      this.log.error(`Reading the state failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }

  /** What the tree shows beside the items: this workspace's agent chats and the scripts' last runs. A failure here never hides the items. */
  private async loadExtras(ctx: EngineContext, reachable: boolean): Promise<void> {
    if (this.chatsEnabled) {
      try {
        // Notion unreachable: the local exports tell what is captured, without waiting for retries.
        this.chats = await listChats(reachable ? ctx : { ...ctx, token: undefined }, {
          editorUserDirs: [this.editorUserDir],
        });
        for (const w of this.chats.warnings) this.log.warn(`Agent chats: ${w.file}: ${w.message}`);
      } catch (err) {
        if (err instanceof NotionError && err.kind === 'cancelled') throw err;
        this.chats = undefined;
        this.log.warn(`Listing agent chats failed: ${errorProblem(err).message}`);
      }
    } else {
      this.chats = undefined;
    }
    if (reachable && this.config?.categories.scripts) {
      try {
        this.scriptRuns = await getScriptRuns(ctx);
        const p = this.scriptRuns.problem;
        if (p && p.reason !== 'not-configured') this.log.warn(`Execution Logs: ${p.message} ${p.fix}`);
      } catch (err) {
        if (err instanceof NotionError && err.kind === 'cancelled') throw err;
        this.scriptRuns = undefined;
        this.log.warn(`Reading Execution Logs failed: ${errorProblem(err).message}`);
      }
    } else {
      this.scriptRuns = undefined;
    }
  }

  private setState(state: ViewState, problem: SyncModel['problem']): void {
    this.viewState = state;
    this.problem = problem;
    if (state !== 'ready') this.byPath = state === 'error' || state === 'notConnected' ? new Map() : this.byPath;
  }

  dispose(): void {
    clearTimeout(this.writtenTimer);
    this.disposed.abort();
    this.changed.dispose();
  }
}

/**
 * The local files of an overview read while Notion could not be: listed, their Notion side unknown.
 * Where Notion was read earlier in this window, the last known state stays beside it, with its age
 * (and the row's link, so "Open in Notion" still works).
 */
export function unknownRemote(
  items: ItemStatus[],
  problem: NotionProblem,
  lastKnown: ReadonlyMap<string, ItemStatus> = new Map(),
  readAt?: Date,
  now = Date.now(),
): ItemStatus[] {
  const age = readAt ? ago(readAt.getTime(), now) : '';
  return items
    .filter((i) => i.local || i.state === 'skipped')
    .map((i) => {
      if (i.state === 'skipped') return i;
      const before = lastKnown.get(i.path);
      const known = before && before.state !== UNKNOWN_STATE ? before : undefined;
      return {
        category: i.category,
        path: i.path,
        local: i.local,
        state: UNKNOWN_STATE,
        reason: known
          ? `${problem.message}; last known: ${known.state}${age ? ` (read from Notion ${age})` : ''}`
          : problem.message,
        ...(known ? { pageId: known.pageId, url: known.url, row: known.row } : {}),
      };
    });
}

export function errorProblem(err: unknown): { message: string; fix?: string; fixKind?: FixKind; reason?: string } {
  if (err instanceof ConfigError) return { message: err.message, fix: err.fix };
  // Core says what kind of fix it is; the editor words it (messages.ts), never parsing the CLI's sentence.
  if (err instanceof NotionError)
    return fixKindOf(err) === 'none' ? { message: explain(err) } : { message: err.message, fixKind: fixKindOf(err) };
  if (err && typeof err === 'object' && 'problem' in err) {
    const p = (err as { problem: NotionProblem }).problem;
    return { message: p.message, fix: p.fix, fixKind: p.fixKind, reason: p.reason };
  }
  return { message: err instanceof Error ? err.message : String(err) };
}
