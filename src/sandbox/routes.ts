// The Notion API routes the sandbox serves, and matching of a request path against them.
import type { Store } from './store';
import type { JsonObject } from './util';

export type Handler = (c: {
  id: string;
  body: Record<string, unknown>;
  query: URLSearchParams;
  store: Store;
  /** The bot user of the request's token. */
  actor: string;
  /** The raw body (for `raw` routes: multipart uploads). */
  raw: Buffer;
  contentType: string;
}) => JsonObject | Promise<JsonObject>;

export interface Route {
  method: string;
  template: string;
  parts: string[];
  read: boolean;
  handler: Handler;
  /** The body is not JSON (multipart/form-data): no JSON parsing, no 500 KB limit. */
  raw?: boolean;
}

function route(method: string, template: string, read: boolean, handler: Handler): Route {
  return { method, template, parts: template.split('/').filter(Boolean), read, handler };
}

export const ROUTES: Route[] = [
  route('GET', '/v1/users/me', true, ({ store, actor }) => store.usersMe(actor)),
  route('GET', '/v1/users', true, ({ store, query }) => store.userList(query)),
  route('GET', '/v1/users/{id}', true, ({ store, id }) => store.userGet(id)),
  route('POST', '/v1/search', true, ({ store, body }) => store.search(body)),
  route('POST', '/v1/databases', false, ({ store, body, actor }) => store.databaseCreate(body, actor)),
  route('GET', '/v1/databases/{id}', true, ({ store, id }) => store.databaseGet(id)),
  route('PATCH', '/v1/databases/{id}', false, ({ store, id, body, actor }) => store.databaseUpdate(id, body, actor)),
  route('GET', '/v1/data_sources/{id}', true, ({ store, id }) => store.dataSourceGet(id)),
  route('PATCH', '/v1/data_sources/{id}', false, ({ store, id, body, actor }) =>
    store.dataSourceUpdate(id, body, actor),
  ),
  route('POST', '/v1/data_sources/{id}/query', true, ({ store, id, body, query }) =>
    store.dataSourceQuery(id, body, query),
  ),
  route('POST', '/v1/pages', false, ({ store, body, actor }) => store.pageCreate(body, actor)),
  route('GET', '/v1/pages/{id}', true, ({ store, id, query }) => store.pageGet(id, query)),
  route('PATCH', '/v1/pages/{id}', false, ({ store, id, body, actor }) => store.pageUpdate(id, body, actor)),
  route('GET', '/v1/blocks/{id}', true, ({ store, id }) => store.blockGet(id)),
  route('PATCH', '/v1/blocks/{id}', false, ({ store, id, body, actor }) => store.blockUpdate(id, body, actor)),
  route('DELETE', '/v1/blocks/{id}', false, ({ store, id, actor }) => store.blockDelete(id, actor)),
  route('GET', '/v1/blocks/{id}/children', true, ({ store, id, query }) => store.childrenList(id, query)),
  route('PATCH', '/v1/blocks/{id}/children', false, ({ store, id, body, actor }) =>
    store.childrenAppend(id, body, actor),
  ),
  route('POST', '/v1/file_uploads', false, ({ store, body, actor }) => store.uploads.create(body, actor)),
  route('GET', '/v1/file_uploads', true, ({ store, query, actor }) => store.fileUploadList(query, actor)),
  route('GET', '/v1/file_uploads/{id}', true, ({ store, id }) => store.uploads.retrieve(id)),
  {
    ...route('POST', '/v1/file_uploads/{id}/send', false, ({ store, id, raw, contentType }) =>
      store.uploads.send(id, raw, contentType),
    ),
    raw: true,
  },
  route('POST', '/v1/file_uploads/{id}/complete', false, ({ store, id }) => store.uploads.complete(id)),
  route('POST', '/v1/comments', false, ({ store, body, actor }) => store.commentCreate(body, actor)),
  route('GET', '/v1/comments', true, ({ store, query }) => store.commentList(query)),
  route('GET', '/v1/comments/{id}', true, ({ store, id }) => store.commentGet(id)),
];

export function matchRoute(
  method: string,
  path: string,
): { route: Route; id: string } | { route: null; template: string } {
  const parts = path.split('/').filter(Boolean);
  let shape: string | null = null;
  for (const r of ROUTES) {
    if (r.parts.length !== parts.length) continue;
    let id = '';
    let ok = true;
    for (let i = 0; i < parts.length; i++) {
      const want = r.parts[i] as string;
      const got = parts[i] as string;
      if (want === '{id}') id = safeDecode(got);
      else if (want !== got) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    // users/me before users/{id}: the table lists literal routes first.
    if (r.method === method) return { route: r, id };
    shape ??= r.template;
  }
  return { route: null, template: shape ?? '(unknown)' };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
