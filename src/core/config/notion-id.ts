const HEX32 = /^[0-9a-f]{32}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The id at the end of a URL path segment: `Title-<32hex>`, `<32hex>` or a dashed UUID. */
const SEGMENT_ID =
  /(?:^|-)([0-9a-f]{32})$|(?:^|[^0-9a-f])([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * Accepts a Notion id as Notion shows it anywhere — 32 hex digits, a dashed
 * UUID, or a page/database URL (`https://www.notion.so/Title-<32hex>?v=…`,
 * `https://team.notion.site/<32hex>`) — and returns the dashed lowercase UUID.
 * The `?v=` query of a database URL names a view, not the database, and is
 * ignored. Returns undefined for anything else.
 */
export function normalizeNotionId(input: string): string | undefined {
  if (typeof input !== 'string') return undefined;
  const s = input.trim();
  if (!s) return undefined;
  if (HEX32.test(s)) return dashed(s);
  if (UUID.test(s)) return s.toLowerCase();
  const pathname = urlPath(s);
  if (pathname === undefined) return undefined;
  const segments = pathname.split('/').filter(Boolean);
  const last = segments[segments.length - 1];
  if (!last) return undefined;
  let segment: string;
  try {
    segment = decodeURIComponent(last);
  } catch {
    segment = last;
  }
  const m = SEGMENT_ID.exec(segment);
  if (!m) return undefined;
  return m[1] ? dashed(m[1]) : m[2].toLowerCase();
}

function urlPath(s: string): string | undefined {
  let candidate = s;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(candidate)) {
    // "www.notion.so/…" or "notion.so/…" pasted without a scheme
    if (!/^(?:[\w-]+\.)*notion\.(?:so|site)\//i.test(candidate)) return undefined;
    candidate = `https://${candidate}`;
  }
  try {
    const url = new URL(candidate);
    if (url.protocol !== 'https:' && url.protocol !== 'http:' && url.protocol !== 'notion:') return undefined;
    // notion://www.notion.so/… has the host in the path for some parsers; pathname covers both.
    return url.pathname;
  } catch {
    return undefined;
  }
}

function dashed(hex: string): string {
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
