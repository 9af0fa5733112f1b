import type { Inventory, LocalItem, SkippedItem } from '../inventory';
import { scanWorkspace } from '../inventory';
import { setAsideCapturedChatFiles } from './file-chat-row';
import type { DatabaseRole } from '../notion/schema';
import { roleOf, SCHEMAS } from '../notion/schema';
import type { RemoteRow, ResolvedDatabase, SchemaProblem } from '../notion/databases';
import { queryAllRows, resolveDatabase, retrieveDataSource, schemaProblems, withMapping } from '../notion/databases';
import type { PropertyMapping } from '../notion/names';
import type { SyncConfig } from '../config';
import { NotionError } from '../notion/errors';
import type { EngineContext, NotionProblem, NotionSession } from './session';
import { openSession, problemOf } from './session';
import type { SyncState } from './state';
import { contentHash } from './convert';
import { rowIncomplete, survivorOrder } from './rows';
import type { MatchResult } from './adopt-match';
import { adoptionFor } from './adopt-index';

/** The states a tree badge and `status` show (CONTRACT.md §3). */
export type ItemState =
  'synced' | 'modified' | 'remote-modified' | 'new' | 'conflict' | 'orphaned' | 'skipped' | 'error';

export interface ItemStatus {
  category: string;
  path: string;
  state: ItemState;
  pageId?: string;
  url?: string;
  reason?: string;
  /** Local file facts, when the file exists. */
  local?: LocalItem;
  /** The row this item is synced to (the oldest one when there are duplicates). */
  row?: RemoteRow;
  /** Extra rows with the same key. */
  duplicates?: RemoteRow[];
  /** For a new file whose content matches an orphaned row: the row it was probably moved from. */
  movedFrom?: RemoteRow;
  /** For a file with no row of ours: the row no workspace manages that it matches (sync adopts it). */
  adopt?: { row: RemoteRow; by: 'path' | 'title' };
  /** For a file with no row of ours that several unmanaged rows could be (never guessed: see `adopt`). */
  adoptCandidates?: RemoteRow[];
}

export interface CategoryIndex {
  name: string;
  role: DatabaseRole;
  databaseId?: string;
  db?: ResolvedDatabase;
  rows: RemoteRow[];
  /** Rows no workspace manages (empty `Workspace`): another tool's, or made by hand. */
  unmanaged: RemoteRow[];
  /** Rows of other workspaces (read only with `wholeDatabase`; else empty). */
  otherWorkspaces: RemoteRow[];
  /** How the unmanaged rows match the local files (issue 17: adoption). */
  adoption?: MatchResult<RemoteRow>;
  /** Why the rows could not be read, when they could not. */
  problem?: NotionProblem;
  schemaProblems: SchemaProblem[];
}

export interface WorkspaceIndex {
  inventory: Inventory;
  notion: {
    configured: boolean;
    reachable: boolean;
    problem?: NotionProblem;
    botId?: string;
    notionWorkspace?: string;
  };
  session?: NotionSession;
  categories: Record<string, CategoryIndex>;
  items: ItemStatus[];
  skipped: SkippedItem[];
}

export interface IndexOptions {
  paths?: string[];
  category?: string;
  /** Read Notion too (default true). */
  remote?: boolean;
  /**
   * Read the rows of other workspaces too (the audit). Otherwise one query per 100 rows asks for this
   * workspace's rows and the unmanaged ones only.
   */
  wholeDatabase?: boolean;
}

/**
 * Local inventory × remote rows → the state of every item. Costs one query per 100 rows per
 * database (plus, on a machine that has never seen the databases, one retrieve each).
 */
