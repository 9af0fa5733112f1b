import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { applyEdits, format, modify } from 'jsonc-parser/lib/esm/main.js';
import { CONFIG_FILE_NAME } from './defaults';
import { nodeAt, nodeValue, parseJsoncTree } from './json-tree';
import { parseConfigText } from './load';
import { normalizeNotionId } from './notion-id';
import { ConfigError } from './types';

export interface ConfigPatch {
  parentPageId?: string;
  /** Category name → database id (or URL); undefined entries are left alone. */
  databaseIds?: Partial<Record<string, string>>;
  executionLogsDatabaseId?: string;
  triggerFilesDatabaseId?: string;
}

export interface ConfigPatchResult {
  file: string;
  created: boolean;
  /** False only when the file had comments and they could not be kept (it was rewritten as plain JSON). */
  commentsPreserved: boolean;
}

/**
 * Writes ids into `.notion-sync.json` (creating it when absent) and keeps
 * everything else: other keys, their order, comments and formatting. Resolves
 * to the file's path.
 */
export async function writeConfigPatch(root: string, patch: ConfigPatch): Promise<string> {
  return (await writeConfigPatchDetailed(root, patch)).file;
}

/** writeConfigPatch, also telling whether the file was created and whether its comments survived. */
export async function writeConfigPatchDetailed(root: string, patch: ConfigPatch): Promise<ConfigPatchResult> {
  const abs = path.resolve(root);
  const file = path.join(abs, CONFIG_FILE_NAME);
  const edits = patchEdits(patch);
  // parseConfigText below refuses a file we would misread: the user fixes it first.

  let text: string | undefined;
  let mode: number | undefined;
  try {
    text = await fs.readFile(file, 'utf8');
    mode = (await fs.stat(file)).mode & 0o777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigError(`${CONFIG_FILE_NAME} cannot be read: ${(err as Error).message}`, {
        key: CONFIG_FILE_NAME,
        fix: 'Check the file permissions.',
        file,
      });
    }
  }

  const current = parseConfigText(text, abs, text === undefined ? undefined : file);
  for (const [name, value] of Object.entries(patch.databaseIds ?? {})) {
    if (value !== undefined && !current.categories[name]) {
      throw new ConfigError(`categories.${name} is not configured, so its database id cannot be saved`, {
        key: `categories.${name}`,
        fix: `Add the category to ${CONFIG_FILE_NAME} first, e.g. "categories": { "${name}": { "include": ["${name}/**/*.md"] } }`,
        file,
      });
    }
  }

  if (text === undefined) {
    const obj: Record<string, unknown> = {};
    for (const e of edits) setPath(obj, e.path, e.value);
    await atomicWrite(file, `${JSON.stringify(obj, null, 2)}\n`, undefined);
    return { file, created: true, commentsPreserved: true };
  }

  const parsed = parseJsoncTree(text);
  const before = (nodeValue(parsed.root) ?? {}) as Record<string, unknown>;

  let out: string | undefined;
  try {
    out = applyJsoncEdits(text, edits);
    if (!editsLanded(out, edits, before)) out = undefined;
  } catch {
    out = undefined;
  }
  if (out === undefined) {
    const obj = structuredClone(before);
    for (const e of edits) setPath(obj, e.path, e.value);
    out = `${JSON.stringify(obj, null, 2)}\n`;
  }
  const commentsPreserved = parseJsoncTree(out).comments >= parsed.comments;
  if (out !== text) await atomicWrite(file, out, mode);
  return { file, created: false, commentsPreserved };
}

interface JsoncEdit {
  path: string[];
  value: string;
}

/**
 * Applies the edits with jsonc-parser's `modify` (what VS Code uses for settings.json): only the edited
 * values change, comments and formatting elsewhere stay. Only the inserted text is formatted (`modify`'s
 * own formatting reflows whole lines, e.g. spreads a one-line array): in the file's indentation and line
 * ends, one key per line in a multi-line object, on the same line in a one-line object.
 */
