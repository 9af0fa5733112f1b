import type { DatabaseRole, PropertySpec } from './schema';
import { schemaRequest, SCHEMAS } from './schema';
import { AmbiguousWriteError, NotionError } from './errors';
import { listChildren } from './blocks';
import type { NotionGateway } from './gateway';
import { readDate, readText } from './props';
import type { PageRecord } from './requests';
import { allOf, anyOf, queryPages, textEmpty, textEquals } from './requests';
import type { PropertySchema, QueryFilter } from './sdk';
import { sdk } from './sdk';

/** A database as the engine uses it: the container id, its (first) data source and the schema. */
export interface ResolvedDatabase {
  databaseId: string;
  dataSourceId: string;
  title: string;
  url?: string;
  /** property name → type */
  properties: Record<string, string>;
}

export interface SchemaProblem {
  database: string;
  property: string;
  problem: 'missing' | 'wrong-type';
  expected: string;
  actual?: string;
}

type DataSourceLike = {
  id: string;
  title?: Array<{ plain_text?: string }>;
  url?: string;
  properties?: Record<string, { type: string }>;
  parent?: { database_id?: string };
};

/** Looks a database up by its id (or the id of one of its data sources). */
export async function resolveDatabase(gw: NotionGateway, id: string): Promise<ResolvedDatabase> {
  let databaseId = id;
  let dataSourceId: string | undefined;
  try {
    const db = (await gw.call('read', 'databases.retrieve', () => sdk(gw).databases.retrieve({ database_id: id }))) as {
      id: string;
      data_sources?: Array<{ id: string }>;
    };
    databaseId = db.id;
    dataSourceId = db.data_sources?.[0]?.id;
  } catch (err) {
    if (!(err instanceof NotionError) || err.kind !== 'not-found') throw err;
    dataSourceId = id; // maybe the id of a data source: try that before giving up
  }
  if (!dataSourceId) throw new NotionError('not-found', `Database ${id} has no data source.`);
  return retrieveDataSource(gw, dataSourceId, databaseId);
}

/** A data source's schema: one read. */
export async function retrieveDataSource(
  gw: NotionGateway,
  dataSourceId: string,
  databaseId?: string,
): Promise<ResolvedDatabase> {
  const ds = (await gw.call('read', 'dataSources.retrieve', () =>
    sdk(gw).dataSources.retrieve({ data_source_id: dataSourceId }),
  )) as DataSourceLike;
  return {
    databaseId: ds.parent?.database_id ?? databaseId ?? dataSourceId,
    dataSourceId: ds.id,
    title: (ds.title ?? []).map((t) => t.plain_text ?? '').join(''),
    url: ds.url,
    properties: Object.fromEntries(Object.entries(ds.properties ?? {}).map(([name, p]) => [name, p.type])),
  };
}

/** What a database lacks compared with the schema of its role. */
export function schemaProblems(db: ResolvedDatabase, role: DatabaseRole, label: string): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const [name, spec] of Object.entries(SCHEMAS[role].properties)) {
    const actual =
      spec.type === 'title' ? Object.entries(db.properties).find(([, t]) => t === 'title')?.[0] : db.properties[name];
    if (spec.type === 'title') {
      if (actual !== name)
        problems.push({
          database: label,
          property: name,
          problem: actual ? 'wrong-type' : 'missing',
          expected: 'title',
          actual: actual ? `title named "${actual}"` : undefined,
        });
      continue;
    }
    if (actual === undefined)
      problems.push({ database: label, property: name, problem: 'missing', expected: spec.type });
    else if (actual !== spec.type)
      problems.push({ database: label, property: name, problem: 'wrong-type', expected: spec.type, actual });
  }
  return problems;
}

export interface EnsureResult {
  db: ResolvedDatabase;
  created: boolean;
  added: string[];
  /** Problems that could not be fixed automatically (a property of the wrong type). */
  unresolved: SchemaProblem[];
}

/**
 * Makes sure the database for a role exists and has every property of its schema:
 * creates it under `parentPageId` when no id is given, otherwise adds missing properties
 * (and renames a differently named title property to `Name`).
 */
