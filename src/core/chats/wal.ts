// Replays a SQLite write-ahead log onto a copy of its database, for the sql.js engine (which has no WAL support).
// Tools like OpenCode keep their database in WAL mode and checkpoint lazily, so recent sessions may live only in
// the `-wal` file. Format (https://www.sqlite.org/fileformat2.html#the_write_ahead_log):
//   WAL header, 32 bytes big-endian: magic 0x377f0682 | 0x377f0683 (bit 0 = checksums over big-endian words),
//   format version 3007000, page size, checkpoint sequence, salt-1, salt-2, checksum-1, checksum-2 (over bytes 0–23).
//   Frames: 24-byte header (page number, database size in pages after a commit — 0 for non-commit frames, salt-1,
//   salt-2, checksum-1, checksum-2 over the header's first 8 bytes + the page, cumulative from the previous frame)
//   followed by one page.
// A frame is valid while its salts match the header and its cumulative checksum is right; only frames up to the
// last valid COMMIT frame are applied (a transaction in progress is ignored, as SQLite's own readers do).
// The main file is read after the log, so a checkpoint that runs in between only makes the main file newer.

export interface WalReplay {
  bytes: Uint8Array;
  /** committed frames applied */
  frames: number;
  /** why nothing was applied, when the log is not usable */
  problem?: string;
}

const MAGIC_LE = 0x377f0682;
const MAGIC_BE = 0x377f0683;

function checksum(data: Uint8Array, start: number, end: number, bigEndian: boolean, s: [number, number]): void {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let [s0, s1] = s;
  for (let i = start; i < end; i += 8) {
    const x0 = view.getUint32(i, !bigEndian);
    const x1 = view.getUint32(i + 4, !bigEndian);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  s[0] = s0;
  s[1] = s1;
}

/** `db` is the main file's bytes (not modified); returns the database as SQLite would see it with the log applied. */
export function replayWal(db: Uint8Array, wal: Uint8Array): WalReplay {
  if (wal.length < 32) return { bytes: db, frames: 0, problem: 'shorter than a WAL header' };
  const view = new DataView(wal.buffer, wal.byteOffset, wal.byteLength);
  const magic = view.getUint32(0);
  if (magic !== MAGIC_LE && magic !== MAGIC_BE) return { bytes: db, frames: 0, problem: 'not a write-ahead log' };
  const bigEndian = magic === MAGIC_BE;
  const pageSize = view.getUint32(8);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0)
    return { bytes: db, frames: 0, problem: `bad page size ${pageSize}` };
  const salt1 = view.getUint32(16);
  const salt2 = view.getUint32(20);
  const s: [number, number] = [0, 0];
  checksum(wal, 0, 24, bigEndian, s);
  if (s[0] !== view.getUint32(24) || s[1] !== view.getUint32(28))
    return { bytes: db, frames: 0, problem: 'header checksum mismatch' };

  const frameSize = 24 + pageSize;
  const pending = new Map<number, number>(); // page → frame offset, since the last commit
  const committed = new Map<number, number>();
  let dbPages = 0;
  let frames = 0;
  let pendingFrames = 0;
  for (let off = 32; off + frameSize <= wal.length; off += frameSize) {
    if (view.getUint32(off + 8) !== salt1 || view.getUint32(off + 12) !== salt2) break;
    checksum(wal, off, off + 8, bigEndian, s);
    checksum(wal, off + 24, off + frameSize, bigEndian, s);
    if (s[0] !== view.getUint32(off + 16) || s[1] !== view.getUint32(off + 20)) break;
    const page = view.getUint32(off);
    if (page === 0) break;
    pending.set(page, off + 24);
    pendingFrames++;
    const commitSize = view.getUint32(off + 4);
    if (commitSize > 0) {
      for (const [p, o] of pending) committed.set(p, o);
      pending.clear();
      frames += pendingFrames;
      pendingFrames = 0;
      dbPages = commitSize;
    }
  }
  if (!committed.size) return { bytes: db, frames: 0 };
  const out = new Uint8Array(dbPages * pageSize);
  out.set(db.subarray(0, Math.min(db.length, out.length)));
  for (const [page, o] of committed) {
    if (page <= dbPages) out.set(wal.subarray(o, o + pageSize), (page - 1) * pageSize);
  }
  return { bytes: out, frames };
}
