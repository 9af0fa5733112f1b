import type { NotionGateway } from './gateway';
import type { BlockLike } from './blocks';
import { toRequests } from './blocks';
import type { PageProperties, QueryFilter, QuerySorts } from './sdk';
import { sdk } from './sdk';
import type { PropertyNames, RowTarget } from './names';
import { rowTarget } from './names';

/*
 * Typed page, query, search and user operations: what sync, capture, execution logs and the front
 * ends ask of Notion, in our terms. Each is one request (or one paginated read) through the gateway.
 */

export type { PageProperties, QueryFilter };

/** A page as a query or update returns it, reduced to what the engine reads. */
export interface PageRecord {
  object?: string;
  id: string;
  url: string;
  created_time: string;
  last_edited_time: string;
  last_edited_by?: { id: string };
  properties: Record<string, { type?: string; [k: string]: unknown }>;
}

/**
 * Sets some properties of a page (one request); returns the page's new `last_edited_time`. With `names`
 * (the page's database's, names.ts) the properties are named by us and translated here.
 */
export async function updatePageProperties(
  gw: NotionGateway,
  pageId: string,
  properties: PageProperties,
  names?: PropertyNames,
): Promise<{ lastEditedTime: string }> {
  const sent = names ? names.toNotion(properties) : properties;
  const page = (await gw.call('idempotent', 'pages.update', () =>
    sdk(gw).pages.update({ page_id: pageId, properties: sent }),
  )) as { last_edited_time: string };
  return { lastEditedTime: page.last_edited_time };
}

/** Moves a page to Notion's trash (restorable there for 30 days). */
export async function trashPage(gw: NotionGateway, pageId: string): Promise<void> {
  await gw.call('idempotent', 'pages.update', () => sdk(gw).pages.update({ page_id: pageId, in_trash: true }));
}

/**
 * Creates a row whose children all fit into the one create request (at most 100 top-level blocks,
 * two levels): one request. Longer bodies go through `createPage` in pages.ts. Properties are named by
 * us and translated through the target's names (a bare data source id: names as ours).
 */
export async function createRowInline(
  gw: NotionGateway,
  target: string | RowTarget,
  properties: PageProperties,
  children: BlockLike[],
): Promise<{ id: string }> {
  const { dataSourceId, names } = rowTarget(target);
  const page = (await gw.call('create', 'pages.create', () =>
    sdk(gw).pages.create({
      parent: { type: 'data_source_id', data_source_id: dataSourceId },
      properties: names.toNotion(properties),
      children: toRequests(children),
    }),
  )) as { id: string };
  return { id: page.id };
}

/**
 * Every page of a data source that matches `filter` (every page without one), oldest first: one query
 * per 100 rows. With `limit`, stops once that many were read (one request for `limit` ≤ 100). The
 * filter names properties by our names, translated through the target's names; the pages come back as
 * Notion sent them (read them with `names.fromNotion`).
 */
export async function queryPages(
  gw: NotionGateway,
  from: string | RowTarget,
  ourFilter: QueryFilter | undefined,
  options: { limit?: number; onPage?: (pagesSoFar: number) => void } = {},
): Promise<PageRecord[]> {
  const { dataSourceId, names } = rowTarget(from);
  const filter = ourFilter && names.filter(ourFilter);
  const limit = options.limit ?? Infinity;
  const sorts: QuerySorts = [{ timestamp: 'created_time', direction: 'ascending' }];
  const out: PageRecord[] = [];
  let cursor: string | undefined;
  do {
    const res = (await gw.call('read', 'dataSources.query', () =>
      sdk(gw).dataSources.query({
        data_source_id: dataSourceId,
        ...(filter ? { filter } : {}),
        sorts,
        page_size: Math.min(100, limit),
        start_cursor: cursor,
      }),
    )) as { results: PageRecord[]; has_more: boolean; next_cursor: string | null };
    for (const page of res.results) if (page.object !== 'data_source') out.push(page);
    options.onPage?.(out.length);
    cursor = res.has_more && res.next_cursor && out.length < limit ? res.next_cursor : undefined;
  } while (cursor);
  return out;
}

/** A rich-text (or title) property that equals `value`, as a query filter. */
export function textEquals(property: string, value: string): QueryFilter {
  return { property, rich_text: { equals: value } };
}

/** A rich-text property that is not empty, as a query filter. */
export function textNotEmpty(property: string): QueryFilter {
  return { property, rich_text: { is_not_empty: true } };
}

/** A rich-text property that is empty, as a query filter. */
export function textEmpty(property: string): QueryFilter {
  return { property, rich_text: { is_empty: true } };
}

/** Any of the conditions (one condition stays itself). */
export function anyOf(conditions: QueryFilter[]): QueryFilter {
  if (conditions.length === 1) return conditions[0]!;
  return { or: conditions as Extract<QueryFilter, { or: unknown }>['or'] };
}

/** All of the conditions (one condition stays itself: the smallest filter Notion accepts). */
export function allOf(conditions: QueryFilter[]): QueryFilter {
  if (conditions.length === 1) return conditions[0]!;
  return { and: conditions as Extract<QueryFilter, { and: unknown }>['and'] };
}

export interface PageChoice {
  id: string;
  title: string;
  url?: string;
  lastEditedTime?: string;
}

/** Pages shared with the integration that match `query` (Notion's `search`, one request). */
export async function searchPages(gw: NotionGateway, query = '', limit = 50): Promise<PageChoice[]> {
  const res = (await gw.call('read', 'search', () =>
    sdk(gw).search({ query, filter: { property: 'object', value: 'page' }, page_size: Math.min(100, limit) }),
  )) as {
    results: Array<{
      id: string;
      url?: string;
      last_edited_time?: string;
      properties?: Record<string, { type?: string; title?: Array<{ plain_text?: string }> }>;
    }>;
  };
  return res.results.map((p) => {
    const titleProp = Object.values(p.properties ?? {}).find((v) => v?.type === 'title');
    const title = (titleProp?.title ?? [])
      .map((t) => t.plain_text ?? '')
      .join('')
      .trim();
    return { id: p.id, title: title || 'Untitled', url: p.url, lastEditedTime: p.last_edited_time };
  });
}

/** Who the token belongs to (`users.me`): the bot's id and the Notion workspace it was added to. */
export async function whoAmI(gw: NotionGateway): Promise<{ botId: string; workspaceName?: string }> {
  const me = (await gw.call('read', 'users.me', () => sdk(gw).users.me({}))) as {
    id: string;
    bot?: { workspace_name?: string | null };
  };
  return { botId: me.id, workspaceName: me.bot?.workspace_name ?? undefined };
}
