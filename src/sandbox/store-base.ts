// The sandbox's stored workspace: clock, ids, lookups and the tree of children, shared by every operation.
import { FileUploads } from './file-uploads';
import { attachUpload, ContentIssues, LIMITS, type MentionResolver, type ParseCtx, plainText } from './content';
import type { BlockRec, DataSourceRec, DatabaseRec, PageRec, SandboxState, UserRec } from './model';
import {
  type Json,
  type JsonObject,
  NotionError,
  invalid,
  isObject,
  mustBeDefined,
  newId,
  normalizeId,
  notFound,
  show,
  validationError,
  wrongType,
} from './util';

export type ListBody = { results: Json[]; next_cursor: string | null; has_more: boolean };

export function freshState(workspaceName = 'Sandbox Workspace'): SandboxState {
  const botId = newId();
  const personId = newId();
  const rootPageId = newId();
  const now = Date.now();
  const users: Record<string, UserRec> = {
    [botId]: { id: botId, name: 'Notion Sync Sandbox', type: 'bot' },
    [personId]: { id: personId, name: 'Pat Person', type: 'person', email: 'pat.person@example.com' },
  };
  const root: PageRec = {
    id: rootPageId,
    seq: 1,
    created: now,
    edited: now,
    createdBy: personId,
    editedBy: personId,
    parent: { type: 'workspace' },
    inTrash: false,
    isLocked: false,
    icon: null,
    cover: null,
    props: { title: [textItem('Sandbox Root')] },
  };
  return {
    version: 1,
    clockOffsetMs: 0,
    seq: 1,
    botId,
    personId,
    workspaceId: newId(),
    workspaceName,
    rootPageId,
    users,
    pages: { [rootPageId]: root },
    blocks: {},
    databases: {},
    dataSources: {},
    children: {},
  };
}

export function textItem(content: string): JsonObject {
  return {
    type: 'text',
    text: { content, link: null },
    annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' },
    plain_text: content,
    href: null,
  };
}

export function pathId(raw: string, name: string): string {
  const id = normalizeId(raw);
  if (!id) throw invalid(`path.${name}`, `should be a valid uuid, instead was ${show(raw)}.`);
  return id;
}

