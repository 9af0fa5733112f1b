import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { checkConfigText, checkConfigValue } from './check';
import { CONFIG_FILE_NAME, defaultConfig } from './defaults';
import { normalizeNotionId } from './notion-id';
import { ConfigError, type ConfigOverrides, type ConfigProblem, type SyncConfig } from './types';

/**
 * Reads `.notion-sync.json` (JSON with comments) at `root`, merges it over the
 * defaults, applies `overrides`, and validates everything. A missing file
 * gives the defaults; a malformed or invalid one throws ConfigError naming the
 * key (and line/column) and the fix.
 */
export async function loadConfig(root: string, overrides: ConfigOverrides = {}): Promise<SyncConfig> {
  const abs = path.resolve(root);
  let stat;
  try {
    stat = await fs.stat(abs);
  } catch (err) {
    throw new ConfigError(`Workspace folder ${abs} cannot be opened: ${(err as Error).message}`, {
      key: 'workspace',
      fix: 'Pass an existing folder (--workspace DIR).',
    });
  }
  if (!stat.isDirectory()) {
    throw new ConfigError(`Workspace ${abs} is not a folder`, {
      key: 'workspace',
      fix: 'Pass the folder that holds the repository (--workspace DIR).',
    });
  }
  const file = path.join(abs, CONFIG_FILE_NAME);
  let text: string | undefined;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') {
      throw new ConfigError(`${CONFIG_FILE_NAME} cannot be read: ${(err as Error).message}`, {
        key: CONFIG_FILE_NAME,
        fix:
          code === 'EISDIR'
            ? `Remove the folder named ${CONFIG_FILE_NAME}; the configuration is a file.`
            : 'Check the file permissions.',
        file,
      });
    }
  }
  return parseConfigText(text, abs, text === undefined ? undefined : file, overrides);
}

/**
 * Builds a SyncConfig from the text of a configuration file (undefined: no
 * file). Synchronous and free of I/O, for editors that validate as you type.
 * Throws ConfigError for the first error in the file; warnings land in `warnings`.
 */
export function parseConfigText(
  text: string | undefined,
  root: string,
  file?: string,
  overrides: ConfigOverrides = {},
): SyncConfig {
  const config = defaultConfig(root);
  if (file) config.configFile = file;
  if (text !== undefined) {
    const { problems, data } = checkConfigText(text);
    const where = (p: ConfigProblem) =>
      file ? `${path.basename(file)}${p.line === undefined ? '' : `:${p.line}:${p.column}`}: ` : '';
    const first = problems.find((p) => p.severity === 'error');
    if (first) throw problemError(first, where(first), file);
    for (const p of problems) config.warnings.push(`${where(p)}${p.message}`);
    if (data !== undefined) applyFile(config, data as ConfigFile);
  }
  applyOverrides(config, overrides);
  return config;
}

function problemError(p: ConfigProblem, prefix: string, file: string | undefined): ConfigError {
  return new ConfigError(`${prefix}${p.message}`, {
    key: p.key,
    fix: p.fix ?? '',
    file,
    line: p.line,
    column: p.column,
  });
}

/** The file's shape once the schema has accepted it (schemas/notion-sync.schema.json). */
interface ConfigFile {
  workspaceName?: string;
  parentPageId?: string;
  twoWay?: boolean;
  apiBaseUrl?: string;
  maxFileBytes?: number;
  exclude?: string[];
  executionLogs?: { databaseId?: string; properties?: Record<string, string> };
  triggerFiles?: {
    inbox?: string[];
    processed?: string[];
    failed?: string[];
    staleAfterHours?: number;
    databaseId?: string;
    processedDays?: number;
    tasksDatabaseId?: string;
    taskIdProperty?: string;
  };
  categories?: Record<
    string,
    {
      include?: string[];
      exclude?: string[];
      databaseId?: string;
      capture?: string[];
      captureExclude?: string[];
      properties?: Record<string, string>;
    }
  >;
}

