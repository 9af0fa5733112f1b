// Everything wrong with the text of a `.notion-sync.json`, each finding at its line and column:
// syntax (jsonc-parser), the rules of the JSON Schema (ajv), and hints the schema cannot express
// ("did you mean", duplicate keys). Shared by the loader (CLI, extension) and the editor's Problems panel.
import { BUILTIN_CATEGORIES, CHAT_TOOLS, CONFIG_FILE_NAME, DEFAULT_CAPTURE, DEFAULT_INCLUDE } from './defaults';
import { DEFAULT_MAX_FILE_BYTES, isBuiltinCategory } from './defaults';
import { describeValue, didYouMean } from './did-you-mean';
import { duplicateKeys, keyNodeAt, nodeAt, nodeValue, parseJsoncTree, positionAt, type JsonNode } from './json-tree';
import { CONFIG_SCHEMA, schemaErrors, type ErrorObject } from './schema';
import type { ConfigProblem } from './types';

type Path = (string | number)[];

export interface ConfigCheck {
  /** In file order; errors and warnings mixed. */
  problems: ConfigProblem[];
  /** The parsed file when it has no syntax error (undefined for an empty file). */
  data: unknown;
  /** How many comments the file has. */
  comments: number;
}

/** Checks the text of a configuration file. Never throws. */
export function checkConfigText(text: string): ConfigCheck {
  const tree = parseJsoncTree(text);
  const problems: ConfigProblem[] = [];
  const at = (node: JsonNode | undefined) =>
    node ? { offset: node.offset, length: node.length, ...positionAt(text, node.offset) } : {};
  if (tree.syntaxError) {
    const { offset, length, reason } = tree.syntaxError;
    const fix = 'Correct the JSON syntax at that position (comments and trailing commas are allowed).';
    problems.push({
      severity: 'error',
      key: CONFIG_FILE_NAME,
      message: `${CONFIG_FILE_NAME} is not valid JSON: ${reason}. ${fix}`,
      fix,
      offset,
      length,
      ...positionAt(text, offset),
    });
    return { problems, data: undefined, comments: tree.comments };
  }
  const root = tree.root;
  if (!root) return { problems, data: undefined, comments: tree.comments };
  for (const dup of duplicateKeys(root)) {
    problems.push({
      severity: 'warning',
      key: dotted(dup.path),
      message: `${dotted(dup.path)} appears more than once; the last value is used.`,
      offset: dup.offset,
      length: dup.length,
      ...positionAt(text, dup.offset),
    });
  }
  const data = nodeValue(root);
  for (const p of checkConfigValue(data))
    problems.push({ ...p.problem, ...at(p.keyItself ? keyNodeAt(root, p.path) : nodeAt(root, p.path)) });
  problems.sort((a, b) => (a.offset ?? -1) - (b.offset ?? -1));
  return { problems, data, comments: tree.comments };
}

export interface LocatedProblem {
  problem: ConfigProblem;
  /** Where in the document: the value at this path, or its key when `keyItself`. */
  path: Path;
  keyItself: boolean;
}

/** Checks a parsed configuration (or the same keys from settings and flags) against the schema and the hints. */
export function checkConfigValue(data: unknown): LocatedProblem[] {
  const out: LocatedProblem[] = [];
  const seen = new Set<string>();
  for (const e of schemaErrors(data)) {
    const p = fromSchemaError(e, data);
    if (!p) continue;
    const id = `${p.path.join('\u0000')}|${p.keyItself}`;
    if (seen.has(id)) continue; // one finding per place: the first rule it breaks
    seen.add(id);
    out.push(p);
  }
  if (isObject(data) && isObject(data.categories)) out.push(...categoryHints(data.categories));
  out.push(...mappingHints(data));
  return out;
}