export async function ensureDatabase(
  gw: NotionGateway,
  role: DatabaseRole,
  options: {
    databaseId?: string;
    parentPageId?: string;
    title?: string;
    dataSourceIds: Partial<Record<DatabaseRole, string>>;
  },
): Promise<EnsureResult> {
  const schema = SCHEMAS[role];
  if (!options.databaseId) {
    if (!options.parentPageId) {
      throw new NotionError(
        'validation',
        `No database is configured for ${schema.title} and no parent page was given. Run "notion-sync init --parent-page <page URL or id>".`,
      );
    }
    const title = options.title ?? schema.title;
    // A database an earlier (failed or killed) init made is found again, never made twice.
    const found = await findOwnDatabase(gw, options.parentPageId, title, role);
    if (!found) {
      const db = await createDatabase(gw, role, options.parentPageId, title, options.dataSourceIds);
      return { db, created: true, added: [], unresolved: schemaProblems(db, role, schema.title) };
    }
    options = { ...options, databaseId: found.databaseId };
  }

  const db = await resolveDatabase(gw, options.databaseId!);
  const problems = schemaProblems(db, role, schema.title);
  const patch: PropertySchema = {};
  const added: string[] = [];
  const unresolved: SchemaProblem[] = [];
  for (const p of problems) {
    const spec: PropertySpec = schema.properties[p.property]!;
    if (spec.type === 'title') {
      const current = Object.entries(db.properties).find(([, t]) => t === 'title')?.[0];
      if (current) {
        patch[current] = { name: p.property };
        added.push(`${p.property} (renamed from ${current})`);
      }
      continue;
    }
    if (p.problem === 'wrong-type') {
      unresolved.push(p);
      continue;
    }
    const config = schemaRequest({ [p.property]: spec }, options.dataSourceIds)[p.property];
    if (config) {
      patch[p.property] = config as PropertySchema[string];
      added.push(p.property);
    }
  }
  if (Object.keys(patch).length > 0) {
    await gw.call('idempotent', 'dataSources.update', () =>
      sdk(gw).dataSources.update({ data_source_id: db.dataSourceId, properties: patch }),
    );
    const again = await resolveDatabase(gw, db.dataSourceId);
    return { db: again, created: false, added, unresolved };
  }
  return { db, created: false, added, unresolved };
}

/** How many times `init` tries a create whose outcome it could not learn (and that is not there). */
const CREATE_ATTEMPTS = 3;

/**
 * Creates a database under a page. A create that failed ambiguously (a 5xx or a dropped
 * connection after Notion may have applied it) is looked up under the parent before it is tried
 * again, so an applied-then-failed create is adopted, not repeated.
 */
async function createDatabase(
  gw: NotionGateway,
  role: DatabaseRole,
  parentPageId: string,
  title: string,
  dataSourceIds: Partial<Record<DatabaseRole, string>>,
): Promise<ResolvedDatabase> {
  for (let attempt = 1; ; attempt++) {
    try {
      const created = (await gw.call('create', 'databases.create', () =>
        sdk(gw).databases.create({
          parent: { type: 'page_id', page_id: parentPageId },
          title: [{ type: 'text', text: { content: title } }],
          initial_data_source: { properties: schemaRequest(SCHEMAS[role].properties, dataSourceIds) },
        }),
      )) as { id: string };
      return await resolveDatabase(gw, created.id);
    } catch (err) {
      if (!(err instanceof AmbiguousWriteError)) throw err;
      const found = await findOwnDatabase(gw, parentPageId, title, role);
      if (found) return found;
      if (attempt >= CREATE_ATTEMPTS) throw err;
    }
  }
}

/**
 * A database directly under `parentPageId` with this title and the schema of this role (every
 * property `init` creates, relations aside): one made by an earlier `init`. The oldest one wins.
 * A person's own database of the same title but another schema is not taken.
 */
