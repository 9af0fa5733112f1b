import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { findNode, JsoncSyntaxError, nodeValue, parseJsonc, positionAt, type JsonNode } from './jsonc';
import { normalizeNotionId } from './notion-id';
import { ConfigError, type CategoryConfig, type ConfigOverrides, type SyncConfig, type TriggerConfig } from './types';

export const CONFIG_FILE_NAME = '.notion-sync.json';
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;
export const BUILTIN_CATEGORIES = ['plans', 'reports', 'scripts', 'agentChats'] as const;
export const CHAT_TOOLS = ['claude-code', 'cursor', 'copilot', 'codex', 'cline', 'roo', 'kilo'] as const;
export const DEFAULT_EXCLUDE: readonly string[] = ['**/node_modules/**', '**/.git/**'];
const CATEGORY_NAME = /^[a-zA-Z][\w-]*$/;

const DEFAULT_INCLUDE: Record<(typeof BUILTIN_CATEGORIES)[number], string[]> = {
  plans: ['plans/**/*.md'],
  reports: ['reports/**/*.md'],
  scripts: ['scripts/**/*.{py,js,ts,sh,ps1,rb,go}'],
  agentChats: ['agent-chats/**/*.md', '.specstory/history/**/*.md'],
};
const DEFAULT_CAPTURE = ['claude-code', 'cursor', 'copilot', 'codex', 'cline'];

export function defaultTriggerConfig(): TriggerConfig {
  return { inbox: ['**/inbox/**'], processed: ['**/processed/**'], failed: ['**/failed/**'], staleAfterHours: 24 };
}

/** The configuration of a workspace with no `.notion-sync.json`. */
export function defaultConfig(root: string): SyncConfig {
  const abs = path.resolve(root);
  const categories: Record<string, CategoryConfig> = {};
  for (const name of BUILTIN_CATEGORIES) {
    categories[name] = { name, include: [...DEFAULT_INCLUDE[name]], exclude: [] };
    if (name === 'agentChats') categories[name].capture = [...DEFAULT_CAPTURE];
  }
  return {
    root: abs,
    workspaceName: path.basename(abs) || 'workspace',
    categories,
    executionLogs: {},
    triggerFiles: defaultTriggerConfig(),
    exclude: [...DEFAULT_EXCLUDE],
    maxFileBytes: DEFAULT_MAX_FILE_BYTES,
    warnings: [],
  };
}

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
 */
export function parseConfigText(
  text: string | undefined,
  root: string,
  file?: string,
  overrides: ConfigOverrides = {},
): SyncConfig {
  const config = defaultConfig(root);
  if (file) config.configFile = file;
  const v = new Validator(text ?? '', file, config.warnings);
  if (text !== undefined) {
    let parsed;
    try {
      parsed = parseJsonc(text);
    } catch (err) {
      if (err instanceof JsoncSyntaxError) {
        throw new ConfigError(
          `${v.where(err.offset)}${CONFIG_FILE_NAME} is not valid JSON: ${file ? err.reason : err.message}`,
          {
            key: CONFIG_FILE_NAME,
            fix: 'Correct the JSON syntax at that position (comments and trailing commas are allowed).',
            file,
            line: err.line,
            column: err.column,
          },
        );
      }
      throw err;
    }
    v.root = parsed.root;
    for (const dup of parsed.duplicateKeys) {
      v.warn(dup.offset, `${dup.path} appears more than once; the last value is used.`);
    }
    if (parsed.root) applyFile(v, config, parsed.root);
    v.flush();
  }
  applyOverrides(config, overrides);
  return config;
}

const TOP_KEYS = [
  '$schema',
  'workspaceName',
  'parentPageId',
  'apiBaseUrl',
  'categories',
  'executionLogs',
  'triggerFiles',
  'exclude',
  'maxFileBytes',
];
const CATEGORY_KEYS = ['include', 'exclude', 'databaseId', 'capture'];
const TRIGGER_KEYS = ['inbox', 'processed', 'failed', 'staleAfterHours'];

