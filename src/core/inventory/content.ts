import { promises as fs } from 'node:fs';
import type { LocalItem, SkipCode } from './types';

const SNIFF_BYTES = 8192;

const MAGIC: { bytes: number[]; what: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (or an Office document)' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'an ELF executable' },
  { bytes: [0x4d, 0x5a], what: 'a Windows executable' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66], what: 'an SQLite database' },
  { bytes: [0x52, 0x49, 0x46, 0x46], what: 'a RIFF media file (WAV/WebP/AVI)' },
  { bytes: [0x00, 0x61, 0x73, 0x6d], what: 'a WebAssembly module' },
];

export interface ContentProblem {
  code: SkipCode;
  reason: string;
}

function startsWith(buf: Uint8Array, bytes: number[]): boolean {
  if (buf.length < bytes.length) return false;
  return bytes.every((b, i) => buf[i] === b);
}

/**
 * Why these bytes cannot be synced as text, or undefined when they can.
 * Checks, in order: binary signatures and NUL bytes in the first 8 KB,
 * UTF-16/32 byte-order marks, UTF-8 validity, emptiness.
 */
export function checkContent(buf: Uint8Array): ContentProblem | undefined {
  if (buf.length === 0) return { code: 'empty', reason: 'empty file (0 bytes); nothing to sync' };
  // MZ is too short a signature to trust on its own: only with a NUL nearby.
  for (const m of MAGIC) {
    if (startsWith(buf, m.bytes) && (m.bytes.length >= 3 || buf.subarray(0, SNIFF_BYTES).includes(0))) {
      return { code: 'binary', reason: `binary file: looks like ${m.what}, not text; exclude it or rename it` };
    }
  }
  if (startsWith(buf, [0xff, 0xfe]) || startsWith(buf, [0xfe, 0xff])) {
    const enc = buf[0] === 0xff ? (buf[2] === 0 && buf[3] === 0 ? 'UTF-32 LE' : 'UTF-16 LE') : 'UTF-16 BE';
    return { code: 'invalid-utf8', reason: `encoded as ${enc}, not UTF-8; re-save the file as UTF-8` };
  }
  const nul = buf.subarray(0, SNIFF_BYTES).indexOf(0);
  if (nul >= 0) return { code: 'binary', reason: `binary file: NUL byte at offset ${nul}; only text files are synced` };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    if (text.trim() === '') return { code: 'empty', reason: `only whitespace (${buf.length} bytes); nothing to sync` };
  } catch {
    const at = firstInvalidUtf8(buf);
    let line = 1;
    for (let i = 0; i < at; i++) if (buf[i] === 10) line++;
    return {
      code: 'invalid-utf8',
      reason: `not valid UTF-8: bad byte 0x${(buf[at] ?? 0).toString(16).padStart(2, '0')} at offset ${at} (line ${line}); re-save the file as UTF-8`,
    };
  }
  return undefined;
}

/** Offset of the first byte that breaks UTF-8 (buf.length if none found). */
function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + need >= buf.length) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return buf.length;
}

/** Text of bytes already known to be valid UTF-8: BOM stripped, CRLF → LF. */
export function bytesToText(buf: Uint8Array): string {
  let text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.replace(/\r\n/g, '\n');
}

/**
 * The item's current text: UTF-8, byte-order mark stripped, CRLF normalised to
 * LF. Throws (TypeError) if the file is no longer valid UTF-8, or the fs error.
 */
export async function readItemText(item: LocalItem): Promise<string> {
  return bytesToText(await fs.readFile(item.absPath));
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(1)} GiB`;
}
