// JSON with comments, read with jsonc-parser (the parser VS Code uses): a tree whose nodes carry offsets,
// so every finding can name its line and column.
// The ESM build is imported on purpose: the package's `main` is a UMD wrapper whose inner requires a
// bundler cannot follow, so the bundled CLI and extension would fail to load it.
import {
  findNodeAtOffset,
  getNodeValue,
  parseTree,
  visit,
  printParseErrorCode,
  type Node,
  type ParseError,
} from 'jsonc-parser/lib/esm/main.js';

export type JsonNode = Node;
export type JsonPath = (string | number)[];

export interface JsoncSyntaxProblem {
  offset: number;
  length: number;
  /** A sentence for people, e.g. "Expected ',' or ']'". */
  reason: string;
}

export interface JsoncTree {
  /** Undefined for an empty (or comment-only) text. */
  root: JsonNode | undefined;
  /** The first syntax error (the ones after it usually follow from it). */
  syntaxError?: JsoncSyntaxProblem;
  /** How many comments the text has (line and block comments). */
  comments: number;
}

/** Parses JSON with comments and trailing commas; a leading byte order mark is allowed. */
export function parseJsoncTree(text: string): JsoncTree {
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const errors: ParseError[] = [];
  const root = parseTree(source, errors, {
    allowTrailingComma: true,
    disallowComments: false,
    allowEmptyContent: true,
  });
  const first = errors[0];
  const syntaxError = first
    ? {
        offset: first.offset,
        length: first.length,
        reason: syntaxReason(printParseErrorCode(first.error), source, first, root),
      }
    : undefined;
  let comments = 0;
  visit(source, { onComment: () => void comments++ }, { allowTrailingComma: true, disallowComments: false });
  return { root, syntaxError, comments };
}

/** The plain value of a node; with duplicate keys the last one wins (as in JSON.parse). */
export function nodeValue(node: JsonNode | undefined): unknown {
  // getNodeValue builds objects without a prototype; a JSON round trip gives ordinary ones.
  return node === undefined ? undefined : JSON.parse(JSON.stringify(getNodeValue(node)));
}

/** The node at `path`; with duplicate keys, the last one (the one whose value counts). */
export function nodeAt(root: JsonNode | undefined, path: readonly (string | number)[]): JsonNode | undefined {
  let node = root;
  for (const segment of path) {
    if (!node) return undefined;
    if (node.type === 'object' && typeof segment === 'string') {
      const prop = [...(node.children ?? [])].reverse().find((p) => p.children?.[0]?.value === segment);
      node = prop?.children?.[1];
    } else if (node.type === 'array' && typeof segment === 'number') {
      node = node.children?.[segment];
    } else {
      return undefined;
    }
  }
  return node;
}

/** The key node of the property at `path` (for findings about the key itself). */
export function keyNodeAt(root: JsonNode | undefined, path: readonly (string | number)[]): JsonNode | undefined {
  const value = nodeAt(root, path);
  return value?.parent?.type === 'property' ? value.parent.children?.[0] : value;
}

/** Every key that appears more than once in its object, with the offset of each repetition. */
export function duplicateKeys(root: JsonNode | undefined): { path: JsonPath; offset: number; length: number }[] {
  const out: { path: JsonPath; offset: number; length: number }[] = [];
  const walk = (node: JsonNode, path: JsonPath): void => {
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const prop of node.children ?? []) {
        const [key, value] = prop.children ?? [];
        if (!key) continue;
        const name = String(key.value);
        if (seen.has(name)) out.push({ path: [...path, name], offset: key.offset, length: key.length });
        seen.add(name);
        if (value) walk(value, [...path, name]);
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, i) => walk(child, [...path, i]));
    }
  };
  if (root) walk(root, []);
  return out;
}

/** 1-based line and column (in UTF-16 code units, as editors count) of an offset. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

function syntaxReason(code: string, text: string, error: ParseError, root: JsonNode | undefined): string {
  const at = text.slice(error.offset, error.offset + Math.max(error.length, 1));
  switch (code) {
    case 'InvalidSymbol':
      return at.startsWith("'") ? 'strings and keys must be in double quotes' : `unexpected ${JSON.stringify(at)}`;
    case 'InvalidNumberFormat':
      return 'invalid number';
    case 'PropertyNameExpected':
      return 'expected a key in double quotes';
    case 'ValueExpected':
      return 'expected a value';
    case 'ColonExpected':
      return "expected ':' after the key";
    case 'CommaExpected': {
      let container = root && findNodeAtOffset(root, error.offset);
      while (container && container.type !== 'array' && container.type !== 'object') container = container.parent;
      return container?.type === 'array' ? "Expected ',' or ']'" : "Expected ',' or '}'";
    }
    case 'CloseBraceExpected':
      return "Expected ',' or '}'";
    case 'CloseBracketExpected':
      return "Expected ',' or ']'";
    case 'EndOfFileExpected':
      return 'unexpected text after the end of the JSON value';
    case 'InvalidCommentToken':
      return 'invalid comment';
    case 'UnexpectedEndOfComment':
      return 'Unterminated /* comment';
    case 'UnexpectedEndOfString':
      return 'unterminated string';
    case 'UnexpectedEndOfNumber':
      return 'unterminated number';
    case 'InvalidUnicode':
      return 'invalid \\u escape';
    case 'InvalidEscapeCharacter':
      return 'invalid escape character in a string';
    case 'InvalidCharacter':
      return 'invalid character in a string (control characters must be escaped)';
    default:
      return code;
  }
}
