import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultTriggerConfig, type TriggerConfig } from '../../src/core/config';
import type { TriggerFile } from '../../src/core/inventory';
import {
  backlogValues,
  BACKLOG_KEY,
  changedProperties,
  chooseRows,
  describeContent,
  lifecycleKey,
  MAX_NEW_PROCESSED_ROWS,
  minuteIso,
  taskIdOf,
  taskPageIdOf,
  trackFiles,
  type RowSnapshot,
  type RowValues,
} from '../../src/core/sync/trigger-rows';

const file = (
  path: string,
  state: TriggerFile['state'],
  ageHours: number,
  now = Date.UTC(2026, 11, 6),
): TriggerFile => ({
  path,
  state,
  ageHours,
  mtimeMs: now - ageHours * 3600_000,
});

const config = (over: Partial<TriggerConfig> = {}): TriggerConfig => ({ ...defaultTriggerConfig(), ...over });

describe('trigger rows: the key that survives a move', () => {
  test('the lifecycle folder is taken out of the path, wherever it is', () => {
    const c = config();
    assert.equal(lifecycleKey('jobs/inbox/x.json', 'inbox', c.inbox), 'jobs/x.json');
    assert.equal(lifecycleKey('jobs/processed/x.json', 'processed', c.processed), 'jobs/x.json');
    assert.equal(lifecycleKey('jobs/failed/x.json', 'failed', c.failed), 'jobs/x.json');
    assert.equal(lifecycleKey('inbox/x.json', 'inbox', c.inbox), 'x.json');
    assert.equal(lifecycleKey('a/inbox/sub/x.json', 'inbox', c.inbox), 'a/sub/x.json', 'subfolders stay');
    // Two pipelines with the same file name stay two rows.
    assert.notEqual(lifecycleKey('a/inbox/x.json', 'inbox', c.inbox), lifecycleKey('b/inbox/x.json', 'inbox', c.inbox));
  });

  test('folders of other names, from the configured globs', () => {
    assert.equal(lifecycleKey('queue/todo/x.json', 'inbox', ['queue/todo/**']), 'queue/x.json');
    assert.equal(lifecycleKey('queue/done/x.json', 'processed', ['queue/done/*.json']), 'queue/x.json');
    // The first matching folder: an "inbox" folder inside the job's own path is kept.
    assert.equal(lifecycleKey('q/inbox/inbox/x.json', 'inbox', ['**/inbox/**']), 'q/inbox/x.json');
  });

  test('a glob with no literal folder falls back to a folder named like the state, else the path', () => {
    assert.equal(lifecycleKey('x/processed/y.json', 'processed', ['**/*.done']), 'x/y.json');
    assert.equal(lifecycleKey('x/y.done', 'processed', ['**/*.done']), 'x/y.done');
  });
});

