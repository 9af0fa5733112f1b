// The sandbox's in-memory workspace and every Notion operation on it (the class chain is split by idea:
// store-base → store-render → store-blocks → store-pages → store-databases → here: users, search, people).
import { plainText } from './content';
import type { PageRec, UserRec } from './model';
import {
  type JsonObject,
  NotionError,
  enumList,
  invalid,
  isObject,
  newId,
  normalizeId,
  notFound,
  onlyKeys,
  show,
  validationError,
  wrongType,
} from './util';

import { paginate, parsePageSize, pathId, textItem } from './store-base';
import { StoreDatabases } from './store-databases';

export { freshState, parsePageSize } from './store-base';

export interface HumanEdit {
  pageId: string;
  /** Appends a paragraph with this text to the page. */
  appendParagraph?: string;
  /** Replaces the text of a paragraph-like block (the page's first one when `blockId` is absent). */
  replaceText?: { blockId?: string; text: string };
  /** Property values in request form, e.g. `{ Status: { select: { name: 'Done' } } }`. */
  properties?: Record<string, unknown>;
}

export class Store extends StoreDatabases {
  /** The bot user of the integration making the request. */
  usersMe(actor: string = this.botId): JsonObject {
    return this.renderUser(this.state.users[actor] as UserRec);
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
