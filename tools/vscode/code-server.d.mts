// Types of code-server.mjs, for the TypeScript tests that use it (test/e2e/).
import type { Browser, Locator, Page } from 'playwright-core';

export const DEFAULT_CODE_SERVER_VERSION: string;
export const OLDEST_CODE_SERVER_VERSION: string;
export const CODE_SERVER_VERSION: string;
export const versionSuffix: string;
export function resultsDir(tier: string): string;
export const repoRoot: string;
export const cacheDir: string;
export const installDir: string;
export const entryScript: string;
export class SetupError extends Error {}

export function ensureCodeServer(): string;
export function codeServerVersion(): string | undefined;

export interface Profile {
  root: string;
  userDataDir: string;
  extensionsDir: string;
  configFile: string;
}
export function makeProfile(prefix?: string): Profile;
export function installExtension(vsixPath: string, profile: Profile): string;

export interface CodeServer {
  url: string;
  port: number;
  origin: string;
  profile: Profile;
  logFile: string;
  pid: number;
  output(): string;
  stop(options?: { keepProfile?: boolean }): Promise<void>;
}
export function startCodeServer(options?: {
  workspace?: string;
  env?: Record<string, string>;
  profile?: Profile;
  logFile?: string;
  timeoutMs?: number;
}): Promise<CodeServer>;
export function workbenchUrl(
  server: CodeServer,
  options?: { folder?: string; workspace?: string; extensionDevelopmentPath?: string; extensionTestsPath?: string },
): string;
export function freePort(): Promise<number>;

export const chromiumArgs: string[];
export function chromiumPath(): string;
export function launchChromium(): Promise<Browser>;

export const manifest: { publisher: string; name: string; version: string; [key: string]: unknown };
export const extensionId: string;
export const statusBarItemSelector: string;
export type WorkbenchPage = Page & { errors: string[] };
export function newWorkbenchPage(browser: Browser): Promise<WorkbenchPage>;
export function statusBarEntries(page: Page): Promise<string[]>;
export function waitForStatusBarItem(
  page: Page,
  timeoutMs?: number,
): Promise<{ locator: Locator; text: string; ariaLabel: string | null; icon: string | null }>;

export function testWorkspace(): { path: string; cleanup(): void };
export function buildIfNeeded(): void;
export function parseRunnerArgs(
  argv: string[],
  defaults?: { timeoutMs?: number },
): { env: Record<string, string>; timeoutMs: number; rest: string[] };
