// Commits per session (issue 15, point 7) against real temporary git repositories.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { commitsDuringSession, sessionToMarkdown, type ChatSession } from '../../src/core/chats/index';
import { FAKE_SECRETS } from '../fixtures/chats/home';

function git(cwd: string, args: string[], date?: string): string {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Ada',
    GIT_AUTHOR_EMAIL: 'ada@example.com',
    GIT_COMMITTER_NAME: 'Ada',
    GIT_COMMITTER_EMAIL: 'ada@example.com',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
  };
  return execFileSync('git', args, { cwd, env, encoding: 'utf8' });
}

function commit(repo: string, file: string, subject: string, date: string): string {
  writeFileSync(path.join(repo, file), `${subject}\n`);
  git(repo, ['add', file]);
  git(repo, ['commit', '-q', '-m', subject], date);
  return git(repo, ['rev-parse', 'HEAD']).trim();
}

function tempRepo(): { root: string; repo: string; cleanup(): void } {
  const root = mkdtempSync(path.join(tmpdir(), 'chats-commits-'));
  const repo = path.join(root, 'repo');
  mkdirSync(repo);
  git(repo, ['init', '-q', '-b', 'main']);
  return { root, repo, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

const SPAN = { startedAt: '2026-03-01T10:00:00.000Z', updatedAt: '2026-03-01T11:00:00.000Z' };

test('lists the commits made while the session ran (local branches too), newest first, within the grace', async () => {
  const t = tempRepo();
  try {
    commit(t.repo, 'a.txt', 'before the session', '2026-03-01T09:59:00Z');
    const c1 = commit(t.repo, 'b.txt', 'feat: add health check', '2026-03-01T10:15:00Z');
    git(t.repo, ['checkout', '-q', '-b', 'topic']);
    const c2 = commit(t.repo, 'c.txt', 'fix: on a topic branch', '2026-03-01T10:45:00+02:00'); // 08:45Z: before
    const c3 = commit(t.repo, 'd.txt', 'test: cover it', '2026-03-01T11:01:30Z'); // inside the 2-minute grace
    git(t.repo, ['checkout', '-q', 'main']);
    commit(t.repo, 'e.txt', 'long after', '2026-03-01T12:00:00Z');
    const r = await commitsDuringSession(t.repo, SPAN);
    assert.equal(r.note, undefined);
    assert.deepEqual(
      r.commits.map((c) => c.hash),
      [c3, c1],
    );
    assert.ok(!r.commits.some((c) => c.hash === c2));
    assert.deepEqual(r.commits[1], {
      hash: c1,
      shortHash: c1.slice(0, r.commits[1].shortHash.length),
      date: '2026-03-01T10:15:00.000Z',
      author: 'Ada',
      subject: 'feat: add health check',
    });
    const none = await commitsDuringSession(t.repo, SPAN, { afterMs: 0 });
    assert.deepEqual(
      none.commits.map((c) => c.hash),
      [c1],
    );
    const capped = await commitsDuringSession(t.repo, SPAN, { maxCount: 1 });
    assert.equal(capped.commits.length, 1);
  } finally {
    t.cleanup();
  }
});

test('no repository, no git, an empty repository or no time span: no commits and no throw', async () => {
  const t = tempRepo();
  try {
    const empty = await commitsDuringSession(t.repo, SPAN);
    assert.deepEqual(empty, { commits: [] });
    const plain = path.join(t.root, 'plain');
    mkdirSync(plain);
    const notRepo = await commitsDuringSession(plain, SPAN, { git: 'git' });
    // the temp folder may sit inside some other repository on a developer machine; in CI it does not
    if (notRepo.note) assert.match(notRepo.note, /not a git repository/);
    assert.deepEqual(
      notRepo.commits.filter((c) => c.date < SPAN.startedAt),
      [],
    );
    const noGit = await commitsDuringSession(t.repo, SPAN, { git: path.join(t.root, 'no-such-git') });
    assert.deepEqual(noGit, { commits: [], note: 'git was not found on PATH' });
    const epoch = await commitsDuringSession(t.repo, {
      startedAt: new Date(0).toISOString(),
      updatedAt: SPAN.updatedAt,
    });
    assert.equal(epoch.commits.length, 0);
    assert.match(epoch.note ?? '', /no usable time span/);
    const missingDir = await commitsDuringSession(path.join(t.root, 'gone'), SPAN);
    assert.equal(missingDir.commits.length, 0);
    assert.ok(missingDir.note);
  } finally {
    t.cleanup();
  }
});

test('the markdown export gets a commits section; subjects are redacted', async () => {
  const t = tempRepo();
  try {
    const c = commit(t.repo, 'x.txt', `chore: rotate ${FAKE_SECRETS.anthropic}`, '2026-03-01T10:30:00Z');
    const { commits } = await commitsDuringSession(t.repo, SPAN);
    const s: ChatSession = {
      tool: 'aider',
      id: '2026-03-01T10:00:00',
      title: 'rotate the key',
      workspaceFolder: t.repo,
      ...SPAN,
      models: [],
      messages: [
        { role: 'user', text: 'rotate the key', toolCalls: [] },
        { role: 'assistant', text: 'Done.', toolCalls: [] },
      ],
      sources: [],
    };
    const md = sessionToMarkdown(s, { commits });
    assert.ok(md.includes('## Commits during this session'));
    assert.ok(
      md.includes(`| \`${c.slice(0, commits[0].shortHash.length)}\` | 2026-03-01 10:30:00 UTC | Ada | chore: rotate `),
    );
    assert.ok(!md.includes('sk-ant-api03-Zx9'));
    assert.ok(md.indexOf('## Commits') < md.indexOf('## 1. User'));
    assert.match(
      sessionToMarkdown(s, { commits: [] }),
      /_No commits were made in this repository while the session ran._/,
    );
    assert.ok(!sessionToMarkdown(s).includes('## Commits'));
  } finally {
    t.cleanup();
  }
});
