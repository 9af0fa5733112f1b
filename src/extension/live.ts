import * as vscode from 'vscode';
import { CONFIG_FILE_NAME } from '../core/config';
import { classifierFor } from '../core/inventory/classify';
import type { SyncModel } from './model';
import { affects, getSetting } from './settings';

const REFRESH_DEBOUNCE_MS = 800;

/**
 * Keeps the badges current: a file watcher refreshes (debounced) when an item, a trigger file or the
 * configuration changes; optional sync on save (off by default, debounced, never in an untrusted
 * workspace); setting and trust changes refresh too.
 */
export class LiveUpdates implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private refreshTimer?: ReturnType<typeof setTimeout>;
  /** The debounced refresh must read Notion too (the configuration changed), not only the files. */
  private fullPending = false;
  private readonly saveTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly saveReasons = new Map<string, vscode.TextDocumentSaveReason>();

  constructor(
    private readonly model: SyncModel,
    private readonly syncOnSave: (path: string) => Promise<unknown>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(
      watcher,
      watcher.onDidChange((u) => this.changed(u)),
      watcher.onDidCreate((u) => this.changed(u)),
      watcher.onDidDelete((u) => this.changed(u)),
      // Sync on save reacts to explicit saves only: an auto-save (after a delay, on focus change) is
      // not a decision to publish what was typed.
      vscode.workspace.onWillSaveTextDocument((e) => this.saveReasons.set(e.document.uri.toString(), e.reason)),
      vscode.workspace.onDidSaveTextDocument((d) => this.saved(d)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, 'apiBaseUrl', 'workspaceName', 'exclude')) void this.model.refresh();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.model.refresh()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.model.refresh()),
    );
  }

  /** Whether a changed file can change what the view shows. */
  relevant(uri: vscode.Uri): boolean {
    if (uri.scheme !== 'file') return false;
    const rel = this.model.relativePath(uri.fsPath);
    if (rel === undefined || rel === '') return false;
    if (rel === CONFIG_FILE_NAME) return true;
    if (this.model.item(rel)) return true;
    const config = this.model.config;
    if (!config) return false;
    const kind = classifierFor(config).classify(rel).kind;
    // A deleted folder: an item below it may be gone.
    return kind === 'item' || kind === 'trigger' || this.model.items.some((i) => i.path.startsWith(`${rel}/`));
  }

  /** A file changed here: the files are read again against the rows already known — no request — unless the configuration changed. */
  private changed(uri: vscode.Uri): void {
    if (!getSetting('autoRefresh') || !this.relevant(uri)) return;
    if (this.model.relativePath(uri.fsPath) === CONFIG_FILE_NAME) this.fullPending = true;
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      const mode = this.fullPending ? 'full' : 'local';
      this.fullPending = false;
      void this.model.refresh(mode);
    }, REFRESH_DEBOUNCE_MS);
  }

  private saved(doc: vscode.TextDocument): void {
    const reason = this.saveReasons.get(doc.uri.toString());
    this.saveReasons.delete(doc.uri.toString());
    if (!getSetting('syncOnSave') || !vscode.workspace.isTrusted || doc.uri.scheme !== 'file') return;
    if (reason !== undefined && reason !== vscode.TextDocumentSaveReason.Manual) {
      const rel = this.model.relativePath(doc.uri.fsPath);
      if (rel && this.model.item(rel)) this.log.info(`Sync on save: ${rel} was auto-saved; not sent.`);
      return;
    }
    const rel = this.model.relativePath(doc.uri.fsPath);
    const config = this.model.config;
    if (!rel || !config || !this.model.connected || this.model.viewState !== 'ready' || this.model.offline) return;
    if (classifierFor(config).classify(rel).kind !== 'item') return;
    const delay = Math.max(0, getSetting('syncOnSaveDelayMs'));
    clearTimeout(this.saveTimers.get(rel));
    this.saveTimers.set(
      rel,
      setTimeout(() => {
        this.saveTimers.delete(rel);
        // A conflict is never overwritten automatically.
        if (this.model.item(rel)?.state === 'conflict')
          return void this.log.info(`Sync on save: ${rel} is in conflict; not sent.`);
        this.log.info(`Sync on save: ${rel}`);
        void this.syncOnSave(rel);
      }, delay),
    );
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    for (const t of this.saveTimers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}
