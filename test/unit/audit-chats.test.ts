import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { auditJson, auditMarkdown, sessionGrew } from '../../src/core/audit';
import type { AuditReport } from '../../src/core/audit/types';

function report(agentChats: Partial<AuditReport['agentChats']>): AuditReport {
  return {
    generatedAt: '2026-12-06T00:00:00.000Z',
    workspace: 'ws',
    notion: { configured: true, reachable: true },
    categories: {},
    details: {},
    executionLogs: { runsRecorded: 0, scriptsWithoutLog: [], lastRunAt: null, failedRuns: [], available: true },
    triggerFiles: { inbox: 0, processed: 0, failed: 0, staleInbox: 0, staleAfterHours: 24, oldestStale: [] },
    agentChats: { sessionsFound: 3, captured: 2, notCaptured: 1, byTool: {}, notCapturedSessions: [], ...agentChats },
    schemaProblems: [],
    remediation: [],
    apiCalls: 0,
    skipped: [],
  } as unknown as AuditReport;
}

describe('audit: captured chats with new turns (as the editor counts "grown")', () => {
  test('a session grew when its row records fewer messages than it has; unknown counts never did', () => {
    assert.equal(sessionGrew(4, 6), true);
    assert.equal(sessionGrew(6, 6), false);
    assert.equal(sessionGrew(7, 6), false);
    assert.equal(sessionGrew(undefined, 6), false);
  });

  test('the JSON gives withNewTurns (0 when none) and the markdown says how many', () => {
    const grown = report({ withNewTurns: 1 });
    assert.equal((auditJson(grown).agentChats as { withNewTurns: number }).withNewTurns, 1);
    assert.match(auditMarkdown(grown), /2 captured \(1 with new turns\), 1 not captured/);
    const none = report({});
    assert.equal((auditJson(none).agentChats as { withNewTurns: number }).withNewTurns, 0);
    assert.doesNotMatch(auditMarkdown(none), /new turns/);
  });
});
