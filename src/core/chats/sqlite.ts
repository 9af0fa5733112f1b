// Read-only SQLite access for the Cursor (and VS Code state) databases.
//
// Engine seam: `node:sqlite` (Node ≥ 22.5, e.g. recent VS Code/Electron hosts) is used when the running Node has it —
// it opens the live file read-only and sees committed WAL frames. Otherwise (this project's Node 20, older Cursor
// builds) `sql.js` (WASM) is used: it cannot open files, so the database bytes are read into memory, and as it cannot
// read a write-ahead log either, the committed frames of a `-wal` sidecar are replayed onto that copy (wal.ts).
// Nothing is ever written to the tools' files.
import { existsSync, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { SqlJsStatic } from 'sql.js';
import { replayWal } from './wal';

export type SqlValue = string | number | bigint | Uint8Array | null;
export type SqlRow = Record<string, unknown>;

export interface SqliteDb {
  readonly engine: 'node:sqlite' | 'sql.js';
  all(sql: string, params?: Array<string | number>): SqlRow[];
  close(): void;
}

export interface OpenedDb {
  db: SqliteDb;
  /** things the caller should pass on as warnings (e.g. un-checkpointed WAL ignored) */
  notes: string[];
}

/** Opens a database read-only; throws (with a readable message) when it cannot. */
export type SqliteOpener = (file: string) => Promise<OpenedDb>;

/** Largest database sql.js is asked to load into memory. */
export const SQLJS_MAX_BYTES = 1024 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------------------------
// node:sqlite

export interface NodeSqliteStatement {
  all(...params: Array<string | number>): unknown[];
}
export interface NodeSqliteDatabase {
  prepare(sql: string): NodeSqliteStatement;
  exec(sql: string): void;
  close(): void;
}
export interface NodeSqliteModule {
  DatabaseSync: new (file: string, options?: { readOnly?: boolean; open?: boolean }) => NodeSqliteDatabase;
}

/** The `node:sqlite` module when this Node has it (Node ≥ 22.5; unflagged from 22.13), else undefined. */
export function loadNodeSqlite(): NodeSqliteModule | undefined {
  const getBuiltin = (process as unknown as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  if (typeof getBuiltin !== 'function') return undefined;
  try {
    const mod = getBuiltin('node:sqlite') as NodeSqliteModule | undefined;
    return mod && typeof mod.DatabaseSync === 'function' ? mod : undefined;
  } catch {
    return undefined;
  }
}

export function nodeSqliteOpener(mod: NodeSqliteModule): SqliteOpener {
  return async (file) => {
    await fsp.access(file);
    const raw = new mod.DatabaseSync(file, { readOnly: true });
    try {
      raw.exec('PRAGMA busy_timeout = 5000');
      raw.exec('PRAGMA query_only = 1');
    } catch {
      // older builds: the read-only open is what matters
    }
    const db: SqliteDb = {
      engine: 'node:sqlite',
      all: (sql, params = []) => raw.prepare(sql).all(...params) as SqlRow[],
      close: () => raw.close(),
    };
    return { db, notes: [] };
  };
}

// ---------------------------------------------------------------------------------------------------------------
// sql.js

let sqlJsPromise: Promise<SqlJsStatic> | undefined;

/**
 * Where `sql-wasm.wasm` is: next to the bundle (`dist/sql-wasm.wasm`, copied there by tools/build.mjs) in the built
 * extension/CLI, or in the sql.js package folder in development and tests.
 */
export function locateSqlWasm(file = 'sql-wasm.wasm'): string {
  const candidates: string[] = [];
  if (typeof __dirname === 'string') candidates.push(path.join(__dirname, file));
  try {
    candidates.push(path.join(path.dirname(require.resolve('sql.js')), file));
  } catch {
    // not resolvable from a bundle: the __dirname candidate is the one
  }
  return candidates.find((c) => existsSync(c)) ?? candidates[0] ?? file;
}

export function loadSqlJs(): Promise<SqlJsStatic> {
  if (!sqlJsPromise) {
    sqlJsPromise = (async () => {
      const mod = (await import('sql.js')) as unknown as { default?: unknown };
      const init = (mod.default ?? mod) as (config?: { locateFile?: (f: string) => string }) => Promise<SqlJsStatic>;
      return init({ locateFile: (f) => locateSqlWasm(f) });
    })();
    sqlJsPromise.catch(() => {
      sqlJsPromise = undefined;
    });
  }
  return sqlJsPromise;
}

export function sqlJsOpener(): SqliteOpener {
  return async (file) => {
    const notes: string[] = [];
    const stat = await fsp.stat(file);
    if (stat.size > SQLJS_MAX_BYTES) {
      throw new Error(
        `database is ${Math.round(stat.size / 1048576)} MB, too large to load with sql.js (Node 22.5+ reads it in place with node:sqlite)`,
      );
    }
    // the log first: a checkpoint between the two reads then only makes the main file newer (see wal.ts)
    const walFile = file + '-wal';
    const walBytes = await fsp.readFile(walFile).catch(() => undefined);
    const bytes = await fsp.readFile(file);
    if (bytes.length === 0) throw new Error('database file is empty');
    if (bytes.length < 100 || bytes.subarray(0, 16).toString('latin1') !== 'SQLite format 3\u0000') {
      throw new Error('not an SQLite database (bad header)');
    }
    // sql.js has no WAL support: committed frames of a `-wal` sidecar are replayed onto the in-memory copy (wal.ts)
    // and a WAL-mode header (bytes 18/19 == 2) is read as rollback-journal. A log that cannot be replayed is reported.
    let data: Uint8Array = bytes;
    if (walBytes && walBytes.length > 0) {
      const replay = replayWal(bytes, walBytes);
      if (replay.problem) {
        notes.push(
          `${path.basename(walFile)} (${walBytes.length} bytes) is not read by sql.js (${replay.problem}): changes not yet checkpointed into ${path.basename(file)} may be missing`,
        );
      }
      data = replay.bytes;
    }
    if (data[18] === 2 || data[19] === 2) {
      if (data === bytes) data = Uint8Array.from(bytes);
      data[18] = 1;
      data[19] = 1;
    }
    const SQL = await loadSqlJs();
    const raw = new SQL.Database(data);
    try {
      raw.exec('SELECT count(*) FROM sqlite_master');
    } catch (err) {
      raw.close();
      throw err;
    }
    const db: SqliteDb = {
      engine: 'sql.js',
      all: (sql, params = []) => {
        const stmt = raw.prepare(sql);
        try {
          stmt.bind(params);
          const rows: SqlRow[] = [];
          while (stmt.step()) rows.push(stmt.getAsObject() as SqlRow);
          return rows;
        } finally {
          stmt.free();
        }
      },
      close: () => raw.close(),
    };
    return { db, notes };
  };
}

/** node:sqlite when available (falling back to sql.js if it cannot open a file), else sql.js. */
export function defaultSqliteOpener(mod: NodeSqliteModule | undefined = loadNodeSqlite()): SqliteOpener {
  const sqljs = sqlJsOpener();
  if (!mod) return sqljs;
  const native = nodeSqliteOpener(mod);
  return async (file) => {
    try {
      return await native(file);
    } catch (err) {
      const opened = await sqljs(file);
      opened.notes.unshift(
        `node:sqlite could not open it (${err instanceof Error ? err.message : String(err)}); read a copy with sql.js`,
      );
      return opened;
    }
  };
}

/** TEXT or BLOB column value as a string (BLOBs are UTF-8). */
export function sqlText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('utf8');
  return undefined;
}

/** A SQLite value holding JSON text, parsed; undefined when it is not text or not valid JSON. */
export function sqlJson(v: unknown): unknown {
  const t = sqlText(v);
  if (t === undefined) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

export function tableExists(db: SqliteDb, table: string): boolean {
  try {
    return db.all("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", [table]).length > 0;
  } catch {
    return false;
  }
}

/** `[from, to)` bounds that select all keys starting with `prefix` using the key index (no LIKE escaping issues). */
export function prefixRange(prefix: string): [string, string] {
  const last = prefix.charCodeAt(prefix.length - 1);
  return [prefix, prefix.slice(0, -1) + String.fromCharCode(last + 1)];
}
