// Scheduled monitoring: the Action on a cron audits, compares with the previous audit kept in its
// state folder, and raises one alert per new critical gap — none when nothing is new.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, utimes, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runAction } from '../../src/action/run';
import { Harness, makeWorkspace, tempDir } from './helpers';

describe('scheduled audit alerts (Action on a cron, CLI audit)', () => {
  let h: Harness;
  let ws: string;
  let stateDir: string;

  before(async () => {
    h = await Harness.start();
    ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({ workspaceName: 'monitor-ws', triggerFiles: { staleAfterHours: 24 } }),
      'plans/a.md': '# A\n\nAlpha.\n',
      'reports/r.md': '# R\n\nReport.\n',
      'jobs/processed/done.json': '{}',
    });
    stateDir = await tempDir('nws-monitor-state-');
    const env = { NOTION_SYNC_STATE_DIR: stateDir };
    assert.equal((await h.cli(['init', '--parent-page', h.sandbox.rootPageId], { workspace: ws, env })).code, 0);
    assert.equal((await h.cli(['sync'], { workspace: ws, env })).code, 0);
  });
  after(async () => h?.close());

  async function cron(
    failOnAlerts = 'true',
  ): Promise<{ exitCode: number; log: string; summary: string; alerts: string }> {
    const dir = await tempDir('nws-runner-');
    const files = { event: join(dir, 'event.json'), out: join(dir, 'out'), summary: join(dir, 'summary.md') };
    await writeFile(files.event, JSON.stringify({ schedule: '0 6 * * *' }));
    await writeFile(files.out, '');
    await writeFile(files.summary, '');
    const log = new PassThrough();
    let text = '';
    log.on('data', (c: Buffer) => (text += c.toString()));
    const r = await runAction({
      env: {
        PATH: process.env.PATH,
        HOME: await tempDir('nws-home-'),
        GITHUB_EVENT_NAME: 'schedule',
        GITHUB_EVENT_PATH: files.event,
        GITHUB_OUTPUT: files.out,
        GITHUB_STEP_SUMMARY: files.summary,
        GITHUB_WORKSPACE: ws,
        GITHUB_REPOSITORY: 'acme/media',
        NOTION_SYNC_RPS: '0',
        NOTION_SYNC_RETRY_BASE_MS: '5',
        INPUT_TOKEN: h.sandbox.token,
        'INPUT_API-BASE-URL': h.sandbox.url,
        'INPUT_STATE-DIR': stateDir,
        'INPUT_FAIL-ON-ALERTS': failOnAlerts,
      },
      stdout: log,
      stderr: new PassThrough().resume(),
    });
    const out = await readFile(files.out, 'utf8');
    return {
      exitCode: r.exitCode,
      log: text,
      summary: await readFile(files.summary, 'utf8'),
      alerts: /^alerts=(.*)$/m.exec(out)?.[1] ?? '',
    };
  }

  test('a clean workspace raises no alert, and again none when nothing changed', async () => {
    const first = await cron();
    assert.equal(first.exitCode, 0, first.log);
    assert.equal(first.alerts, '0');
    assert.match(first.summary, /No new critical gap since the last audit/);
    const second = await cron();
    assert.equal(second.exitCode, 0);
    assert.equal(second.alerts, '0');
    assert.doesNotMatch(second.log, /::warning title=Notion Sync alert/);
  });

  test('a stale trigger file appears: one alert naming it, the step fails (3); next run: no alert', async () => {
    const file = join(ws, 'jobs/inbox/job-17.json');
    await mkdir(join(ws, 'jobs/inbox'), { recursive: true });
    await writeFile(file, '{}');
    const old = new Date(Date.now() - 48 * 3_600_000);
    await utimes(file, old, old);
    const r = await cron();
    assert.equal(r.exitCode, 3, r.log);
    assert.equal(r.alerts, '1');
    const warnings = r.log.split('\n').filter((l) => l.startsWith('::warning title=Notion Sync alert::'));
    assert.equal(warnings.length, 1, r.log);
    assert.match(warnings[0]!, /jobs\/inbox\/job-17\.json/);
    assert.match(r.summary, /### Alerts since the last audit/);
    assert.match(r.summary, /\*\*critical\*\* 1 new trigger file stale in the inbox: jobs\/inbox\/job-17\.json/);

    const again = await cron();
    assert.equal(again.exitCode, 0, 'the same gap is not alerted twice');
    assert.equal(again.alerts, '0');
  });

  test('a page edited in Notion: one alert naming it; fail-on-alerts off keeps the step green', async () => {
    const st = await h.cli(['status', 'plans/a.md', '--json'], {
      workspace: ws,
      env: { NOTION_SYNC_STATE_DIR: stateDir },
    });
    h.sandbox.advanceClock(60_000);
    h.sandbox.humanEdit({ pageId: st.json.items[0].pageId, appendParagraph: 'Edited by a person.' });
    const r = await cron('false');
    assert.equal(r.exitCode, 0);
    assert.equal(r.alerts, '1');
    assert.match(
      r.log,
      /::warning title=Notion Sync alert::1 new page edited in Notion since the last sync: plans\/a\.md/,
    );
  });

  test('the CLI audit reports the same alerts under --json and --fail-on-alerts exits 3', async () => {
    const env = { NOTION_SYNC_STATE_DIR: stateDir };
    const quiet = await h.cli(['audit', '--json', '--fail-on-alerts'], { workspace: ws, env });
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.deepEqual(quiet.json.alerts, []);
    assert.ok(quiet.json.previousAuditAt);
    await writeFile(join(ws, 'jobs/inbox/job-18.json'), '{}');
    const old = new Date(Date.now() - 30 * 3_600_000);
    await utimes(join(ws, 'jobs/inbox/job-18.json'), old, old);
    const r = await h.cli(['audit', '--json', '--fail-on-alerts'], { workspace: ws, env });
    assert.equal(r.code, 3);
    assert.equal(r.json.alerts.length, 1);
    assert.deepEqual(r.json.alerts[0].items, ['jobs/inbox/job-18.json']);
    assert.match(r.stderr, /^alert: \[critical\] 1 new trigger file/m);
  });
});
