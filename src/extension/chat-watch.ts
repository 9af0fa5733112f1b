import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import type { ChatTool } from '../core/chats';
import { ALL_CHAT_TOOLS, TOOL_LABELS } from '../core/chats';
import { NotionError } from '../core/notion/errors';
import type { CaptureReport } from '../core/sync';
import { captureChats } from '../core/sync';
import { chatStoreLocations } from '../core/chats/store-locations';
import { Commands } from './ids';
import { runTask } from './commands/task';
import type { SyncModel } from './model';
import { affects, getSetting } from './settings';
import { chatState } from './tree/chat-node';

/** Badges follow a changed store at most this often (an agent writes its transcript every few seconds). */
const REFRESH_EVERY_MS = 15_000;
/** Automatic capture waits for the store to be quiet this long… */
const CAPTURE_QUIET_MS = 30_000;
/** …but not longer than this while a session keeps growing. */
const CAPTURE_MAX_WAIT_MS = 5 * 60_000;
/** A session counts as changed when its last message is this close to the first change seen. */
const CHANGED_SLACK_MS = 5 * 60_000;

/** Test and tuning knob, like NOTION_SYNC_RPS: `NOTION_SYNC_CHAT_CAPTURE_DELAY_MS` replaces both delays above. */
function delays(env: NodeJS.ProcessEnv): { refresh: number; quiet: number; maxWait: number } {
  const v = Number(env.NOTION_SYNC_CHAT_CAPTURE_DELAY_MS);
  if (env.NOTION_SYNC_CHAT_CAPTURE_DELAY_MS && Number.isFinite(v) && v >= 0)
    return { refresh: v, quiet: v, maxWait: Math.max(v, 1) * 10 };
  return { refresh: REFRESH_EVERY_MS, quiet: CAPTURE_QUIET_MS, maxWait: CAPTURE_MAX_WAIT_MS };
}

/**
 * Watches the session stores of the agent tools this workspace captures (Claude Code project
 * folders, Codex sessions, this editor's Copilot, Cursor and Cline stores). A change refreshes the
 * Agent Chats badges (throttled); with `notionSync.captureChatsAutomatically` (off by default, never
 * in an untrusted workspace) the changed sessions are captured once the store has been quiet for a while.
 */
