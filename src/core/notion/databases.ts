import type { DatabaseRole, PropertySpec } from './schema';
import { schemaRequest, SCHEMAS } from './schema';
import { AmbiguousWriteError, NotionError } from './errors';
import { listChildren } from './blocks';
import type { NotionGateway } from './gateway';
import { readDate, readText } from './props';
import type { PageRecord } from './requests';
import { allOf, anyOf, editedOnOrAfter, queryPages, textEmpty, textEquals } from './requests';
import type { PropertySchema, QueryFilter } from './sdk';
import { sdk } from './sdk';
import type { PropertyMapping, RowTarget } from './names';
import { PropertyNames, TITLE } from './names';

/** A database as the engine uses it: the container id, its (first) data source and the schema. */
export interface ResolvedDatabase {
  databaseId: string;
  dataSourceId: string;
  title: string;
  url?: string;
  /** property name → type (the database's names) */
  properties: Record<string, string>;
  /** Option names of its select and multi_select properties (when read from Notion). */
  options?: Record<string, string[]>;
  /** Our property names ↔ the database's (names.ts): every read and write of its rows goes through it. */
  names: PropertyNames;
}

export interface SchemaProblem {
  database: string;
  /** The database's name of the property (our name unless mapped; the title is whatever it is called). */
  property: string;
  /** Our name of the property (CONTRACT.md §5). */
  ours: string;
  /** Whether `.notion-sync.json` maps ours to `property`. */
  mapped: boolean;
  problem: 'missing' | 'wrong-type';
  expected: string;
  actual?: string;
  /** What to do about it, in words. */
  fix: string;
}

type DataSourceLike = {
  id: string;
  title?: Array<{ plain_text?: string }>;
  url?: string;
  properties?: Record<string, { type: string; select?: { options?: Array<{ name: string }> } }>;
  parent?: { database_id?: string };
};

/** The same database with the names of a property mapping (`"properties"` in .notion-sync.json). */
export function withMapping<T extends Omit<ResolvedDatabase, 'names'>>(
  db: T,
  mapping: PropertyMapping | undefined,
): T & { names: PropertyNames } {
  return { ...db, names: new PropertyNames(mapping ?? {}, db) };
}

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
  const options: Record<string, string[]> = {};
  for (const [name, p] of Object.entries(ds.properties ?? {})) {
    const list = (p as Record<string, { options?: Array<{ name: string }> } | undefined>)[p.type]?.options;
    if ((p.type === 'select' || p.type === 'multi_select') && Array.isArray(list))
      options[name] = list.map((o) => o.name);
  }
  return withMapping(
    {
      databaseId: ds.parent?.database_id ?? databaseId ?? dataSourceId,
      dataSourceId: ds.id,
      title: (ds.title ?? []).map((t) => t.plain_text ?? '').join(''),
      url: ds.url,
      properties: Object.fromEntries(Object.entries(ds.properties ?? {}).map(([name, p]) => [name, p.type])),
      options,
    },
    undefined,
  );
}

/**
 * What a database lacks compared with the schema of its role, through its property mapping: a property
 * of ours it does not have (under the mapped name), or has with another type. Types must match exactly
 * (a mapped select may have other option names: values take the spelling of an existing option).
 */
