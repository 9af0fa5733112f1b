import type { Inventory, LocalItem, SkippedItem } from '../inventory';
import { scanWorkspace } from '../inventory';
import { setAsideCapturedChatFiles } from './file-chat-row';
import type { DatabaseRole } from '../notion/schema';
import { roleOf, SCHEMAS } from '../notion/schema';
import type { RemoteRow, ResolvedDatabase, SchemaProblem } from '../notion/databases';
import {
  queryAllRows,
  queryRows,
  resolveDatabase,
  retrieveDataSource,
  schemaProblems,
  withMapping,
} from '../notion/databases';
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
import { fileHashPart, relinks, WorkspaceLinks } from './links';
import { classifyPath } from '../inventory';
import { anyOf, queryPages, textEquals } from '../notion/requests';
import { readText } from '../notion/props';
import { resolveSeals } from './seals';

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
  /** Its row belongs to a run that is still writing it (seals.ts): a sync leaves it alone this time. */
  writingElsewhere?: boolean;
}

export interface CategoryIndex {
  name: string;
  role: DatabaseRole;
  databaseId?: string;
  db?: ResolvedDatabase;
  rows: RemoteRow[];
  /** Rows no workspace manages (empty `Workspace`): another tool's, or made by hand. */
  unmanaged: RemoteRow[];
  /** Only the rows of the keys asked for were read (a sync or status of some files), not every row. */
  keysOnly?: boolean;
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
  /** Where the workspace links of documents point (links.ts): the rows' pages by path. */
  links: WorkspaceLinks;
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
  /**
   * Rows already known per category (from an earlier read, brought up to date by the caller): those
   * categories are not queried again. A local change is then re-classified with no request at all.
   */
  knownRows?: Record<string, RemoteRow[]>;
}

/** Up to this many keys are looked up in one query (`Path` equals any of them). */
const KEYS_PER_QUERY = 50;

/**
 * When every path asked for is a file of the inventory (no folder, nothing missing), the rows that
 * matter are those keys only: per category, its own keys looked up (one query per 50), and the
 * databases of other categories are not read at all. Otherwise undefined (read whole databases).
 */
