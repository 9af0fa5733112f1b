import * as fsCb from 'node:fs';
import type { Dirent, Stats } from 'node:fs';
import { promisify } from 'node:util';

/* Reading one regular file of the workspace, at most `limit` bytes, and naming what is not one. */

/** Larger files are read asynchronously, so one slow read cannot hold the event loop. */
const SYNC_READ_MAX = 256 * 1024;

export type ReadResult =
  | { kind: 'ok'; buf: Buffer; stat: Stats }
  | { kind: 'not-a-file'; stat: Stats }
  | { kind: 'too-large'; size: number; stat: Stats };

const openCb = promisify(fsCb.open);
const fstatCb = promisify(fsCb.fstat);
const readCb = promisify(fsCb.read);
const closeCb = promisify(fsCb.close);
const OPEN_FLAGS = fsCb.constants.O_RDONLY | (fsCb.constants.O_NONBLOCK ?? 0);

/**
 * open → fstat → read → close with the callback API: about twice as fast as
 * fs.promises.readFile for many small files, and the size and type come from
 * the same descriptor (no stat/read race). O_NONBLOCK keeps a FIFO from
 * blocking the open; files over `limit` are not read at all.
 */
export async function readRegularFile(abs: string, limit: number): Promise<ReadResult> {
  const fd = await openCb(abs, OPEN_FLAGS);
  try {
    const stat = await fstatCb(fd);
    if (!stat.isFile()) return { kind: 'not-a-file', stat };
    if (stat.size > limit) return { kind: 'too-large', size: stat.size, stat };
    // One byte more than expected, to notice a file that grew since fstat.
    let buf = Buffer.allocUnsafe(stat.size + 1);
    let length = 0;
    for (;;) {
      if (length === buf.length) {
        if (length > limit) return { kind: 'too-large', size: length, stat };
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, limit + 1));
        buf.copy(bigger, 0, 0, length);
        buf = bigger;
      }
      const { bytesRead } = await readCb(fd, buf, length, buf.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > limit) return { kind: 'too-large', size: length, stat };
    return { kind: 'ok', buf: buf.subarray(0, length), stat };
  } finally {
    await closeCb(fd).catch(() => undefined);
  }
}

/**
 * The synchronous twin of readRegularFile for small files: undefined when the
 * file is over SYNC_READ_MAX (and within the limit), so the caller reads it
 * asynchronously instead.
 */
export function readRegularFileSync(abs: string, limit: number): ReadResult | undefined {
  const fd = fsCb.openSync(abs, OPEN_FLAGS);
  try {
    const stat = fsCb.fstatSync(fd);
    if (!stat.isFile()) return { kind: 'not-a-file', stat };
    if (stat.size > limit) return { kind: 'too-large', size: stat.size, stat };
    if (stat.size > SYNC_READ_MAX) return undefined;
    let buf = Buffer.allocUnsafe(stat.size + 1);
    let length = 0;
    for (;;) {
      if (length === buf.length) {
        if (length > limit) return { kind: 'too-large', size: length, stat };
        if (length > SYNC_READ_MAX) return undefined; // grew since fstat: let the async path deal with it
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, limit + 1));
        buf.copy(bigger, 0, 0, length);
        buf = bigger;
      }
      const bytesRead = fsCb.readSync(fd, buf, length, buf.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > limit) return { kind: 'too-large', size: length, stat };
    return { kind: 'ok', buf: buf.subarray(0, length), stat };
  } finally {
    fsCb.closeSync(fd);
  }
}

export function fileTypeName(st: Stats): string {
  if (st.isFIFO()) return 'named pipe';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  if (st.isDirectory()) return 'folder';
  return 'special file';
}

export function direntTypeName(e: Dirent): string {
  if (e.isFIFO()) return 'named pipe';
  if (e.isSocket()) return 'socket';
  if (e.isCharacterDevice()) return 'character device';
  if (e.isBlockDevice()) return 'block device';
  return 'special file';
}
