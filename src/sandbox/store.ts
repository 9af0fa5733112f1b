// The sandbox's in-memory workspace and every Notion operation on it (the class chain is split by idea:
// store-base → store-render → store-blocks → store-pages → store-databases → store-comments → store-people →
// here: users and search).
import { plainText } from './content';
import type { UserRec } from './model';
import { type JsonObject, enumList, invalid, isObject, notFound, onlyKeys, show, wrongType } from './util';

import { paginate, parsePageSize, pathId } from './store-base';
import { StorePeople } from './store-people';

export { freshState, parsePageSize } from './store-base';

export type { HumanEdit, HumanOp } from './store-people';

export class Store extends StorePeople {
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

  /** The integration's own file uploads, newest first, optionally by `status`. */
  fileUploadList(query: URLSearchParams, actor: string): JsonObject {
    const status = query.get('status');
    const known = ['pending', 'uploaded', 'expired', 'failed'];
    if (status !== null && !known.includes(status))
      throw invalid('query.status', `should be ${enumList(known)}, instead was ${show(status)}.`);
    const items = this.uploads
      .all()
      .filter((r) => r.createdBy === actor && (status === null || this.uploads.status(r) === status));
    const list = paginate(
      items,
      (r) => r.id,
      query.get('start_cursor') ?? undefined,
      parsePageSize(query.get('page_size') ?? undefined, 'query.page_size'),
      'query',
      (r) => this.uploads.render(r),
    );
    return { object: 'list', ...list, type: 'file_upload', file_upload: {} };
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
}
