import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { anyOf, editedOnOrAfter, textEquals } from '../../src/core/notion/requests';
import type { Inventory, LocalItem } from '../../src/core/inventory';
import type { RemoteRow } from '../../src/core/notion/databases';
import { keysToLookUp } from '../../src/core/sync/workspace-index';
import { sameRow } from '../../src/core/sync/remote-check';

function inventory(items: Array<[string, string]>, extra: Partial<Inventory> = {}): Inventory {
  return {
    items: items.map(([category, path]): LocalItem => ({
      category,
      path,
      absPath: `/ws/${path}`,
      kind: 'markdown',
      size: 1,
      mtimeMs: 0,
      hash: 'h',
    })),
    skipped: [],
    triggers: { inbox: [], processed: [], failed: [], files: [] } as unknown as Inventory['triggers'],
    scannedFiles: items.length,
    notFound: [],
    ...extra,
  };
}

describe('editedOnOrAfter: the last_edited_time filter', () => {
  test('takes the time down to its minute (Notion keeps edit times to the minute)', () => {
    assert.deepEqual(editedOnOrAfter('2026-12-06T10:15:42.123Z'), {
      timestamp: 'last_edited_time',
      last_edited_time: { on_or_after: '2026-12-06T10:15:00.000Z' },
    });
    assert.deepEqual(editedOnOrAfter(new Date('2026-12-06T10:15:00.000Z')), {
      timestamp: 'last_edited_time',
      last_edited_time: { on_or_after: '2026-12-06T10:15:00.000Z' },
    });
  });

  test('refuses what is not a date instead of sending a filter Notion would reject', () => {
    assert.throws(() => editedOnOrAfter('yesterday'), RangeError);
    assert.throws(() => editedOnOrAfter(new Date(Number.NaN)), RangeError);
  });

  test('anyOf: one condition stays itself, several become an "or"', () => {
    const a = textEquals('Path', 'a');
    const b = textEquals('Path', 'b');
    assert.deepEqual(anyOf([a]), a);
    assert.deepEqual(anyOf([a, b]), { or: [a, b] });
  });
});

describe('keysToLookUp: when a sync of a few files reads only their keys', () => {
  test('files of the inventory: their keys, grouped by category', () => {
    const inv = inventory([
      ['plans', 'plans/a.md'],
      ['plans', 'plans/b.md'],
      ['reports', 'reports/r.md'],
    ]);
    const keys = keysToLookUp(inv, ['plans/a.md', './plans/b.md', 'reports/r.md', 'plans/a.md']);
    assert.deepEqual(
      [...(keys ?? new Map()).entries()],
      [
        ['plans', ['plans/a.md', 'plans/b.md']],
        ['reports', ['reports/r.md']],
      ],
    );
  });

  test('a folder, a missing file, no paths: undefined (the whole databases are read)', () => {
    const inv = inventory([
      ['plans', 'plans/a.md'],
      ['plans', 'plans/b.md'],
    ]);
    assert.equal(keysToLookUp(inv, ['plans']), undefined, 'a folder');
    assert.equal(keysToLookUp(inv, undefined), undefined);
    assert.equal(keysToLookUp(inv, []), undefined);
    assert.equal(
      keysToLookUp(inventory([['plans', 'plans/a.md']], { notFound: ['plans/gone.md'] }), [
        'plans/a.md',
        'plans/gone.md',
      ]),
      undefined,
      'a deleted file (its row is an orphan)',
    );
    assert.equal(keysToLookUp(inv, ['plans/a.md']), undefined, 'the scan found more than the keys');
  });

  test('a skipped file counts as a file of its category', () => {
    const inv = inventory([], {
      skipped: [{ category: 'scripts', path: 'scripts/big.bin', reason: 'binary', code: 'binary' }],
    });
    assert.deepEqual([...(keysToLookUp(inv, ['scripts/big.bin']) ?? new Map()).keys()], ['scripts']);
  });
});

describe('sameRow: a version of a row already known', () => {
  const row: RemoteRow = {
    pageId: 'p',
    url: 'u',
    path: 'plans/a.md',
    workspace: 'w',
    name: 'A',
    contentHash: 'h1',
    createdTime: '2026-01-01T00:00:00.000Z',
    lastEditedTime: '2026-01-01T00:01:00.000Z',
    lastEditedBy: 'bot',
    properties: {},
  };
  test('equal when edit time, editor, key, hash and title agree', () => {
    assert.ok(sameRow(row, { ...row, properties: { other: { type: 'x' } } }));
  });
  test('a person editing in the same minute, a new hash, a moved key, a new title: not the same', () => {
    assert.ok(!sameRow(row, { ...row, lastEditedBy: 'person' }));
    assert.ok(!sameRow(row, { ...row, contentHash: 'h2' }));
    assert.ok(!sameRow(row, { ...row, path: 'plans/b.md' }));
    assert.ok(!sameRow(row, { ...row, name: 'B' }));
    assert.ok(!sameRow(row, { ...row, lastEditedTime: '2026-01-01T00:02:00.000Z' }));
  });
});

describe('fixKind: core says what fixes a problem, each front end words it', () => {
  test('each error kind has its fix kind, carried by the problem the engine reports', async () => {
    const { NotionError, fixKindOf } = await import('../../src/core/notion/errors');
    const { problemOf } = await import('../../src/core/sync/session');
    const cases: Array<[ConstructorParameters<typeof NotionError>[0], string, string]> = [
      ['auth', 'connect', 'auth'],
      ['permission', 'share', 'auth'],
      ['not-found', 'share', 'error'],
      ['rate-limited', 'retry-later', 'unreachable'],
      ['server', 'retry-later', 'unreachable'],
      ['network', 'check-network', 'unreachable'],
      ['validation', 'none', 'error'],
    ];
    for (const [kind, fixKind, reason] of cases) {
      const err = new NotionError(kind, `a ${kind} error`);
      assert.equal(fixKindOf(err), fixKind, kind);
      const p = problemOf(err, 'Plans');
      assert.equal(p.fixKind, fixKind, kind);
      assert.equal(p.reason, reason, kind);
      assert.ok(p.fix.length > 0, 'the CLI wording stays');
    }
  });
});