function fromSchemaError(e: ErrorObject, data: unknown): LocatedProblem | undefined {
  const path = pointerPath(e.instancePath, data);
  const value = valueAt(data, path);
  const schema = (e.parentSchema ?? {}) as { errorMessage?: string; patternErrorMessage?: string; properties?: object };
  if (e.keyword === 'propertyNames') return undefined; // its inner pattern error says it, with the name
  if (e.keyword === 'additionalProperties') {
    const name = String((e.params as { additionalProperty: string }).additionalProperty);
    const prefix = path.length ? `${dotted(path)}.` : '';
    const known = Object.keys(schema.properties ?? {}).filter((k) => !k.startsWith('$') && k !== 'name');
    if (isMappingPath(path)) {
      // A property mapping names OUR properties: an unknown one would map nothing, silently.
      const near = didYouMean(name, known);
      const fix = `${near ? `Did you mean "${near}"? ` : ''}Map one of our property names: ${known.join(', ')}`;
      return error([...path, name], true, `${prefix}${name}`, 'is not one of our property names', fix);
    }
    const near = didYouMean(name, known);
    const message = `Unknown key ${prefix}${name} is ignored${near ? `; did you mean "${prefix}${near}"?` : '.'}`;
    return warning([...path, name], true, `${prefix}${name}`, message);
  }
  if (e.keyword === 'required') {
    const name = String(path[path.length - 1]);
    const suggestion = didYouMean(name, BUILTIN_CATEGORIES);
    const hint = suggestion ? ` Did you mean the built-in category "${suggestion}"?` : '';
    const fix = `Add "include": ["${name}/**/*.md"] (the files that belong to it).${hint}`;
    return error(path, true, `${dotted(path)}.include`, 'is required for a new category', fix);
  }
  const propertyName = (e as ErrorObject & { propertyName?: string }).propertyName;
  if (propertyName !== undefined) {
    const fix = 'Use a name that starts with a letter and has only letters, digits, "_" and "-", e.g. "designDocs"';
    return error([...path, propertyName], true, dotted([...path, propertyName]), schema.patternErrorMessage ?? '', fix);
  }
  const objectExpected =
    e.keyword === 'type' && (e.params as { type?: string }).type === 'object'
      ? `must be ${path.length ? 'an object' : 'a JSON object'}`
      : undefined;
  const problem =
    (e.keyword === 'pattern' ? schema.patternErrorMessage : undefined) ??
    schema.errorMessage ??
    objectExpected ??
    e.message;
  let key = dotted(path);
  let found = describeValue(value);
  if (globItem(path, value) === 'invalid') {
    // A non-string or blank entry: the list as a whole is wrong.
    key = dotted(path.slice(0, -1));
    found = 'an array with a non-string or empty entry';
  }
  return error(path, false, key, `${problem ?? 'is invalid'}, found ${found}`, fixFor(path, value));
}

/** Hints the schema cannot give: a new category that looks like a misspelt built-in one, capture outside agentChats. */
function categoryHints(categories: Record<string, unknown>): LocatedProblem[] {
  const out: LocatedProblem[] = [];
  for (const [name, value] of Object.entries(categories)) {
    if (!isObject(value)) continue;
    const key = `categories.${name}`;
    const suggestion = isBuiltinCategory(name) ? undefined : didYouMean(name, BUILTIN_CATEGORIES);
    if (suggestion && value.include !== undefined)
      out.push(warning(['categories', name], true, key, `${key} is a new category; did you mean "${suggestion}"?`));
    if (value.name !== undefined)
      out.push(
        warning(
          ['categories', name, 'name'],
          false,
          `${key}.name`,
          `${key}.name is ignored: a category's name is its key ("${name}").`,
        ),
      );
    if (value.capture !== undefined && name !== 'agentChats')
      out.push(
        warning(
          ['categories', name, 'capture'],
          false,
          `${key}.capture`,
          `${key}.capture only has an effect on agentChats; chats are captured into the agentChats category.`,
        ),
      );
  }
  return out;
}

