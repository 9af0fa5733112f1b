import { createHash } from 'node:crypto';
import * as fsCb from 'node:fs';
import { promises as fs, type Dirent, type Stats } from 'node:fs';
import * as path from 'node:path';
import type { SyncConfig } from '../config';
import { classifierFor, itemKind, normalizeRelPath, type Classifier, type TriggerState } from './classify';
import { checkContent, formatBytes } from './content';
import type { Inventory, LocalItem, ScanOptions, SkippedItem, TriggerFile } from './types';
import type { ReadResult } from './read-file';
import { direntTypeName, fileTypeName, readRegularFile, readRegularFileSync } from './read-file';
import { markdownItemHash } from './image-refs';
import { markdownLinkRefs, mayLinkToFiles } from './link-refs';

const DIR_CONCURRENCY = 16;
const FILE_CONCURRENCY = 32;
const SLICE_MS = 8;
const HOUR_MS = 3_600_000;

/** Thrown when `paths` names something outside the workspace folder. */
export class InventoryPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InventoryPathError';
  }
}

interface DirTask {
  rel: string;
  abs: string;
  /** Real path of this directory (symlinks resolved), for cycle detection. */
  real: string;
}

interface FileTask {
  rel: string;
  abs: string;
  /** How the walk saw it: a symlink is resolved and checked later. */
  entry: 'file' | 'symlink' | 'other';
  otherType?: string;
  target: { kind: 'item'; category: string } | { kind: 'trigger'; state: TriggerState };
}

/**
 * Walks the workspace and returns its items, the files that cannot be synced
 * (with reasons), and the trigger-file lifecycle summary.
 *
 * - Excluded folders (node_modules, .git, …) are never entered; folders no
 *   include or trigger glob can reach are not entered either.
 * - Symlinked folders are followed only when they resolve inside the
 *   workspace and do not loop back to an ancestor (a loop is reported as a
 *   skipped item); symlinked files only when they resolve inside the workspace.
 * - Empty and whitespace-only files are items (an empty plan is still a plan).
 * - Reads run at most FILE_CONCURRENCY at a time. `signal` aborts promptly
 *   with an AbortError.
 */
