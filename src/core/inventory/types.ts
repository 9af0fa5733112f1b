import type { ItemKind } from '../config';

export interface LocalItem {
  category: string;
  /** Workspace-relative, forward slashes. The row key in Notion (with the workspace name). */
  path: string;
  absPath: string;
  /** .md/.markdown/.mdx → markdown, anything else → script. */
  kind: ItemKind;
  size: number;
  mtimeMs: number;
  /** sha256 hex of the file's bytes, as on disk. */
  hash: string;
}

export type SkipCode = 'binary' | 'invalid-utf8' | 'empty' | 'too-large' | 'unreadable' | 'captured';

export interface SkippedItem {
  category: string;
  path: string;
  reason: string;
  code: SkipCode;
}

export interface TriggerFile {
  path: string;
  state: 'inbox' | 'processed' | 'failed';
  mtimeMs: number;
  ageHours: number;
}

export interface TriggerSummary {
  inbox: number;
  processed: number;
  failed: number;
  /** Inbox files older than triggerFiles.staleAfterHours, oldest first. */
  stale: TriggerFile[];
  /** Every trigger file, sorted by path. */
  files: TriggerFile[];
}

export interface Inventory {
  /** Eligible category items, in category order, then by path. */
  items: LocalItem[];
  /** Files of a category that cannot be synced, each with a reason. Not in `items`. */
  skipped: SkippedItem[];
  triggers: TriggerSummary;
  /** Files the walk looked at (pruned folders such as node_modules are never entered, so never counted). */
  scannedFiles: number;
  /** Entries of `options.paths` that do not exist (workspace-relative). */
  notFound: string[];
}

export interface ScanOptions {
  signal?: AbortSignal;
  /** Clock for trigger-file ages (ms since epoch); default Date.now(). */
  now?: number;
  /** Limit the scan to these workspace-relative (or absolute, inside the workspace) files and folders. */
  paths?: string[];
}
