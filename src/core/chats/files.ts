// Tolerant file-system reads: a file that cannot be read or parsed is a warning naming it, never a throw.
import { promises as fsp } from 'node:fs';
import { errorMessage, stripBom } from './json';
import type { ReaderContext } from './reader-context';

export async function pathExists(p: string): Promise<boolean> {
  try {
    await fsp.stat(p);
    return true;
  } catch {
    return false;
  }
}

export async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fsp.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** Names in a folder, sorted for determinism; [] if it cannot be read. */
export async function listDir(dir: string): Promise<Array<{ name: string; isDir: boolean; isFile: boolean }>> {
  try {
    const entries = await fsp.readdir(dir, { withFileTypes: true });
    return entries
      .map((e) => ({ name: e.name, isDir: e.isDirectory(), isFile: e.isFile() }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

/** A file's text; a file that cannot be read gives a warning naming it (silence for a missing one when `optional`). */
export async function readText(file: string, ctx: ReaderContext, optional = false): Promise<string | undefined> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (err) {
    if (!(optional && (err as NodeJS.ErrnoException).code === 'ENOENT'))
      ctx.warn(file, `cannot read file: ${errorMessage(err)}`);
    return undefined;
  }
}

/** Parses a JSON file; a missing file gives undefined silently when `optional`, a corrupt one a warning. */
export async function readJsonFile(file: string, ctx: ReaderContext, optional = false): Promise<unknown> {
  const text = await readText(file, ctx, optional);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(stripBom(text));
  } catch (err) {
    ctx.warn(file, `skipped: not valid JSON (${errorMessage(err)})`);
    return undefined;
  }
}