describe('trigger rows: which files get a row', () => {
  test('stale inbox files are flagged; one file per key, the newest wins', () => {
    const c = config({ staleAfterHours: 24 });
    const { tracked, shadowed } = trackFiles(
      [
        file('jobs/inbox/a.json', 'inbox', 30),
        file('jobs/inbox/b.json', 'inbox', 2),
        file('jobs/processed/b.json', 'processed', 50), // b ran before and was dropped in again
        file('jobs/failed/c.json', 'failed', 1),
      ],
      c,
    );
    assert.equal(shadowed, 1);
    assert.deepEqual(
      tracked.map((t) => [t.key, t.rowState, t.folder]),
      [
        ['jobs/a.json', 'stale', 'jobs/inbox'],
        ['jobs/b.json', 'inbox', 'jobs/inbox'],
        ['jobs/c.json', 'failed', 'jobs/failed'],
      ],
    );
  });

  test('on a tie of modification times inbox wins over failed over processed', () => {
    const now = Date.UTC(2026, 0, 1);
    const { tracked } = trackFiles(
      [
        file('p/processed/x', 'processed', 1, now),
        file('p/failed/x', 'failed', 1, now),
        file('p/inbox/x', 'inbox', 1, now),
      ],
      config(),
    );
    assert.equal(tracked.length, 1);
    assert.equal(tracked[0]!.state, 'inbox');
  });

  test('processed files: the window, the rows that exist, and the cap on new rows', () => {
    const files: TriggerFile[] = [file('q/inbox/new.json', 'inbox', 1), file('q/failed/f.json', 'failed', 999)];
    for (let i = 0; i < MAX_NEW_PROCESSED_ROWS + 10; i++)
      files.push(file(`q/processed/r${i}.json`, 'processed', 1 + i * 0.1));
    files.push(file('q/processed/old.json', 'processed', 24 * 30));
    files.push(file('q/processed/old-with-row.json', 'processed', 24 * 40));
    const c = config({ processedDays: 7 });
    const { tracked } = trackFiles(files, c);
    const { listed, backlog } = chooseRows(tracked, (key) => key === 'q/old-with-row.json', c);
    const keys = new Set(listed.map((t) => t.key));
    assert.ok(keys.has('q/new.json') && keys.has('q/f.json'), 'inbox and failed always');
    assert.ok(keys.has('q/old-with-row.json'), 'a file whose row exists stays tracked, whatever its age');
    assert.ok(!keys.has('q/old.json'));
    assert.equal(listed.filter((t) => t.state === 'processed').length, MAX_NEW_PROCESSED_ROWS + 1);
    assert.ok(keys.has('q/r0.json'), 'the newest first');
    assert.ok(!keys.has(`q/r${MAX_NEW_PROCESSED_ROWS + 9}.json`));
    assert.deepEqual(
      backlog.map((t) => t.key).sort(),
      ['q/old.json', ...Array.from({ length: 10 }, (_, i) => `q/r${MAX_NEW_PROCESSED_ROWS + i}.json`)].sort(),
    );
  });

  test('without processedDays the default window is 7 days', () => {
    const c = config();
    const { tracked } = trackFiles(
      [file('p/processed/a', 'processed', 24 * 6.9), file('p/processed/b', 'processed', 24 * 7.1)],
      c,
    );
    const { listed, backlog } = chooseRows(tracked, () => false, c);
    assert.deepEqual(
      listed.map((t) => t.key),
      ['p/a'],
    );
    assert.deepEqual(
      backlog.map((t) => t.key),
      ['p/b'],
    );
  });
});