/** `categories.<name>.properties` or `executionLogs.properties`: a property mapping. */
function isMappingPath(path: Path): boolean {
  return (
    (path.length === 3 && path[0] === 'categories' && path[2] === 'properties') ||
    (path.length === 2 && path[0] === 'executionLogs' && path[1] === 'properties')
  );
}

/** Our property names a mapping may name, from the schema's definition for it (built-in category or not). */
function ourPropertyNames(path: Path): string[] {
  const defs = CONFIG_SCHEMA.definitions as Record<string, { properties?: Record<string, unknown> }>;
  const def =
    path[0] === 'executionLogs'
      ? 'executionLogPropertyMapping'
      : path[1] === 'scripts'
        ? 'scriptPropertyMapping'
        : path[1] === 'agentChats'
          ? 'agentChatPropertyMapping'
          : 'documentPropertyMapping';
  return Object.keys(defs[def]?.properties ?? {});
}

/**
 * Two of our properties mapped to one property of the database (explicitly, or one mapped onto the
 * name another of ours keeps because it is not mapped): each write would overwrite the other.
 */
function mappingHints(data: unknown): LocatedProblem[] {
  const out: LocatedProblem[] = [];
  const mappings: Path[] = [];
  if (isObject(data) && isObject(data.categories))
    for (const name of Object.keys(data.categories)) mappings.push(['categories', name, 'properties']);
  mappings.push(['executionLogs', 'properties']);
  for (const path of mappings) {
    const mapping = valueAt(data, path);
    if (!isObject(mapping)) continue;
    const ours = ourPropertyNames(path);
    const owner = new Map<string, string>();
    // Unmapped properties of ours keep their own names (the title aside: it is whatever the database calls it).
    for (const name of ours) if (name !== 'Name' && !(name in mapping)) owner.set(name, name);
    for (const [name, theirs] of Object.entries(mapping)) {
      if (typeof theirs !== 'string') continue;
      const other = owner.get(theirs);
      if (other === undefined) {
        owner.set(theirs, name);
        continue;
      }
      const key = dotted([...path, name]);
      const why = other === theirs ? `our own "${theirs}" (unmapped) goes by that name` : `${other} is mapped to it`;
      out.push(
        error(
          [...path, name],
          false,
          key,
          `maps to "${theirs}", but ${why}: two of our properties cannot share one property of the database`,
          other === theirs
            ? `Map ${name} to another property, or map ${theirs} elsewhere too`
            : `Map ${name} and ${other} to two different properties`,
        ),
      );
    }
  }
  return out;
}

