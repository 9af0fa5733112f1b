import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireLock, LockHeldError, pidAlive } from '../../src/core/sync/lock';
import { survivorOrder } from '../../src/core/sync/rows';
import { SyncState } from '../../src/core/sync/state';

async function lockPath(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'nws-lock-')), 'ws.lock');
}

test('the lock file names its holder and is removed on release', async () => {
  const file = await lockPath();
  const lock = await acquireLock(file, { command: 'notion-sync sync' });
  const owner = JSON.parse(await readFile(file, 'utf8'));
  assert.equal(owner.pid, process.pid);
  assert.equal(owner.host, hostname());
  assert.equal(owner.command, 'notion-sync sync');
  assert.ok(!Number.isNaN(Date.parse(owner.startedAt)));
  await lock.release();
  assert.ok(!existsSync(file));
});

test('a second holder in the same process waits, then gets the lock when the first lets go', async () => {
  const file = await lockPath();
  const first = await acquireLock(file);
  let waited = false;
  const second = acquireLock(file, { waitMs: 5000, onWait: () => (waited = true) });
  await new Promise((r) => setTimeout(r, 150));
  assert.ok(waited);
  await first.release();
  const lock = await second;
  assert.ok(existsSync(file));
  await lock.release();
});

test('a live holder on this host times out with its pid, host and command in the message', async () => {
  const file = await lockPath();
  await writeFile(file, JSON.stringify({ pid: process.pid, host: hostname(), startedAt: 'x', command: 'run' }));
  await assert.rejects(acquireLock(file, { waitMs: 100 }), (err: unknown) => {
    assert.ok(err instanceof LockHeldError);
    assert.match(err.message, new RegExp(`pid ${process.pid} on ${hostname()} \\(run\\)`));
    assert.match(err.message, new RegExp(file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    return true;
  });
});

test('a holder on another host is never judged stale (its pid means nothing here)', async () => {
  const file = await lockPath();
  await writeFile(file, JSON.stringify({ pid: 999999, host: 'elsewhere', startedAt: 'x' }));
  await assert.rejects(acquireLock(file, { waitMs: 100 }), LockHeldError);
});

test('a dead holder on this host, or an unreadable lock file, is stale and taken over', async () => {
  for (const content of [JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), startedAt: 'x' }), '{"pi']) {
    const file = await lockPath();
    await writeFile(file, content);
    const lock = await acquireLock(file, { waitMs: 100 });
    assert.equal(JSON.parse(await readFile(file, 'utf8')).pid, process.pid);
    await lock.release();
  }
});

test('release never removes a lock another run took over', async () => {
  const file = await lockPath();
  const lock = await acquireLock(file);
  await writeFile(file, JSON.stringify({ pid: 1, host: 'other', startedAt: 'y' }));
  await lock.release();
  assert.ok(existsSync(file));
});

test('pidAlive: this process is alive, nonsense pids are not', () => {
  assert.equal(pidAlive(process.pid), true);
  assert.equal(pidAlive(0), false);
  assert.equal(pidAlive(-5), false);
  assert.equal(pidAlive(2 ** 22 + 12345), false);
});

test('survivorOrder: the earliest created row survives, then the smallest id, whatever the order seen', () => {
  const rows = [
    { createdTime: '2026-01-01T10:01:00.000Z', pageId: 'a' },
    { createdTime: '2026-01-01T10:00:00.000Z', pageId: 'c' },
    { createdTime: '2026-01-01T10:00:00.000Z', pageId: 'b' },
  ];
  assert.deepEqual(
    [...rows].sort(survivorOrder).map((r) => r.pageId),
    ['b', 'c', 'a'],
  );
  assert.deepEqual(
    [...rows]
      .reverse()
      .sort(survivorOrder)
      .map((r) => r.pageId),
    ['b', 'c', 'a'],
  );
});

test('knownHash: the latest hash this machine wrote or saw in step; none for a row it never knew', async () => {
  const state = await SyncState.load('/nowhere', await mkdtemp(join(tmpdir(), 'nws-state-')));
  assert.equal(state.knownHash('p'), undefined);
  state.setPage('p', { path: 'a.md', hash: 'h1', body: { hashes: [], ids: [], types: [] }, lastEditedTime: 't' });
  assert.equal(state.knownHash('p'), 'h1');
  state.noteSeen('p', 'h2');
  assert.equal(state.knownHash('p'), 'h2');
  state.setPage('p', {
    path: 'a.md',
    hash: 'h2',
    body: { hashes: [], ids: [], types: [] },
    lastEditedTime: 't',
    incomplete: true,
  });
  assert.equal(state.knownHash('p'), 'h2', 'an interrupted write does not move the base');
  state.forgetPage('p');
  assert.equal(state.knownHash('p'), undefined);
});