function slug(title: string): string {
  return title.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

export function notionUrl(title: string, id: string): string {
  const s = slug(title);
  return `https://www.notion.so/${s ? `${s}-` : ''}${id.replace(/-/g, '')}`;
}

export function parsePageSize(v: unknown, path: string): number {
  if (v === undefined) return 100;
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw wrongType(path, 'a number', v);
  if (n > 100) throw invalid(path, `should be ≤ \`100\`, instead was \`${n}\`.`);
  if (n < 1) throw invalid(path, `should be ≥ \`1\`, instead was \`${n}\`.`);
  return n;
}

/** Cursor = id of the first item of the next page (Notion does the same for block children). */
export function paginate<T>(
  items: T[],
  idOf: (t: T) => string,
  cursor: unknown,
  pageSize: number,
  where: string,
  render: (t: T) => Json,
): ListBody {
  let start = 0;
  if (cursor !== undefined && cursor !== null) {
    if (typeof cursor !== 'string') throw wrongType(`${where}.start_cursor`, 'a string', cursor);
    const id = normalizeId(cursor);
    const idx = id ? items.findIndex((t) => idOf(t) === id) : -1;
    if (idx < 0)
      throw invalid(
        `${where}.start_cursor`,
        `should be a valid cursor returned by a previous request, instead was ${show(cursor)}.`,
      );
    start = idx;
  }
  const slice = items.slice(start, start + pageSize);
  const next = items[start + pageSize];
  return {
    results: slice.map(render),
    next_cursor: next === undefined ? null : idOf(next),
    has_more: next !== undefined,
  };
}

export function parseCover(v: unknown, path: string, ctx: ParseCtx): Json {
  if (v === undefined || v === null) return null;
  if (isObject(v) && v.file_upload !== undefined) return attachUpload(v.file_upload, `${path}.file_upload`, ctx);
  if (!isObject(v) || !isObject(v.external) || typeof v.external.url !== 'string')
    throw mustBeDefined(`${path}.external.url`);
  return { type: 'external', external: { url: v.external.url } };
}

export function tooManyBlocks(n: number): NotionError {
  // Exact wording unconfirmed (see README): Notion documents the limit, not the message.
  return validationError(
    `body failed validation: the request contains \`${n}\` block elements, which is more than the limit of \`${LIMITS.blocksPerRequest}\` blocks per request.`,
  );
}

export class StoreBase implements MentionResolver {
  constructor(public state: SandboxState) {}

  now(): number {
    return Date.now() + this.state.clockOffsetMs;
  }

  advanceClock(ms: number): number {
    this.state.clockOffsetMs += ms;
    return this.now();
  }

  setClock(ms: number): number {
    this.state.clockOffsetMs = ms - Date.now();
    return this.now();
  }

  /** File uploads (the File Upload API). */
  readonly uploads: FileUploads = new FileUploads(this);
  /** Base of download URLs for uploaded files (the sandbox's URL). */
  fileBaseUrl = '';

  fileUpload(v: unknown, path: string): JsonObject {
    return this.uploads.attachable(v, path);
  }

  /** The bot's `workspace_limits.max_file_upload_size_in_bytes` (5 GiB: a paid plan; free plans have 5 MiB). */
  maxFileUploadBytes = 5_368_709_120;

  /** The bot user of an extra integration token, created on first use. */
  extraBot(token: string): string {
    const bots = (this.state.bots ??= {});
    const known = bots[token];
    if (known && this.state.users[known]) return known;
    const id = newId();
    const n = Object.keys(bots).length + 2;
    this.state.users[id] = { id, name: `Notion Sync Sandbox ${n}`, type: 'bot' };
    bots[token] = id;
    return id;
  }

  get botId(): string {
    return this.state.botId;
  }

  get personId(): string {
    return this.state.personId;
  }

  protected nextSeq(): number {
    this.state.seq += 1;
    return this.state.seq;
  }

  protected ctx(): ParseCtx {
    return { resolver: this, issues: new ContentIssues() };
  }

  // --- MentionResolver -------------------------------------------------------------------------

  userName(id: string): string | null {
    return this.state.users[id]?.name ?? null;
  }

  pageTitle(id: string): string | null {
    const p = this.state.pages[id];
    if (p) return this.titleOf(p);
    const d = this.state.databases[id];
    return d ? plainText(d.title) : null;
  }

  pageUrl(id: string): string | null {
    const t = this.pageTitle(id);
    return t === null ? null : notionUrl(t, id);
  }

  // --- lookups ---------------------------------------------------------------------------------

  protected page(id: string): PageRec {
    const p = this.state.pages[id];
    if (!p) throw notFound('page', id);
    return p;
  }

  protected database(id: string): DatabaseRec {
    const d = this.state.databases[id];
    if (!d) throw notFound('database', id);
    return d;
  }

  protected dataSource(id: string): DataSourceRec {
    const d = this.state.dataSources[id];
    if (!d) throw notFound('data source', id);
    return d;
  }

  protected schemaOf(p: PageRec): DataSourceRec | null {
    return p.parent.type === 'data_source_id' ? (this.state.dataSources[p.parent.id] ?? null) : null;
  }

  titleOf(p: PageRec): string {
    const ds = this.schemaOf(p);
    const titleProp = ds?.props.find((s) => s.type === 'title');
    return plainText(p.props[titleProp ? titleProp.id : 'title'] ?? []);
  }

  /** The page a block lives on (for last_edited bumps). */
  protected containingPage(id: string): PageRec | null {
    let cur: string | undefined = id;
    for (let guard = 0; cur && guard < 10_000; guard++) {
      const page = this.state.pages[cur];
      if (page) return page;
      const b: BlockRec | undefined = this.state.blocks[cur];
      if (!b) return null;
      cur = b.parentId;
    }
    return null;
  }

  protected touchPage(p: PageRec | null, actor: string): void {
    if (!p) return;
    p.edited = this.now();
    p.editedBy = actor;
  }

  protected kids(id: string): string[] {
    return this.state.children[id] ?? (this.state.children[id] = []);
  }

  protected isLiveChild(id: string): boolean {
    const b = this.state.blocks[id];
    if (b) return !b.inTrash;
    const p = this.state.pages[id];
    if (p) return !p.inTrash;
    const d = this.state.databases[id];
    return d ? !d.inTrash : false;
  }

  protected liveChildren(id: string): string[] {
    return (this.state.children[id] ?? []).filter((c) => this.isLiveChild(c));
  }

  hasChildren(id: string): boolean {
    return (this.state.children[id] ?? []).some((c) => this.isLiveChild(c));
  }

  // --- rendering -------------------------------------------------------------------------------
}
