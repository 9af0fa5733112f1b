// Issue 15, point 6: the first push of a tool to Notion waits for a confirmation of what it sends. Against the
// sandbox: without a confirmation (the editor's automatic capture) nothing of a new tool is written — no export, no
// row, no request; a refused confirmation holds them back too; once a tool has a row of this workspace its next
// sessions go without asking, while another tool's first sessions are still held. The CLI outside a terminal prints
// the preview to stderr, reports it as `firstPush` and goes on.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness } from './helpers';
import { makeTempHome, FAKE_SECRETS } from '../fixtures/chats/home';
import type { TempHome } from '../fixtures/chats/home';
import { ClaudeSessionBuilder } from '../fixtures/chats/claude';
import { CodexRolloutBuilder } from '../fixtures/chats/codex';
import { loadConfig } from '../../src/core/config';
import { captureChats } from '../../src/core/sync';
import type { EngineContext } from '../../src/core/sync';
import type { FirstPushPreview } from '../../src/core/sync/capture-preview';

const C1 = '33333333-aaaa-4bbb-8ccc-00000000000a';
const C2 = '33333333-aaaa-4bbb-8ccc-00000000000b';
const X1 = '0197a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a99';

describe('the first push of an agent tool waits for a confirmation', () => {
  let h: Harness;
  let home: TempHome;
  let env: Record<string, string>;

  async function engine(): Promise<EngineContext> {
    return {
      config: await loadConfig(home.ws),
      token: h.sandbox.token,
      apiBaseUrl: h.sandbox.url,
      trigger: 'auto',
      stateDir: h.stateDir,
      gateway: { rps: 0 },
      env,
    };
  }

  before(async () => {
    h = await Harness.start();
    home = makeTempHome();
    new ClaudeSessionBuilder(C1, home.ws, '2026-05-01T09:00:00.000Z')
      .prompt(`Rotate the deploy key ${FAKE_SECRETS.github}`)
      .text('Rotated.')
      .write(join(home.home, '.claude'));
    new CodexRolloutBuilder(X1, home.ws)
      .turn('gpt-5-codex')
      .prompt('Write the report script', true)
      .answer('Written.')
      .write(join(home.home, '.codex'));
    env = { HOME: home.home, CODEX_HOME: join(home.home, '.codex') };
    await writeFile(join(home.ws, '.notion-sync.json'), JSON.stringify({ workspaceName: 'first-push-ws' }));
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: home.ws, env });
    assert.equal(init.code, 0, init.stderr);
  });
  after(async () => {
    await h?.close();
    home?.cleanup();
  });

  test('without a confirmation (automatic capture) a new tool sends nothing: no export, no row, no write', async () => {
    h.sandbox.resetStats();
    const report = await captureChats(await engine(), { tools: ['claude-code', 'codex'] });
    assert.equal(report.held, 2, JSON.stringify(report.sessions));
    assert.equal(report.captured, 0);
    assert.deepEqual(report.sessions.map((s) => s.action).sort(), ['held', 'held']);
    assert.equal(report.firstPush?.confirmed, false);
    const claude = report.firstPush?.tools.find((t) => t.tool === 'claude-code');
    assert.deepEqual(claude, { tool: 'claude-code', sessions: 1, messages: 2, redactions: { 'github-token': 1 } });
    assert.equal(h.sandbox.stats().writes, 0);
    assert.equal(existsSync(join(home.ws, 'agent-chats')), false, 'an export was written');
  });

  test('the confirmation sees sessions, messages and redactions by kind; refusing holds them back', async () => {
    h.sandbox.resetStats();
    const seen: FirstPushPreview[] = [];
    const report = await captureChats(await engine(), {
      tools: ['claude-code'],
      confirmFirstPush: (p) => {
        seen.push(p);
        return false;
      },
    });
    assert.equal(seen.length, 1);
    assert.deepEqual(seen[0]!.sessions, [
      {
        tool: 'claude-code',
        id: C1,
        title: seen[0]!.sessions[0]!.title,
        messages: 2,
        redactions: { 'github-token': 1 },
      },
    ]);
    assert.ok(!seen[0]!.sessions[0]!.title.includes(FAKE_SECRETS.github), 'secret in the previewed title');
    assert.equal(report.held, 1);
    assert.equal(h.sandbox.stats().writes, 0);
  });

  test('confirmed once, the tool is known from its rows: its next session goes without asking, a new tool is held', async () => {
    const ok = await captureChats(await engine(), { tools: ['claude-code'], confirmFirstPush: () => true });
    assert.equal(ok.captured, 1, JSON.stringify(ok.sessions));
    assert.equal(ok.firstPush?.confirmed, true);

    new ClaudeSessionBuilder(C2, home.ws, '2026-05-02T09:00:00.000Z')
      .prompt('Second session')
      .text('ok')
      .write(join(home.home, '.claude'));
    let asked: FirstPushPreview | undefined;
    const next = await captureChats(await engine(), {
      tools: ['claude-code', 'codex'],
      confirmFirstPush: (p) => {
        asked = p;
        return false;
      },
    });
    assert.deepEqual(
      asked?.tools.map((t) => t.tool),
      ['codex'],
      'only the tool never pushed is previewed',
    );
    const byId = Object.fromEntries(next.sessions.map((s) => [s.id, s.action]));
    assert.deepEqual(byId, { [C1]: 'unchanged', [C2]: 'created', [X1]: 'held' });
  });

  test('CLI without a terminal: the preview goes to stderr and into --json as firstPush, and the capture goes on', async () => {
    const r = await h.cli(['chats', 'capture', '--all', '--json'], { workspace: home.ws, env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.captured, 1);
    assert.equal(r.json.held, 0);
    assert.deepEqual(
      r.json.firstPush.tools.map((t: { tool: string }) => t.tool),
      ['codex'],
    );
    assert.equal(r.json.firstPush.confirmed, true);
    assert.match(r.stderr, /First push of these agent tools/);
    assert.match(r.stderr, /Codex CLI: 1 session, 2 messages, redactions: none/);
    const again = await h.cli(['chats', 'capture', '--all', '--json'], { workspace: home.ws, env });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.json.firstPush, undefined, 'asked again for a tool that has rows');
    assert.doesNotMatch(again.stderr, /First push/);
  });
});
