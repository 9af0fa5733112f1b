/**
 * A small JSON-with-comments parser that keeps offsets.
 *
 * Accepts JSON plus `//` and `/* *\/` comments, trailing commas in objects and
 * arrays, and a leading byte-order mark. Every node remembers where it sits in
 * the text, so errors can name a line and column and edits can replace one
 * value without disturbing the comments around it.
 */

export interface JsonPosition {
  line: number; // 1-based
  column: number; // 1-based
}

interface NodeBase {
  offset: number;
  length: number;
}

export interface JsonObjectNode extends NodeBase {
  type: 'object';
  properties: JsonProperty[];
}
export interface JsonArrayNode extends NodeBase {
  type: 'array';
  items: JsonNode[];
}
export interface JsonScalarNode extends NodeBase {
  type: 'string' | 'number' | 'boolean' | 'null';
  value: string | number | boolean | null;
}
export type JsonNode = JsonObjectNode | JsonArrayNode | JsonScalarNode;

export interface JsonProperty {
  key: string;
  keyOffset: number;
  keyLength: number;
  value: JsonNode;
}

export interface JsoncParseResult {
  root: JsonNode | undefined; // undefined when the text holds only whitespace/comments
  hasComments: boolean;
  /** JSON paths (e.g. `categories.plans`) of keys that appear more than once in their object; the last one wins. */
  duplicateKeys: { path: string; offset: number }[];
}

export class JsoncSyntaxError extends Error {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  /** The message without the position. */
  readonly reason: string;
  constructor(message: string, offset: number, position: JsonPosition) {
    super(`${message} (line ${position.line}, column ${position.column})`);
    this.name = 'JsoncSyntaxError';
    this.reason = message;
    this.offset = offset;
    this.line = position.line;
    this.column = position.column;
  }
}

/** Line and column (1-based) of an offset in a text. */
export function positionAt(text: string, offset: number): JsonPosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

export function parseJsonc(text: string): JsoncParseResult {
  return new Parser(text).parseDocument();
}

