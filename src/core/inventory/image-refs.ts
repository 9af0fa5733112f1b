import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

/**
 * A markdown file's hash includes the bytes of the local images it shows, so that replacing an image
 * file changes the row's Content Hash and the page is synced (its image re-uploaded). The references
 * are found by a quick scan that may list more than the converter uploads (a code span showing image
 * syntax): that only makes the hash depend on one more file. Files without local images keep the plain
 * hash of their bytes.
 */
const MARKDOWN_IMAGE = /!\[[^\]\n]*\]\(\s*<?([^)\s>]+)/g;
const HTML_IMAGE = /<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']/gi;
/** Images larger than this are not read for the hash (Notion takes none above 5 GiB; a scan stays quick). */
const MAX_IMAGE_BYTES = 64 * 1024 * 1024;

export function markdownItemHash(buf: Buffer, abs: string, rel: string): string {
  const own = createHash('sha256').update(buf).digest('hex');
  if (!buf.includes('![') && !/<img/i.test(buf.toString('latin1'))) return own;
  const text = buf.toString('utf8');
  const refs = new Set<string>();
  for (const re of [MARKDOWN_IMAGE, HTML_IMAGE]) for (const m of text.matchAll(re)) refs.add(m[1]!);
  let root = abs;
  for (let i = 0; i < rel.split('/').length; i++) root = dirname(root);
  const parts: string[] = [];
  for (const ref of [...refs].sort()) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('//')) continue;
    let path = ref.replace(/[?#].*$/, '');
    try {
      path = decodeURI(path);
    } catch {
      // as written
    }
    if (path === '') continue;
    const target = path.startsWith('/') ? resolve(root, `.${path}`) : resolve(dirname(abs), path);
    const inside = relative(root, target);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) continue;
    try {
      const st = fs.statSync(target);
      if (!st.isFile() || st.size > MAX_IMAGE_BYTES) continue;
      parts.push(`${ref}\n${createHash('sha256').update(fs.readFileSync(target)).digest('hex')}`);
    } catch {
      // missing: the page shows it as not uploaded, whatever the hash
    }
  }
  if (parts.length === 0) return own;
  return createHash('sha256')
    .update(own)
    .update(`\n${parts.join('\n')}`)
    .digest('hex');
}