export class ChatStoreWatcher implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];
  private watchedKey = '';
  private refreshTimer?: ReturnType<typeof setTimeout>;
  private captureTimer?: ReturnType<typeof setTimeout>;
  private batchStart?: number;
  private readonly changedFiles = new Set<string>();
  private readonly delays = delays(process.env);
  /** Tools whose held-back first sessions were already announced in this window. */
  private readonly heldAnnounced = new Set<string>();
  /** The last automatic capture (tests and the log). */
  lastCapture?: Promise<CaptureReport | undefined>;

  constructor(
    private readonly model: SyncModel,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      model.onDidChange(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, 'captureChatsAutomatically')) {
          this.log.info(`Automatic chat capture ${this.autoCapture ? 'on' : 'off'}`);
          if (!this.autoCapture) this.cancelCapture();
        }
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.update()),
    );
  }

  /** Automatic capture is allowed now. */
  get autoCapture(): boolean {
    return getSetting('captureChatsAutomatically') && vscode.workspace.isTrusted;
  }

  /** The folders watched now (for the log and tests). */
  watched: string[] = [];

  /** (Re)creates the watchers when the configured tools or the existing store folders changed. */
  update(): void {
    const config = this.model.config;
    if (!config || !this.model.chatsEnabled || this.model.viewState !== 'ready') return this.setWatchers([]);
    const tools = (config.categories.agentChats?.capture as ChatTool[] | undefined) ?? [...ALL_CHAT_TOOLS];
    const env = process.env;
    const locations = chatStoreLocations({
      tools,
      home: env.HOME || env.USERPROFILE || homedir(),
      env,
      editorUserDirs: [this.model.editorUserDir],
      workspaceStorageDir: this.model.workspaceStorageDir,
      workspaceFolder: config.root,
    }).filter((l) => existsSync(l.dir));
    this.setWatchers(locations);
  }

  private setWatchers(locations: Array<{ dir: string; glob: string }>): void {
    const key = locations.map((l) => `${l.dir}\u0000${l.glob}`).join('\n');
    if (key === this.watchedKey) return;
    this.watchedKey = key;
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    this.watched = locations.map((l) => `${l.dir}/${l.glob}`);
    for (const l of locations) {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(l.dir), l.glob));
      this.watchers.push(
        w,
        w.onDidChange((u) => this.changed(u)),
        w.onDidCreate((u) => this.changed(u)),
      );
    }
    if (locations.length) this.log.info(`Watching agent chat stores: ${this.watched.join(', ')}`);
  }

  private changed(uri: vscode.Uri): void {
    this.log.debug(`Agent chat store changed: ${uri.fsPath}`);
    if (!this.refreshTimer && !this.captureTimer) {
      this.refreshTimer = setTimeout(() => {
        this.refreshTimer = undefined;
        void this.model.refresh();
      }, this.delays.refresh);
    }
    if (!this.autoCapture) return;
    this.changedFiles.add(uri.fsPath);
    this.batchStart ??= Date.now();
    clearTimeout(this.captureTimer);
    const wait = Math.max(0, Math.min(this.delays.quiet, this.batchStart + this.delays.maxWait - Date.now()));
    this.captureTimer = setTimeout(() => {
      this.captureTimer = undefined;
      this.lastCapture = this.captureChanged();
    }, wait);
  }

  private cancelCapture(): void {
    clearTimeout(this.captureTimer);
    this.captureTimer = undefined;
    this.changedFiles.clear();
    this.batchStart = undefined;
  }

  /** Captures the sessions that changed since the batch began and are not captured as they are now. */
  private async captureChanged(): Promise<CaptureReport | undefined> {
    const files = [...this.changedFiles];
    const since = (this.batchStart ?? Date.now()) - CHANGED_SLACK_MS;
    this.cancelCapture();
    clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    if (!this.autoCapture) return undefined;
    await this.model.refresh();
    if (this.model.viewState !== 'ready' || !this.model.connected || this.model.offline) return undefined;
    const ids = this.model.sessions
      .filter((s) => chatState(s) !== 'captured')
      .filter((s) => files.some((f) => f.includes(s.id)) || Date.parse(s.updatedAt) >= since)
      .map((s) => s.id);
    if (ids.length === 0) return undefined;
    try {
      const report = await runTask(
        { model: this.model },
        {
          title: 'Notion Sync: capturing agent chats',
          quiet: true,
          trigger: 'auto',
          command: 'Notion Sync: automatic chat capture',
        },
        // no confirmFirstPush: a tool's first sessions are never pushed automatically, only after "Review…"
        (ctx) => captureChats(ctx, { sessionIds: ids, editorUserDirs: [this.model.editorUserDir] }),
      );
      if (report.held) this.announceHeld(report);
      this.log.info(
        `Automatic chat capture of ${ids.length} changed session(s): ${report.captured} captured, ${report.updated} updated, ${report.unchanged} unchanged, ${report.conflicts} conflicts, ${report.failed} failed`,
      );
      for (const s of report.sessions) if (s.error) this.log.error(`Capture ${s.tool} ${s.id}: ${s.error}`);
      await this.model.refresh();
      return report;
    } catch (err) {
      if (!(err instanceof NotionError && err.kind === 'cancelled'))
        this.log.warn(`Automatic chat capture failed: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  /** Once per tool and window: the automatic capture held a tool's first sessions back; "Review…" shows the preview. */
  private announceHeld(report: CaptureReport): void {
    const held = report.sessions.filter((s) => s.action === 'held');
    const fresh = [...new Set(held.map((s) => s.tool))].filter((t) => !this.heldAnnounced.has(t));
    this.log.info(
      `Automatic chat capture held back ${held.length} session(s) of ${[...new Set(held.map((s) => s.tool))].join(', ')}: first push to Notion not confirmed`,
    );
    if (fresh.length === 0) return;
    for (const t of fresh) this.heldAnnounced.add(t);
    const names = fresh.map((t) => TOOL_LABELS[t] ?? t).join(', ');
    void vscode.window
      .showInformationMessage(
        `Automatic capture did not send the first ${names} chats: review once what they send to Notion.`,
        'Review…',
      )
      .then(
        (c) =>
          c &&
          vscode.commands.executeCommand(
            Commands.captureChats,
            held.map((s) => s.id),
          ),
      );
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.cancelCapture();
    for (const w of this.watchers) w.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
