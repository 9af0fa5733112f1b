import * as vscode from 'vscode';
import type { SyncConfig } from '../core/config';
import { CONFIG_FILE_NAME } from '../core/config';
import type { EngineContext } from '../core/sync';
import { getSetting } from './settings';

/* How the editor sets up the engine for one operation: where Notion is, and how long to wait for it. */

/** A short retry budget for work a user waits for (reads of the view, syncing a few files). */
export const INTERACTIVE_GATEWAY = { maxRetries: 1, maxRetryDelayMs: 2000, timeoutMs: 20_000 };

/**
 * The API base URL: NOTION_API_BASE_URL, then the setting (already in the config as an override),
 * then the file. In an untrusted workspace the file's value is ignored: a repository must not be
 * able to send the user's token to another server.
 */
export function editorApiBaseUrl(config: SyncConfig, warn: (message: string) => void): string | undefined {
  const fromEnv = process.env.NOTION_API_BASE_URL?.trim();
  if (fromEnv) return fromEnv;
  const setting = getSetting('apiBaseUrl');
  if (setting) return setting;
  if (!vscode.workspace.isTrusted && config.apiBaseUrl) {
    warn(`Ignoring apiBaseUrl "${config.apiBaseUrl}" from ${CONFIG_FILE_NAME}: the workspace is not trusted.`);
    return 'https://api.notion.com';
  }
  return undefined;
}

/** The same tuning knobs as the CLI (NOTION_SYNC_RPS, …): for tests and benchmarks against the sandbox. */
export function gatewayTuning(env: NodeJS.ProcessEnv): EngineContext['gateway'] {
  const num = (v: string | undefined): number | undefined =>
    v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined;
  const knobs = {
    rps: num(env.NOTION_SYNC_RPS),
    retryBaseMs: num(env.NOTION_SYNC_RETRY_BASE_MS),
    maxRetries: num(env.NOTION_SYNC_MAX_RETRIES),
  };
  // Only the knobs that are set: an unset one must not replace the interactive budget with undefined.
  return Object.fromEntries(Object.entries(knobs).filter(([, v]) => v !== undefined));
}
