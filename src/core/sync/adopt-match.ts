/*
 * Adoption (issue 17): which rows that no workspace manages (written by another tool or by hand, no
 * `Workspace` key) belong to which local files. Pure: no Notion, no file system.
 *
 * Rules, in order:
 * 1. By path: the row's path property (`Path`), taken as a workspace-relative path — backslashes read
 *    as slashes, a leading `./` or `/` ignored, compared without regard to case — equals a file's path.
 * 2. By title, for the rows and files rule 1 left: the row's title equals the file's name, first with
 *    its extension (`deploy.py`), then without (`deploy`), compared trimmed and without regard to case.
 *    A title match counts only when it is unique both ways: the row fits exactly one local file of the
 *    category, and that file is fitted by exactly one row.
 * Anything else is never guessed: several rows for one file, or one row that fits several files, is
 * listed as ambiguous (each file with its candidate rows), and those rows and files are left alone.
 * A file that already has a row of this workspace is never given a second one: a row that matches it
 * is a look-alike (reported, left alone).
 */

export interface MatchRow {
  pageId: string;
  /** The row's path property ('' when it has none). */
  path: string;
  /** The row's title. */
  name: string;
}

export interface MatchFile {
  path: string;
  /** The file cannot take a row: it has a row of this workspace already (or cannot be synced). */
  claimed: boolean;
}

export interface AdoptMatch<R extends MatchRow> {
  path: string;
  row: R;
  by: 'path' | 'title';
}

export interface AdoptAmbiguity<R extends MatchRow> {
  path: string;
  candidates: R[];
  reason: string;
}

export interface AdoptLeftAlone<R extends MatchRow> {
  row: R;
  reason: string;
}

export interface MatchResult<R extends MatchRow> {
  matches: AdoptMatch<R>[];
  ambiguous: AdoptAmbiguity<R>[];
  /** Rows that fit no free file (nothing matches, or the file they fit already has its row). */
  unmatched: AdoptLeftAlone<R>[];
}