function applyJsoncEdits(text: string, edits: readonly JsoncEdit[]): string {
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const indent = /^([ \t]+)"/m.exec(text)?.[1] ?? '  ';
  const tabs = indent.includes('\t');
  const start = parseJsoncTree(text).root;
  if (!start?.children?.length) {
    // Nothing to keep but comments: write readable JSON after them.
    const obj: Record<string, unknown> = {};
    for (const e of edits) setPath(obj, e.path, e.value);
    const json = JSON.stringify(obj, null, tabs ? '\t' : indent.length).replace(/\n/g, eol);
    return start ? `${json}${eol}` : `${text.trim() ? `${text.trimEnd()}${eol}` : ''}${json}${eol}`;
  }
  let out = text;
  for (const e of edits) {
    const root = parseJsoncTree(out).root;
    // The deepest object on the path that exists; an empty one is replaced whole, so it gets laid out.
    let depth = e.path.length - 1;
    while (depth > 0 && !nodeAt(root, e.path.slice(0, depth))) depth--;
    const parent = depth > 0 ? nodeAt(root, e.path.slice(0, depth)) : root;
    let target: string[] = e.path;
    let value: unknown = e.value;
    if (depth > 0 && parent?.type === 'object' && !parent.children?.length) {
      target = e.path.slice(0, depth);
      value = {};
      setPath(value as Record<string, unknown>, e.path.slice(depth), e.value);
    }
    const oneLine =
      !!parent?.children?.length && !out.slice(parent.offset, parent.offset + parent.length).includes('\n');
    for (const edit of modify(out, target, value, {})) {
      const inserted = applyEdits(out, [edit]);
      const formatting = format(
        inserted,
        { offset: edit.offset, length: edit.content.length },
        { insertSpaces: !tabs, tabSize: tabs ? 1 : indent.length, eol, keepLines: oneLine },
      );
      out = applyEdits(inserted, formatting);
    }
  }
  return out;
}

function patchEdits(patch: ConfigPatch): JsoncEdit[] {
  const edits: JsoncEdit[] = [];
  const id = (value: string, key: string, what: string): string => {
    const n = normalizeNotionId(value);
    if (!n) {
      throw new ConfigError(`${key} must be a Notion ${what} id, found ${JSON.stringify(value)}`, {
        key,
        fix: `Pass the ${what}'s id (32 hex digits) or its URL.`,
      });
    }
    return n;
  };
  if (patch.parentPageId !== undefined)
    edits.push({ path: ['parentPageId'], value: id(patch.parentPageId, 'parentPageId', 'page') });
  for (const [name, value] of Object.entries(patch.databaseIds ?? {})) {
    if (value === undefined) continue;
    if (!/^[a-zA-Z][\w-]*$/.test(name)) {
      throw new ConfigError(`categories.${name} is not a valid category name`, {
        key: `categories.${name}`,
        fix: 'Use a name that starts with a letter and has only letters, digits, "_" and "-".',
      });
    }
    edits.push({
      path: ['categories', name, 'databaseId'],
      value: id(value, `categories.${name}.databaseId`, 'database'),
    });
  }
  if (patch.executionLogsDatabaseId !== undefined) {
    edits.push({
      path: ['executionLogs', 'databaseId'],
      value: id(patch.executionLogsDatabaseId, 'executionLogs.databaseId', 'database'),
    });
  }
  if (patch.triggerFilesDatabaseId !== undefined) {
    edits.push({
      path: ['triggerFiles', 'databaseId'],
      value: id(patch.triggerFilesDatabaseId, 'triggerFiles.databaseId', 'database'),
    });
  }
  return edits;
}

/** The edited text parses, every edit is visible, and nothing else changed. */
function editsLanded(out: string, edits: readonly JsoncEdit[], before: unknown): boolean {
  const parsed = parseJsoncTree(out);
  if (parsed.syntaxError) return false;
  const root = parsed.root;
  for (const e of edits) {
    const node = nodeAt(root, e.path);
    if (!node || !isDeepStrictEqual(nodeValue(node), e.value)) return false;
  }
  const expected = structuredClone(before) as Record<string, unknown>;
  for (const e of edits) setPath(expected, e.path, e.value);
  return root !== undefined && isDeepStrictEqual(nodeValue(root), expected);
}

function setPath(obj: Record<string, unknown>, p: readonly string[], value: unknown): void {
  let cur = obj;
  for (const key of p.slice(0, -1)) {
    const next = cur[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) cur[key] = {};
    cur = cur[key] as Record<string, unknown>;
  }
  cur[p[p.length - 1]] = value;
}

async function atomicWrite(file: string, content: string, mode: number | undefined): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await fs.writeFile(tmp, content, { encoding: 'utf8', mode: mode ?? 0o644 });
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw new ConfigError(`${CONFIG_FILE_NAME} cannot be written: ${(err as Error).message}`, {
      key: CONFIG_FILE_NAME,
      fix: 'Check that the workspace folder is writable.',
      file,
    });
  }
}