function applyFile(v: Validator, config: SyncConfig, root: JsonNode): void {
  if (root.type !== 'object') {
    v.fail('(root)', [], 'must be a JSON object', 'Write an object, e.g. { "workspaceName": "my-repo" }');
  }
  const data = nodeValue(root) as Record<string, unknown>;
  v.unknownKeys(data, TOP_KEYS, '', []);

  if (data.workspaceName !== undefined)
    config.workspaceName = v.nonEmptyString(
      'workspaceName',
      ['workspaceName'],
      data.workspaceName,
      '"workspaceName": "my-repo"',
    );
  if (data.parentPageId !== undefined && data.parentPageId !== '') {
    config.parentPageId = v.notionId('parentPageId', ['parentPageId'], data.parentPageId, 'page');
  }
  if (data.apiBaseUrl !== undefined && data.apiBaseUrl !== '')
    config.apiBaseUrl = v.url('apiBaseUrl', ['apiBaseUrl'], data.apiBaseUrl);
  if (data.maxFileBytes !== undefined)
    config.maxFileBytes = v.positiveInteger('maxFileBytes', ['maxFileBytes'], data.maxFileBytes);
  if (data.exclude !== undefined) {
    for (const g of v.globs('exclude', ['exclude'], data.exclude, '["dist/**"]'))
      if (!config.exclude.includes(g)) config.exclude.push(g);
  }
  if (data.executionLogs !== undefined) {
    const logs = v.object('executionLogs', ['executionLogs'], data.executionLogs, '{ "databaseId": "<id or URL>" }');
    v.unknownKeys(logs, ['databaseId'], 'executionLogs.', ['executionLogs']);
    if (logs.databaseId !== undefined && logs.databaseId !== '') {
      config.executionLogs.databaseId = v.notionId(
        'executionLogs.databaseId',
        ['executionLogs', 'databaseId'],
        logs.databaseId,
        'database',
      );
    }
  }
  if (data.triggerFiles !== undefined) {
    const t = v.object('triggerFiles', ['triggerFiles'], data.triggerFiles, '{ "inbox": ["**/inbox/**"] }');
    v.unknownKeys(t, TRIGGER_KEYS, 'triggerFiles.', ['triggerFiles']);
    for (const state of ['inbox', 'processed', 'failed'] as const) {
      if (t[state] !== undefined) {
        config.triggerFiles[state] = v.globs(
          `triggerFiles.${state}`,
          ['triggerFiles', state],
          t[state],
          `["**/${state}/**"]`,
        );
      }
    }
    if (t.staleAfterHours !== undefined) {
      const key = 'triggerFiles.staleAfterHours';
      const n = t.staleAfterHours;
      if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) {
        v.fail(
          key,
          ['triggerFiles', 'staleAfterHours'],
          `must be a positive number of hours, found ${describe(n)}`,
          `Write a number, e.g. "staleAfterHours": 24`,
        );
      }
      config.triggerFiles.staleAfterHours = n;
    }
  }
  if (data.categories !== undefined) applyCategories(v, config, data.categories);
}

function applyCategories(v: Validator, config: SyncConfig, raw: unknown): void {
  const cats = v.object('categories', ['categories'], raw, '{ "plans": { "include": ["plans/**/*.md"] } }');
  for (const [name, value] of Object.entries(cats)) {
    const key = `categories.${name}`;
    const at = ['categories', name];
    const builtin = (BUILTIN_CATEGORIES as readonly string[]).includes(name);
    const suggestion = builtin ? undefined : didYouMean(name, BUILTIN_CATEGORIES);
    if (!CATEGORY_NAME.test(name)) {
      v.fail(
        key,
        at,
        'is not a valid category name',
        'Use a name that starts with a letter and has only letters, digits, "_" and "-", e.g. "designDocs"',
        true,
      );
    }
    const obj = v.object(key, at, value, `{ "include": ["${name}/**/*.md"] }`);
    v.unknownKeys(obj, CATEGORY_KEYS, `${key}.`, at, ['name']);
    if (obj.name !== undefined)
      v.warn(v.offsetOf([...at, 'name']), `${key}.name is ignored: a category's name is its key ("${name}").`);
    const cat: CategoryConfig = config.categories[name] ?? { name, include: [], exclude: [] };
    if (obj.include !== undefined) {
      cat.include = v.globs(
        `${key}.include`,
        [...at, 'include'],
        obj.include,
        `["${builtin ? DEFAULT_INCLUDE[name as keyof typeof DEFAULT_INCLUDE][0] : `${name}/**/*.md`}"]`,
      );
    } else if (!builtin) {
      const hint = suggestion ? ` Did you mean the built-in category "${suggestion}"?` : '';
      v.fail(
        `${key}.include`,
        at,
        'is required for a new category',
        `Add "include": ["${name}/**/*.md"] (the files that belong to it).${hint}`,
        true,
      );
    }
    if (!builtin && suggestion) {
      v.warn(v.offsetOf(at, true), `${key} is a new category; did you mean "${suggestion}"?`);
    }
    if (obj.exclude !== undefined)
      cat.exclude = v.globs(`${key}.exclude`, [...at, 'exclude'], obj.exclude, `["${name}/drafts/**"]`);
    if (obj.databaseId !== undefined && obj.databaseId !== '')
      cat.databaseId = v.notionId(`${key}.databaseId`, [...at, 'databaseId'], obj.databaseId, 'database');
    if (obj.capture !== undefined) {
      const k = `${key}.capture`;
      const list = obj.capture;
      if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) {
        v.fail(
          k,
          [...at, 'capture'],
          `must be an array of agent tool names, found ${describe(list)}`,
          `Write e.g. "capture": ${JSON.stringify(DEFAULT_CAPTURE)}`,
        );
      }
      list.forEach((tool: string, i: number) => {
        if (!(CHAT_TOOLS as readonly string[]).includes(tool)) {
          const near = didYouMean(tool, CHAT_TOOLS);
          v.fail(
            `${k}[${i}]`,
            [...at, 'capture'],
            `names an unknown agent tool "${tool}"`,
            `${near ? `Did you mean "${near}"? ` : ''}Known tools: ${CHAT_TOOLS.join(', ')}`,
          );
        }
      });
      cat.capture = [...new Set(list as string[])];
      if (name !== 'agentChats')
        v.warn(
          v.offsetOf([...at, 'capture']),
          `${k} only has an effect on agentChats; chats are captured into the agentChats category.`,
        );
    }
    config.categories[name] = cat;
  }
}

