import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileTitleKeys, lookAlikeRows, matchRows, normalizeRowPath, titleFits } from '../../src/core/sync/adopt-match';
import type { MatchFile, MatchRow } from '../../src/core/sync/adopt-match';

let n = 0;
function row(name: string, path = ''): MatchRow {
  return { pageId: `p${++n}`, name, path };
}
function files(...paths: string[]): MatchFile[] {
  return paths.map((path) => ({ path, claimed: false }));
}
function summary(r: ReturnType<typeof matchRows<MatchRow>>) {
  return {
    matches: r.matches.map((m) => `${m.path}<-${m.row.pageId}:${m.by}`),
    ambiguous: r.ambiguous.map((a) => `${a.path}:${a.candidates.map((c) => c.pageId).join(',')}`),
    unmatched: r.unmatched.map((u) => u.row.pageId),
  };
}

test('path values are read as workspace-relative forward-slash paths', () => {
  assert.equal(normalizeRowPath('./scripts/a.py'), 'scripts/a.py');
  assert.equal(normalizeRowPath('scripts\\sub\\a.py'), 'scripts/sub/a.py');
  assert.equal(normalizeRowPath('.\\scripts\\a.py'), 'scripts/a.py');
  assert.equal(normalizeRowPath('  /scripts//a.py '), 'scripts/a.py');
  assert.equal(normalizeRowPath('././scripts/a.py'), 'scripts/a.py');
  assert.equal(normalizeRowPath(''), '');
});

test('a file name as a title: with and without its extension, case-insensitive', () => {
  assert.deepEqual(fileTitleKeys('scripts/deploy.py'), { full: 'deploy.py', stem: 'deploy' });
  assert.deepEqual(fileTitleKeys('scripts/archive.tar.gz'), { full: 'archive.tar.gz', stem: 'archive.tar' });
  assert.deepEqual(fileTitleKeys('scripts/.env.sh'), { full: '.env.sh', stem: '.env' });
  assert.deepEqual(fileTitleKeys('scripts/Makefile'), { full: 'makefile', stem: 'makefile' });
  assert.ok(titleFits('deploy.py', 'scripts/deploy.py'));
  assert.ok(titleFits('Deploy', 'scripts/deploy.py'));
  assert.ok(titleFits('  DEPLOY.PY ', 'scripts/deploy.py'));
  assert.ok(!titleFits('deploy.sh', 'scripts/deploy.py'));
  assert.ok(!titleFits('scripts/deploy.py', 'scripts/deploy.py'), 'a title is a name, not a path');
  assert.ok(!titleFits('', 'scripts/deploy.py'));
});

test('by path first (./, backslashes and case tolerated), else by a unique title', () => {
  const a = row('whatever title', './scripts/a.py');
  const b = row('b.py');
  const c = row('C', 'Scripts\\C.SH');
  const d = row('d');
  const r = matchRows(files('scripts/a.py', 'scripts/b.py', 'scripts/c.sh', 'scripts/d.rb'), [a, b, c, d]);
  assert.deepEqual(summary(r), {
    matches: [
      `scripts/a.py<-${a.pageId}:path`,
      `scripts/b.py<-${b.pageId}:title`,
      `scripts/c.sh<-${c.pageId}:path`,
      `scripts/d.rb<-${d.pageId}:title`,
    ],
    ambiguous: [],
    unmatched: [],
  });
});

test('a path that names no local file falls back to the title; a row that fits nothing is unmatched', () => {
  const moved = row('tool.py', 'old/place/tool.py');
  const stray = row('Release notes', 'docs/notes.md');
  const r = matchRows(files('scripts/tool.py'), [moved, stray]);
  assert.deepEqual(summary(r), {
    matches: [`scripts/tool.py<-${moved.pageId}:title`],
    ambiguous: [],
    unmatched: [stray.pageId],
  });
});

test('two rows titled like one file: ambiguous, neither taken', () => {
  const r1 = row('run.py');
  const r2 = row('RUN.PY');
  const r = matchRows(files('scripts/run.py', 'scripts/other.py'), [r1, r2]);
  assert.deepEqual(summary(r).matches, []);
  assert.deepEqual(summary(r).ambiguous, [`scripts/run.py:${r1.pageId},${r2.pageId}`]);
});

test('one row titled like two files in different folders: ambiguous for both, never guessed', () => {
  const r1 = row('run.py');
  const r = matchRows(files('scripts/a/run.py', 'scripts/b/run.py'), [r1]);
  assert.deepEqual(summary(r), {
    matches: [],
    ambiguous: [`scripts/a/run.py:${r1.pageId}`, `scripts/b/run.py:${r1.pageId}`],
    unmatched: [],
  });
  assert.match(r.ambiguous[0]!.reason, /fits 2 files/);
});

