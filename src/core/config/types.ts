/** What an item's page body is made of: markdown as native blocks, anything else as a code block. */
export type ItemKind = 'markdown' | 'script';

export interface CategoryConfig {
  /** The category's key in `categories` (plans, reports, scripts, agentChats, or a user-defined one). */
  name: string;
  /** Workspace-relative globs (minimatch, `dot: true`). An empty list switches the category off. */
  include: string[];
  /** Globs excluded from this category only; a file excluded here may still belong to a later category. */
  exclude: string[];
  /** Dashed lowercase UUID of the category's database, once known. */
  databaseId?: string;
  /** Agent tools whose chats are captured into this category (agentChats). */
  capture?: string[];
  /** Sessions kept out of capture (agentChats): session ids, or globs over the session title. */
  captureExclude?: string[];
  /** Our property names → the database's own (`"Path": "File Path"`), for a database people already have. */
  properties?: Record<string, string>;
}

export interface TriggerConfig {
  inbox: string[];
  processed: string[];
  failed: string[];
  staleAfterHours: number;
  /** The Trigger Files database (rows tracked in Notion), when configured. */
  databaseId?: string;
  /** Processed files modified in the last this many days get a row (default DEFAULT_PROCESSED_DAYS). */
  processedDays?: number;
  /** A tasks database that trigger files name tasks of (the rows' `Task` relation). */
  tasksDatabaseId?: string;
  /** The tasks database's property holding a task id; absent: a task id is the task page's own id. */
  taskIdProperty?: string;
}

export interface SyncConfig {
  /** Absolute path of the workspace folder. */
  root: string;
  /** Absolute path of `.notion-sync.json`, when one exists. */
  configFile?: string;
  workspaceName: string;
  parentPageId?: string;
  /** `sync` pulls Notion's edits first (`"twoWay": true`, or `sync --two-way`). */
  twoWay?: boolean;
  apiBaseUrl?: string;
  /** Always has plans, reports, scripts, agentChats (in that order), then user categories in file order. */
  categories: Record<string, CategoryConfig>;
  executionLogs: {
    databaseId?: string;
    /** Our property names → the database's own. */ properties?: Record<string, string>;
  };
  triggerFiles: TriggerConfig;
  /** Global excludes: the defaults (node_modules, .git) plus the file's and the overrides' additions. */
  exclude: string[];
  /** Files larger than this are skipped with a reason (default 2 MiB). */
  maxFileBytes: number;
  /** Non-fatal findings (unknown keys, duplicate keys, …), each naming the key. */
  warnings: string[];
}

/**
 * Values from VS Code settings or CLI flags; they win over the file.
 * Empty strings and null mean "not set" (VS Code's defaults for string settings).
 */
export interface ConfigOverrides {
  workspaceName?: string | null;
  apiBaseUrl?: string | null;
  /** Added to the global excludes. */
  exclude?: string[] | null;
  maxFileBytes?: number | null;
}

/** One finding in `.notion-sync.json` (or in the settings and flags that override it). */
export interface ConfigProblem {
  severity: 'error' | 'warning';
  /** The setting, e.g. `categories.plans.include[0]`; `(root)` for the whole file, the file name for syntax errors. */
  key: string;
  /** The finding, ending with its fix, without the location. */
  message: string;
  /** What to write instead (errors). */
  fix?: string;
  /** Where in the file: offset and length of the text concerned, 1-based line and column (absent for settings/flags). */
  offset?: number;
  length?: number;
  line?: number;
  column?: number;
}

export interface ConfigErrorDetails {
  key: string;
  fix: string;
  file?: string;
  line?: number;
  column?: number;
}

/**
 * A configuration problem: `key` names the setting, `fix` says what to write
 * instead. The message always ends with the fix (it is appended when the
 * message does not already contain it), so printing `message` is enough.
 */
export class ConfigError extends Error {
  readonly key: string;
  readonly fix: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  constructor(message: string, details: ConfigErrorDetails) {
    super(message.includes(details.fix) ? message : `${message.replace(/[.\s]+$/, '')}. ${details.fix}`);
    this.name = 'ConfigError';
    this.key = details.key;
    this.fix = details.fix;
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
  }
}
