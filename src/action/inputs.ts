import { readFile } from 'node:fs/promises';

export type Mode = 'auto' | 'sync' | 'audit' | 'plan';
const MODES: Mode[] = ['auto', 'sync', 'audit', 'plan'];

export interface ActionInputs {
  token: string;
  mode: Mode;
  categories: string[];
  failOnGaps: boolean;
  failOnAlerts: boolean;
  comment: boolean;
  workspace: string;
  apiBaseUrl?: string;
  githubToken?: string;
  /** Where the local cache and the previous audit live (cache it between scheduled runs). */
  stateDir?: string;
}

export class InputError extends Error {}

/** An input as the runner passes it: `INPUT_<NAME>` with the name upper-cased, spaces as underscores. */
export function getInput(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const v = getInput(env, name).toLowerCase();
  if (v === '') return fallback;
  if (['true', 'yes', '1', 'on'].includes(v)) return true;
  if (['false', 'no', '0', 'off'].includes(v)) return false;
  throw new InputError(`Input "${name}" must be true or false, got "${v}".`);
}

export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const token = getInput(env, 'token');
  if (!token)
    throw new InputError(
      'Input "token" is required: pass the Notion integration token, e.g. token: ${{ secrets.NOTION_TOKEN }}.',
    );
  const mode = (getInput(env, 'mode') || 'auto').toLowerCase() as Mode;
  if (!MODES.includes(mode)) throw new InputError(`Input "mode" must be one of ${MODES.join(', ')}, got "${mode}".`);
  const categories = getInput(env, 'categories')
    .split(/[\s,]+/)
    .map((c) => c.trim())
    .filter(Boolean);
  return {
    token,
    mode,
    categories,
    failOnGaps: bool(env, 'fail-on-gaps', false),
    failOnAlerts: bool(env, 'fail-on-alerts', false),
    comment: bool(env, 'comment', false),
    workspace: getInput(env, 'workspace') || env.GITHUB_WORKSPACE || process.cwd(),
    apiBaseUrl: getInput(env, 'api-base-url') || undefined,
    githubToken: getInput(env, 'github-token') || env.GITHUB_TOKEN || undefined,
    stateDir: getInput(env, 'state-dir') || undefined,
  };
}

export interface GitHubEvent {
  name: string;
  /** The event's webhook payload (GITHUB_EVENT_PATH). */
  payload: Record<string, unknown>;
  ref: string;
  repository: string;
  apiUrl: string;
  serverUrl: string;
  runUrl?: string;
}

export async function readEvent(env: NodeJS.ProcessEnv): Promise<GitHubEvent> {
  let payload: Record<string, unknown> = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new InputError(
        `Cannot read the event payload ${env.GITHUB_EVENT_PATH}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  const serverUrl = env.GITHUB_SERVER_URL || 'https://github.com';
  const repository = env.GITHUB_REPOSITORY || '';
  return {
    name: env.GITHUB_EVENT_NAME || '',
    payload,
    ref: env.GITHUB_REF || '',
    repository,
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/$/, ''),
    serverUrl,
    runUrl:
      env.GITHUB_RUN_ID && repository ? `${serverUrl}/${repository}/actions/runs/${env.GITHUB_RUN_ID}` : undefined,
  };
}

/** What `auto` means for this event: which steps run. */
export function stepsFor(mode: Mode, event: GitHubEvent): Array<'sync' | 'plan' | 'audit'> {
  if (mode === 'sync') return ['sync'];
  if (mode === 'plan') return ['plan'];
  if (mode === 'audit') return ['audit'];
  const name = event.name;
  if (name === 'pull_request' || name === 'pull_request_target') return ['plan', 'audit'];
  if (name === 'schedule') return ['audit'];
  if (name === 'workflow_dispatch') return ['sync'];
  if (name === 'push') {
    const repo = event.payload.repository as { default_branch?: string } | undefined;
    const branch = repo?.default_branch;
    // A push to another branch only plans: the default branch is what Notion mirrors.
    return branch && event.ref === `refs/heads/${branch}` ? ['sync'] : ['plan'];
  }
  return ['plan'];
}

export function pullRequestNumber(event: GitHubEvent): number | undefined {
  const pr = event.payload.pull_request as { number?: number } | undefined;
  const n = pr?.number ?? (event.payload.number as number | undefined);
  return typeof n === 'number' ? n : undefined;
}