/** The plain JavaScript value of a node (objects get the last value of duplicate keys). */
export function nodeValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const p of node.properties) {
        // defineProperty so that a key named "__proto__" is an ordinary key.
        Object.defineProperty(out, p.key, {
          value: nodeValue(p.value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    case 'array':
      return node.items.map(nodeValue);
    default:
      return node.value;
  }
}

/** Finds the node at a path of object keys; the last property of that name wins, as in JSON.parse. */
export function findNode(root: JsonNode | undefined, path: readonly string[]): JsonNode | undefined {
  let node = root;
  for (const key of path) {
    if (!node || node.type !== 'object') return undefined;
    node = findProperty(node, key)?.value;
  }
  return node;
}

export function findProperty(node: JsonObjectNode, key: string): JsonProperty | undefined {
  for (let i = node.properties.length - 1; i >= 0; i--) {
    if (node.properties[i].key === key) return node.properties[i];
  }
  return undefined;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Parser {
  private pos = 0;
  private hasComments = false;
  private readonly duplicateKeys: { path: string; offset: number }[] = [];

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  parseDocument(): JsoncParseResult {
    this.skipTrivia();
    if (this.pos >= this.text.length) return { root: undefined, hasComments: this.hasComments, duplicateKeys: [] };
    const root = this.parseValue('');
    this.skipTrivia();
    if (this.pos < this.text.length) this.fail(`Unexpected ${this.describe()} after the end of the JSON value`);
    return { root, hasComments: this.hasComments, duplicateKeys: this.duplicateKeys };
  }

  private fail(message: string, offset = this.pos): never {
    throw new JsoncSyntaxError(message, offset, positionAt(this.text, offset));
  }

  private describe(): string {
    if (this.pos >= this.text.length) return 'end of file';
    const ch = this.text[this.pos];
    return `character ${JSON.stringify(ch)}`;
  }

  private skipTrivia(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) {
        this.pos++;
      } else if (c === 47 /* / */ && t.charCodeAt(this.pos + 1) === 47) {
        this.hasComments = true;
        const nl = t.indexOf('\n', this.pos);
        this.pos = nl < 0 ? t.length : nl + 1;
      } else if (c === 47 && t.charCodeAt(this.pos + 1) === 42 /* * */) {
        this.hasComments = true;
        const close = t.indexOf('*/', this.pos + 2);
        if (close < 0) this.fail('Unterminated /* comment');
        this.pos = close + 2;
      } else {
        return;
      }
    }
  }

  private parseValue(path: string): JsonNode {
    const t = this.text;
    const start = this.pos;
    const c = t[start];
    if (c === '{') return this.parseObject(path);
    if (c === '[') return this.parseArray(path);
    if (c === '"') {
      const value = this.parseString();
      return { type: 'string', value, offset: start, length: this.pos - start };
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = start;
      const m = NUMBER.exec(t);
      if (!m) this.fail('Invalid number');
      this.pos = start + m[0].length;
      return { type: 'number', value: Number(m[0]), offset: start, length: m[0].length };
    }
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (t.startsWith(word, start) && !/[\w$]/.test(t[start + word.length] ?? '')) {
        this.pos = start + word.length;
        return { type: value === null ? 'null' : 'boolean', value, offset: start, length: word.length };
      }
    }
    if (c === "'") this.fail('Strings must use double quotes (")');
    if (c === undefined) this.fail('Unexpected end of file, expected a value');
    this.fail(`Unexpected ${this.describe()}, expected a value`);
  }

  private parseString(): string {
    const t = this.text;
    const start = this.pos;
    let i = start + 1;
    for (;;) {
      if (i >= t.length) this.fail('Unterminated string', start);
      const c = t.charCodeAt(i);
      if (c === 34 /* " */) break;
      if (c === 92 /* \ */) {
        i += 2;
        continue;
      }
      if (c < 0x20) this.fail('Unterminated string (line break or control character inside a string)', i);
      i++;
    }
    const raw = t.slice(start, i + 1);
    try {
      this.pos = i + 1;
      return JSON.parse(raw) as string;
    } catch {
      this.fail('Invalid escape sequence in string', start);
    }
  }

  private parseObject(path: string): JsonObjectNode {
    const start = this.pos;
    this.pos++; // {
    const properties: JsonProperty[] = [];
    const seen = new Set<string>();
    this.skipTrivia();
    for (;;) {
      if (this.text[this.pos] === '}') {
        this.pos++;
        return { type: 'object', properties, offset: start, length: this.pos - start };
      }
      if (this.text[this.pos] !== '"') {
        if (this.pos >= this.text.length) this.fail("Unexpected end of file, expected '}'", this.pos);
        this.fail(`Expected a property name in double quotes or '}', found ${this.describe()}`);
      }
      const keyOffset = this.pos;
      const key = this.parseString();
      const keyLength = this.pos - keyOffset;
      this.skipTrivia();
      if (this.text[this.pos] !== ':') this.fail(`Expected ':' after property name ${JSON.stringify(key)}`);
      this.pos++;
      this.skipTrivia();
      const childPath = path ? `${path}.${key}` : key;
      const value = this.parseValue(childPath);
      if (seen.has(key)) this.duplicateKeys.push({ path: childPath, offset: keyOffset });
      seen.add(key);
      properties.push({ key, keyOffset, keyLength, value });
      this.skipTrivia();
      if (this.text[this.pos] === ',') {
        this.pos++;
        this.skipTrivia();
      } else if (this.text[this.pos] !== '}') {
        this.fail(`Expected ',' or '}' after the value of ${JSON.stringify(key)}, found ${this.describe()}`);
      }
    }
  }

  private parseArray(path: string): JsonArrayNode {
    const start = this.pos;
    this.pos++; // [
    const items: JsonNode[] = [];
    this.skipTrivia();
    for (;;) {
      if (this.text[this.pos] === ']') {
        this.pos++;
        return { type: 'array', items, offset: start, length: this.pos - start };
      }
      if (this.pos >= this.text.length) this.fail("Unexpected end of file, expected ']'");
      items.push(this.parseValue(`${path}[${items.length}]`));
      this.skipTrivia();
      if (this.text[this.pos] === ',') {
        this.pos++;
        this.skipTrivia();
      } else if (this.text[this.pos] !== ']') {
        this.fail(`Expected ',' or ']' in the array, found ${this.describe()}`);
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Editing: set values at key paths while keeping everything else (comments,
// formatting, key order) as it was.

export interface JsoncEdit {
  path: readonly string[];
  value: unknown;
}

/**
 * Returns `text` with each `path` set to `value` (objects on the way are
 * created). Everything else in the text is kept byte for byte. Throws
 * JsoncSyntaxError when the text does not parse, and Error when a value on the
 * way is not an object that could be replaced safely (callers fall back to a
 * plain rewrite then).
 */
export function applyJsoncEdits(text: string, edits: readonly JsoncEdit[]): string {
  let out = text;
  for (const edit of edits) out = applyOne(out, edit);
  return out;
}

function applyOne(text: string, edit: JsoncEdit): string {
  const { root } = parseJsonc(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const unit = detectIndentUnit(text);
  if (!root) {
    const bomLen = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const obj = buildNested(edit.path, edit.value);
    return (
      text.slice(0, bomLen) +
      JSON.stringify(obj, null, unit).replace(/\n/g, eol) +
      eol +
      text.slice(bomLen).replace(/^\s+$/, '')
    );
  }
  if (root.type !== 'object') throw new Error('The configuration is not a JSON object');
  let node: JsonObjectNode = root;
  for (let i = 0; i < edit.path.length; i++) {
    const key = edit.path[i];
    const prop = findProperty(node, key);
    const rest = edit.path.slice(i + 1);
    if (!prop) return insertProperty(text, node, key, buildNested(rest, edit.value), eol, unit);
    if (rest.length === 0 || prop.value.type !== 'object') {
      const value = rest.length === 0 ? edit.value : buildNested(rest, edit.value);
      const indent = lineIndent(text, prop.keyOffset);
      const formatted = formatValue(value, unit, indent, eol, isMultiLine(text, node));
      return text.slice(0, prop.value.offset) + formatted + text.slice(prop.value.offset + prop.value.length);
    }
    node = prop.value;
  }
  return text;
}

function buildNested(path: readonly string[], value: unknown): unknown {
  let v = value;
  for (let i = path.length - 1; i >= 0; i--) v = { [path[i]]: v };
  return v;
}

function insertProperty(
  text: string,
  obj: JsonObjectNode,
  key: string,
  value: unknown,
  eol: string,
  unit: string,
): string {
  const baseIndent = lineIndent(text, obj.offset);
  const multiLine = isMultiLine(text, obj) || obj.properties.length === 0;
  if (obj.properties.length === 0) {
    const childIndent = baseIndent + unit;
    const entry = `${JSON.stringify(key)}: ${formatValue(value, unit, childIndent, eol, true)}`;
    const inner = text.slice(obj.offset + 1, obj.offset + obj.length - 1);
    if (/^\s*$/.test(inner)) {
      return `${text.slice(0, obj.offset)}{${eol}${childIndent}${entry}${eol}${baseIndent}}${text.slice(obj.offset + obj.length)}`;
    }
    // Only comments inside: put the property first, before them.
    return `${text.slice(0, obj.offset + 1)}${eol}${childIndent}${entry}${text.slice(obj.offset + 1)}`;
  }
  const last = obj.properties[obj.properties.length - 1];
  const valueEnd = last.value.offset + last.value.length;
  let p = valueEnd;
  while (text[p] === ' ' || text[p] === '\t') p++;
  const hasComma = text[p] === ',';
  const afterComma = hasComma ? p + 1 : valueEnd;
  const lineEnd = findLineEnd(text, afterComma);
  const restOfLine = text.slice(afterComma, lineEnd);
  if (multiLine && /^[ \t]*(\/\/.*)?\r?$/.test(restOfLine)) {
    const keyAtLineStart = /^[ \t]*$/.test(text.slice(lineStartOf(text, last.keyOffset), last.keyOffset));
    const childIndent = keyAtLineStart ? lineIndent(text, last.keyOffset) : baseIndent + unit;
    const entry = `${JSON.stringify(key)}: ${formatValue(value, unit, childIndent, eol, true)}`;
    const insertAt = restOfLine.endsWith('\r') ? lineEnd - 1 : lineEnd;
    const withEntry = `${text.slice(0, insertAt)}${eol}${childIndent}${entry}${text.slice(insertAt)}`;
    return hasComma ? withEntry : `${withEntry.slice(0, valueEnd)},${withEntry.slice(valueEnd)}`;
  }
  // Single-line object (or something else follows on the line): stay on the line.
  const entry = `${JSON.stringify(key)}: ${compactJson(value)}`;
  if (hasComma) return `${text.slice(0, afterComma)} ${entry},${text.slice(afterComma)}`;
  return `${text.slice(0, valueEnd)}, ${entry}${text.slice(valueEnd)}`;
}

/** JSON on one line with a space after ':' and ',' (`{ "a": 1, "b": [1, 2] }`). */
function compactJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(compactJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(
      ([k, v]) => `${JSON.stringify(k)}: ${compactJson(v)}`,
    );
    return entries.length ? `{ ${entries.join(', ')} }` : '{}';
  }
  return JSON.stringify(value);
}

function formatValue(value: unknown, unit: string, indent: string, eol: string, multiLine: boolean): string {
  if (!multiLine || value === null || typeof value !== 'object') return compactJson(value);
  return JSON.stringify(value, null, unit).replace(/\n/g, eol + indent);
}

function isMultiLine(text: string, node: JsonNode): boolean {
  return text.slice(node.offset, node.offset + node.length).includes('\n');
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function findLineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}

function lineIndent(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  return /^[ \t]*/.exec(text.slice(start, offset))?.[0] ?? '';
}

function detectIndentUnit(text: string): string {
  const m = /\n([ \t]+)["}\]]/.exec(text);
  return m ? m[1] : '  ';
}
