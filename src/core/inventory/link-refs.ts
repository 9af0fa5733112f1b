import { posix } from 'node:path';

/**
 * The workspace files a markdown document links to (`[see](../plans/x.md)`, `[see][ref]` with
 * `[ref]: ../plans/x.md`, `<a href="../plans/x.md">`), as workspace-relative paths, sorted, without
 * `#anchor` or `?query`. A quick scan, not a parse: it may list more than the converter links (an
 * image, a link in an HTML comment), never fewer, so that a row's Content Hash can say which of the
 * document's links point at a page (sync/links.ts). Fenced code and code spans are skipped: the
 * converter shows them as code, never as links.
 */
const INLINE = /\]\(\s*(?:<([^>\n]*)>|([^\s)]+))/g;
const DEFINITION = /^[ \t]*\[[^\]\n]+\]:[ \t]*(?:<([^>\n]*)>|(\S+))/gm;
const HREF = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/gi;
const FENCE = /^[ \t>]*(`{3,}|~{3,})/;
const CODE_SPAN = /(`+)[^`\n](?:[^\n]*?[^`\n])?\1(?!`)/g;

/**
 * A quick test on the file's bytes, before any decoding: whether some `](`, `]:` or `href` is followed
 * by a target that is not a URL with a scheme, `//host` or `#anchor` — the only files worth scanning
 * (most documents link only to the web). Never false where markdownLinkRefs would find a target.
 */
export function mayLinkToFiles(buf: Buffer): boolean {
  for (const needle of NEEDLES) {
    for (let i = buf.indexOf(needle); i >= 0; i = buf.indexOf(needle, i + needle.length)) {
      if (relativeAt(buf, i + needle.length)) return true;
    }
  }
  return false;
}

const NEEDLES = ['](', ']:', 'href', 'HREF', 'Href'].map((n) => Buffer.from(n));

function relativeAt(buf: Buffer, start: number): boolean {
  let i = start;
  // Spaces, line ends, `<`, `=` and quotes before the target (`](<x>)`, `href = "x"`).
  while (
    i < buf.length &&
    (buf[i] === 0x20 || buf[i] === 0x09 || buf[i] === 0x3c || buf[i] === 0x3d || buf[i] === 0x22 || buf[i] === 0x27)
  )
    i++;
  if (i >= buf.length) return false;
  const c = buf[i]!;
  if (c === 0x23 || c === 0x29 || c === 0x3e) return false; // `#anchor`, `()`, `<>`: no file
  if (c === 0x2f && buf[i + 1] === 0x2f) return false; // //host
  if (!isAlpha(c)) return true;
  let j = i + 1;
  while (
    j < buf.length &&
    j - i < 40 &&
    (isAlpha(buf[j]!) || isDigit(buf[j]!) || buf[j] === 0x2b || buf[j] === 0x2e || buf[j] === 0x2d)
  )
    j++;
  return buf[j] !== 0x3a; // a scheme ends with ':'
}

const isAlpha = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

export function markdownLinkRefs(text: string, docPath: string): string[] {
  if (!text.includes('](') && !text.includes(']:') && !/href/i.test(text)) return [];
  const out = new Set<string>();
  const add = (href: string | undefined): void => {
    const target = href === undefined ? undefined : linkTargetPath(docPath, href);
    if (target) out.add(target);
  };
  let fence: string | undefined;
  const kept: string[] = [];
  for (const line of text.split('\n')) {
    const m = FENCE.exec(line);
    if (fence) {
      if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length) fence = undefined;
      continue;
    }
    if (m) {
      fence = m[1];
      continue;
    }
    kept.push(line.replace(CODE_SPAN, ' '));
  }
  const body = kept.join('\n');
  for (const m of body.matchAll(INLINE)) add(m[1] ?? m[2]);
  for (const m of body.matchAll(DEFINITION)) add(m[1] ?? m[2]);
  for (const m of body.matchAll(HREF)) add(m[1] ?? m[2] ?? m[3]);
  return [...out].sort();
}

/**
 * The workspace-relative file a link of the document `docPath` names: relative to the document, or
 * from the workspace root when it starts with `/`; undefined for URLs with a scheme, `//host`, a bare
 * `#anchor`, and paths leaving the workspace. Percent-escapes are decoded (the markdown parser gives
 * `my%20plan.md` for `<my plan.md>`).
 */
export function linkTargetPath(docPath: string, href: string): string | undefined {
  let path = href.trim().replace(/[?#].*$/s, '');
  if (path === '' || /^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//')) return undefined;
  try {
    path = decodeURI(path);
  } catch {
    // as written
  }
  path = path.replace(/\\/g, '/');
  const joined = path.startsWith('/') ? posix.normalize(`.${path}`) : posix.join(posix.dirname(docPath), path);
  const normal = posix.normalize(joined).replace(/^\.\//, '').replace(/\/+$/, '');
  if (normal === '' || normal === '.' || normal === '..' || normal.startsWith('../') || normal.startsWith('/'))
    return undefined;
  return normal;
}

/** The `#anchor` (with its `#`) of a link target, '' when none. */
export function linkFragment(href: string): string {
  const i = href.indexOf('#');
  return i < 0 ? '' : href.slice(i);
}
