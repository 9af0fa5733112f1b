// wal.ts against a write-ahead log written by SQLite itself (test/fixtures/chats/opencode-wal/make.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadSqlJs } from '../../src/core/chats/sqlite';
import { replayWal } from '../../src/core/chats/wal';

const DIR = path.join(__dirname, '..', 'fixtures', 'chats', 'opencode-wal');
const db = new Uint8Array(readFileSync(path.join(DIR, 'opencode.db')));
const wal = new Uint8Array(readFileSync(path.join(DIR, 'opencode.db-wal')));

async function sessionIds(bytes: Uint8Array): Promise<string[]> {
  const copy = Uint8Array.from(bytes);
  copy[18] = 1;
  copy[19] = 1;
  const SQL = await loadSqlJs();
  const d = new SQL.Database(copy);
  try {
    return (d.exec('SELECT id FROM session ORDER BY id')[0]?.values ?? []).map((r) => String(r[0]));
  } finally {
    d.close();
  }
}

test('WAL replay: committed frames are applied; the main file alone lacks them', async () => {
  const r = replayWal(db, wal);
  assert.equal(r.problem, undefined);
  assert.ok(r.frames > 0);
  assert.deepEqual(await sessionIds(r.bytes), ['ses_checkpointed', 'ses_child', 'ses_other', 'ses_walonly']);
  assert.deepEqual(await sessionIds(db), ['ses_checkpointed', 'ses_child', 'ses_other']);
});

test('WAL replay: a torn or corrupted last transaction is ignored, never half-applied', async () => {
  const pageSize = new DataView(wal.buffer, wal.byteOffset).getUint32(8);
  // cut inside the last frame: its commit frame is incomplete, so the whole transaction is dropped
  const torn = replayWal(db, wal.subarray(0, wal.length - Math.floor(pageSize / 2)));
  assert.equal(torn.frames, 0);
  assert.deepEqual(await sessionIds(torn.bytes), ['ses_checkpointed', 'ses_child', 'ses_other']);
  // one flipped byte in the first frame's page breaks the checksum chain from there on
  const bad = Uint8Array.from(wal);
  bad[32 + 24 + 100] ^= 0xff;
  const corrupt = replayWal(db, bad);
  assert.equal(corrupt.frames, 0);
  assert.deepEqual(await sessionIds(corrupt.bytes), ['ses_checkpointed', 'ses_child', 'ses_other']);
  // frames from an earlier generation of the log (other salts) are not applied
  const salted = Uint8Array.from(wal);
  salted[32 + 8] ^= 0x01;
  assert.equal(replayWal(db, salted).frames, 0);
});

test('WAL replay: not a log, or a damaged header, is reported and changes nothing', () => {
  assert.match(replayWal(db, new Uint8Array(4096).fill(7)).problem ?? '', /not a write-ahead log/);
  assert.match(replayWal(db, new Uint8Array(10)).problem ?? '', /shorter/);
  const h = Uint8Array.from(wal);
  h[12] ^= 0x01; // checkpoint sequence changed without its checksum
  assert.match(replayWal(db, h).problem ?? '', /checksum/);
  assert.equal(replayWal(db, h).bytes, db);
});
