/** What a sync run reports (CLI `sync --json`, the editor, the Action): one shape for every kind of run. */

import type { RemoteRow } from '../notion/databases';
import type { PlanEntry } from './plan';
import type { PullReport } from './pull-items';
import type { TriggerFilesReport } from './trigger-files';
import type { WorkspaceIndex } from './workspace-index';

export interface SyncReport {
  created: number;
  /** Rows no workspace managed, claimed for their files (issue 17); not counted in `created`/`updated`. */
  adopted: number;
  /** The files whose row was adopted by this run. */
  adoptedPaths: string[];
  updated: number;
  moved: number;
  unchanged: number;
  conflicts: number;
  failed: number;
  apiCalls: number;
  reads: number;
  writes: number;
  dryRun: boolean;
  cancelled: boolean;
  executionLogPageId?: string;
  executionLogNote?: string;
  skipped: Array<{ path: string; reason: string }>;
  failures: Array<{ path: string; reason: string }>;
  conflictPaths: string[];
  /** Files whose content had credentials replaced by [REDACTED:kind] (never the values). */
  secrets: Array<{ path: string; kinds: string[]; count: number }>;
  plan: PlanEntry[];
  notion: WorkspaceIndex['notion'];
  /** What the pull of a two-way sync did (its requests are in the counts above). */
  pull?: PullReport;
  /** The Trigger Files database's part of the run (triggerFiles.databaseId set; its requests are in the counts above). */
  triggerFiles?: TriggerFilesReport;
  /**
   * Each row as this run left it (created, updated or moved), from the write requests' answers: a
   * front end brings what it knows up to date from these instead of reading the databases again.
   * Properties other than the key and the bookkeeping are those the row had before.
   */
  written: Array<{ category: string; row: RemoteRow }>;
}

/** A report of a run that has done nothing yet. */
export function emptyReport(dryRun: boolean, notion: SyncReport['notion']): SyncReport {
  return {
    created: 0,
    adopted: 0,
    adoptedPaths: [],
    updated: 0,
    moved: 0,
    unchanged: 0,
    conflicts: 0,
    failed: 0,
    apiCalls: 0,
    reads: 0,
    writes: 0,
    dryRun,
    cancelled: false,
    skipped: [],
    failures: [],
    conflictPaths: [],
    secrets: [],
    plan: [],
    notion,
    written: [],
  };
}