export function keysToLookUp(inventory: Inventory, paths: string[] | undefined): Map<string, string[]> | undefined {
  if (!paths?.length || inventory.notFound.length > 0) return undefined;
  const files = new Map<string, string>();
  for (const i of inventory.items) files.set(i.path, i.category);
  for (const s of inventory.skipped) files.set(s.path, s.category);
  const byCategory = new Map<string, string[]>();
  for (const raw of paths) {
    const path = raw.replace(/^\.\//, '');
    const category = files.get(path);
    if (category === undefined) return undefined; // a folder, or outside every category
    const list = byCategory.get(category) ?? [];
    if (!list.includes(path)) list.push(path);
    byCategory.set(category, list);
  }
  // Every file scanned is one of the keys (nothing found below a folder).
  return [...byCategory.values()].flat().length === files.size ? byCategory : undefined;
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
        fixKind: 'init',
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
    const keyed = options.knownRows ? undefined : keysToLookUp(inventory, options.paths);
    for (const name of wanted) {
      const cat = categories[name]!;
      // Looking up a few keys: a database none of them belongs to is not read.
      if (keyed && !keyed.has(name)) continue;
      if (!cat.databaseId) {
        cat.problem = {
          reason: 'not-configured',
          message: `No database is configured for ${name}.`,
          fix: `Run "notion-sync init" to create the ${SCHEMAS[cat.role].title} database.`,
          fixKind: 'init',
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
            // A mapped property is fixed in the mapping (or the database), not by init.
            fixKind: missingKey.mapped ? 'none' : 'init',
          };
          continue;
        }
        const known = options.knownRows?.[name];
        if (known) {
          cat.rows = known;
          anyRead = true;
          continue;
        }
        // One query per 100 rows: this workspace's rows and the unmanaged ones (adoption), or every row;
        // a sync of some files asks only for their keys (one query per 50) and the unmanaged rows.
        const keys = keyed?.get(name);
        const scope = options.wholeDatabase ? 'all' : 'ours-and-unmanaged';
        const batches = keys && !options.wholeDatabase ? chunks(keys, KEYS_PER_QUERY) : [undefined];
        cat.rows = [];
        cat.keysOnly = batches[0] !== undefined;
        for (const paths of batches) {
          const all = await queryAllRows(session.gw, cat.db, { workspace: config.workspaceName, scope, paths });
          cat.rows.push(...all.ours);
          // Unmanaged rows come back with every batch: keep one copy of each.
          if (cat.unmanaged.length === 0) cat.unmanaged = all.unmanaged;
          cat.otherWorkspaces = all.otherWorkspaces;
        }
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

  // Rows of runs that seal their pages together: their hash once sealed, else `incomplete` (seals.ts).
  const rows = Object.values(categories).flatMap((c) => c.rows);
  const seals = session
    ? await resolveSeals(state, rows, (ids) => sealedRunsInNotion(ctx, session, state, ids), {
        now: session.gw.serverNow().getTime(), // Notion's clock stamped the rows' edits
      })
    : undefined;
  await setAsideCapturedChatFiles(config.root, inventory, categories['agentChats']?.rows);
  const links = await linkTargets(ctx, state, session, categories, inventory);
  const items = computeStates(inventory, categories, state, notion.botId, options, links, seals?.writingElsewhere);
  await adoptionFor(ctx, inventory, categories, items, options);
  return { inventory, notion, session, categories, items, skipped: inventory.skipped, links };
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

/**
 * Which of these runs have their Execution Logs row (their seal, seals.ts): one query per 50 run ids.
 * Without a readable Execution Logs database none is known sealed (their rows read as incomplete).
 */
export async function sealedRunsInNotion(
  ctx: EngineContext,
  session: NotionSession,
  state: SyncState,
  runIds: string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  const databaseId = ctx.config.executionLogs.databaseId;
  if (!databaseId) return found;
  try {
    const db = await resolveCached(session, state, databaseId, false, ctx.config.executionLogs.properties);
    if (!db.names.has('Run ID')) return found;
    for (const ids of chunks(runIds, KEYS_PER_QUERY)) {
      const pages = await queryPages(session.gw, db, anyOf(ids.map((id) => textEquals('Run ID', id))));
      for (const page of pages) found.add(readText(db.names.fromNotion(page.properties)['Run ID']));
    }
  } catch (err) {
    if (err instanceof NotionError && err.kind === 'cancelled') throw err;
    ctx.log?.('warn', `Could not read the Execution Logs to see which runs finished: ${String(err)}`);
  }
  return found;
}

/** The property mapping configured for a database (a category's or executionLogs' `"properties"`), by its id. */
export function mappingOf(config: SyncConfig, databaseId: string): PropertyMapping | undefined {
  if (config.executionLogs.databaseId === databaseId) return config.executionLogs.properties;
  return Object.values(config.categories).find((c) => c.databaseId === databaseId)?.properties;
}

/**
 * The pages the documents' links can point at: every row read above. With `--category`, the rows of
 * another category that a document links into are read too (one query per 100 rows, only then); where
 * a category could not be read, the pages this machine remembers stand in (a row is never called
 * missing, and a resolved link never undone, for want of a read).
 */
async function linkTargets(
  ctx: EngineContext,
  state: SyncState,
  session: NotionSession | undefined,
  categories: Record<string, CategoryIndex>,
  inventory: Inventory,
): Promise<WorkspaceLinks> {
  const links = WorkspaceLinks.forConfig(ctx.config);
  const read = new Set<string>();
  const add = (rows: RemoteRow[]): void => {
    for (const row of [...rows].sort(survivorOrder).reverse()) links.setPage(row.path, row.pageId);
  };
  for (const cat of Object.values(categories)) {
    if (cat.db && !cat.problem) {
      add(cat.rows);
      // Some keys only: the pages of the others come from this machine's memory below.
      if (!cat.keysOnly) read.add(cat.name);
    }
  }
  const wantedLinks = new Set<string>();
  for (const item of inventory.items) {
    if (!item.links || !relinks(item.category)) continue;
    for (const path of item.links) {
      const category = classifyPath(ctx.config, path);
      if (category && !read.has(category) && !categories[category]) wantedLinks.add(category);
    }
  }
  for (const name of wantedLinks) {
    const databaseId = ctx.config.categories[name]?.databaseId;
    if (!session || !databaseId) continue;
    try {
      const db = await resolveCached(session, state, databaseId, false, mappingOf(ctx.config, databaseId));
      add(await queryRows(session.gw, db, { workspace: ctx.config.workspaceName }));
      read.add(name);
    } catch (err) {
      if (err instanceof NotionError && err.kind === 'cancelled') throw err;
      ctx.log?.('warn', `Links into ${name} resolved from this machine's memory: ${String(err)}`);
    }
  }
  for (const [pageId, memory] of Object.entries(state.data.pages)) {
    const category = classifyPath(ctx.config, memory.path);
    if (category && !read.has(category) && links.target(memory.path).kind === 'pending' && !memory.incomplete)
      links.setPage(memory.path, pageId);
  }
  return links;
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
  links: WorkspaceLinks,
  writingElsewhere: Map<string, string> = new Map(),
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
    for (const o of orphans) {
      const hash = fileHashPart(o.contentHash);
      if (hash && !orphanByHash.has(hash)) orphanByHash.set(hash, o);
    }

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
      const localHash = links.hashOf(local);
      const memory = state.data.pages[row.pageId];
      const known = state.knownHash(row.pageId);
      const writing = writingElsewhere.get(row.pageId);
      if (writing) {
        status.state = 'modified';
        status.writingElsewhere = true;
        status.reason = `another run is still writing its page (last write at ${writing}); left alone until it finishes`;
      } else if (editedInNotion(row, botId)) {
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
        const changedHere = fileHashPart(known) !== fileHashPart(localHash);
        status.state = changedHere ? 'conflict' : 'remote-modified';
        status.reason = changedHere
          ? `changed here and, since this machine last synced it, in Notion by another machine (at ${row.lastEditedTime})`
          : `changed in Notion by another machine at ${row.lastEditedTime}, unchanged here`;
      } else {
        status.state = 'modified';
        if (fileHashPart(row.contentHash) === fileHashPart(localHash))
          status.reason = 'unchanged here; links to other documents now point elsewhere (the next sync updates them)';
      }
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

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
