/* eslint-disable @typescript-eslint/no-explicit-any -- the CLI's JSON documents */
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../cli/run';
import type { ActionInputs, GitHubEvent } from './inputs';
import { InputError, pullRequestNumber, readEvent, readInputs, stepsFor } from './inputs';
import { upsertComment } from './github';
import type { StepResult } from './summary';
import { renderSummary } from './summary';

export interface ActionIo {
  env?: NodeJS.ProcessEnv;
  /** The runner's log (workflow commands such as ::error:: go here). */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

export interface ActionResult {
  exitCode: number;
  outputs: Record<string, string>;
  results: StepResult[];
  comment?: { id: number; action: 'created' | 'updated' };
}

/** Escapes a workflow command's message (GitHub's rules for `::error::…`). */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Which failure wins when several steps fail: auth over usage over "some failed" over gaps. */
const SEVERITY: Record<number, number> = { 0: 0, 3: 1, 1: 2, 130: 3, 2: 4, 4: 5 };
function worst(a: number, b: number): number {
  return (SEVERITY[b] ?? 2) > (SEVERITY[a] ?? 2) ? b : a;
}

async function cli(
  args: string[],
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv,
  stderr: NodeJS.WritableStream,
): Promise<{ code: number; json: any }> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  const code = await runCli([...args, '--json', '--workspace', inputs.workspace], {
    stdout,
    stderr,
    env: {
      ...env,
      NOTION_TOKEN: inputs.token,
      ...(inputs.apiBaseUrl ? { NOTION_API_BASE_URL: inputs.apiBaseUrl } : {}),
      ...(inputs.stateDir ? { NOTION_SYNC_STATE_DIR: inputs.stateDir } : {}),
      NO_COLOR: '1',
    },
  });
  const text = Buffer.concat(chunks).toString('utf8');
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = { error: { code: 'internal', message: `The CLI printed no JSON document: ${text.slice(0, 200)}`, fix: '' } };
  }
  return { code, json };
}

/** Runs the Action once: the steps its mode and event call for, then outputs, summary and comment. */
export async function runAction(io: ActionIo = {}): Promise<ActionResult> {
  const env = io.env ?? process.env;
  const log = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const outputs: Record<string, string> = { created: '0', updated: '0', failed: '0', gaps: '', alerts: '' };
  const results: StepResult[] = [];
  let inputs: ActionInputs;
  let event: GitHubEvent;
  try {
    inputs = readInputs(env);
    log.write(`::add-mask::${inputs.token}\n`);
    event = await readEvent(env);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    log.write(`::error title=Notion Workspace Sync::${escapeData(err.message)}\n`);
    return { exitCode: 2, outputs, results };
  }

  const steps = stepsFor(inputs.mode, event);
  log.write(`Notion Workspace Sync: ${steps.join(' + ')} (mode ${inputs.mode}, event ${event.name || 'none'})\n`);
  const categories: Array<string | undefined> = inputs.categories.length ? inputs.categories : [undefined];
  let exitCode = 0;
  const scratch = await mkdtemp(join(tmpdir(), 'notion-sync-action-'));
  try {
    for (const step of steps) {
      if (step === 'audit') {
        const file = join(scratch, 'audit.md');
        const r = await cli(['audit', '--out', file], inputs, env, stderr);
        const markdown = await readFile(file, 'utf8').catch(() => undefined);
        results.push({ step, code: r.code, json: r.json, markdown });
        exitCode = worst(exitCode, r.code);
        continue;
      }
      for (const category of categories) {
        const args = ['sync', ...(step === 'plan' ? ['--dry-run'] : []), ...(category ? ['--category', category] : [])];
        const r = await cli(args, inputs, env, stderr);
        results.push({ step, category, code: r.code, json: r.json });
        exitCode = worst(exitCode, r.code);
      }
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }

  // Outputs: what was written (sync), or what a sync would write (plan); gaps from the audit.
  let created = 0;
  let adopted = 0;
  let updated = 0;
  let failed = 0;
  for (const r of results.filter((x) => x.step !== 'audit' && x.json && !x.json.error)) {
    const planned = (a: string): number => (r.json.plan ?? []).filter((p: any) => p.action === a).length;
    created += r.step === 'plan' ? planned('create') : r.json.created;
    adopted += r.step === 'plan' ? planned('adopt') : (r.json.adopted ?? 0);
    updated += r.step === 'plan' ? planned('update') : r.json.updated;
    failed += r.json.failed ?? 0;
  }
  outputs.created = String(created);
  outputs.adopted = String(adopted);
  outputs.updated = String(updated);
  outputs.failed = String(failed);
  const audit = results.find((r) => r.step === 'audit' && r.json && Array.isArray(r.json.remediation));
  if (audit) {
    outputs.gaps = String(audit.json.remediation.length);
    if (Array.isArray(audit.json.alerts)) outputs.alerts = String(audit.json.alerts.length);
    if (inputs.failOnGaps && audit.json.remediation.length > 0) exitCode = worst(exitCode, 3);
    for (const a of audit.json.alerts ?? [])
      log.write(
        `::warning title=Notion Sync alert::${escapeData(`${a.title}${a.command ? ` — ${a.command}` : ''}`)}\n`,
      );
    if (inputs.failOnAlerts && (audit.json.alerts ?? []).length > 0) exitCode = worst(exitCode, 3);
  }

  for (const r of results.filter((x) => x.json?.error))
    log.write(
      `::error title=Notion Workspace Sync (${r.step})::${escapeData(`${r.json.error.message} — ${r.json.error.fix}`)}\n`,
    );

  if (env.GITHUB_OUTPUT)
    await appendFile(
      env.GITHUB_OUTPUT,
      Object.entries(outputs)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
    );
  const summary = renderSummary(results, { event: event.name, runUrl: event.runUrl });
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, `${summary}\n`);

  let comment: ActionResult['comment'];
  if (inputs.comment) {
    const pr = pullRequestNumber(event);
    if (!pr) log.write('Not a pull request: no comment to write.\n');
    else if (!inputs.githubToken || !event.repository)
      log.write(
        '::warning title=Notion Workspace Sync::No GitHub token: set "github-token" (default: the workflow token) to comment.\n',
      );
    else {
      try {
        comment = await upsertComment(
          { apiUrl: event.apiUrl, token: inputs.githubToken, repository: event.repository },
          pr,
          summary,
        );
        log.write(`Pull request comment ${comment.action} (id ${comment.id}).\n`);
      } catch (err) {
        // A comment that cannot be written does not fail the check: the summary holds the same text.
        log.write(
          `::warning title=Notion Workspace Sync::Could not write the pull request comment: ${escapeData(err instanceof Error ? err.message : String(err))}. Give the job "pull-requests: write" permission.\n`,
        );
      }
    }
  }
  return { exitCode, outputs, results, comment };
}
