// Shared helpers of the Notion sandbox: JSON types, ids, Notion-shaped errors.
import { randomUUID } from 'node:crypto';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A Notion API error; the server turns it into `{object:'error', status, code, message, request_id}`. */
export class NotionError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly additionalData?: JsonObject,
  ) {
    super(message);
  }
}

/** How Notion prints a value inside backticks in its validation messages. */
export function show(v: unknown): string {
  if (v === undefined) return '`undefined`';
  let text: string;
  try {
    text = JSON.stringify(v) ?? String(v);
  } catch {
    text = String(v);
  }
  return `\`${text}\``;
}

/** `body failed validation: <path> <rest>` */
export function invalid(path: string, rest: string): NotionError {
  const root = path.split(/[.[]/)[0] || 'body';
  return new NotionError(400, 'validation_error', `${root} failed validation: ${path} ${rest}`);
}

export const mustBeDefined = (path: string): NotionError =>
  invalid(path, 'should be defined, instead was `undefined`.');
export const notPresent = (path: string, v: unknown): NotionError =>
  invalid(path, `should be not present, instead was ${show(v)}.`);
export const tooLong = (path: string, max: number, actual: number): NotionError =>
  invalid(`${path}.length`, `should be ≤ \`${max}\`, instead was \`${actual}\`.`);
export const wrongType = (path: string, expected: string, v: unknown): NotionError =>
  invalid(path, `should be ${expected}, instead was ${show(v)}.`);

export function validationError(message: string): NotionError {
  return new NotionError(400, 'validation_error', message);
}

export type ObjectKind = 'page' | 'block' | 'database' | 'data source' | 'user' | 'comment' | 'file upload';

export function notFound(kind: ObjectKind, id: string): NotionError {
  return new NotionError(
    404,
    'object_not_found',
    `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`,
  );
}

export const ARCHIVED_MESSAGE = "Can't edit block that is archived. You must unarchive the block before editing.";

export function newId(): string {
  return randomUUID();
}

const DASHED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PLAIN = /^[0-9a-f]{32}$/;

/** Dashed lowercase UUID, or null when `s` is not a Notion id (dashes optional). */
export function normalizeId(s: unknown): string | null {
  if (typeof s !== 'string') return null;
  const lower = s.trim().toLowerCase();
  if (DASHED.test(lower)) return lower;
  if (PLAIN.test(lower))
    return `${lower.slice(0, 8)}-${lower.slice(8, 12)}-${lower.slice(12, 16)}-${lower.slice(16, 20)}-${lower.slice(20)}`;
  return null;
}

/** Validates an id found at `path` (e.g. `body.parent.page_id`) and returns it dashed. */
export function requireId(v: unknown, path: string): string {
  if (v === undefined) throw mustBeDefined(path);
  const id = normalizeId(v);
  if (!id) throw invalid(path, `should be a valid uuid, instead was ${show(v)}.`);
  return id;
}

/** ISO string of a time rounded down to the minute, as Notion reports object timestamps. */
export function minuteIso(ms: number): string {
  return new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
}

export function floorMinute(ms: number): number {
  return Math.floor(ms / 60_000) * 60_000;
}

export const API_COLORS: readonly string[] = [
  'default',
  'gray',
  'brown',
  'orange',
  'yellow',
  'green',
  'blue',
  'purple',
  'pink',
  'red',
  'default_background',
  'gray_background',
  'brown_background',
  'orange_background',
  'yellow_background',
  'green_background',
  'blue_background',
  'purple_background',
  'pink_background',
  'red_background',
];

export const SELECT_COLORS: readonly string[] = [
  'default',
  'gray',
  'brown',
  'orange',
  'yellow',
  'green',
  'blue',
  'purple',
  'pink',
  'red',
];

/** The code-block languages accepted by Notion (SDK 5.26 `LanguageRequest`, in the SDK's order). */
export const CODE_LANGUAGES: readonly string[] = [
  'abap',
  'abc',
  'agda',
  'arduino',
  'ascii art',
  'assembly',
  'bash',
  'basic',
  'bnf',
  'c',
  'c#',
  'c++',
  'clojure',
  'coffeescript',
  'coq',
  'css',
  'dart',
  'dhall',
  'diff',
  'docker',
  'ebnf',
  'elixir',
  'elm',
  'erlang',
  'f#',
  'flow',
  'fortran',
  'gherkin',
  'glsl',
  'go',
  'graphql',
  'groovy',
  'haskell',
  'hcl',
  'html',
  'idris',
  'java',
  'javascript',
  'json',
  'julia',
  'kotlin',
  'latex',
  'less',
  'lisp',
  'livescript',
  'llvm ir',
  'lua',
  'makefile',
  'markdown',
  'markup',
  'matlab',
  'mathematica',
  'mermaid',
  'nix',
  'notion formula',
  'objective-c',
  'ocaml',
  'pascal',
  'perl',
  'php',
  'plain text',
  'powershell',
  'prolog',
  'protobuf',
  'purescript',
  'python',
  'r',
  'racket',
  'reason',
  'ruby',
  'rust',
  'sass',
  'scala',
  'scheme',
  'scss',
  'shell',
  'smalltalk',
  'solidity',
  'sql',
  'swift',
  'toml',
  'typescript',
  'vb.net',
  'verilog',
  'vhdl',
  'visual basic',
  'webassembly',
  'xml',
  'yaml',
  'java/c/c++/c#',
];

/** "should be `"a"`, `"b"`, or `"c"`" — the way Notion lists the members of an enum. */
export function enumList(values: readonly string[]): string {
  const quoted = values.map((v) => `\`${JSON.stringify(v)}\``);
  if (quoted.length === 1) return quoted[0] ?? '';
  if (quoted.length === 2) return `${quoted[0]} or ${quoted[1]}`;
  return `${quoted.slice(0, -1).join(', ')}, or ${quoted[quoted.length - 1]}`;
}

/** Checks an object has only the allowed keys (the SDK never sends others; Notion rejects them). */
export function onlyKeys(obj: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    if (!allowed.includes(k)) throw notPresent(`${path}.${k}`, v);
  }
}

/** True for an absolute http(s)/mailto/... URL that Notion would accept as a link. */
export function isValidUrl(s: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(s)) return false;
  try {
    const u = new URL(s);
    if ((u.protocol === 'http:' || u.protocol === 'https:') && !u.hostname) return false;
    return true;
  } catch {
    return false;
  }
}
