/**
 * The placeholder line that stands in a pulled markdown file for a Notion block markdown cannot
 * express (see README.md in this folder):
 *
 *     <!-- notion:block id=3f0c…e1 type=bookmark url="https://example.com/" -->
 *
 * One line, an HTML comment (invisible in every markdown preview), attributes `key=value` where a
 * value is either a bare token ([A-Za-z0-9_.:/-]) or a JSON string. The block and its whole subtree
 * stay in Notion as they are; the line only says where it sits among the blocks around it.
 */

export interface Placeholder {
  /** The Notion block id ('' when the block came without one, e.g. a request object). */
  id: string;
  /** The Notion block type (`bookmark`, `child_page`, `synced_block`, …). */
  type: string;
  /** Readable extras for people (`url`, `title`, `text`); never needed to keep the block. */
  attrs: Record<string, string>;
}

const BARE = /^[A-Za-z0-9_.:/-]+$/;
const LINE = /^[ \t]*<!-- notion:block((?: [a-z_]+=(?:[A-Za-z0-9_.:/-]+|"(?:[^"\\]|\\.)*"))*) -->[ \t]*$/;
const ATTR = / ([a-z_]+)=([A-Za-z0-9_.:/-]+|"(?:[^"\\]|\\.)*")/g;

function encodeValue(value: string): string {
  if (value !== '' && BARE.test(value)) return value;
  // JSON keeps it on one line; '--' and '>' are escaped so the comment cannot end early.
  return JSON.stringify(value).replace(/-/g, '\\u002d').replace(/>/g, '\\u003e');
}

/** The placeholder line for a block (no trailing newline). Attribute order: id, type, then extras. */
export function formatPlaceholder(p: Placeholder): string {
  const parts = [`id=${encodeValue(p.id)}`, `type=${encodeValue(p.type)}`];
  for (const [key, value] of Object.entries(p.attrs)) {
    if (!/^[a-z_]+$/.test(key) || key === 'id' || key === 'type') continue;
    parts.push(`${key}=${encodeValue(value)}`);
  }
  return `<!-- notion:block ${parts.join(' ')} -->`;
}

/** The placeholder a line holds, or undefined when it is not exactly one placeholder line. */
export function parsePlaceholder(line: string): Placeholder | undefined {
  const m = LINE.exec(line.replace(/\r?\n$/, ''));
  if (!m) return undefined;
  const attrs: Record<string, string> = {};
  for (const a of m[1].matchAll(ATTR)) {
    let value = a[2];
    if (value.startsWith('"')) {
      try {
        value = JSON.parse(value) as string;
      } catch {
        return undefined;
      }
    }
    attrs[a[1]] = value;
  }
  if (attrs.id === undefined || attrs.type === undefined) return undefined;
  const { id, type, ...rest } = attrs;
  return { id, type, attrs: rest };
}

/** True when the text (one block of markdown) is a single placeholder line. */
export function isPlaceholder(text: string): boolean {
  return parsePlaceholder(text.trim()) !== undefined;
}