test('two rows and two files of one name (the issue’s run.py case): both files ambiguous with both rows', () => {
  const r1 = row('run.py');
  const r2 = row('run.py');
  const r = matchRows(files('scripts/a/run.py', 'scripts/b/run.py'), [r1, r2]);
  assert.deepEqual(summary(r).matches, []);
  assert.deepEqual(summary(r).ambiguous, [
    `scripts/a/run.py:${r1.pageId},${r2.pageId}`,
    `scripts/b/run.py:${r1.pageId},${r2.pageId}`,
  ]);
});

test('a path settles what a title cannot: each run.py row with its own path is adopted', () => {
  const r1 = row('run.py', 'scripts/a/run.py');
  const r2 = row('run.py', 'scripts\\b\\run.py');
  const r = matchRows(files('scripts/a/run.py', 'scripts/b/run.py'), [r1, r2]);
  assert.deepEqual(summary(r).matches, [`scripts/a/run.py<-${r1.pageId}:path`, `scripts/b/run.py<-${r2.pageId}:path`]);
  assert.deepEqual(summary(r).ambiguous, []);
});

test('two rows with the same path: ambiguous', () => {
  const r1 = row('x', 'scripts/x.py');
  const r2 = row('y', './scripts/x.py');
  const r = matchRows(files('scripts/x.py'), [r1, r2]);
  assert.deepEqual(summary(r).ambiguous, [`scripts/x.py:${r1.pageId},${r2.pageId}`]);
  assert.deepEqual(summary(r).matches, []);
});

test('a title without extension that fits two files (deploy.py, deploy.sh) is never guessed; a full name wins', () => {
  const bare = row('deploy');
  const full = row('deploy.sh');
  const r = matchRows(files('scripts/deploy.py', 'scripts/deploy.sh'), [bare, full]);
  // deploy.sh is matched by its full name first (the stronger evidence); "deploy" still fits deploy.py and
  // deploy.sh, so it is not guessed to be deploy.py's row: that file is listed as ambiguous.
  assert.deepEqual(summary(r).matches, [`scripts/deploy.sh<-${full.pageId}:title`]);
  assert.deepEqual(summary(r).ambiguous, [`scripts/deploy.py:${bare.pageId}`]);
  assert.match(r.ambiguous[0]!.reason, /fits 2 files/);

  const only = matchRows(files('scripts/deploy.py', 'scripts/deploy.sh'), [row('deploy.py')]);
  assert.equal(only.matches.length, 1);
  assert.equal(only.matches[0]!.path, 'scripts/deploy.py');
});

test('a file that already has its row never takes a second one: the look-alike is left alone', () => {
  const byTitle = row('done.py');
  const byPath = row('x', 'scripts/done.py');
  const r = matchRows([{ path: 'scripts/done.py', claimed: true }, ...files('scripts/new.py')], [byTitle, byPath]);
  assert.deepEqual(summary(r).matches, []);
  assert.deepEqual(summary(r).ambiguous, []);
  assert.deepEqual(summary(r).unmatched.sort(), [byTitle.pageId, byPath.pageId].sort());
});

test('a claimed file still counts for uniqueness: a title that fits it and a free file is ambiguous', () => {
  const r1 = row('run.py');
  const r = matchRows([{ path: 'scripts/a/run.py', claimed: true }, ...files('scripts/b/run.py')], [r1]);
  assert.deepEqual(summary(r).matches, []);
  assert.deepEqual(summary(r).ambiguous, [`scripts/b/run.py:${r1.pageId}`]);
});

test('a file matched by path is not given a second row by title', () => {
  const byPath = row('Deploy script', 'scripts/deploy.py');
  const byTitle = row('deploy.py');
  const r = matchRows(files('scripts/deploy.py'), [byPath, byTitle]);
  assert.deepEqual(summary(r).matches, [`scripts/deploy.py<-${byPath.pageId}:path`]);
  assert.deepEqual(summary(r).unmatched, [byTitle.pageId]);
});

test('a hundred rows, half with paths, all adopted one to one', () => {
  const names = Array.from({ length: 100 }, (_, i) => `scripts/tool_${String(i).padStart(3, '0')}.py`);
  const rows = names.map((p, i) => row(p.slice('scripts/'.length), i % 2 === 0 ? p : ''));
  const r = matchRows(files(...names), rows);
  assert.equal(r.matches.length, 100);
  assert.equal(r.matches.filter((m) => m.by === 'path').length, 50);
  assert.equal(new Set(r.matches.map((m) => m.row.pageId)).size, 100);
});

test('look-alikes: unmanaged rows titled like a local file or one of our rows', () => {
  const a = row('s1.py');
  const b = row('S1');
  const c = row('Weekly plan');
  const d = row('unrelated');
  const e = row('');
  const got = lookAlikeRows([a, b, c, d, e], ['scripts/s1.py'], [{ name: 'Weekly plan', path: 'plans/w.md' }]);
  assert.deepEqual(
    got.map((r) => r.pageId),
    [a.pageId, b.pageId, c.pageId],
  );
});