export async function scanWorkspace(config: SyncConfig, options: ScanOptions = {}): Promise<Inventory> {
  const { signal } = options;
  const now = options.now ?? Date.now();
  checkAbort(signal);
  const classifier = classifierFor(config);
  const root = config.root;
  const rootReal = await fs.realpath(root);
  const inside = (real: string): boolean => real === rootReal || real.startsWith(rootReal + path.sep);

  const files: FileTask[] = [];
  const skipped: SkippedItem[] = [];
  const notFound: string[] = [];
  let scannedFiles = 0;

  const considerFile = (rel: string, abs: string, entry: FileTask['entry'], otherType?: string): void => {
    scannedFiles++;
    const c = classifier.classify(rel);
    if (c.kind === 'item') files.push({ rel, abs, entry, otherType, target: { kind: 'item', category: c.category } });
    else if (c.kind === 'trigger')
      files.push({ rel, abs, entry, otherType, target: { kind: 'trigger', state: c.state } });
  };

  // ---- starting points
  let level: DirTask[] = [];
  if (!options.paths) {
    level.push({ rel: '', abs: root, real: rootReal });
  } else {
    const starts = normalizeStarts(root, options.paths);
    for (const rel of starts) {
      checkAbort(signal);
      const abs = rel ? path.join(root, ...rel.split('/')) : root;
      let lst: Stats;
      try {
        lst = await fs.lstat(abs);
      } catch (err) {
        if (isMissing(err)) notFound.push(rel);
        else unreadableDir(classifier, skipped, rel, err);
        continue;
      }
      if (rel && (classifier.hasPrunedAncestor(rel) || (lst.isDirectory() && classifier.isDirPruned(rel)))) continue;
      let real: string;
      try {
        real = await fs.realpath(abs);
      } catch (err) {
        if (!lst.isDirectory()) considerFile(rel, abs, 'symlink');
        else unreadableDir(classifier, skipped, rel, err);
        continue;
      }
      if (!inside(real)) {
        const cat = classifier.classify(rel);
        if (cat.kind === 'item')
          skipped.push({
            category: cat.category,
            path: rel,
            code: 'unreadable',
            reason: 'symbolic link to a file outside the workspace; not synced',
          });
        continue;
      }
      const st = lst.isSymbolicLink() ? await fs.stat(abs).catch(() => undefined) : lst;
      if (st?.isDirectory()) level.push({ rel, abs, real });
      else
        considerFile(
          rel,
          abs,
          lst.isSymbolicLink() ? 'symlink' : lst.isFile() ? 'file' : 'other',
          lst.isFile() ? undefined : fileTypeName(lst),
        );
    }
  }

  // ---- walk, breadth first, a bounded number of directories at a time
  while (level.length > 0) {
    const next: DirTask[] = [];
    await mapLimit(level, DIR_CONCURRENCY, signal, async (dir) => {
      let entries: Dirent[];
      try {
        entries = await fs.readdir(dir.abs, { withFileTypes: true });
      } catch (err) {
        if (dir.rel === '') throw err; // the workspace folder itself: nothing to report on
        if (!isMissing(err)) unreadableDir(classifier, skipped, dir.rel, err);
        return;
      }
      for (const e of entries) {
        const rel = dir.rel ? `${dir.rel}/${e.name}` : e.name;
        const abs = path.join(dir.abs, e.name);
        if (e.isDirectory()) {
          if (!classifier.isDirPruned(rel) && classifier.dirMayMatch(rel))
            next.push({ rel, abs, real: path.join(dir.real, e.name) });
        } else if (e.isFile()) {
          considerFile(rel, abs, 'file');
        } else if (e.isSymbolicLink()) {
          const st = await fs.stat(abs).catch(() => undefined);
          if (st?.isDirectory()) {
            if (classifier.isDirPruned(rel) || !classifier.dirMayMatch(rel)) continue;
            const real = await fs.realpath(abs).catch(() => undefined);
            if (!real) continue;
            const loops = dir.real === real || dir.real.startsWith(real + path.sep);
            if (inside(real) && !loops) next.push({ rel, abs, real });
            else {
              const cat = classifier.categoryForDir(rel);
              const to = path.relative(rootReal, real).split(path.sep).join('/') || '.';
              if (cat)
                skipped.push({
                  category: cat,
                  path: rel,
                  code: 'unreadable',
                  reason: loops
                    ? `symbolic link loop: points back to the folder "${to}" that contains it; not followed`
                    : 'symbolic link to a folder outside the workspace; not followed',
                });
            }
          } else {
            considerFile(rel, abs, 'symlink');
          }
        } else {
          considerFile(rel, abs, 'other', direntTypeName(e));
        }
      }
    });
    level = next;
  }

  // ---- stat, read, check and hash
  // Small regular files are read with synchronous calls in time slices of
  // SLICE_MS (the event loop gets a turn between slices and the signal is
  // checked): on a 2-core machine that is 3-4x faster than sending four
  // syscalls per file through libuv's thread pool. Symlinks, special files and
  // files over SYNC_READ_MAX go through the async path, FILE_CONCURRENCY at a time.
  const items: LocalItem[] = [];
  const triggerFiles: TriggerFile[] = [];
  const limit = config.maxFileBytes;

  const addTrigger = (f: FileTask, state: TriggerState, st: Stats): void => {
    triggerFiles.push({ path: f.rel, state, mtimeMs: st.mtimeMs, ageHours: Math.max(0, (now - st.mtimeMs) / HOUR_MS) });
  };
  const skip = (f: FileTask, category: string, code: SkippedItem['code'], reason: string): void => {
    skipped.push({ category, path: f.rel, code, reason });
  };
  const readFailed = (f: FileTask, category: string, err: unknown): void => {
    if (isMissing(err) && f.entry === 'file') return; // deleted since the walk
    skip(f, category, 'unreadable', `cannot be read: ${errMessage(err)}`);
  };
  const finish = (f: FileTask, category: string, read: ReadResult): void => {
    if (read.kind === 'not-a-file')
      return skip(
        f,
        category,
        'unreadable',
        `not a regular file (${fileTypeName(read.stat)}); only regular files are synced`,
      );
    if (read.kind === 'too-large') return skip(f, category, 'too-large', tooLarge(read.size, limit));
    const { buf, stat } = read;
    const problem = checkContent(buf);
    if (problem) return skip(f, category, problem.code, problem.reason);
    const markdown = itemKind(f.rel) === 'markdown';
    items.push({
      category,
      path: f.rel,
      absPath: f.abs,
      kind: itemKind(f.rel),
      size: buf.length,
      mtimeMs: stat.mtimeMs,
      hash:
        itemKind(f.rel) === 'markdown'
          ? markdownItemHash(buf, f.abs, f.rel) // with the local images it shows
          : createHash('sha256').update(buf).digest('hex'),
      ...(markdown && mayLinkToFiles(buf) ? { links: markdownLinkRefs(buf.toString('utf8'), f.rel) } : {}),
    });
  };

  /** Handles a file synchronously when that is cheap and safe; false means "use the async path". */
  const handleSync = (f: FileTask): boolean => {
    if (f.entry !== 'file') return false;
    if (f.target.kind === 'trigger') {
      let st: Stats;
      try {
        st = fsCb.statSync(f.abs);
      } catch {
        return true; // vanished since the walk
      }
      addTrigger(f, f.target.state, st);
      return true;
    }
    let read: ReadResult | undefined;
    try {
      read = readRegularFileSync(f.abs, limit);
    } catch (err) {
      readFailed(f, f.target.category, err);
      return true;
    }
    if (!read) return false;
    finish(f, f.target.category, read);
    return true;
  };

  const handleAsync = async (f: FileTask): Promise<void> => {
    if (f.target.kind === 'trigger') {
      const st = await fs.stat(f.abs).catch(() => fs.lstat(f.abs).catch(() => undefined));
      if (st) addTrigger(f, f.target.state, st);
      return;
    }
    const category = f.target.category;
    if (f.entry === 'other')
      return skip(
        f,
        category,
        'unreadable',
        `not a regular file (${f.otherType ?? 'special file'}); only regular files are synced`,
      );
    if (f.entry === 'symlink') {
      let real: string;
      try {
        real = await fs.realpath(f.abs);
      } catch (err) {
        return skip(f, category, 'unreadable', `broken symbolic link: ${errMessage(err)}`);
      }
      if (!inside(real))
        return skip(f, category, 'unreadable', 'symbolic link to a file outside the workspace; not synced');
    }
    let read: ReadResult;
    try {
      read = await readRegularFile(f.abs, limit);
    } catch (err) {
      return readFailed(f, category, err);
    }
    finish(f, category, read);
  };

  const deferred: FileTask[] = [];
  let sliceStart = performance.now();
  for (const f of files) {
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      checkAbort(signal);
      sliceStart = performance.now();
    }
    if (!handleSync(f)) deferred.push(f);
  }
  await mapLimit(deferred, FILE_CONCURRENCY, signal, handleAsync);

  const order = new Map(Object.keys(config.categories).map((name, i) => [name, i]));
  const byCategoryThenPath = (a: { category: string; path: string }, b: { category: string; path: string }): number =>
    (order.get(a.category) ?? 1e9) - (order.get(b.category) ?? 1e9) || compare(a.path, b.path);
  items.sort(byCategoryThenPath);
  skipped.sort(byCategoryThenPath);
  triggerFiles.sort((a, b) => compare(a.path, b.path));
  const stale = triggerFiles
    .filter((t) => t.state === 'inbox' && t.ageHours > config.triggerFiles.staleAfterHours)
    .sort((a, b) => a.mtimeMs - b.mtimeMs || compare(a.path, b.path));
  const count = (s: TriggerState): number => triggerFiles.filter((t) => t.state === s).length;

  return {
    items,
    skipped,
    triggers: {
      inbox: count('inbox'),
      processed: count('processed'),
      failed: count('failed'),
      stale,
      files: triggerFiles,
    },
    scannedFiles,
    notFound,
  };
}

