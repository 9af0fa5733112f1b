import type { RemoteRow } from '../notion/databases';
import type { EngineContext } from './session';
import { runSync } from './sync';
import type { SyncReport } from './sync';

export { matchRows, lookAlikeRows, normalizeRowPath, titleFits } from './adopt-match';
export type { MatchFile, MatchResult, MatchRow } from './adopt-match';

/*
 * `notion-sync adopt` (issue 17): claim the rows other tools wrote (no `Workspace`/`Path`) for the local
 * files they match — by the row's path property, else by a title equal to the file name when that is
 * unique both ways (adopt-match.ts). It is a sync limited to those files: the plan first (a dry run
 * writes nothing), then per row one properties update that writes the key, then the body and the
 * properties as any sync writes them. A plain `sync` does the same for the files it would otherwise
 * create; this command exists to see the plan (ambiguous rows, rows that match nothing) and to adopt
 * without pushing anything else. Nothing is deleted or trashed.
 */

export interface AdoptOptions {
  category?: string;
  dryRun?: boolean;
  lockWaitMs?: number;
}

/** A row as the adopt report shows it. */
export interface AdoptRowRef {
  pageId: string;
  url: string;
  title: string;
  /** The row's path property as it was ('' when none). */
  path: string;
}

export interface AdoptReport {
  dryRun: boolean;
  cancelled: boolean;
  /** Files whose row was adopted (with --dry-run: would be). */
  adopted: Array<{ category: string; path: string; pageId: string; url: string; by: 'path' | 'title'; title: string }>;
  /** Files several unmanaged rows could be (or whose row fits several files): listed, never guessed. */
  ambiguous: Array<{ category: string; path: string; candidates: AdoptRowRef[]; reason: string }>;
  /** Unmanaged rows left as they are: no local file matches them (or the file they fit has its row). */
  unmatched: Array<AdoptRowRef & { category: string; reason: string }>;
  /** Adoptions that failed (the row stays unmanaged, or ours and `incomplete` for the next run to finish). */
  failed: Array<{ path: string; reason: string }>;
  apiCalls: number;
  reads: number;
  writes: number;
  executionLogPageId?: string;
  /** The sync underneath (its plan holds the `adopt` entries with their estimated requests). */
  sync: SyncReport;
}

function ref(row: RemoteRow): AdoptRowRef {
  return { pageId: row.pageId, url: row.url, title: row.name, path: row.path };
}

/** Plans and (unless a dry run) carries out the adoption of unmanaged rows. Usable by the CLI and the editor. */
export async function runAdopt(ctx: EngineContext, options: AdoptOptions = {}): Promise<AdoptReport> {
  const ambiguous: AdoptReport['ambiguous'] = [];
  const unmatched: AdoptReport['unmatched'] = [];
  const by = new Map<string, { category: string; by: 'path' | 'title'; title: string; url: string }>();
  const sync = await runSync(
    { ...ctx, command: ctx.command ?? 'notion-sync adopt' },
    {
      category: options.category,
      dryRun: options.dryRun,
      lockWaitMs: options.lockWaitMs,
      adoptOnly: true,
      onIndex: (index) => {
        for (const cat of Object.values(index.categories)) {
          const a = cat.adoption;
          if (!a) continue;
          for (const m of a.matches)
            by.set(m.path, { category: cat.name, by: m.by, title: m.row.name, url: m.row.url });
          for (const x of a.ambiguous)
            ambiguous.push({ category: cat.name, path: x.path, candidates: x.candidates.map(ref), reason: x.reason });
          for (const u of a.unmatched) unmatched.push({ category: cat.name, ...ref(u.row), reason: u.reason });
        }
      },
    },
  );
  const done = new Set(sync.adoptedPaths);
  const adopted: AdoptReport['adopted'] = [];
  for (const entry of sync.plan) {
    if (entry.action !== 'adopt' || (!sync.dryRun && !done.has(entry.path))) continue;
    const m = by.get(entry.path);
    if (!m || !entry.pageId) continue;
    adopted.push({
      category: m.category,
      path: entry.path,
      pageId: entry.pageId,
      url: m.url,
      by: m.by,
      title: m.title,
    });
  }
  return {
    dryRun: sync.dryRun,
    cancelled: sync.cancelled,
    adopted,
    ambiguous,
    unmatched,
    failed: sync.failures,
    apiCalls: sync.apiCalls,
    reads: sync.reads,
    writes: sync.writes,
    executionLogPageId: sync.executionLogPageId,
    sync,
  };
}
