// The sandbox's in-memory workspace and every Notion operation on it.
import {
  type BlockDraft,
  CAN_HAVE_CHILDREN,
  ContentIssues,
  LIMITS,
  type MentionResolver,
  type ParseCtx,
  parseChildren,
  parseIcon,
  parsePayload,
  parseRichText,
  plainText,
} from './content';
import type {
  BlockRec,
  DataSourceRec,
  DatabaseRec,
  PageRec,
  ParentRef,
  SandboxState,
  SchemaProp,
  UserRec,
} from './model';
import { emptyValue, parsePageProperties, parsePropertyConfig, shortId } from './props';
import { buildFilter, buildSorts, type QueryEnv } from './query';
import {
  ARCHIVED_MESSAGE,
  type Json,
  type JsonObject,
  NotionError,
  enumList,
  invalid,
  isObject,
  minuteIso,
  mustBeDefined,
  newId,
  normalizeId,
  notFound,
  onlyKeys,
  requireId,
  show,
  validationError,
  wrongType,
} from './util';

export interface HumanEdit {
  pageId: string;
  /** Appends a paragraph with this text to the page. */
  appendParagraph?: string;
  /** Replaces the text of a paragraph-like block (the page's first one when `blockId` is absent). */
  replaceText?: { blockId?: string; text: string };
  /** Property values in request form, e.g. `{ Status: { select: { name: 'Done' } } }`. */
  properties?: Record<string, unknown>;
}

type ListBody = { results: Json[]; next_cursor: string | null; has_more: boolean };

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

function textItem(content: string): JsonObject {
  return {
    type: 'text',
    text: { content, link: null },
    annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' },
    plain_text: content,
    href: null,
  };
}

function pathId(raw: string, name: string): string {
  const id = normalizeId(raw);
  if (!id) throw invalid(`path.${name}`, `should be a valid uuid, instead was ${show(raw)}.`);
  return id;
}

