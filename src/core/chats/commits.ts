// Which commits came out of a session (issue 15, point 7): the commits made in the repository while the session
// ran, from `git log` over the session's time span. Uses the `git` on PATH through child_process (no shell, no new
// dependency); a missing git, a folder that is no repository, or a repository without commits gives no commits and
// at most a short note — never a throw.
import { execFile } from 'node:child_process';

export interface SessionCommit {
  hash: string;
  shortHash: string;
  /** committer date, ISO (UTC) */
  date: string;
  author: string;
  subject: string;
}

export interface SessionCommitsResult {
  commits: SessionCommit[];
  /** why no commits could be listed (git missing, not a repository, git failed); absent when git answered */
  note?: string;
}

export interface CommitsOptions {
  /** grace after the session's last message, for the commit an agent makes right after its reply (default 2 min) */
  afterMs?: number;
  /** grace before the first prompt (default 0) */
  beforeMs?: number;
  /** at most this many commits (default 200) */
  maxCount?: number;
  /** git executable (default `git`) */
  git?: string;
  /** per-call timeout (default 10 s) */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const FIELD = '\x1f';
const RECORD = '\x1e';

/**
 * Commits on this repository's local branches (and HEAD) whose committer date lies in
 * `[startedAt - beforeMs, updatedAt + afterMs]`, newest first. A session without a usable time span (missing or
 * 1970 dates, end before start) gives none.
 */
export async function commitsDuringSession(
  repoDir: string,
  span: { startedAt: string; updatedAt: string },
  options: CommitsOptions = {},
): Promise<SessionCommitsResult> {
  const start = Date.parse(span.startedAt);
  const end = Date.parse(span.updatedAt);
  if (!Number.isFinite(start) || !Number.isFinite(end) || start <= 0 || end < start)
    return { commits: [], note: 'the session has no usable time span' };
  const since = new Date(start - (options.beforeMs ?? 0)).toISOString();
  const until = new Date(end + (options.afterMs ?? 2 * 60_000)).toISOString();
  const args = [
    '-C',
    repoDir,
    '-c',
    'log.showSignature=false',
    'log',
    '--branches',
    'HEAD',
    '--no-color',
    `--max-count=${options.maxCount ?? 200}`,
    `--since=${since}`,
    `--until=${until}`,
    `--format=%H${FIELD}%h${FIELD}%cI${FIELD}%an${FIELD}%s${RECORD}`,
    '--',
  ];
  let stdout: string;
  try {
    stdout = await run(options.git ?? 'git', args, options);
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (options.signal?.aborted) throw err;
    if (e.code === 'ENOENT') return { commits: [], note: 'git was not found on PATH' };
    const stderr = (e.stderr ?? '').trim();
    if (/not a git repository/i.test(stderr)) return { commits: [], note: 'the folder is not a git repository' };
    if (/does not have any commits|unknown revision|bad revision 'HEAD'|ambiguous argument 'HEAD'/i.test(stderr))
      return { commits: [] };
    return { commits: [], note: `git log failed: ${stderr.split('\n')[0] || e.message}` };
  }
  const commits: SessionCommit[] = [];
  const seen = new Set<string>();
  for (const rec of stdout.split(RECORD)) {
    const f = rec.replace(/^\n+/, '').split(FIELD);
    if (f.length < 5 || !/^[0-9a-f]{7,64}$/.test(f[0]) || seen.has(f[0])) continue;
    seen.add(f[0]);
    const d = Date.parse(f[2]);
    // --since/--until are inclusive of whole seconds and use the committer date; keep the bounds exact
    if (!Number.isFinite(d) || d < Date.parse(since) - 999 || d > Date.parse(until)) continue;
    commits.push({ hash: f[0], shortHash: f[1], date: new Date(d).toISOString(), author: f[3], subject: f[4] });
  }
  return { commits };
}

function run(cmd: string, args: string[], o: CommitsOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      {
        timeout: o.timeoutMs ?? 10_000,
        maxBuffer: 8 * 1024 * 1024,
        windowsHide: true,
        signal: o.signal,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      },
      (err, stdout, stderr) => {
        if (err) reject(Object.assign(err, { stderr: String(stderr) }));
        else resolve(String(stdout));
      },
    );
  });
}
