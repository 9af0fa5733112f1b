import type * as vscode from 'vscode';
import type { AttentionCounts } from './attention';
import type { AutomaticAudit } from './audit-watch';
import type { ViewState } from './ids';
import type { NotionCheck } from './remote-watch';
import type { Node } from './tree';

/** What `activate` returns: used by the extension-host tests to look inside. */
export interface ExtensionApi {
  readonly log: vscode.LogOutputChannel;
  refresh(): Promise<void>;
  /** The contributed UI, for the host tests. */
  readonly statusBarItem: vscode.StatusBarItem;
  /** The active file's state ("Notion: synced 2h ago"). */
  readonly activeFileItem: vscode.StatusBarItem;
  /** Why Notion could not be read at the last refresh (the view then lists the local files), else undefined. */
  readonly offline: string | undefined;
  /** What needs attention, as the status bar and the view's badge count it. */
  counts(): AttentionCounts;
  /** The counts of the last "Run Full Audit" in this editor, as its summary gives them. */
  lastAuditCounts(): AttentionCounts | undefined;
  readonly treeView: vscode.TreeView<Node>;
  /** Its elements are the tree nodes (`Node`, a TreeItem subclass). */
  readonly treeDataProvider: vscode.TreeDataProvider<vscode.TreeItem>;
  /** Settles when the first read of the workspace's state is done. */
  readonly ready: Promise<void>;
  /** Settles when no engine operation is queued or running. */
  whenIdle(): Promise<void>;
  /** What the Workspace view shows (also the `notionSync.viewState` context key). */
  readonly viewState: ViewState;
  /** The Notion workspace the token reaches, once known. */
  readonly notionWorkspace: string | undefined;
  /** The state the tree shows for a workspace-relative path. */
  itemState(path: string): string | undefined;
  /** The tree item of a workspace-relative path, as the view renders it. */
  treeItemFor(path: string): vscode.TreeItem | undefined;
  /** The tree node of a path: what the view passes to item commands. */
  nodeFor(path: string): Node | undefined;
  /** The tree node of an agent chat session (a TreeItem): what the view passes to its commands. */
  chatNodeFor(sessionId: string): Node | undefined;
  /** The agent chat store folders watched (with their globs). */
  readonly watchedChatStores: readonly string[];
  /** The last automatic chat capture, once one started. */
  lastAutomaticCapture(): Promise<unknown> | undefined;
  /** The periodic audits (`notionSync.auditIntervalMinutes`): how many finished, and the last one. */
  periodicAudits(): { runs: number; last: Promise<AutomaticAudit> | undefined };
  /** Checks of Notion for edits made elsewhere (focus, `notionSync.notionCheckIntervalMinutes`): how many finished, the last, and one now. */
  notionChecks(): { checks: number; last: Promise<NotionCheck> | undefined; now(): Promise<NotionCheck> };
  /** The badge the decoration provider gives a tree item's resourceUri. */
  decorationFor(uri: vscode.Uri): vscode.FileDecoration | undefined;
}
