import * as vscode from 'vscode';
import { ConfigError } from '../core/config';
import type { FixKind } from '../core/notion/errors';
import { NotionError } from '../core/notion/errors';
import { EngineSetupError } from '../core/sync';
import { Commands } from './ids';

/** What fixes a problem of each kind, in the editor's own words (core says which kind: `fixKind`). */
export function editorFix(kind: FixKind, reason?: string): string | undefined {
  switch (kind) {
    case 'connect':
      return reason === 'no-token'
        ? 'Run "Notion Sync: Connect to Notion".'
        : 'Copy a valid token from https://www.notion.so/my-integrations, then run "Notion Sync: Connect to Notion".';
    case 'share':
      return 'Share it with your integration in Notion (… menu → Connections), or run "Notion Sync: Initialize Databases" to create what is missing.';
    case 'init':
      return 'Run "Notion Sync: Initialize Databases".';
    case 'retry-later':
      return 'Try again in a few minutes.';
    case 'check-network':
      return 'Check the network connection, or the notionSync.apiBaseUrl setting.';
    default:
      return undefined;
  }
}

/**
 * Free-form advice without a `fixKind` (older engine paths) is written for both front ends; in the
 * editor, name the editor's way only.
 */
const EDITOR_WORDING: Array<[RegExp, string]> = [
  [/\s*and pass it with --token or NOTION_TOKEN \(editor: "Notion Sync: Connect to Notion"\)/g, ', then connect again'],
  [/Pass --token, or set NOTION_TOKEN \(editor: run "Notion Sync: Connect to Notion"\)\.?/g, 'Connect to Notion.'],
  [/Run "notion-sync init[^"]*" \(editor: "([^"]+)"\)/g, 'Run "$1"'],
  [/\s*\(editor: [^)]*\)/g, ''],
  [/"notion-sync init[^"]*"/g, '"Notion Sync: Initialize Databases"'],
  [/, or --api-base-url \/ NOTION_API_BASE_URL/g, ', or the notionSync.apiBaseUrl setting'],
  [/"notion-sync sync ([^"]*) --force"/g, '"Overwrite Notion…" on $1'],
];

export function editorWording(text: string): string {
  let out = text;
  for (const [re, to] of EDITOR_WORDING) out = out.replace(re, to);
  return out.trim();
}

/** One sentence pair for the editor: the problem, then the fix, never the same words twice. */
export function editorMessage(problem: { message: string; fix?: string; fixKind?: FixKind; reason?: string }): string {
  const message = editorWording(problem.message);
  const own = problem.fixKind ? editorFix(problem.fixKind, problem.reason) : undefined;
  const fix = own ?? (problem.fix && problem.fixKind !== 'none' ? editorWording(problem.fix) : '');
  if (!fix || message.includes(fix)) return message;
  if (fix.includes(message)) return fix;
  return `${message.replace(/[.\s]*$/, '.')} ${fix}`;
}

export type Action = 'Retry' | 'Connect to Notion' | 'Initialize Databases' | 'Open Settings' | 'Show Log';

/** The buttons that fix a problem of this kind (Show Log always last). */
export function actionsFor(err: unknown): Action[] {
  const kind =
    err instanceof NotionError
      ? err.kind
      : err instanceof EngineSetupError
        ? err.auth
          ? 'auth'
          : err.problem.reason
        : err && typeof err === 'object' && 'reason' in err
          ? String((err as { reason: unknown }).reason)
          : undefined;
  const actions: Action[] = [];
  if (kind === 'auth' || kind === 'no-token') actions.push('Connect to Notion');
  else if (kind === 'not-configured') actions.push('Initialize Databases');
  else if (kind === 'network' || kind === 'server' || kind === 'rate-limited' || kind === 'unreachable')
    actions.push('Retry');
  if (err instanceof ConfigError) actions.push('Open Settings');
  actions.push('Show Log');
  return actions;
}

/**
 * Shows one error message with the buttons that fix it, and runs the chosen one: Retry calls `retry`
 * (or refreshes), the others their command.
 */
export async function showProblem(
  problem: { message: string; fix?: string; fixKind?: FixKind; reason?: string },
  actions: Action[],
  retry?: () => unknown,
): Promise<Action | undefined> {
  const choice = await vscode.window.showErrorMessage(`Notion Sync: ${editorMessage(problem)}`, ...actions);
  if (choice === 'Retry') await (retry ? retry() : vscode.commands.executeCommand(Commands.refresh));
  else if (choice === 'Connect to Notion') await vscode.commands.executeCommand(Commands.connect);
  else if (choice === 'Initialize Databases') await vscode.commands.executeCommand(Commands.initDatabases);
  else if (choice === 'Open Settings') await vscode.commands.executeCommand(Commands.openSettings);
  else if (choice === 'Show Log') await vscode.commands.executeCommand(Commands.showLog);
  return choice;
}
