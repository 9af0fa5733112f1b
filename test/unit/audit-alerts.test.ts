import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditAlerts, compareAudits, snapshotOf } from '../../src/core/audit/alerts';
import type { AuditReport } from '../../src/core/audit/types';

/** A clean audit of a reachable workspace; `change` plants gaps. */
function report(change: (r: AuditReport) => void = () => {}): AuditReport {
  const r = {
    generatedAt: '2026-12-06T00:00:00.000Z',
    workspace: 'ws',
    notion: { configured: true, reachable: true },
    categories: {},
    details: {
      plans: { modified: [], missing: [], orphaned: [], duplicates: [], edited: [] },
      scripts: { modified: [], missing: [], orphaned: [], duplicates: [], edited: [] },
    },
    executionLogs: {
      runsRecorded: 2,
      scriptsWithoutLog: [],
      lastRunAt: null,
      failedRuns: [],
      available: true,
    },
    triggerFiles: { inbox: 0, processed: 0, failed: 0, staleInbox: 0, staleAfterHours: 24, oldestStale: [] },
    agentChats: { sessionsFound: 0, captured: 0, notCaptured: 0, byTool: {}, notCapturedSessions: [] },
    schemaProblems: [],
    remediation: [],
    apiCalls: 0,
    skipped: [],
  } as unknown as AuditReport;
  change(r);
  return r;
}

describe('audit alerts: only what is new since the previous audit', () => {
  test('nothing new → no alert; the same gap twice → alerted once', () => {
    const clean = snapshotOf(report());
    assert.deepEqual(compareAudits(clean, clean), []);
    const stale = snapshotOf(
      report((r) => {
        r.triggerFiles.staleInbox = 1;
        r.triggerFiles.oldestStale = [{ path: 'inbox/a.json', ageHours: 30 }];
      }),
    );
    const first = compareAudits(clean, stale);
    assert.equal(first.length, 1);
    assert.equal(first[0]!.kind, 'stale-trigger-files');
    assert.equal(first[0]!.severity, 'critical');
    assert.match(first[0]!.title, /1 new trigger file stale in the inbox: inbox\/a\.json/);
    assert.deepEqual(compareAudits(stale, stale), []);
  });

  test('each kind is detected and named: failed runs, scripts without logs, edits in Notion, duplicates', () => {
    const prev = snapshotOf(report());
    const cur = snapshotOf(
      report((r) => {
        r.executionLogs.failedRuns = [{ name: 'nightly', at: null, url: 'https://notion.so/run-1' }];
        r.executionLogs.scriptsWithoutLog = ['scripts/new.py'];
        r.details.plans!.edited = [{ path: 'plans/a.md', url: 'u', at: 't' }];
        r.details.plans!.duplicates = [{ path: 'plans/b.md', urls: ['1', '2'] }];
      }),
    );
    const alerts = compareAudits(prev, cur);
    assert.deepEqual(alerts.map((a) => a.kind).sort(), [
      'duplicates',
      'edited-in-notion',
      'failed-runs',
      'scripts-without-log',
    ]);
    assert.deepEqual(alerts.find((a) => a.kind === 'edited-in-notion')!.items, ['plans/a.md']);
    assert.deepEqual(alerts.find((a) => a.kind === 'failed-runs')!.items, ['https://notion.so/run-1']);
  });

  test('a gap that went away and came back is new again; a resolved gap raises nothing', () => {
    const gap = snapshotOf(report((r) => (r.details.plans!.edited = [{ path: 'plans/a.md', url: 'u', at: 't' }])));
    const clean = snapshotOf(report());
    assert.deepEqual(compareAudits(gap, clean), []);
    assert.equal(compareAudits(clean, gap).length, 1);
  });

  test('Notion unreachable alerts once, and hides no remote gap when it comes back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nws-alerts-'));
    const opts = { stateDir: dir, workspaceRoot: '/ws' };
    const edited = (r: AuditReport) => (r.details.plans!.edited = [{ path: 'plans/a.md', url: 'u', at: 't' }]);
    const down = (r: AuditReport) => {
      r.notion.reachable = false;
      r.notion.error = 'connect ECONNREFUSED';
      r.executionLogs.available = false;
    };
    assert.equal((await auditAlerts(report(edited), opts)).alerts.length, 1, 'first audit names what it finds');
    const d1 = await auditAlerts(report(down), opts);
    assert.deepEqual(
      d1.alerts.map((a) => a.kind),
      ['notion-unreachable'],
    );
    assert.deepEqual((await auditAlerts(report(down), opts)).alerts, [], 'still down: not alerted again');
    // Back up with the same edit as before the outage: not new.
    assert.deepEqual((await auditAlerts(report(edited), opts)).alerts, []);
    // A new edit while it was down is new once it can be seen.
    const both = (r: AuditReport) =>
      (r.details.plans!.edited = [
        { path: 'plans/a.md', url: 'u', at: 't' },
        { path: 'plans/c.md', url: 'u', at: 't' },
      ]);
    const back = await auditAlerts(report(both), opts);
    assert.deepEqual(
      back.alerts.map((a) => a.items),
      [['plans/c.md']],
    );
    assert.ok(back.previousAt);
  });

  test('without a previous audit every current critical gap is reported (a monitor never starts silent)', () => {
    const cur = snapshotOf(report((r) => (r.executionLogs.scriptsWithoutLog = ['scripts/x.sh'])));
    assert.equal(compareAudits(undefined, cur).length, 1);
    assert.deepEqual(compareAudits(undefined, snapshotOf(report())), []);
  });
});