describe('trigger rows: content', () => {
  test('the summary is redacted, flattened and short; the hash is of the bytes', () => {
    const token = 'ghp_' + 'A1b2'.repeat(9);
    const bytes = Buffer.from(`{\n  "taskId": "T-9",\n  "token": "${token}",\n  "note": "${'x'.repeat(1000)}"\n}\n`);
    const d = describeContent(bytes, 'a.json');
    assert.ok(!d.summary.includes(token));
    assert.match(d.summary, /\[REDACTED:/);
    assert.ok(d.summary.length <= 300);
    assert.ok(!d.summary.includes('\n'));
    assert.equal(d.taskId, 'T-9');
    assert.equal(d.secrets, 1);
    assert.match(d.contentHash, /^[0-9a-f]{64}$/);
    assert.notEqual(describeContent(Buffer.from('{}'), 'a.json').contentHash, d.contentHash);
  });

  test("the product's own token is redacted by value", () => {
    const d = describeContent(Buffer.from('plain words secretvalue-123456 here'), 'a.txt', ['secretvalue-123456']);
    assert.ok(!d.summary.includes('secretvalue-123456'));
  });

  test('binary content is described, not sent', () => {
    const d = describeContent(Buffer.from([0x50, 0, 1, 2]), 'x.bin');
    assert.equal(d.summary, '(binary, 4 bytes)');
  });

  test('task ids: JSON fields, front matter, YAML; never a secret', () => {
    assert.equal(taskIdOf('{"taskId":"A-1"}', 'x.json'), 'A-1');
    assert.equal(taskIdOf('{"task_id": 42}', 'x.json'), '42');
    assert.equal(taskIdOf('{"task":"B-2","taskId":""}', 'x.json'), 'B-2');
    assert.equal(taskIdOf('---\ntask: C-3\ntitle: t\n---\nbody', 'x.md'), 'C-3');
    assert.equal(taskIdOf('task: D-4\n', 'x.yaml'), 'D-4');
    assert.equal(taskIdOf('{not json', 'x.json'), '');
    assert.equal(taskIdOf('[1,2]', 'x.json'), '');
    assert.equal(taskIdOf('no front matter', 'x.md'), '');
    assert.equal(taskIdOf('---\n: : bad\n---\n', 'x.md'), '');
    const secret = describeContent(Buffer.from('{"task":"ghp_' + 'Q'.repeat(36) + '"}'), 'x.json');
    assert.equal(secret.taskId, '');
  });

  test('a task id that is a Notion page id links to that page directly', () => {
    assert.equal(taskPageIdOf('0123456789abcdef0123456789abcdef'), '01234567-89ab-cdef-0123-456789abcdef');
    assert.equal(
      taskPageIdOf('https://www.notion.so/Task-0123456789abcdef0123456789abcdef'),
      '01234567-89ab-cdef-0123-456789abcdef',
    );
    assert.equal(taskPageIdOf('T-1'), undefined);
  });
});

describe('trigger rows: what changed', () => {
  const want: RowValues = {
    key: 'jobs/a.json',
    name: 'a.json',
    state: 'processed',
    folder: 'jobs/processed',
    modified: minuteIso(Date.UTC(2026, 0, 1, 10, 30, 45, 500)),
    summary: '{}',
    taskId: 'T-1',
    contentHash: 'h',
  };
  const have: RowSnapshot = {
    name: 'a.json',
    state: 'inbox',
    folder: 'jobs/inbox',
    modified: '2026-01-01T10:30:00.000+00:00',
    summary: '{}',
    taskId: 'T-1',
    contentHash: 'h',
    taskPages: ['p-1'],
  };
  const all = (): boolean => true;

  test("a move changes State and Folder only; Notion's date form compares equal", () => {
    assert.equal(want.modified, '2026-01-01T10:30:00.000Z');
    assert.deepEqual(changedProperties(want, have, all), ['State', 'Folder']);
    assert.deepEqual(changedProperties(want, { ...have, state: 'processed', folder: 'jobs/processed' }, all), []);
  });

  test('only properties the database has are compared; the relation only when resolved', () => {
    assert.deepEqual(
      changedProperties(want, have, (p) => p !== 'Folder'),
      ['State'],
    );
    const same = { ...have, state: 'processed', folder: 'jobs/processed' };
    assert.deepEqual(changedProperties(want, same, all, ['p2']), ['Task']);
    assert.deepEqual(changedProperties(want, same, all), [], 'not compared while unresolved');
    assert.deepEqual(changedProperties(want, { ...same, taskPages: ['p-1'] }, all, ['p1']), [], 'dashes do not matter');
  });

  test('the backlog row counts and dates the files, and says nothing time-dependent', () => {
    const files = trackFiles(
      [file('j/processed/a', 'processed', 24 * 10), file('j/processed/b', 'processed', 24 * 20)],
      config(),
    ).tracked;
    const v = backlogValues(files, 7);
    assert.equal(v.key, BACKLOG_KEY);
    assert.equal(v.files, 2);
    assert.equal(v.state, 'backlog');
    assert.equal(v.modified, minuteIso(files.find((f) => f.path.endsWith('/a'))!.mtimeMs));
    assert.match(v.summary, /^2 processed trigger files .* modified 2026-11-16 … 2026-11-26\./);
    assert.deepEqual(backlogValues(files, 7), v, 'the same files, the same row');
    assert.equal(backlogValues([], 7).files, 0);
  });
});