function applyFile(config: SyncConfig, data: ConfigFile): void {
  if (data.workspaceName !== undefined) config.workspaceName = data.workspaceName.trim();
  config.parentPageId = notionId(data.parentPageId) ?? config.parentPageId;
  if (data.twoWay !== undefined) config.twoWay = data.twoWay;
  if (data.apiBaseUrl) config.apiBaseUrl = baseUrl(data.apiBaseUrl);
  if (data.maxFileBytes !== undefined) config.maxFileBytes = data.maxFileBytes;
  addExcludes(config, data.exclude);
  const logsId = notionId(data.executionLogs?.databaseId);
  if (logsId) config.executionLogs.databaseId = logsId;
  const logsMapping = propertyMapping(data.executionLogs?.properties);
  if (logsMapping) config.executionLogs.properties = logsMapping;
  const t = data.triggerFiles ?? {};
  for (const state of ['inbox', 'processed', 'failed'] as const) {
    const globs = t[state];
    if (globs) config.triggerFiles[state] = globs.map(normalizeGlob);
  }
  if (t.staleAfterHours !== undefined) config.triggerFiles.staleAfterHours = t.staleAfterHours;
  const triggerDb = notionId(t.databaseId);
  if (triggerDb) config.triggerFiles.databaseId = triggerDb;
  if (t.processedDays !== undefined) config.triggerFiles.processedDays = t.processedDays;
  const tasksDb = notionId(t.tasksDatabaseId);
  if (tasksDb) config.triggerFiles.tasksDatabaseId = tasksDb;
  if (t.taskIdProperty !== undefined) config.triggerFiles.taskIdProperty = t.taskIdProperty.trim();
  for (const [name, c] of Object.entries(data.categories ?? {})) {
    const cat = config.categories[name] ?? { name, include: [], exclude: [] };
    if (c.include) cat.include = c.include.map(normalizeGlob);
    if (c.exclude) cat.exclude = c.exclude.map(normalizeGlob);
    const id = notionId(c.databaseId);
    if (id) cat.databaseId = id;
    if (c.capture) cat.capture = [...new Set(c.capture)];
    if (c.captureExclude) cat.captureExclude = [...new Set(c.captureExclude)];
    const mapping = propertyMapping(c.properties);
    if (mapping) cat.properties = mapping;
    config.categories[name] = cat;
  }
}

/** Settings and flags win over the file; they obey the same schema (empty strings and null mean "not set"). */
function applyOverrides(config: SyncConfig, o: ConfigOverrides): void {
  const set: ConfigFile = {};
  if (o.workspaceName !== undefined && o.workspaceName !== null && o.workspaceName !== '')
    set.workspaceName = o.workspaceName;
  if (o.apiBaseUrl !== undefined && o.apiBaseUrl !== null && o.apiBaseUrl !== '') set.apiBaseUrl = o.apiBaseUrl;
  if (o.maxFileBytes !== undefined && o.maxFileBytes !== null) set.maxFileBytes = o.maxFileBytes;
  if (o.exclude !== undefined && o.exclude !== null) set.exclude = o.exclude;
  const first = checkConfigValue(set).find((p) => p.problem.severity === 'error');
  if (first) {
    const p = first.problem;
    throw new ConfigError(`setting/flag ${p.message}`, { key: p.key, fix: p.fix ?? '' });
  }
  if (set.workspaceName !== undefined) config.workspaceName = set.workspaceName.trim();
  if (set.apiBaseUrl !== undefined) config.apiBaseUrl = baseUrl(set.apiBaseUrl);
  if (set.maxFileBytes !== undefined) config.maxFileBytes = set.maxFileBytes;
  addExcludes(config, set.exclude);
}

function addExcludes(config: SyncConfig, globs: string[] | undefined): void {
  for (const g of (globs ?? []).map(normalizeGlob)) if (!config.exclude.includes(g)) config.exclude.push(g);
}

/** A property mapping (our name → the database's), exactly as written: Notion's names are compared exactly. */
function propertyMapping(value: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!value || Object.keys(value).length === 0) return undefined;
  return { ...value };
}

function notionId(value: string | undefined): string | undefined {
  return value === undefined ? undefined : normalizeNotionId(value);
}

function baseUrl(value: string): string {
  return value.trim().replace(/\/+$/, '');
}

function normalizeGlob(glob: string): string {
  let s = glob.trim();
  while (s.startsWith('./')) s = s.slice(2);
  return s;
}