export function schemaProblems(
  db: Pick<ResolvedDatabase, 'properties' | 'names'>,
  role: DatabaseRole,
  label: string,
): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const claimed = new Map<string, string>();
  for (const [ours, spec] of Object.entries(SCHEMAS[role].properties)) {
    const name = db.names.nameOf(ours);
    const mapped = db.names.isMapped(ours);
    const actual = db.properties[name];
    const base = { database: label, property: name, ours, mapped, expected: spec.type };
    const other = claimed.get(name);
    claimed.set(name, ours);
    if (other !== undefined && actual !== undefined) {
      problems.push({
        ...base,
        problem: 'wrong-type',
        actual: `already used for ${other}`,
        fix: `Map ${ours} and ${other} to two different properties in "properties" of .notion-sync.json.`,
      });
    } else if (actual === undefined) {
      problems.push({
        ...base,
        problem: 'missing',
        fix: mapped
          ? `"${name}" (${ours} in "properties" of .notion-sync.json) is not a property of ${label}: correct the name there, or add a ${spec.type} property "${name}" in Notion.`
          : `Run "notion-sync init" to add it (or map ${ours} to an existing ${spec.type} property in "properties" of .notion-sync.json).`,
      });
    } else if (actual !== spec.type) {
      problems.push({
        ...base,
        problem: 'wrong-type',
        actual,
        fix: mapped
          ? `Map ${ours} to a ${spec.type} property of ${label} in "properties" of .notion-sync.json (or change "${name}" to ${spec.type} in Notion).`
          : `Map ${ours} to a ${spec.type} property in "properties" of .notion-sync.json, or rename "${name}" in Notion, then run "notion-sync init".`,
      });
    }
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
 * Makes sure the database for a role exists and has every property of its schema: creates it under
 * `parentPageId` when no id is given (with the mapped names), otherwise adds the properties it lacks.
 * It never renames, retypes or deletes a property people made: a property of the wrong type, and a
 * mapped property that is missing, are left for the user (`unresolved`, each with its fix); the title
 * is the database's own title property, whatever it is called, unless `Name` is mapped.
 */
export async function ensureDatabase(
  gw: NotionGateway,
  role: DatabaseRole,
  options: {
    databaseId?: string;
    parentPageId?: string;
    title?: string;
    dataSourceIds: Partial<Record<DatabaseRole, string>>;
    /** Our property names → the database's (`"properties"` in .notion-sync.json). */
    mapping?: PropertyMapping;
  },
): Promise<EnsureResult> {
  const schema = SCHEMAS[role];
  const mapping = options.mapping;
  if (!options.databaseId) {
    if (!options.parentPageId) {
      throw new NotionError(
        'validation',
        `No database is configured for ${schema.title} and no parent page was given. Run "notion-sync init --parent-page <page URL or id>".`,
      );
    }
    const title = options.title ?? schema.title;
    // A database an earlier (failed or killed) init made is found again, never made twice.
    const found = await findOwnDatabase(gw, options.parentPageId, title, role, mapping);
    if (!found) {
      const db = await createDatabase(gw, role, options.parentPageId, title, options.dataSourceIds, mapping);
      return { db, created: true, added: [], unresolved: schemaProblems(db, role, schema.title) };
    }
    options = { ...options, databaseId: found.databaseId };
  }

  const db = withMapping(await resolveDatabase(gw, options.databaseId!), mapping);
  const patch: PropertySchema = {};
  const added: string[] = [];
  const unresolved: SchemaProblem[] = [];
  for (const p of schemaProblems(db, role, schema.title)) {
    const spec: PropertySpec = schema.properties[p.ours]!;
    // Added: only a property of ours that is missing under our own name. A missing mapped one is the
    // user's to fix (a typo in the mapping must not create a second property beside theirs).
    if (p.problem === 'wrong-type' || p.mapped || spec.type === 'title') {
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
    const again = withMapping(await resolveDatabase(gw, db.dataSourceId), mapping);
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
  mapping?: PropertyMapping,
): Promise<ResolvedDatabase> {
  // A new database gets the mapped names, so the mapping holds for it as for one people made.
  const names = new PropertyNames(mapping ?? {});
  const properties = Object.fromEntries(
    Object.entries(SCHEMAS[role].properties).map(([ours, spec]) => [names.nameOf(ours), spec]),
  );
  for (let attempt = 1; ; attempt++) {
    try {
      const created = (await gw.call('create', 'databases.create', () =>
        sdk(gw).databases.create({
          parent: { type: 'page_id', page_id: parentPageId },
          title: [{ type: 'text', text: { content: title } }],
          initial_data_source: { properties: schemaRequest(properties, dataSourceIds) },
        }),
      )) as { id: string };
      return withMapping(await resolveDatabase(gw, created.id), mapping);
    } catch (err) {
      if (!(err instanceof AmbiguousWriteError)) throw err;
      const found = await findOwnDatabase(gw, parentPageId, title, role, mapping);
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
  mapping?: PropertyMapping,
): Promise<ResolvedDatabase | undefined> {
  const children = await listChildren(gw, parentPageId);
  for (const child of children) {
    if (child.type !== 'child_database' || child.in_trash === true || child.archived === true) continue;
    const childTitle = (child.child_database as { title?: string } | undefined)?.title ?? '';
    if (childTitle.trim() !== title.trim()) continue;
    let db: ResolvedDatabase;
    try {
      db = withMapping(await resolveDatabase(gw, child.id), mapping);
    } catch (err) {
      if (err instanceof NotionError && (err.kind === 'not-found' || err.kind === 'permission')) continue;
      throw err;
    }
    const problems = schemaProblems(db, role, title).filter((p) => p.expected !== 'relation');
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
  /**
   * The `Content Hash` as Notion holds it, when the sync layer read it as something else (a run's tag
   * resolved to the hash or to `incomplete`: sync/seals.ts). Kept so that it can be resolved again later.
   */
  rawContentHash?: string;
  lastSynced?: string;
  createdTime: string;
  lastEditedTime: string;
  lastEditedBy?: string;
  /**
   * Every property of the row, keyed by OUR names where the database maps them (`Path`, not `File Path`;
   * `Name` for the title); its other properties under their own names.
   */
  properties: Record<string, { type?: string; [k: string]: unknown }>;
}

type PageLike = PageRecord;

/** A page of an item database as sync and audit read it, through the database's names. */
export function toRemoteRow(page: PageLike, names: PropertyNames): RemoteRow {
  const p = names.fromNotion(page.properties);
  return {
    pageId: page.id,
    url: page.url,
    path: readText(p['Path']),
    workspace: readText(p['Workspace']),
    name: readText(p[TITLE]),
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
  db: RowTarget,
  filter: {
    workspace: string;
    path?: string;
    /** Only these keys (one query for all of them: `Path` equals any). */
    paths?: string[];
    /** Only rows edited at or after this time (to the minute, see `editedOnOrAfter`). */
    editedSince?: string;
  },
  onPage?: (rowsSoFar: number) => void,
): Promise<RemoteRow[]> {
  const conditions: QueryFilter[] = [textEquals('Workspace', filter.workspace)];
  if (filter.path !== undefined) conditions.push(textEquals('Path', filter.path));
  if (filter.paths?.length) conditions.push(anyOf(filter.paths.map((p) => textEquals('Path', p))));
  if (filter.editedSince !== undefined) conditions.push(editedOnOrAfter(filter.editedSince));
  const pages = await queryPages(gw, db, allOf(conditions), { onPage });
  return pages.map((page) => toRemoteRow(page, db.names));
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
  db: RowTarget,
  options: {
    workspace: string;
    scope?: 'all' | 'ours-and-unmanaged';
    /**
     * With `ours-and-unmanaged`: of this workspace's rows only these keys (every unmanaged row still
     * comes back, so a file is never given a second row beside one it would adopt). Two levels of
     * nesting, as Notion allows: any of (Workspace and Path = key)…, or Workspace empty.
     */
    paths?: string[];
    onPage?: (rowsSoFar: number) => void;
  },
): Promise<AllRows> {
  const ours = textEquals('Workspace', options.workspace);
  const filter =
    options.scope !== 'ours-and-unmanaged'
      ? undefined
      : options.paths?.length
        ? anyOf([...options.paths.map((p) => allOf([ours, textEquals('Path', p)])), textEmpty('Workspace')])
        : anyOf([ours, textEmpty('Workspace')]);
  const pages = await queryPages(gw, db, filter, { onPage: options.onPage });
  const out: AllRows = { ours: [], otherWorkspaces: [], unmanaged: [] };
  for (const row of pages.map((page) => toRemoteRow(page, db.names))) {
    if (row.workspace === options.workspace) out.ours.push(row);
    else if (row.workspace.trim() === '') out.unmanaged.push(row);
    else out.otherWorkspaces.push(row);
  }
  return out;
}
