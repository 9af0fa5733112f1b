import type { NotionProblem } from '../sync';

/* The audit report: what the model fills, the renderers print and --json emits. */

export type Severity = 'critical' | 'high' | 'medium' | 'low';

export interface CategoryCounts {
  local: number;
  notion: number;
  inSync: number;
  modifiedLocally: number;
  missingInNotion: number;
  orphanedInNotion: number;
  duplicatesInNotion: number;
  editedInNotion: number;
  /** Rows no workspace manages (no `Workspace` key): another tool's, or made by hand (issue 17). */
  unmanagedInNotion: number;
  /** Rows of other workspaces sharing the database. */
  otherWorkspaces: number;
  /** Unmanaged rows whose title matches one of ours (a local file's name, or one of our rows' titles). */
  lookAlikes: number;
}

export interface CategoryDetails {
  database?: { id: string; url?: string; title?: string };
  problem?: NotionProblem;
  modified: string[];
  missing: Array<{ path: string; movedFrom?: string }>;
  orphaned: Array<{ path: string; url: string }>;
  duplicates: Array<{ path: string; urls: string[] }>;
  edited: Array<{ path: string; url: string; at: string }>;
  /** Unmanaged rows that `adopt` (or the next sync) claims, with the file each belongs to. */
  adoptable: Array<{ path: string; url: string; title: string; by: 'path' | 'title' }>;
  /** Files several unmanaged rows could be: `adopt` lists them and leaves them alone. */
  ambiguous: Array<{ path: string; urls: string[]; reason: string }>;
  /** Unmanaged rows whose title matches one of ours. */
  lookAlikes: Array<{ title: string; url: string }>;
  /** How many rows each other workspace has in this database. */
  otherWorkspaces: Record<string, number>;
}

export interface Remediation {
  severity: Severity;
  title: string;
  /** The exact CLI command that fixes it (empty when only a person can). */
  command: string;
  /** The editor command that does the same (offered after the audit in the editor). */
  editorCommand?: string;
  detail?: string;
}

/** What the audit learned about agent chats (filled by the chats module when available). */
export interface ChatCensus {
  sessionsFound: number;
  captured: number;
  notCaptured: number;
  byTool: Record<string, number>;
  notCapturedSessions: Array<{ tool: string; id: string; title: string }>;
  error?: string;
}

export interface AuditReport {
  generatedAt: string;
  workspace: string;
  notion: {
    configured: boolean;
    reachable: boolean;
    error?: string;
    fix?: string;
    /** Why the Notion side was not read (auth, unreachable, …), for exit codes. */
    reason?: string;
    notionWorkspace?: string;
  };
  categories: Record<string, CategoryCounts>;
  executionLogs: {
    runsRecorded: number;
    scriptsWithoutLog: string[];
    lastRunAt: string | null;
    failedRuns: Array<{ name: string; at: string | null; url: string }>;
    available: boolean;
    error?: string;
  };
  triggerFiles: {
    inbox: number;
    processed: number;
    failed: number;
    staleInbox: number;
    staleAfterHours: number;
    oldestStale: Array<{ path: string; ageHours: number }>;
  };
  agentChats: ChatCensus;
  schemaProblems: Array<{
    database: string;
    property: string;
    problem: string;
    expected: string;
    actual?: string;
    fix: string;
  }>;
  skipped: Array<{ path: string; category: string; reason: string }>;
  remediation: Remediation[];
  apiCalls: number;
  details: Record<string, CategoryDetails>;
  executionLogPageId?: string;
}