function slug(title: string): string {
  return title.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

function notionUrl(title: string, id: string): string {
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
function paginate<T>(
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

export class Store implements MentionResolver {
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

  get botId(): string {
    return this.state.botId;
  }

  get personId(): string {
    return this.state.personId;
  }

  private nextSeq(): number {
    this.state.seq += 1;
    return this.state.seq;
  }

  private ctx(): ParseCtx {
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

  private page(id: string): PageRec {
    const p = this.state.pages[id];
    if (!p) throw notFound('page', id);
    return p;
  }

  private database(id: string): DatabaseRec {
    const d = this.state.databases[id];
    if (!d) throw notFound('database', id);
    return d;
  }

  private dataSource(id: string): DataSourceRec {
    const d = this.state.dataSources[id];
    if (!d) throw notFound('data source', id);
    return d;
  }

  private schemaOf(p: PageRec): DataSourceRec | null {
    return p.parent.type === 'data_source_id' ? (this.state.dataSources[p.parent.id] ?? null) : null;
  }

  titleOf(p: PageRec): string {
    const ds = this.schemaOf(p);
    const titleProp = ds?.props.find((s) => s.type === 'title');
    return plainText(p.props[titleProp ? titleProp.id : 'title'] ?? []);
  }

  /** The page a block lives on (for last_edited bumps). */
  private containingPage(id: string): PageRec | null {
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

  private touchPage(p: PageRec | null, actor: string): void {
    if (!p) return;
    p.edited = this.now();
    p.editedBy = actor;
  }

  private kids(id: string): string[] {
    return this.state.children[id] ?? (this.state.children[id] = []);
  }

  private isLiveChild(id: string): boolean {
    const b = this.state.blocks[id];
    if (b) return !b.inTrash;
    const p = this.state.pages[id];
    if (p) return !p.inTrash;
    const d = this.state.databases[id];
    return d ? !d.inTrash : false;
  }

  private liveChildren(id: string): string[] {
    return (this.state.children[id] ?? []).filter((c) => this.isLiveChild(c));
  }

  hasChildren(id: string): boolean {
    return (this.state.children[id] ?? []).some((c) => this.isLiveChild(c));
  }

  // --- rendering -------------------------------------------------------------------------------

  private user(id: string): JsonObject {
    return { object: 'user', id };
  }

  renderUser(u: UserRec): JsonObject {
    if (u.type === 'bot') {
      return {
        object: 'user',
        id: u.id,
        name: u.name,
        avatar_url: null,
        type: 'bot',
        bot: {
          owner: { type: 'workspace', workspace: true },
          workspace_id: this.state.workspaceId,
          workspace_name: this.state.workspaceName,
          workspace_limits: { max_file_upload_size_in_bytes: 5_368_709_120 },
        },
      };
    }
    return {
      object: 'user',
      id: u.id,
      name: u.name,
      avatar_url: null,
      type: 'person',
      person: { email: u.email ?? null },
    };
  }

  private renderParent(parent: ParentRef): JsonObject {
    switch (parent.type) {
      case 'workspace':
        return { type: 'workspace', workspace: true };
      case 'page_id':
        return { type: 'page_id', page_id: parent.id };
      case 'block_id':
        return { type: 'block_id', block_id: parent.id };
      case 'data_source_id':
        return {
          type: 'data_source_id',
          data_source_id: parent.id,
          database_id: this.state.dataSources[parent.id]?.databaseId ?? null,
        };
    }
  }

  propertyValue(p: PageRec, sp: SchemaProp): Json {
    switch (sp.type) {
      case 'created_time':
        return minuteIso(p.created);
      case 'last_edited_time':
        return minuteIso(p.edited);
      case 'created_by':
        return this.user(p.createdBy);
      case 'last_edited_by':
        return this.user(p.editedBy);
      default:
        return p.props[sp.id] ?? emptyValue(sp.type);
    }
  }

  renderPage(p: PageRec, only?: string[]): JsonObject {
    const properties: JsonObject = {};
    const ds = this.schemaOf(p);
    if (ds) {
      for (const sp of ds.props) {
        if (only && only.length > 0 && !only.includes(sp.id) && !only.includes(sp.name)) continue;
        const v: JsonObject = { id: sp.id, type: sp.type, [sp.type]: this.propertyValue(p, sp) };
        if (sp.type === 'relation') v.has_more = false;
        properties[sp.name] = v;
      }
    } else {
      properties.title = { id: 'title', type: 'title', title: p.props.title ?? [] };
    }
    return {
      object: 'page',
      id: p.id,
      created_time: minuteIso(p.created),
      last_edited_time: minuteIso(p.edited),
      created_by: this.user(p.createdBy),
      last_edited_by: this.user(p.editedBy),
      cover: p.cover,
      icon: p.icon,
      parent: this.renderParent(p.parent),
      in_trash: p.inTrash,
      archived: p.inTrash,
      is_archived: p.inTrash,
      is_locked: p.isLocked,
      properties,
      url: notionUrl(this.titleOf(p), p.id),
      public_url: null,
    };
  }

  renderBlock(id: string): JsonObject {
    const b = this.state.blocks[id];
    const common = (
      parent: JsonObject,
      created: number,
      edited: number,
      createdBy: string,
      editedBy: string,
      inTrash: boolean,
    ): JsonObject => ({
      object: 'block',
      id,
      parent,
      created_time: minuteIso(created),
      last_edited_time: minuteIso(edited),
      created_by: this.user(createdBy),
      last_edited_by: this.user(editedBy),
      has_children: this.hasChildren(id),
      in_trash: inTrash,
      archived: inTrash,
    });
    if (b) {
      const parent: JsonObject =
        b.parentKind === 'page' ? { type: 'page_id', page_id: b.parentId } : { type: 'block_id', block_id: b.parentId };
      return {
        ...common(parent, b.created, b.edited, b.createdBy, b.editedBy, b.inTrash),
        type: b.type,
        [b.type]: b.data,
      };
    }
    const p = this.state.pages[id];
    if (p) {
      return {
        ...common(this.renderParent(p.parent), p.created, p.edited, p.createdBy, p.editedBy, p.inTrash),
        type: 'child_page',
        child_page: { title: this.titleOf(p) },
      };
    }
    const d = this.state.databases[id];
    if (d) {
      return {
        ...common(
          { type: 'page_id', page_id: d.parentPageId },
          d.created,
          d.edited,
          d.createdBy,
          d.editedBy,
          d.inTrash,
        ),
        has_children: false,
        type: 'child_database',
        child_database: { title: plainText(d.title) },
      };
    }
    throw notFound('block', id);
  }

  renderDatabase(d: DatabaseRec): JsonObject {
    return {
      object: 'database',
      id: d.id,
      title: d.title,
      description: d.description,
      parent: { type: 'page_id', page_id: d.parentPageId },
      is_inline: d.isInline,
      in_trash: d.inTrash,
      archived: d.inTrash,
      is_locked: d.isLocked,
      created_time: minuteIso(d.created),
      last_edited_time: minuteIso(d.edited),
      created_by: this.user(d.createdBy),
      last_edited_by: this.user(d.editedBy),
      data_sources: d.dataSourceIds.map((id) => ({ id, name: plainText(this.state.dataSources[id]?.title ?? []) })),
      icon: d.icon,
      cover: d.cover,
      url: notionUrl(plainText(d.title), d.id),
      public_url: null,
    };
  }

  renderDataSource(ds: DataSourceRec): JsonObject {
    const db = this.state.databases[ds.databaseId];
    const properties: JsonObject = {};
    for (const sp of ds.props) {
      properties[sp.name] = {
        id: sp.id,
        name: sp.name,
        description: sp.description,
        type: sp.type,
        [sp.type]: sp.config,
      };
    }
    return {
      object: 'data_source',
      id: ds.id,
      title: ds.title,
      description: ds.description,
      parent: { type: 'database_id', database_id: ds.databaseId },
      database_parent: db ? { type: 'page_id', page_id: db.parentPageId } : null,
      is_inline: db?.isInline ?? false,
      in_trash: ds.inTrash,
      archived: ds.inTrash,
      created_time: minuteIso(ds.created),
      last_edited_time: minuteIso(ds.edited),
      created_by: this.user(ds.createdBy),
      last_edited_by: this.user(ds.editedBy),
      properties,
      icon: ds.icon,
      cover: null,
      url: notionUrl(plainText(ds.title), ds.id),
      public_url: null,
    };
  }

  // --- users -----------------------------------------------------------------------------------

  usersMe(): JsonObject {
    return this.renderUser(this.state.users[this.botId] as UserRec);
  }

  userGet(raw: string): JsonObject {
    const id = pathId(raw, 'user_id');
    const u = this.state.users[id];
    if (!u) throw notFound('user', id);
    return this.renderUser(u);
  }

  userList(query: URLSearchParams): JsonObject {
    const users = Object.values(this.state.users);
    const list = paginate(
      users,
      (u) => u.id,
      query.get('start_cursor') ?? undefined,
      parsePageSize(query.get('page_size') ?? undefined, 'query.page_size'),
      'query',
      (u) => this.renderUser(u),
    );
    return { object: 'list', ...list, type: 'user', user: {} };
  }

  // --- search ----------------------------------------------------------------------------------

  search(body: Record<string, unknown>): JsonObject {
    onlyKeys(body, ['query', 'filter', 'sort', 'start_cursor', 'page_size'], 'body');
    const q = body.query === undefined ? '' : body.query;
    if (typeof q !== 'string') throw wrongType('body.query', 'a string', q);
    let only: 'page' | 'data_source' | null = null;
    if (body.filter !== undefined) {
      const f = body.filter;
      if (!isObject(f)) throw wrongType('body.filter', 'an object', f);
      if (f.property !== undefined && f.property !== 'object')
        throw invalid('body.filter.property', `should be \`"object"\`, instead was ${show(f.property)}.`);
      if (f.value !== 'page' && f.value !== 'data_source')
        throw invalid(
          'body.filter.value',
          `should be ${enumList(['page', 'data_source'])}, instead was ${show(f.value)}.`,
        );
      only = f.value;
    }
    let direction = 'descending';
    if (body.sort !== undefined) {
      const s = body.sort;
      if (!isObject(s)) throw wrongType('body.sort', 'an object', s);
      if (s.direction !== 'ascending' && s.direction !== 'descending')
        throw invalid(
          'body.sort.direction',
          `should be ${enumList(['ascending', 'descending'])}, instead was ${show(s.direction)}.`,
        );
      direction = s.direction;
    }
    const pageSize = parsePageSize(body.page_size, 'body.page_size');
    const needle = q.toLowerCase();
    type Hit = { id: string; edited: number; seq: number; render: () => JsonObject };
    const hits: Hit[] = [];
    if (only !== 'data_source') {
      for (const p of Object.values(this.state.pages)) {
        if (p.inTrash || !this.titleOf(p).toLowerCase().includes(needle)) continue;
        hits.push({ id: p.id, edited: p.edited, seq: p.seq, render: () => this.renderPage(p) });
      }
    }
    if (only !== 'page') {
      for (const ds of Object.values(this.state.dataSources)) {
        const db = this.state.databases[ds.databaseId];
        if (ds.inTrash || db?.inTrash || !plainText(ds.title).toLowerCase().includes(needle)) continue;
        hits.push({ id: ds.id, edited: ds.edited, seq: ds.seq, render: () => this.renderDataSource(ds) });
      }
    }
    const sign = direction === 'ascending' ? 1 : -1;
    hits.sort(
      (a, b) => sign * (Math.floor(a.edited / 60_000) - Math.floor(b.edited / 60_000)) || sign * (a.seq - b.seq),
    );
    const list = paginate(
      hits,
      (h) => h.id,
      body.start_cursor,
      pageSize,
      'body',
      (h) => h.render(),
    );
    return { object: 'list', ...list, type: 'page_or_data_source', page_or_data_source: {} };
  }

  // --- databases and data sources --------------------------------------------------------------

  databaseCreate(body: Record<string, unknown>, actor: string): JsonObject {
    onlyKeys(body, ['parent', 'title', 'description', 'is_inline', 'initial_data_source', 'icon', 'cover'], 'body');
    if (body.parent === undefined) throw mustBeDefined('body.parent');
    if (!isObject(body.parent)) throw wrongType('body.parent', 'an object', body.parent);
    if (body.parent.type !== undefined && body.parent.type !== 'page_id') {
      throw invalid('body.parent.type', `should be \`"page_id"\`, instead was ${show(body.parent.type)}.`);
    }
    const parentId = requireId(body.parent.page_id, 'body.parent.page_id');
    const ctx = this.ctx();
    const title = body.title === undefined ? [] : parseRichText(body.title, 'body.title', ctx);
    const description = body.description === undefined ? [] : parseRichText(body.description, 'body.description', ctx);
    let defs: Record<string, unknown> = {};
    if (body.initial_data_source !== undefined) {
      const ids = body.initial_data_source;
      if (!isObject(ids)) throw wrongType('body.initial_data_source', 'an object', ids);
      onlyKeys(ids, ['properties'], 'body.initial_data_source');
      if (ids.properties !== undefined) {
        if (!isObject(ids.properties))
          throw wrongType('body.initial_data_source.properties', 'an object', ids.properties);
        defs = ids.properties;
      }
    }
    const props: SchemaProp[] = [];
    for (const [name, def] of Object.entries(defs)) {
      if (def === undefined) continue;
      const parsed = parsePropertyConfig(def, `body.initial_data_source.properties.${name}`, this);
      const taken = (id: string): boolean => props.some((p) => p.id === id) || id === 'title';
      props.push({
        id: parsed.type === 'title' ? 'title' : shortId(taken),
        name,
        type: parsed.type,
        config: parsed.config,
        description: parsed.description ?? null,
      });
    }
    const titles = props.filter((p) => p.type === 'title');
    if (titles.length > 1)
      throw validationError(
        'body failed validation: body.initial_data_source.properties should contain exactly one title property, instead had `' +
          titles.length +
          '`.',
      );
    if (titles.length === 0) props.unshift({ id: 'title', name: 'Name', type: 'title', config: {}, description: null });
    ctx.issues.throwIfAny(false);
    const parent = this.page(parentId);
    if (parent.inTrash) throw validationError(ARCHIVED_MESSAGE);
    const now = this.now();
    const dbId = newId();
    const dsId = newId();
    const db: DatabaseRec = {
      id: dbId,
      seq: this.nextSeq(),
      parentPageId: parentId,
      title,
      description,
      isInline: body.is_inline === true,
      inTrash: false,
      isLocked: false,
      icon: parseIcon(body.icon, 'body.icon', ctx),
      cover: parseCover(body.cover, 'body.cover'),
      created: now,
      edited: now,
      createdBy: actor,
      editedBy: actor,
      dataSourceIds: [dsId],
    };
    const ds: DataSourceRec = {
      id: dsId,
      seq: this.nextSeq(),
      databaseId: dbId,
      title: structuredClone(title),
      description: [],
      props,
      inTrash: false,
      icon: null,
      created: now,
      edited: now,
      createdBy: actor,
      editedBy: actor,
    };
    this.state.databases[dbId] = db;
    this.state.dataSources[dsId] = ds;
    this.kids(parentId).push(dbId);
    this.touchPage(parent, actor);
    return this.renderDatabase(db);
  }

  databaseGet(raw: string): JsonObject {
    return this.renderDatabase(this.database(pathId(raw, 'database_id')));
  }

  databaseUpdate(raw: string, body: Record<string, unknown>, actor: string): JsonObject {
    const id = pathId(raw, 'database_id');
    onlyKeys(
      body,
      ['parent', 'title', 'description', 'is_inline', 'icon', 'cover', 'in_trash', 'archived', 'is_locked'],
      'body',
    );
    const db = this.database(id);
    const ctx = this.ctx();
    const restore = body.in_trash === false || body.archived === false;
    if (db.inTrash && !restore) throw validationError(ARCHIVED_MESSAGE);
    if (body.title !== undefined) db.title = parseRichText(body.title, 'body.title', ctx);
    if (body.description !== undefined) db.description = parseRichText(body.description, 'body.description', ctx);
    if (body.is_inline !== undefined) db.isInline = body.is_inline === true;
    if (body.icon !== undefined) db.icon = parseIcon(body.icon, 'body.icon', ctx);
    if (body.cover !== undefined) db.cover = parseCover(body.cover, 'body.cover');
    if (body.is_locked !== undefined) db.isLocked = body.is_locked === true;
    const trash = body.in_trash ?? body.archived;
    if (trash !== undefined) {
      if (typeof trash !== 'boolean') throw wrongType('body.in_trash', 'a boolean', trash);
      db.inTrash = trash;
    }
    ctx.issues.throwIfAny(false);
    db.edited = this.now();
    db.editedBy = actor;
    return this.renderDatabase(db);
  }

  dataSourceDatabase(dataSourceId: string): string | null {
    return this.state.dataSources[dataSourceId]?.databaseId ?? null;
  }

  dataSourceGet(raw: string): JsonObject {
    return this.renderDataSource(this.dataSource(pathId(raw, 'data_source_id')));
  }

  dataSourceUpdate(raw: string, body: Record<string, unknown>, actor: string): JsonObject {
    const id = pathId(raw, 'data_source_id');
    onlyKeys(body, ['title', 'icon', 'properties', 'in_trash', 'archived', 'parent', 'description'], 'body');
    const ds = this.dataSource(id);
    const ctx = this.ctx();
    if (body.title !== undefined) ds.title = parseRichText(body.title, 'body.title', ctx);
    if (body.description !== undefined) ds.description = parseRichText(body.description, 'body.description', ctx);
    if (body.icon !== undefined) ds.icon = parseIcon(body.icon, 'body.icon', ctx);
    const trash = body.in_trash ?? body.archived;
    if (trash !== undefined) {
      if (typeof trash !== 'boolean') throw wrongType('body.in_trash', 'a boolean', trash);
      ds.inTrash = trash;
    }
    if (body.properties !== undefined) {
      if (!isObject(body.properties)) throw wrongType('body.properties', 'an object', body.properties);
      // Work on a copy so that a failing request changes nothing.
      const props: SchemaProp[] = structuredClone(ds.props);
      const retyped: string[] = [];
      for (const [key, def] of Object.entries(body.properties)) {
        if (def === undefined) continue;
        const path = `body.properties.${key}`;
        const existing = props.find((p) => p.name === key) ?? props.find((p) => p.id === key);
        if (def === null) {
          if (!existing) throw validationError(`${key} is not a property that exists.`);
          if (existing.type === 'title') throw validationError('Cannot delete the title property of a data source.');
          props.splice(props.indexOf(existing), 1);
          continue;
        }
        const parsed = parsePropertyConfig(def, path, this, existing);
        if (existing) {
          if (parsed.type !== existing.type) {
            if (existing.type === 'title')
              throw validationError(`Cannot change the type of the title property ${existing.name}.`);
            if (parsed.type === 'title') throw validationError('A data source can have only one title property.');
            existing.type = parsed.type;
            retyped.push(existing.id);
          }
          existing.config = parsed.config;
          if (parsed.description !== undefined) existing.description = parsed.description;
          if (parsed.name !== undefined && parsed.name !== existing.name) {
            if (props.some((p) => p !== existing && p.name === parsed.name))
              throw validationError(`A property named ${parsed.name} already exists.`);
            existing.name = parsed.name;
          }
        } else {
          if (parsed.type === 'title') throw validationError('A data source can have only one title property.');
          const name = parsed.name ?? key;
          if (props.some((p) => p.name === name)) throw validationError(`A property named ${name} already exists.`);
          props.push({
            id: shortId((s) => props.some((p) => p.id === s) || s === 'title'),
            name,
            type: parsed.type,
            config: parsed.config,
            description: parsed.description ?? null,
          });
        }
      }
      ctx.issues.throwIfAny(false);
      const kept = new Set(props.map((p) => p.id));
      for (const page of Object.values(this.state.pages)) {
        if (page.parent.type !== 'data_source_id' || page.parent.id !== ds.id) continue;
        for (const pid of Object.keys(page.props)) if (!kept.has(pid) || retyped.includes(pid)) delete page.props[pid];
      }
      ds.props = props;
    }
    ctx.issues.throwIfAny(false);
    ds.edited = this.now();
    ds.editedBy = actor;
    return this.renderDataSource(ds);
  }

  private queryEnv(): QueryEnv {
    return { now: this.now(), value: (p, sp) => this.propertyValue(p, sp) };
  }

  dataSourceQuery(raw: string, body: Record<string, unknown>, query: URLSearchParams): JsonObject {
    const id = pathId(raw, 'data_source_id');
    onlyKeys(body, ['filter', 'sorts', 'start_cursor', 'page_size', 'in_trash', 'archived', 'result_type'], 'body');
    const pageSize = parsePageSize(body.page_size, 'body.page_size');
    if (body.result_type !== undefined && body.result_type !== 'page' && body.result_type !== 'data_source') {
      throw invalid(
        'body.result_type',
        `should be ${enumList(['page', 'data_source'])}, instead was ${show(body.result_type)}.`,
      );
    }
    const ds = this.dataSource(id);
    const env = this.queryEnv();
    const pred = body.filter === undefined ? () => true : buildFilter(body.filter, ds, env);
    const cmp = buildSorts(body.sorts, ds, env);
    const withTrash = body.in_trash === true || body.archived === true;
    const rows = Object.values(this.state.pages).filter(
      (p) => p.parent.type === 'data_source_id' && p.parent.id === ds.id && (withTrash || !p.inTrash) && pred(p),
    );
    rows.sort(cmp);
    const only = query.getAll('filter_properties');
    const list = paginate(
      rows,
      (p) => p.id,
      body.start_cursor,
      pageSize,
      'body',
      (p) => this.renderPage(p, only),
    );
    return { object: 'list', ...list, type: 'page_or_data_source', page_or_data_source: {} };
  }

  // --- pages -----------------------------------------------------------------------------------

  pageCreate(body: Record<string, unknown>, actor: string): JsonObject {
    onlyKeys(body, ['parent', 'properties', 'icon', 'cover', 'children', 'content'], 'body');
    if (body.parent === undefined) throw mustBeDefined('body.parent');
    if (!isObject(body.parent)) throw wrongType('body.parent', 'an object', body.parent);
    const pr = body.parent;
    const kind =
      typeof pr.type === 'string'
        ? pr.type
        : ['data_source_id', 'database_id', 'page_id', 'workspace'].find((k) => pr[k] !== undefined);
    if (kind !== 'data_source_id' && kind !== 'database_id' && kind !== 'page_id') {
      if (kind === 'workspace')
        throw validationError(
          'The sandbox integration is an internal integration and cannot create workspace-level pages.',
        );
      throw invalid('body.parent.page_id', 'should be defined, instead was `undefined`.');
    }
    const parentId = requireId(pr[kind], `body.parent.${kind}`);
    const ctx = this.ctx();
    const count = { blocks: 0 };
    const children = body.children === undefined ? [] : parseChildren(body.children, 'body.children', 1, ctx, count);
    if (count.blocks > LIMITS.blocksPerRequest) throw tooManyBlocks(count.blocks);
    let parent: ParentRef;
    let ds: DataSourceRec | null = null;
    let parentPage: PageRec | null = null;
    if (kind === 'page_id') {
      parentPage = this.page(parentId);
      if (parentPage.inTrash) throw validationError(ARCHIVED_MESSAGE);
      parent = { type: 'page_id', id: parentId };
    } else {
      if (kind === 'database_id') {
        const db = this.database(parentId);
        if (db.dataSourceIds.length !== 1)
          throw validationError('Databases with multiple data sources are not supported in this API version.');
        ds = this.dataSource(db.dataSourceIds[0] as string);
      } else {
        ds = this.dataSource(parentId);
      }
      const db = this.state.databases[ds.databaseId];
      if (ds.inTrash || db?.inTrash) throw validationError(ARCHIVED_MESSAGE);
      parent = { type: 'data_source_id', id: ds.id };
    }
    // Parse against a copy of the schema so that auto-created select options only land if the request succeeds.
    const schema = ds
      ? structuredClone(ds.props)
      : [{ id: 'title', name: 'title', type: 'title', config: {}, description: null }];
    const props = body.properties === undefined ? {} : parsePageProperties(body.properties, schema, ctx);
    const icon = parseIcon(body.icon, 'body.icon', ctx);
    const cover = parseCover(body.cover, 'body.cover');
    ctx.issues.throwIfAny(true);
    if (ds) ds.props = schema;
    const now = this.now();
    const page: PageRec = {
      id: newId(),
      seq: this.nextSeq(),
      created: now,
      edited: now,
      createdBy: actor,
      editedBy: actor,
      parent,
      inTrash: false,
      isLocked: false,
      icon,
      cover,
      props,
    };
    this.state.pages[page.id] = page;
    if (parentPage) {
      this.kids(parentPage.id).push(page.id);
      this.touchPage(parentPage, actor);
    }
    this.insertDrafts(children, page.id, 'page', actor, null);
    return this.renderPage(page);
  }

  pageGet(raw: string, query: URLSearchParams): JsonObject {
    return this.renderPage(this.page(pathId(raw, 'page_id')), query.getAll('filter_properties'));
  }

  pageUpdate(raw: string, body: Record<string, unknown>, actor: string): JsonObject {
    const id = pathId(raw, 'page_id');
    onlyKeys(
      body,
      ['properties', 'icon', 'cover', 'is_locked', 'erase_content', 'in_trash', 'archived', 'is_archived'],
      'body',
    );
    const page = this.page(id);
    const trash = body.in_trash ?? body.archived ?? body.is_archived;
    if (trash !== undefined && typeof trash !== 'boolean') throw wrongType('body.in_trash', 'a boolean', trash);
    if (page.inTrash && trash !== false) {
      const onlyTrash = Object.entries(body).every(
        ([k, v]) => v === undefined || ['in_trash', 'archived', 'is_archived'].includes(k),
      );
      if (!onlyTrash) throw validationError(ARCHIVED_MESSAGE);
    }
    const ctx = this.ctx();
    const ds = this.schemaOf(page);
    const schema = ds
      ? structuredClone(ds.props)
      : [{ id: 'title', name: 'title', type: 'title', config: {}, description: null }];
    const props = body.properties === undefined ? {} : parsePageProperties(body.properties, schema, ctx);
    const icon = body.icon === undefined ? undefined : parseIcon(body.icon, 'body.icon', ctx);
    const cover = body.cover === undefined ? undefined : parseCover(body.cover, 'body.cover');
    if (body.erase_content !== undefined && typeof body.erase_content !== 'boolean')
      throw wrongType('body.erase_content', 'a boolean', body.erase_content);
    if (body.is_locked !== undefined && typeof body.is_locked !== 'boolean')
      throw wrongType('body.is_locked', 'a boolean', body.is_locked);
    ctx.issues.throwIfAny(false);
    if (ds) ds.props = schema;
    Object.assign(page.props, props);
    if (icon !== undefined) page.icon = icon;
    if (cover !== undefined) page.cover = cover;
    if (typeof body.is_locked === 'boolean') page.isLocked = body.is_locked;
    if (typeof trash === 'boolean') page.inTrash = trash;
    if (body.erase_content === true) {
      for (const child of this.liveChildren(page.id)) this.trashAny(child, actor);
    }
    this.touchPage(page, actor);
    return this.renderPage(page);
  }

  private trashAny(id: string, actor: string): void {
    const now = this.now();
    const b = this.state.blocks[id];
    if (b) {
      b.inTrash = true;
      b.edited = now;
      b.editedBy = actor;
      return;
    }
    const p = this.state.pages[id];
    if (p) {
      p.inTrash = true;
      p.edited = now;
      p.editedBy = actor;
      return;
    }
    const d = this.state.databases[id];
    if (d) {
      d.inTrash = true;
      d.edited = now;
      d.editedBy = actor;
    }
  }

  // --- blocks ----------------------------------------------------------------------------------

  private insertDrafts(
    drafts: BlockDraft[],
    parentId: string,
    parentKind: 'page' | 'block',
    actor: string,
    at: number | null,
  ): string[] {
    const now = this.now();
    const ids: string[] = [];
    for (const d of drafts) {
      const id = newId();
      this.state.blocks[id] = {
        id,
        seq: this.nextSeq(),
        parentId,
        parentKind,
        type: d.type,
        data: d.data,
        created: now,
        edited: now,
        createdBy: actor,
        editedBy: actor,
        inTrash: false,
      };
      ids.push(id);
      if (d.children.length > 0) this.insertDrafts(d.children, id, 'block', actor, null);
    }
    const list = this.kids(parentId);
    if (at === null) list.push(...ids);
    else list.splice(at, 0, ...ids);
    return ids;
  }

  /** A page or block that can receive children, or a 404. */
  private container(id: string): { kind: 'page' | 'block'; type: string; inTrash: boolean; tableWidth?: number } {
    const p = this.state.pages[id];
    if (p) return { kind: 'page', type: 'child_page', inTrash: p.inTrash };
    const b = this.state.blocks[id];
    if (b) {
      return {
        kind: 'block',
        type: b.type,
        inTrash: b.inTrash,
        tableWidth: b.type === 'table' ? (b.data.table_width as number) : undefined,
      };
    }
    throw notFound('block', id);
  }

  blockGet(raw: string): JsonObject {
    return this.renderBlock(pathId(raw, 'block_id'));
  }

  childrenList(raw: string, query: URLSearchParams): JsonObject {
    const id = pathId(raw, 'block_id');
    const pageSize = parsePageSize(query.get('page_size') ?? undefined, 'query.page_size');
    this.container(id);
    const list = paginate(
      this.liveChildren(id),
      (c) => c,
      query.get('start_cursor') ?? undefined,
      pageSize,
      'query',
      (c) => this.renderBlock(c),
    );
    return { object: 'list', ...list, type: 'block', block: {} };
  }

  childrenAppend(raw: string, body: Record<string, unknown>, actor: string): JsonObject {
    const id = pathId(raw, 'block_id');
    onlyKeys(body, ['children', 'after', 'position'], 'body');
    const target = this.container(id);
    const ctx = this.ctx();
    const count = { blocks: 0 };
    const drafts = parseChildren(body.children, 'body.children', 1, ctx, count, target.tableWidth);
    if (count.blocks > LIMITS.blocksPerRequest) throw tooManyBlocks(count.blocks);
    let after: string | null = null;
    let atStart = false;
    if (body.position !== undefined) {
      const pos = body.position;
      if (!isObject(pos)) throw wrongType('body.position', 'an object', pos);
      if (pos.type === 'start') atStart = true;
      else if (pos.type === 'after_block') {
        if (!isObject(pos.after_block)) throw mustBeDefined('body.position.after_block');
        after = requireId(pos.after_block.id, 'body.position.after_block.id');
      } else if (pos.type !== 'end') {
        throw invalid(
          'body.position.type',
          `should be ${enumList(['after_block', 'start', 'end'])}, instead was ${show(pos.type)}.`,
        );
      }
    } else if (body.after !== undefined) {
      after = requireId(body.after, 'body.after');
    }
    if (!CAN_HAVE_CHILDREN.has(target.type))
      throw validationError(`Block type ${target.type} does not support children.`);
    if (target.inTrash) throw validationError(ARCHIVED_MESSAGE);
    ctx.issues.throwIfAny(true);
    const list = this.kids(id);
    let at: number | null = null;
    if (atStart) at = 0;
    if (after !== null) {
      const idx = list.indexOf(after);
      if (idx < 0 || !this.isLiveChild(after))
        throw validationError(`Block ${after} is not a child of ${id}; it can't be used as the \`after\` position.`);
      at = idx + 1;
    }
    const ids = this.insertDrafts(drafts, id, target.kind, actor, at);
    this.touchPage(this.containingPage(id), actor);
    if (target.kind === 'block') {
      const b = this.state.blocks[id] as BlockRec;
      b.edited = this.now();
      b.editedBy = actor;
    }
    return {
      object: 'list',
      results: ids.map((b) => this.renderBlock(b)),
      next_cursor: null,
      has_more: false,
      type: 'block',
      block: {},
    };
  }

  blockUpdate(raw: string, body: Record<string, unknown>, actor: string): JsonObject {
    const id = pathId(raw, 'block_id');
    const trash = body.in_trash ?? body.archived;
    if (trash !== undefined && typeof trash !== 'boolean') throw wrongType('body.in_trash', 'a boolean', trash);
    const b = this.state.blocks[id];
    if (!b) {
      const p = this.state.pages[id];
      if (p) {
        onlyKeys(body, ['in_trash', 'archived', 'child_page', 'type'], 'body');
        if (p.inTrash && trash !== false) throw validationError(ARCHIVED_MESSAGE);
        if (typeof trash === 'boolean') p.inTrash = trash;
        this.touchPage(p, actor);
        return this.renderBlock(id);
      }
      throw notFound('block', id);
    }
    onlyKeys(body, ['type', b.type, 'in_trash', 'archived'], 'body');
    if (body.type !== undefined && body.type !== b.type)
      throw invalid('body.type', `should be ${show(b.type)}, instead was ${show(body.type)}.`);
    if (b.inTrash && trash !== false) throw validationError(ARCHIVED_MESSAGE);
    const ctx = this.ctx();
    let patch: JsonObject = {};
    const payload = body[b.type];
    if (payload !== undefined) {
      if (!isObject(payload)) throw wrongType(`body.${b.type}`, 'an object', payload);
      if (payload.children !== undefined)
        throw invalid(`body.${b.type}.children`, `should be not present, instead was ${show(payload.children)}.`);
      patch = parsePayload(b.type, payload, `body.${b.type}`, ctx, true);
      if (b.type === 'table_row' && Array.isArray(patch.cells)) {
        const table = this.state.blocks[b.parentId];
        if (table && table.type === 'table' && patch.cells.length !== table.data.table_width) {
          ctx.issues.add('Number of cells in table row must match the table width of the parent table');
        }
      }
    }
    ctx.issues.throwIfAny(false);
    Object.assign(b.data, patch);
    if (typeof trash === 'boolean') b.inTrash = trash;
    b.edited = this.now();
    b.editedBy = actor;
    this.touchPage(this.containingPage(b.parentId), actor);
    return this.renderBlock(id);
  }

  blockDelete(raw: string, actor: string): JsonObject {
    const id = pathId(raw, 'block_id');
    const b = this.state.blocks[id];
    const p = this.state.pages[id];
    const d = this.state.databases[id];
    if (!b && !p && !d) throw notFound('block', id);
    const trashed = b?.inTrash ?? p?.inTrash ?? d?.inTrash ?? false;
    if (trashed) throw validationError(ARCHIVED_MESSAGE);
    this.trashAny(id, actor);
    const parentId = b ? b.parentId : p && p.parent.type === 'page_id' ? p.parent.id : d ? d.parentPageId : null;
    if (parentId) this.touchPage(this.containingPage(parentId), actor);
    return this.renderBlock(id);
  }

  // --- simulated people and admin helpers ------------------------------------------------------

  /** Creates a page under the root page (or another page) as the person user, as someone would in Notion's UI. */
  seedPage(title: string, parentPageId?: string): JsonObject {
    const parent = this.page(parentPageId ? pathId(parentPageId, 'page_id') : this.state.rootPageId);
    const now = this.now();
    const page: PageRec = {
      id: newId(),
      seq: this.nextSeq(),
      created: now,
      edited: now,
      createdBy: this.personId,
      editedBy: this.personId,
      parent: { type: 'page_id', id: parent.id },
      inTrash: false,
      isLocked: false,
      icon: null,
      cover: null,
      props: { title: [textItem(title)] },
    };
    this.state.pages[page.id] = page;
    this.kids(parent.id).push(page.id);
    this.touchPage(parent, this.personId);
    return this.renderPage(page);
  }

  /** Edits a page as the person user: sets last_edited_by to the person and bumps last_edited_time. */
  humanEdit(edit: HumanEdit): JsonObject {
    const id = normalizeId(edit.pageId);
    if (!id)
      throw new NotionError(
        400,
        'validation_error',
        `pageId should be a valid uuid, instead was ${show(edit.pageId)}.`,
      );
    const page = this.page(id);
    const actor = this.personId;
    if (edit.properties !== undefined) this.pageUpdate(id, { properties: edit.properties }, actor);
    if (edit.appendParagraph !== undefined) {
      this.childrenAppend(
        id,
        { children: [{ paragraph: { rich_text: [{ text: { content: edit.appendParagraph } }] } }] },
        actor,
      );
    }
    if (edit.replaceText !== undefined) {
      const wanted = edit.replaceText.blockId ? normalizeId(edit.replaceText.blockId) : null;
      const target =
        wanted ??
        this.liveChildren(id).find((c) => {
          const blk = this.state.blocks[c];
          return blk !== undefined && Array.isArray(blk.data.rich_text);
        });
      if (!target) throw validationError('The page has no paragraph-like block to edit.');
      const blk = this.state.blocks[target];
      if (!blk) throw notFound('block', target);
      this.blockUpdate(target, { [blk.type]: { rich_text: [{ text: { content: edit.replaceText.text } }] } }, actor);
    }
    this.touchPage(page, actor);
    return this.renderPage(page);
  }
}

function parseCover(v: unknown, path: string): Json {
  if (v === undefined || v === null) return null;
  if (!isObject(v) || !isObject(v.external) || typeof v.external.url !== 'string')
    throw mustBeDefined(`${path}.external.url`);
  return { type: 'external', external: { url: v.external.url } };
}

function tooManyBlocks(n: number): NotionError {
  // Exact wording unconfirmed (see README): Notion documents the limit, not the message.
  return validationError(
    `body failed validation: the request contains \`${n}\` block elements, which is more than the limit of \`${LIMITS.blocksPerRequest}\` blocks per request.`,
  );
}
