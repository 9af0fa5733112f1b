import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  type NodeSqliteModule,
  defaultSqliteOpener,
  loadNodeSqlite,
  prefixRange,
  sqlJsOpener,
  sqlText,
} from '../../src/core/chats/sqlite';
import { makeTempHome, writeFile } from '../fixtures/chats/home';
import { writeStateDb } from '../fixtures/chats/sqlite';

test('sqlite seam: node:sqlite is used only when this Node has it (not on Node 20)', () => {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22) assert.equal(loadNodeSqlite(), undefined);
});

test('sqlite seam: a node:sqlite-shaped module is opened read-only; a failure falls back to sql.js with a note', async () => {
  const h = makeTempHome();
  try {
    const file = path.join(h.root, 'state.vscdb');
    await writeStateDb(file, { itemTable: { a: { x: 1 } } });
    const calls: string[] = [];
    const fake: NodeSqliteModule = {
      DatabaseSync: class {
        constructor(f: string, o?: { readOnly?: boolean }) {
          calls.push(`open ${path.basename(f)} readOnly=${String(o?.readOnly)}`);
        }
        prepare(sql: string) {
          return { all: (...p: Array<string | number>) => [{ sql, p: p.join(',') }] };
        }
        exec(sql: string) {
          calls.push(sql);
        }
        close() {
          calls.push('close');
        }
      },
    };
    const opened = await defaultSqliteOpener(fake)(file);
    assert.equal(opened.db.engine, 'node:sqlite');
    assert.deepEqual(opened.db.all('SELECT ?', ['k']), [{ sql: 'SELECT ?', p: 'k' }]);
    opened.db.close();
    assert.equal(calls[0], 'open state.vscdb readOnly=true');
    assert.ok(calls.includes('close'));

    const broken: NodeSqliteModule = {
      DatabaseSync: class {
        constructor() {
          throw new Error('SQLITE_CANTOPEN');
        }
        prepare(): never {
          throw new Error('unreachable');
        }
        exec() {}
        close() {}
      },
    };
    const fallback = await defaultSqliteOpener(broken)(file);
    assert.equal(fallback.db.engine, 'sql.js');
    assert.match(fallback.notes[0], /node:sqlite could not open it \(SQLITE_CANTOPEN\)/);
    assert.equal(sqlText(fallback.db.all("SELECT value FROM ItemTable WHERE key = 'a'")[0].value), '{"x":1}');
    fallback.db.close();
  } finally {
    h.cleanup();
  }
});

test('sql.js opener: BLOB values decode, WAL-mode header is read, non-databases are refused', async () => {
  const h = makeTempHome();
  try {
    const file = path.join(h.root, 'wal.vscdb');
    await writeStateDb(file, {
      cursorDiskKV: { 'composerData:a': { n: 1 }, 'composerData:b': { n: 2 }, 'composerDatb:x': {} },
      asBlobs: true,
      wal: true,
    });
    const { db, notes } = await sqlJsOpener()(file);
    const [lo, hi] = prefixRange('composerData:');
    const rows = db.all('SELECT key, value FROM cursorDiskKV WHERE key >= ? AND key < ? ORDER BY key', [lo, hi]);
    assert.deepEqual(
      rows.map((r) => [r.key, sqlText(r.value)]),
      [
        ['composerData:a', '{"n":1}'],
        ['composerData:b', '{"n":2}'],
      ],
    );
    assert.match(notes.join('\n'), /wal.vscdb-wal \(4096 bytes\) is not read by sql\.js/);
    db.close();
    const empty = path.join(h.root, 'empty.vscdb');
    writeFile(empty, '');
    await assert.rejects(sqlJsOpener()(empty), /empty/);
    await assert.rejects(sqlJsOpener()(path.join(h.root, 'missing.vscdb')), /ENOENT/);
  } finally {
    h.cleanup();
  }
});