export async function findOwnDatabase(
  gw: NotionGateway,
  parentPageId: string,
  title: string,
  role: DatabaseRole,
): Promise<ResolvedDatabase | undefined> {
  const children = await listChildren(gw, parentPageId);
  for (const child of children) {
    if (child.type !== 'child_database' || child.in_trash === true || child.archived === true) continue;
    const childTitle = (child.child_database as { title?: string } | undefined)?.title ?? '';
    if (childTitle.trim() !== title.trim()) continue;
    let db: ResolvedDatabase;
    try {
      db = await resolveDatabase(gw, child.id);
    } catch (err) {
      if (err instanceof NotionError && (err.kind === 'not-found' || err.kind === 'permission')) continue;
      throw err;
    }
    const problems = schemaProblems(db, role, title).filter(
      (p) => SCHEMAS[role].properties[p.property]?.type !== 'relation',
    );
    if (problems.length === 0) return db;
  }
  return undefined;
}

/** One row of an item database, reduced to what sync and audit need. */
export interface RemoteRow {
  pageId: string;
  url: string;
  path: string;
  workspace: string;
  name: string;
  contentHash: string;
  lastSynced?: string;
  createdTime: string;
  lastEditedTime: string;
  lastEditedBy?: string;
  properties: Record<string, { type?: string; [k: string]: unknown }>;
}

type PageLike = PageRecord;

function toRemoteRow(page: PageLike): RemoteRow {
  const p = page.properties;
  const titleProp = Object.values(p).find((v) => v?.type === 'title');
  return {
    pageId: page.id,
    url: page.url,
    path: readText(p['Path']),
    workspace: readText(p['Workspace']),
    name: readText(titleProp),
    contentHash: readText(p['Content Hash']),
    lastSynced: readDate(p['Last Synced']),
    createdTime: page.created_time,
    lastEditedTime: page.last_edited_time,
    lastEditedBy: page.last_edited_by?.id,
    properties: p,
  };
}

/**
 * Every row of this workspace in a data source: one query per 100 rows, nothing per row.
 * Rows of other workspaces sharing the database are not returned.
 */
export async function queryRows(
  gw: NotionGateway,
  dataSourceId: string,
  filter: { workspace: string; path?: string },
  onPage?: (rowsSoFar: number) => void,
): Promise<RemoteRow[]> {
  const conditions: QueryFilter[] = [textEquals('Workspace', filter.workspace)];
  if (filter.path !== undefined) conditions.push(textEquals('Path', filter.path));
  const pages = await queryPages(gw, dataSourceId, allOf(conditions), { onPage });
  return pages.map(toRemoteRow);
}

/** The rows of a whole data source, sorted by who manages them (issue 17: the audit sees the whole database). */
export interface AllRows {
  /** Rows whose `Workspace` is this workspace's name (what `queryRows` returns). */
  ours: RemoteRow[];
  /** Rows of other workspaces sharing the database (empty when `scope` is `ours-and-unmanaged`: not read). */
  otherWorkspaces: RemoteRow[];
  /** Rows no workspace manages (empty `Workspace`): written by another tool or by hand. */
  unmanaged: RemoteRow[];
}

/**
 * Every row of a data source, one query per 100 rows, classified by its `Workspace` value: this
 * workspace's, another workspace's, or none (unmanaged). With `scope: 'ours-and-unmanaged'` the query
 * asks only for this workspace's rows and the unmanaged ones (rows of other workspaces are not read,
 * so a database shared by many workspaces costs a sync no more than before); `all` reads everything.
 * In a database holding only this workspace's rows, either costs what `queryRows` costs.
 */
export async function queryAllRows(
  gw: NotionGateway,
  dataSourceId: string,
  options: {
    workspace: string;
    scope?: 'all' | 'ours-and-unmanaged';
    /** The database's name for our `Workspace` property (for the filter of `ours-and-unmanaged`). */
    workspaceProperty?: string;
    onPage?: (rowsSoFar: number) => void;
  },
): Promise<AllRows> {
  const prop = options.workspaceProperty ?? 'Workspace';
  const filter =
    options.scope === 'ours-and-unmanaged' ? anyOf([textEquals(prop, options.workspace), textEmpty(prop)]) : undefined;
  const pages = await queryPages(gw, dataSourceId, filter, { onPage: options.onPage });
  const out: AllRows = { ours: [], otherWorkspaces: [], unmanaged: [] };
  for (const row of pages.map(toRemoteRow)) {
    if (row.workspace === options.workspace) out.ours.push(row);
    else if (row.workspace.trim() === '') out.unmanaged.push(row);
    else out.otherWorkspaces.push(row);
  }
  return out;
}