/** What to write instead, with an example fitted to the key. */
function fixFor(path: Path, value: unknown): string {
  const [top, name, field] = path;
  const idFix = (what: 'page' | 'database', k: string) =>
    `Paste the ${what}'s id (32 hex digits, dashes optional) or its URL, e.g. "${k}": "https://www.notion.so/My-${what === 'page' ? 'Page' : 'Database'}-0123456789abcdef0123456789abcdef"`;
  switch (top) {
    case undefined:
      return 'Write an object, e.g. { "workspaceName": "my-repo" }';
    case 'workspaceName':
      return 'Write e.g. "workspaceName": "my-repo"';
    case 'parentPageId':
      return idFix('page', 'parentPageId');
    case 'apiBaseUrl':
      return `Write e.g. "apiBaseUrl": "https://api.notion.com" or the sandbox's "http://127.0.0.1:PORT"`;
    case 'maxFileBytes':
      return `Write e.g. "maxFileBytes": 5242880 (5 MiB); the default is ${DEFAULT_MAX_FILE_BYTES} (2 MiB)`;
    case 'exclude':
      return globFix(path, value, 'dist/**');
    case 'executionLogs':
      if (name === 'properties') return 'Write e.g. "properties": { "Name": "Run" } (our name → the database\'s)';
      return path.length === 1
        ? 'Write e.g. "executionLogs": { "databaseId": "<id or URL>" }'
        : idFix('database', 'databaseId');
    case 'triggerFiles':
      if (path.length === 1) return 'Write e.g. "triggerFiles": { "inbox": ["**/inbox/**"] }';
      if (name === 'staleAfterHours') return 'Write a number, e.g. "staleAfterHours": 24';
      if (name === 'processedDays') return 'Write a number, e.g. "processedDays": 7';
      if (name === 'databaseId' || name === 'tasksDatabaseId') return idFix('database', String(name));
      if (name === 'taskIdProperty') return 'Write the property\'s name, e.g. "taskIdProperty": "Task ID"';
      return globFix(path, value, `**/${String(name)}/**`);
    case 'categories': {
      if (path.length === 1) return 'Write e.g. "categories": { "plans": { "include": ["plans/**/*.md"] } }';
      const cat = String(name);
      const include = isBuiltinCategory(cat) ? DEFAULT_INCLUDE[cat][0] : `${cat}/**/*.md`;
      if (path.length === 2) return `Write e.g. "${cat}": { "include": ["${include}"] }`;
      if (field === 'include') return globFix(path, value, include);
      if (field === 'exclude') return globFix(path, value, `${cat}/drafts/**`);
      if (field === 'databaseId') return idFix('database', 'databaseId');
      if (field === 'properties')
        return 'Write e.g. "properties": { "Path": "File Path", "Name": "Script Name" } (our name → the database\'s)';
      if (path.length === 3) return `Write e.g. "capture": ${JSON.stringify(DEFAULT_CAPTURE)}`;
      const near = typeof value === 'string' ? didYouMean(value, CHAT_TOOLS) : undefined;
      return `${near ? `Did you mean "${near}"? ` : ''}Known tools: ${CHAT_TOOLS.join(', ')}`;
    }
    default:
      return 'See the configuration section of the README.';
  }
}

function globFix(path: Path, value: unknown, example: string): string {
  const listKey = [...path].reverse().find((s) => typeof s === 'string');
  if (globItem(path, value) === 'valid' && typeof value === 'string') {
    const s = value.trim();
    if (s.includes('\\')) return `Write e.g. ${JSON.stringify(s.replace(/\\/g, '/'))}`;
    return `Write e.g. ${JSON.stringify(s.replace(/^([a-zA-Z]:)?\/+/, ''))}`;
  }
  return `Write e.g. "${String(listKey)}": ${JSON.stringify([example])}`;
}

/** For an entry of a glob list: whether it is a usable string at all. */
function globItem(path: Path, value: unknown): 'valid' | 'invalid' | undefined {
  const list = path[path.length - 2];
  const isGlobList =
    typeof path[path.length - 1] === 'number' &&
    (list === 'include' || list === 'exclude' || list === 'inbox' || list === 'processed' || list === 'failed');
  if (!isGlobList) return undefined;
  return typeof value === 'string' && value.trim() !== '' ? 'valid' : 'invalid';
}

function error(path: Path, keyItself: boolean, key: string, problem: string, fix: string): LocatedProblem {
  return { path, keyItself, problem: { severity: 'error', key, message: `${key} ${problem}. ${fix}`, fix } };
}

function warning(path: Path, keyItself: boolean, key: string, message: string): LocatedProblem {
  return { path, keyItself, problem: { severity: 'warning', key, message } };
}

/** `categories.plans.include[0]`; `(root)` for the whole document. */
export function dotted(path: Path): string {
  if (!path.length) return '(root)';
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function pointerPath(pointer: string, data: unknown): Path {
  const out: Path = [];
  let cur = data;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key = Array.isArray(cur) ? Number(seg) : seg;
    out.push(key);
    cur = (cur as Record<string | number, unknown> | undefined)?.[key];
  }
  return out;
}

function valueAt(data: unknown, path: Path): unknown {
  return path.reduce<unknown>((cur, k) => (cur as Record<string | number, unknown> | undefined)?.[k], data);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