/** A path property's value as a workspace-relative, forward-slash path (as written, case kept). */
export function normalizeRowPath(value: string): string {
  let p = value
    .trim()
    .replace(/\\/g, '/')
    .replace(/\/{2,}/g, '/');
  for (;;) {
    const next = p.replace(/^\.\//, '').replace(/^\//, '');
    if (next === p) break;
    p = next;
  }
  return p;
}

function pathKey(value: string): string {
  return normalizeRowPath(value).normalize('NFC').toLowerCase();
}

/** How a title is compared: trimmed, NFC, case-insensitive. */
export function titleKey(value: string): string {
  return value.trim().normalize('NFC').toLowerCase();
}

/** A file's name as a title: with its extension, and without (`scripts/deploy.py` → `deploy.py`, `deploy`). */
export function fileTitleKeys(path: string): { full: string; stem: string } {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  return { full: titleKey(base), stem: titleKey(stem) };
}

/** Whether a row's title is the name of this file (with or without its extension). */
export function titleFits(rowTitle: string, filePath: string): boolean {
  const key = titleKey(rowTitle);
  if (!key) return false;
  const k = fileTitleKeys(filePath);
  return key === k.full || key === k.stem;
}

/** Matches the rows no workspace manages to the local files of one category (rules above). */
export function matchRows<R extends MatchRow>(files: MatchFile[], rows: R[]): MatchResult<R> {
  const result: MatchResult<R> = { matches: [], ambiguous: [], unmatched: [] };
  const byFile = new Map<string, MatchFile>();
  for (const f of files) byFile.set(f.path, f);
  /** Files that can no longer be adopted: matched, or ambiguous, in an earlier step. */
  const taken = new Map<string, 'matched' | 'ambiguous'>();
  const ambiguity = new Map<string, { rows: R[]; reasons: Set<string> }>();
  const addAmbiguity = (path: string, candidates: R[], reason: string): void => {
    const entry = ambiguity.get(path) ?? { rows: [], reasons: new Set<string>() };
    for (const r of candidates) if (!entry.rows.includes(r)) entry.rows.push(r);
    entry.reasons.add(reason);
    ambiguity.set(path, entry);
    taken.set(path, 'ambiguous');
  };
  const isFree = (path: string): boolean => !byFile.get(path)?.claimed && !taken.has(path);

  // 1. By path.
  const filesByPathKey = new Map<string, MatchFile[]>();
  for (const f of files) filesByPathKey.set(pathKey(f.path), [...(filesByPathKey.get(pathKey(f.path)) ?? []), f]);
  const rowsByFile = new Map<string, R[]>();
  const pending: R[] = [];
  for (const row of rows) {
    const fits = row.path.trim() ? (filesByPathKey.get(pathKey(row.path)) ?? []) : [];
    if (fits.length === 0) {
      pending.push(row);
      continue;
    }
    for (const f of fits) rowsByFile.set(f.path, [...(rowsByFile.get(f.path) ?? []), row]);
  }
  const pathDone = new Set<R>();
  for (const [path, list] of rowsByFile) {
    for (const r of list) pathDone.add(r);
    const sharedKey = (filesByPathKey.get(pathKey(path)) ?? []).length > 1;
    if (byFile.get(path)!.claimed) {
      for (const r of list) result.unmatched.push({ row: r, reason: `${path} already has a row of this workspace` });
      continue;
    }
    if (list.length > 1 || sharedKey) {
      addAmbiguity(
        path,
        list,
        list.length > 1
          ? `${list.length} rows have this path`
          : 'the path fits several files that differ only in letter case',
      );
      continue;
    }
    result.matches.push({ path, row: list[0]!, by: 'path' });
    taken.set(path, 'matched');
  }

  // 2. By title: the full name first, then the name without its extension.
  let remaining = pending.filter((r) => !pathDone.has(r));
  for (const part of ['full', 'stem'] as const) {
    const filesByTitle = new Map<string, string[]>();
    for (const f of files) {
      const key = fileTitleKeys(f.path)[part];
      filesByTitle.set(key, [...(filesByTitle.get(key) ?? []), f.path]);
    }
    const fitsOf = new Map<R, string[]>();
    const rowsOfFile = new Map<string, R[]>();
    const next: R[] = [];
    for (const row of remaining) {
      const key = titleKey(row.name);
      const fits = key ? (filesByTitle.get(key) ?? []) : [];
      if (fits.length === 0) {
        next.push(row);
        continue;
      }
      fitsOf.set(row, fits);
      for (const p of fits) rowsOfFile.set(p, [...(rowsOfFile.get(p) ?? []), row]);
    }
    for (const [row, fits] of fitsOf) {
      if (fits.length === 1) {
        const path = fits[0]!;
        const rivals = rowsOfFile.get(path)!;
        if (rivals.length > 1) {
          if (taken.get(path) !== 'matched' && !byFile.get(path)!.claimed)
            addAmbiguity(path, rivals, `${rivals.length} rows are titled like this file`);
          else result.unmatched.push({ row, reason: `its title fits ${path}, which already has its row` });
          continue;
        }
        if (isFree(path)) {
          result.matches.push({ path, row, by: 'title' });
          taken.set(path, 'matched');
        } else if (taken.get(path) === 'ambiguous') addAmbiguity(path, [row], 'another row also fits this file');
        else result.unmatched.push({ row, reason: `its title fits ${path}, which already has its row` });
        continue;
      }
      // One row, several files of that name: never guessed.
      const open = fits.filter((p) => !byFile.get(p)!.claimed && taken.get(p) !== 'matched');
      if (open.length === 0) {
        result.unmatched.push({ row, reason: `its title fits ${fits.join(', ')}, which already have their rows` });
        continue;
      }
      for (const p of open) addAmbiguity(p, rowsOfFile.get(p)!, `its title fits ${fits.length} files`);
    }
    remaining = next;
  }
  for (const row of remaining)
    result.unmatched.push({
      row,
      reason: row.path.trim()
        ? `no local file at ${normalizeRowPath(row.path)} nor named "${row.name}"`
        : 'no local file of this name',
    });

  // A file that became ambiguous after a match in an earlier step keeps neither.
  result.matches = result.matches.filter((m) => !ambiguity.has(m.path));
  for (const [path, a] of ambiguity)
    result.ambiguous.push({ path, candidates: a.rows, reason: [...a.reasons].join('; ') });
  result.ambiguous.sort((a, b) => a.path.localeCompare(b.path));
  result.matches.sort((a, b) => a.path.localeCompare(b.path));
  return result;
}

/**
 * Unmanaged rows whose title matches one of ours: the name of a local file of the category (with or
 * without its extension), or the title of one of this workspace's rows (CONTRACT §4 `lookAlikes`).
 */
export function lookAlikeRows<R extends MatchRow>(
  unmanaged: R[],
  localPaths: string[],
  ourRows: Array<{ name: string; path: string }>,
): R[] {
  const keys = new Set<string>();
  for (const p of [...localPaths, ...ourRows.map((r) => r.path).filter(Boolean)]) {
    const k = fileTitleKeys(p);
    keys.add(k.full);
    keys.add(k.stem);
  }
  for (const r of ourRows) if (titleKey(r.name)) keys.add(titleKey(r.name));
  return unmanaged.filter((r) => titleKey(r.name) !== '' && keys.has(titleKey(r.name)));
}
