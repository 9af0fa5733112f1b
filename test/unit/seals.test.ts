import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyncState } from '../../src/core/sync/state';
import type { RemoteRow } from '../../src/core/notion/databases';
import {
  INCOMPLETE_HASH,
  noteSealed,
  openRun,
  parseSealed,
  RECHECK_MS,
  resolveSeals,
  sealable,
  sealedHash,
} from '../../src/core/sync/seals';

const RUN_A = '11111111-1111-4111-8111-111111111111';
const RUN_B = '22222222-2222-4222-8222-222222222222';
const RUN_C = '33333333-3333-4333-8333-333333333333';
const NOW = Date.parse('2026-12-06T12:00:00Z');

function row(pageId: string, contentHash: string, minutesAgo: number): RemoteRow {
  const t = new Date(NOW - minutesAgo * 60_000).toISOString();
  return {
    pageId,
    url: '',
    path: `${pageId}.md`,
    workspace: 'w',
    name: pageId,
    contentHash,
    createdTime: t,
    lastEditedTime: t,
    properties: {},
  };
}

async function freshState(): Promise<SyncState> {
  return SyncState.load(await mkdtemp(join(tmpdir(), 'nws-seal-')), await mkdtemp(join(tmpdir(), 'nws-seal-state-')));
}

describe('seals: the tag of a run', () => {
  test('round trip; anything else is not a tag', () => {
    const tagged = sealedHash(RUN_A, 'v2:abc+links:def');
    assert.deepEqual(parseSealed(tagged), { runId: RUN_A, hash: 'v2:abc+links:def' });
    for (const other of ['v2:abc', INCOMPLETE_HASH, '', 'run:not-a-uuid;v2:abc', `run:${RUN_A}`])
      assert.equal(parseSealed(other), undefined, other);
  });

  test('a run is sealable only when every page it tagged is complete', () => {
    const seal = { id: RUN_A, pages: ['p1'], open: new Set<string>() };
    assert.equal(sealable(seal), true);
    seal.open.add('p2');
    assert.equal(sealable(seal), false, 'a partial page not marked in Notion');
    assert.equal(sealable({ id: RUN_A, pages: [], open: new Set() }), false, 'nothing to seal');
  });
});

describe('seals: resolving rows', () => {
  test('sealed in Notion → the hash; unknown and quiet → incomplete; unknown and recent → left alone', async () => {
    const state = await freshState();
    const rows = [
      row('sealed', sealedHash(RUN_A, 'h1'), 60),
      row('dead', sealedHash(RUN_B, 'h2'), 30),
      row('alive-old', sealedHash(RUN_C, 'h3'), 40),
      row('alive-new', sealedHash(RUN_C, 'h4'), 2),
      row('plain', 'h5', 1),
    ];
    const asked: string[][] = [];
    const out = await resolveSeals(
      state,
      rows,
      async (ids) => {
        asked.push([...ids].sort());
        return new Set([RUN_A]);
      },
      { now: NOW },
    );
    assert.deepEqual(asked, [[RUN_A, RUN_B, RUN_C].sort()], 'one look-up for every unknown run');
    assert.deepEqual(
      rows.map((r) => r.contentHash),
      ['h1', INCOMPLETE_HASH, INCOMPLETE_HASH, INCOMPLETE_HASH, 'h5'],
    );
    // A run is alive while any of its rows moved recently: all its rows are left alone.
    assert.deepEqual([...out.writingElsewhere.keys()].sort(), ['alive-new', 'alive-old']);
    assert.ok(state.data.runs!.sealed.includes(RUN_A), 'a found seal is remembered');

    // Next time the known seal costs no look-up.
    const again = [row('sealed', sealedHash(RUN_A, 'h1'), 60)];
    await resolveSeals(state, again, async () => assert.fail('no look-up for a known seal'), { now: NOW });
    assert.equal(again[0]!.contentHash, 'h1');
  });

  test('a row kept between reads is resolved again: still writing, then sealed', async () => {
    const state = await freshState();
    const kept = [row('p', sealedHash(RUN_C, 'h'), 1)];
    const first = await resolveSeals(state, kept, async () => new Set(), { now: NOW });
    assert.equal(kept[0]!.contentHash, INCOMPLETE_HASH);
    assert.ok(first.writingElsewhere.has('p'));
    assert.equal(kept[0]!.rawContentHash, sealedHash(RUN_C, 'h'), "Notion's value is kept");
    // Not asked again at once (the editor refreshes often): still read as being written.
    await resolveSeals(state, kept, async () => assert.fail('asked again within RECHECK_MS'), {
      now: NOW + RECHECK_MS - 1,
    });
    assert.equal(kept[0]!.contentHash, INCOMPLETE_HASH);
    const second = await resolveSeals(state, kept, async () => new Set([RUN_C]), { now: NOW + RECHECK_MS });
    assert.equal(kept[0]!.contentHash, 'h', 'its run sealed since');
    assert.equal(second.writingElsewhere.size, 0);
    assert.equal(state.data.runs!.missing![RUN_C], undefined, 'found sealed: no longer remembered as missing');
  });

  test("this machine's own run: over (we hold the lock) unless sealed or its seal waits in the queue", async () => {
    const state = await freshState();
    openRun(state, RUN_A);
    openRun(state, RUN_B);
    state.data.pendingLogs.push({ id: RUN_B, databaseId: 'logs', properties: {}, body: [], queuedAt: '', reason: '' });
    const rows = [row('mine-dead', sealedHash(RUN_A, 'h1'), 1), row('mine-queued', sealedHash(RUN_B, 'h2'), 1)];
    const out = await resolveSeals(state, rows, async () => assert.fail('own runs are never looked up'), { now: NOW });
    assert.deepEqual(
      rows.map((r) => r.contentHash),
      [INCOMPLETE_HASH, 'h2'],
    );
    assert.equal(out.writingElsewhere.size, 0, 'its own dead run is not another writer');
    noteSealed(state, [RUN_A]);
    assert.deepEqual(state.data.runs!.open, [RUN_B]);
    assert.ok(state.data.runs!.sealed.includes(RUN_A));
  });
});