/** Normalised, deduplicated starting paths; a path inside another given folder is dropped. */
function normalizeStarts(root: string, paths: readonly string[]): string[] {
  const rels = new Set<string>();
  for (const p of paths) {
    let rel: string;
    if (path.isAbsolute(p)) {
      const r = path.relative(root, p);
      if (r.startsWith('..') || path.isAbsolute(r))
        throw new InventoryPathError(`${p} is outside the workspace ${root}`);
      rel = normalizeRelPath(r);
    } else {
      rel = normalizeRelPath(path.posix.normalize(p.replace(/\\/g, '/')));
      if (rel === '..' || rel.startsWith('../')) throw new InventoryPathError(`${p} is outside the workspace ${root}`);
    }
    rels.add(rel);
  }
  if (rels.has('')) return [''];
  const sorted = [...rels].sort();
  return sorted.filter((r) => !sorted.some((o) => o !== r && r.startsWith(`${o}/`)));
}

function unreadableDir(classifier: Classifier, skipped: SkippedItem[], rel: string, err: unknown): void {
  const category = classifier.categoryForDir(rel);
  if (category)
    skipped.push({ category, path: rel, code: 'unreadable', reason: `folder cannot be read: ${errMessage(err)}` });
}

function tooLarge(size: number, limit: number): string {
  return `${formatBytes(size)} is over the ${formatBytes(limit)} limit; raise maxFileBytes in .notion-sync.json (currently ${limit}) to sync it`;
}

async function mapLimit<T>(
  list: readonly T[],
  limit: number,
  signal: AbortSignal | undefined,
  fn: (x: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      checkAbort(signal);
      await fn(list[next++]);
    }
  };
  const workers = Array.from({ length: Math.min(limit, list.length) }, worker);
  // allSettled then rethrow the first failure, so no worker keeps running unobserved.
  const results = await Promise.allSettled(workers);
  checkAbort(signal);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') throw reason;
  throw new DOMException('The workspace scan was aborted', 'AbortError');
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