function applyOverrides(config: SyncConfig, o: ConfigOverrides): void {
  const v = new Validator('', undefined, config.warnings, 'setting/flag ');
  if (o.workspaceName !== undefined && o.workspaceName !== null && o.workspaceName !== '') {
    config.workspaceName = v.nonEmptyString('workspaceName', [], o.workspaceName, '"my-repo"');
  }
  if (o.apiBaseUrl !== undefined && o.apiBaseUrl !== null && o.apiBaseUrl !== '')
    config.apiBaseUrl = v.url('apiBaseUrl', [], o.apiBaseUrl);
  if (o.maxFileBytes !== undefined && o.maxFileBytes !== null)
    config.maxFileBytes = v.positiveInteger('maxFileBytes', [], o.maxFileBytes);
  if (o.exclude !== undefined && o.exclude !== null) {
    for (const g of v.globs('exclude', [], o.exclude, '["dist/**"]'))
      if (!config.exclude.includes(g)) config.exclude.push(g);
  }
}

/** Validation helpers that know where in the file each key sits. */
class Validator {
  root: JsonNode | undefined;
  constructor(
    private readonly text: string,
    private readonly file: string | undefined,
    private readonly warnings: string[],
    private readonly label = '',
  ) {}

  offsetOf(at: readonly string[], keyItself = false): number | undefined {
    if (!this.root) return undefined;
    if (at.length === 0) return this.root.offset;
    if (keyItself) {
      const parent = findNode(this.root, at.slice(0, -1));
      if (parent?.type === 'object') {
        const prop = [...parent.properties].reverse().find((p) => p.key === at[at.length - 1]);
        return prop?.keyOffset;
      }
      return undefined;
    }
    return findNode(this.root, at)?.offset;
  }

  where(offset: number | undefined): string {
    if (!this.file) return '';
    const name = path.basename(this.file);
    if (offset === undefined) return `${name}: `;
    const p = positionAt(this.text, offset);
    return `${name}:${p.line}:${p.column}: `;
  }

  private readonly pending: { offset: number; text: string }[] = [];

  warn(offset: number | undefined, text: string): void {
    this.pending.push({ offset: offset ?? -1, text: `${this.where(offset)}${this.label}${text}` });
  }

  /** Moves the warnings into the config, in file order. */
  flush(): void {
    this.pending.sort((a, b) => a.offset - b.offset);
    this.warnings.push(...this.pending.map((w) => w.text));
    this.pending.length = 0;
  }

  fail(key: string, at: readonly string[], problem: string, fix: string, keyItself = false): never {
    const offset = this.offsetOf(at, keyItself);
    const pos = offset === undefined || !this.file ? undefined : positionAt(this.text, offset);
    throw new ConfigError(`${this.where(offset)}${this.label}${key} ${problem}. ${fix}`, {
      key,
      fix,
      file: this.file,
      line: pos?.line,
      column: pos?.column,
    });
  }

