import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { SyncConfig } from '../config';
import type { LocalItem } from '../inventory';
import { classifyPath, linkFragment, linkTargetPath } from '../inventory';
import { contentHash } from './convert';

/**
 * Links between the documents of the workspace (`[see the plan](../plans/x.md)`).
 *
 * - A link to a file that is a synced item (a row with its path exists) becomes a link to that row's
 *   page, `https://www.notion.so/<page id>` (the id form: it does not change when the page is renamed),
 *   with the link's `#anchor` kept after it (Notion opens the page; the pull gives the anchor back).
 * - A link to an item without a row yet (created later in the same run, or by a later run) is
 *   *pending*: the converter writes its text followed by ` (../plans/x.md)` — no link — until the
 *   row exists.
 * - A link to a file that is no item (outside every category, excluded, missing) stays text with the
 *   target in parentheses: a relative path means nothing in Notion.
 *
 * The row's `Content Hash` says which links resolved: `v2:<file hash>+links:<fingerprint>`, where the
 * fingerprint digests, for every item the document links to, that item's page id or "pending". When a
 * pending target gets its row (or a target's row changes) the expected hash changes, the document reads
 * as `modified`, and the block diff rewrites only the blocks holding those links. A document with no
 * link to an item keeps the plain `v2:<file hash>`. Chat transcripts (agentChats) are never relinked.
 */

const SUFFIX = '+links:';
const HOST = 'https://www.notion.so/';

export type LinkTarget = { kind: 'page'; pageId: string } | { kind: 'pending' } | { kind: 'outside' };

/** The page URL a link to the row `pageId` is written as. */
export function pageUrl(pageId: string, fragment = ''): string {
  return `${HOST}${pageId.replace(/-/g, '').toLowerCase()}${fragment}`;
}

/**
 * The page id a Notion link names — our own `https://www.notion.so/<id>`, Notion's
 * `https://www.notion.so/<workspace>/<Title>-<id>`, or the `/<id>` Notion returns for a link to one
 * of its pages — with its fragment; undefined for any other URL.
 */
export function pageIdOfUrl(url: string): { pageId: string; fragment: string } | undefined {
  const m =
    /^(?:https?:\/\/(?:www\.)?notion\.(?:so|site)\/|\/)(?:[^?#]*?[/-])?([0-9a-f]{32}|[0-9a-f-]{36})(?:\?[^#]*)?(#.*)?$/i.exec(
      url.trim(),
    );
  if (!m) return undefined;
  const hex = m[1]!.replace(/-/g, '').toLowerCase();
  if (hex.length !== 32) return undefined;
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { pageId: id, fragment: m[2] ?? '' };
}

/** The `Content Hash` without its link fingerprint: what the file's bytes alone say. */
export function fileHashPart(hash: string): string {
  const i = hash.indexOf(SUFFIX);
  return i < 0 ? hash : hash.slice(0, i);
}

/** Whether documents of this category have their workspace links resolved (chats never are). */
export function relinks(category: string): boolean {
  return category !== 'agentChats';
}

function normalId(id: string): string {
  const hex = id.replace(/-/g, '').toLowerCase();
  return hex.length === 32
    ? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
    : id;
}

export class WorkspaceLinks {
  private readonly pages = new Map<string, string>();
  private readonly paths = new Map<string, string>();

  /**
   * @param isItem whether a workspace-relative path is an item of a category (by the configuration's
   *   globs, not by the files present: a link to a file not written yet is pending, not outside).
   */
  constructor(private readonly isItem: (path: string) => boolean) {}

  static forConfig(config: SyncConfig): WorkspaceLinks {
    return new WorkspaceLinks((path) => classifyPath(config, path) !== undefined);
  }

  /** The row of `path` is `pageId` (the survivor when there are duplicates). */
  setPage(path: string, pageId: string): void {
    const id = normalId(pageId);
    const old = this.pages.get(path);
    if (old) this.paths.delete(old);
    this.pages.set(path, id);
    this.paths.set(id, path);
  }

  /** `path` no longer has the row `pageId` (its file moved away). */
  forget(path: string, pageId: string): void {
    if (this.pages.get(path) !== normalId(pageId)) return;
    this.pages.delete(path);
    if (this.paths.get(normalId(pageId)) === path) this.paths.delete(normalId(pageId));
  }

  target(path: string): LinkTarget {
    if (!this.isItem(path)) return { kind: 'outside' };
    const pageId = this.pages.get(path);
    return pageId ? { kind: 'page', pageId } : { kind: 'pending' };
  }

  /** The workspace path of a known row's page id. */
  pathOf(pageId: string): string | undefined {
    return this.paths.get(normalId(pageId));
  }

  /** What a link of the document `docPath` is written as: the target page's URL, or undefined (text). */
  resolve(docPath: string, href: string): string | undefined {
    const path = linkTargetPath(docPath, href);
    if (path === undefined) return undefined;
    const t = this.target(path);
    return t.kind === 'page' ? pageUrl(t.pageId, linkFragment(href)) : undefined;
  }

  /** The resolver the converter takes for a document (undefined for categories never relinked). */
  resolverFor(item: Pick<LocalItem, 'path' | 'category'>): ((href: string) => string | undefined) | undefined {
    if (!relinks(item.category)) return undefined;
    return (href) => this.resolve(item.path, href);
  }

  /**
   * A link of the document `docPath` back from Notion: the relative link (with its anchor) when it names
   * a known row's page, else undefined.
   */
  unresolve(docPath: string, url: string): string | undefined {
    const page = pageIdOfUrl(url);
    const path = page && this.pathOf(page.pageId);
    if (!path) return undefined;
    const rel = posix.relative(posix.dirname(docPath), path) || posix.basename(path);
    return encodeURI(rel) + page.fragment;
  }

  /** '' when the document links to no item; else a digest of each linked item's page id or "pending". */
  fingerprint(item: Pick<LocalItem, 'category' | 'links'>): string {
    if (!item.links || item.links.length === 0 || !relinks(item.category)) return '';
    const parts: string[] = [];
    for (const path of item.links) {
      const t = this.target(path);
      if (t.kind !== 'outside') parts.push(`${path}\n${t.kind === 'page' ? t.pageId : 'pending'}`);
    }
    if (parts.length === 0) return '';
    return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);
  }

  /** Whether some link of the document waits for its target's row. */
  hasPending(item: Pick<LocalItem, 'category' | 'links'>): boolean {
    if (!item.links || !relinks(item.category)) return false;
    return item.links.some((p) => this.target(p).kind === 'pending');
  }

  /** The row's `Content Hash` for the file as its links resolve now. */
  hashOf(item: Pick<LocalItem, 'hash' | 'category' | 'links'>): string {
    const print = this.fingerprint(item);
    return print === '' ? contentHash(item) : `${contentHash(item)}${SUFFIX}${print}`;
  }
}