export async function buildIndex(
  ctx: EngineContext,
  state: SyncState,
  options: IndexOptions = {},
): Promise<WorkspaceIndex> {
  const { config } = ctx;
  ctx.onProgress?.({ phase: 'scan', message: 'Scanning the workspace' });
  const inventory = await scanWorkspace(config, { signal: ctx.signal, paths: options.paths });
  for (const missing of inventory.notFound) ctx.log?.('warn', `${missing}: no such file or folder in the workspace`);
  const wanted = Object.keys(config.categories).filter((c) => !options.category || c === options.category);

  const categories: Record<string, CategoryIndex> = {};
  for (const name of wanted) {
    categories[name] = {
      name,
      role: roleOf(name),
      databaseId: config.categories[name]!.databaseId,
      rows: [],
      unmanaged: [],
      otherWorkspaces: [],
      schemaProblems: [],
    };
  }

  const configured = wanted.some((c) => !!categories[c]!.databaseId);
  const notion: WorkspaceIndex['notion'] = { configured: configured && !!ctx.token, reachable: false };
  let session: NotionSession | undefined;
  if (options.remote !== false) {
    if (!configured) {
      notion.problem = {
        reason: 'not-configured',
        message: 'No Notion database is configured for this workspace.',
        fix: 'Run "notion-sync init --parent-page <page URL or id>" (editor: "Notion Sync: Initialize Databases").',
      };
    } else {
      const opened = await openSession(ctx, state);
      session = opened.session;
      notion.problem = opened.problem;
      // Notion could not be asked: no item is "new" for that reason (each is an error naming why).
      if (opened.problem && opened.problem.reason !== 'no-token')
        for (const name of wanted) if (categories[name]!.databaseId) categories[name]!.problem = opened.problem;
    }
  }

  if (session) {
    notion.botId = session.botId;
    notion.notionWorkspace = session.notionWorkspace;
    let anyRead = false;
    for (const name of wanted) {
      const cat = categories[name]!;
      if (!cat.databaseId) {
        cat.problem = {
          reason: 'not-configured',
          message: `No database is configured for ${name}.`,
          fix: `Run "notion-sync init" to create the ${SCHEMAS[cat.role].title} database.`,
        };
        continue;
      }
      ctx.onProgress?.({ phase: 'query', message: `Reading ${SCHEMAS[cat.role].title} from Notion` });
      try {
        const mapping = config.categories[name]!.properties;
        cat.db = await resolveCached(session, state, cat.databaseId, false, mapping);
        cat.schemaProblems = schemaProblems(cat.db, cat.role, SCHEMAS[cat.role].title);
        const missingKey = cat.schemaProblems.find((p) => p.ours === 'Workspace' || p.ours === 'Path');
        if (missingKey) {
          cat.problem = {
            reason: 'error',
            message: `The ${SCHEMAS[cat.role].title} database has no ${missingKey.problem === 'missing' ? '' : `${missingKey.expected} `}"${missingKey.property}" property, so its rows cannot be matched to files.`,
            fix: missingKey.fix,
          };
          continue;
        }
        // One query per 100 rows: this workspace's rows and the unmanaged ones (adoption), or every row.
        const all = await queryAllRows(session.gw, cat.db, {
          workspace: config.workspaceName,
          scope: options.wholeDatabase ? 'all' : 'ours-and-unmanaged',
        });
        cat.rows = all.ours;
        cat.unmanaged = all.unmanaged;
        cat.otherWorkspaces = all.otherWorkspaces;
        anyRead = true;
        if (schemaDrifted(cat.db, [...cat.rows, ...cat.unmanaged, ...cat.otherWorkspaces])) {
          // The rows carry every property of the data source: when they disagree with the cached
          // schema, someone changed it in Notion. Re-read it (one request) instead of on every run.
          cat.db = await resolveCached(session, state, cat.databaseId, true, mapping);
          cat.schemaProblems = schemaProblems(cat.db, cat.role, SCHEMAS[cat.role].title);
        }
      } catch (err) {
        if (err instanceof NotionError && err.kind === 'cancelled') throw err;
        if (err instanceof NotionError && (err.kind === 'not-found' || err.kind === 'validation'))
          delete state.data.dataSources[cat.databaseId];
        cat.problem = problemOf(err, SCHEMAS[cat.role].title);
        if (cat.problem.reason === 'auth' || cat.problem.reason === 'unreachable') notion.problem ??= cat.problem;
      }
    }
    notion.reachable = anyRead || !notion.problem;
    if (notion.problem?.reason === 'unreachable' || notion.problem?.reason === 'auth') notion.reachable = false;
  }

  await setAsideCapturedChatFiles(config.root, inventory, categories['agentChats']?.rows);
  const items = computeStates(inventory, categories, state, notion.botId, options);
  await adoptionFor(ctx, inventory, categories, items, options);
  return { inventory, notion, session, categories, items, skipped: inventory.skipped };
}

/**
 * A database from the cache (or read once), with the names of its property mapping: `mapping` is the
 * `"properties"` of the category or of executionLogs in .notion-sync.json (`mappingOf` finds it by id).
 */
export async function resolveCached(
  session: NotionSession,
  state: SyncState,
  databaseId: string,
  fresh: boolean,
  mapping: PropertyMapping | undefined,
): Promise<ResolvedDatabase> {
  const cached = state.data.dataSources[databaseId];
  // A cache written before select options were kept is read again once (values are spelt by them).
  if (cached && !fresh && cached.options !== undefined)
    return withMapping(
      {
        databaseId,
        dataSourceId: cached.dataSourceId,
        properties: cached.properties,
        options: cached.options,
        title: cached.title,
        url: cached.url,
      },
      mapping,
    );
  // With a known data source, its schema is one read; otherwise the database is looked up first.
  const db = cached
    ? await retrieveDataSource(session.gw, cached.dataSourceId)
    : await resolveDatabase(session.gw, databaseId);
  db.databaseId = databaseId;
  state.data.dataSources[databaseId] = {
    dataSourceId: db.dataSourceId,
    properties: db.properties,
    options: db.options,
    title: db.title,
    url: db.url,
  };
  state.markDirty();
  return withMapping(db, mapping);
}

/** The property mapping configured for a database (a category's or executionLogs' `"properties"`), by its id. */
export function mappingOf(config: SyncConfig, databaseId: string): PropertyMapping | undefined {
  if (config.executionLogs.databaseId === databaseId) return config.executionLogs.properties;
  return Object.values(config.categories).find((c) => c.databaseId === databaseId)?.properties;
}