  unknownKeys(
    obj: Record<string, unknown>,
    known: readonly string[],
    prefix: string,
    at: readonly string[],
    ignore: readonly string[] = [],
  ): void {
    for (const k of Object.keys(obj)) {
      if (known.includes(k) || ignore.includes(k)) continue;
      const near = didYouMean(
        k,
        known.filter((x) => !x.startsWith('$')),
      );
      this.warn(
        this.offsetOf([...at, k], true),
        `Unknown key ${prefix}${k} is ignored${near ? `; did you mean "${prefix}${near}"?` : '.'}`,
      );
    }
  }

  object(key: string, at: readonly string[], value: unknown, example: string): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(
        key,
        at,
        `must be an object, found ${describe(value)}`,
        `Write e.g. "${key.split('.').pop()}": ${example}`,
      );
    }
    return value as Record<string, unknown>;
  }

  nonEmptyString(key: string, at: readonly string[], value: unknown, example: string): string {
    if (typeof value !== 'string' || !value.trim()) {
      this.fail(key, at, `must be a non-empty string, found ${describe(value)}`, `Write e.g. ${example}`);
    }
    return value.trim();
  }

  positiveInteger(key: string, at: readonly string[], value: unknown): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
      this.fail(
        key,
        at,
        `must be a positive whole number of bytes, found ${describe(value)}`,
        `Write e.g. "${key}": 5242880 (5 MiB); the default is ${DEFAULT_MAX_FILE_BYTES} (2 MiB)`,
      );
    }
    return value;
  }

  url(key: string, at: readonly string[], value: unknown): string {
    let ok = false;
    if (typeof value === 'string') {
      try {
        const u = new URL(value);
        ok = u.protocol === 'http:' || u.protocol === 'https:';
      } catch {
        ok = false;
      }
    }
    if (!ok)
      this.fail(
        key,
        at,
        `must be an http(s) URL, found ${describe(value)}`,
        `Write e.g. "${key}": "https://api.notion.com" or the sandbox's "http://127.0.0.1:PORT"`,
      );
    return (value as string).replace(/\/+$/, '');
  }

  notionId(key: string, at: readonly string[], value: unknown, what: 'page' | 'database'): string {
    const id = typeof value === 'string' ? normalizeNotionId(value) : undefined;
    if (!id) {
      this.fail(
        key,
        at,
        `must be a Notion ${what} id, found ${describe(value)}`,
        `Paste the ${what}'s id (32 hex digits, dashes optional) or its URL, e.g. "${key.split('.').pop()}": "https://www.notion.so/My-${what === 'page' ? 'Page' : 'Database'}-0123456789abcdef0123456789abcdef"`,
      );
    }
    return id;
  }

  globs(key: string, at: readonly string[], value: unknown, example: string): string[] {
    if (!Array.isArray(value) || value.some((g) => typeof g !== 'string' || !g.trim())) {
      const found = Array.isArray(value) ? 'an array with a non-string or empty entry' : describe(value);
      this.fail(
        key,
        at,
        `must be an array of glob strings, found ${found}`,
        `Write e.g. "${key.split('.').pop()}": ${example}`,
      );
    }
    return (value as string[]).map((g, i) => {
      let s = g.trim();
      if (s.includes('\\')) {
        this.fail(
          `${key}[${i}]`,
          at,
          `uses backslashes (${JSON.stringify(g)})`,
          `Globs use forward slashes, e.g. ${JSON.stringify(s.replace(/\\/g, '/'))}`,
        );
      }
      if (s.startsWith('/') || /^[a-zA-Z]:/.test(s)) {
        this.fail(
          `${key}[${i}]`,
          at,
          `is an absolute path (${JSON.stringify(g)})`,
          `Globs are relative to the workspace folder, e.g. ${JSON.stringify(s.replace(/^([a-zA-Z]:)?\/+/, ''))}`,
        );
      }
      while (s.startsWith('./')) s = s.slice(2);
      return s;
    });
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `${value}`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/** The closest candidate, when it is close enough to be a likely typo. */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c.toLowerCase() === input.toLowerCase()) return c;
    const d = levenshtein(input.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(input.length / 3)));
  if (bestDistance <= limit) return best;
  // A truncated or extended key ("staleAfter" for "staleAfterHours").
  const lower = input.toLowerCase();
  if (lower.length >= 4)
    return candidates.find((c) => c.toLowerCase().startsWith(lower) || lower.startsWith(c.toLowerCase()));
  return undefined;
}

function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