/** Whether query results show properties other than the cached schema's (a schema changed in Notion). */
export function schemaDrifted(db: Pick<ResolvedDatabase, 'properties' | 'names'>, rows: RemoteRow[]): boolean {
  const first = rows[0];
  if (!first) return false;
  // Rows are read through the names (ours where mapped): the schema is compared through them too.
  const seen = Object.keys(first.properties).sort().join('\u0000');
  return seen !== Object.keys(db.names.fromNotion(db.properties)).sort().join('\u0000');
}

/** A row was last edited by someone other than this integration: a person changed it in Notion. */
export function editedInNotion(row: RemoteRow, botId: string | undefined): boolean {
  return !!botId && !!row.lastEditedBy && row.lastEditedBy !== botId;
}

function computeStates(
  inventory: Inventory,
  categories: Record<string, CategoryIndex>,
  state: SyncState,
  botId: string | undefined,
  options: IndexOptions,
): ItemStatus[] {
  const items: ItemStatus[] = [];
  const localPaths = new Set([...inventory.items.map((i) => i.path), ...inventory.skipped.map((s) => s.path)]);
  for (const cat of Object.values(categories)) {
    const byPath = new Map<string, RemoteRow[]>();
    for (const row of cat.rows) {
      const list = byPath.get(row.path) ?? [];
      list.push(row);
      byPath.set(row.path, list);
    }
    for (const list of byPath.values()) list.sort(survivorOrder);

    const orphans: RemoteRow[] = [];
    for (const [path, rows] of byPath) {
      if (localPaths.has(path)) continue;
      if (options.paths && !options.paths.some((p) => path === p || path.startsWith(p.replace(/\/?$/, '/')))) continue;
      orphans.push(...rows);
    }
    const orphanByHash = new Map<string, RemoteRow>();
    for (const o of orphans) if (o.contentHash && !orphanByHash.has(o.contentHash)) orphanByHash.set(o.contentHash, o);

    for (const local of inventory.items.filter((i) => i.category === cat.name)) {
      const rows = byPath.get(local.path) ?? [];
      const [row, ...dups] = rows;
      const base: ItemStatus = { category: cat.name, path: local.path, state: 'new', local };
      if (cat.problem && cat.problem.reason !== 'not-configured') {
        items.push({ ...base, state: 'error', reason: cat.problem.message });
        continue;
      }
      if (!row) {
        const moved = orphanByHash.get(contentHash(local));
        if (moved) {
          orphanByHash.delete(contentHash(local));
          items.push({
            ...base,
            state: 'modified',
            movedFrom: moved,
            pageId: moved.pageId,
            url: moved.url,
            reason: `moved from ${moved.path}`,
          });
        } else {
          items.push({ ...base, reason: cat.problem?.message });
        }
        continue;
      }
      const status: ItemStatus = {
        ...base,
        row,
        pageId: row.pageId,
        url: row.url,
        duplicates: dups.length ? dups : undefined,
      };
      const localHash = contentHash(local);
      const memory = state.data.pages[row.pageId];
      const known = state.knownHash(row.pageId);
      if (editedInNotion(row, botId)) {
        // A person edited the row in Notion: `remote-modified` when the file is unchanged since the
        // last sync (its hash is the row's), `conflict` when it changed here too (CONTRACT §3).
        status.state = row.contentHash === localHash ? 'remote-modified' : 'conflict';
        status.reason =
          row.contentHash === localHash
            ? `edited in Notion at ${row.lastEditedTime}, unchanged here ("notion-sync pull" brings it in)`
            : `changed here and in Notion (edited at ${row.lastEditedTime})`;
      } else if (row.contentHash === localHash && !memory?.incomplete) {
        status.state = 'synced';
        state.noteSeen(row.pageId, localHash);
      } else if (rowIncomplete(row)) {
        status.state = 'modified';
        status.reason = 'incomplete in Notion (a write was interrupted); the next sync finishes it';
      } else if (known !== undefined && row.contentHash !== known) {
        // A version this machine never wrote nor saw: another machine (or clone) pushed it.
        const changedHere = known !== localHash;
        status.state = changedHere ? 'conflict' : 'remote-modified';
        status.reason = changedHere
          ? `changed here and, since this machine last synced it, in Notion by another machine (at ${row.lastEditedTime})`
          : `changed in Notion by another machine at ${row.lastEditedTime}, unchanged here`;
      } else status.state = 'modified';
      items.push(status);
    }
    const movedIds = new Set(items.filter((i) => i.movedFrom).map((i) => i.movedFrom!.pageId));
    for (const o of orphans) {
      if (movedIds.has(o.pageId)) continue;
      items.push({
        category: cat.name,
        path: o.path,
        state: 'orphaned',
        pageId: o.pageId,
        url: o.url,
        row: o,
        reason: 'the file no longer exists',
      });
    }
  }
  for (const s of inventory.skipped) {
    if (categories[s.category]) items.push({ category: s.category, path: s.path, state: 'skipped', reason: s.reason });
  }
  return items;
}
