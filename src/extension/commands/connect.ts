import * as vscode from 'vscode';
import { CONFIG_FILE_NAME, normalizeNotionId } from '../../core/config';
import { initDatabases } from '../../core/sync';
import type { ConnectionCheck } from '../../core/sync/session';
import { checkConnection } from '../../core/sync/session';
import { Commands } from '../ids';
import { actionsFor, editorMessage, showProblem } from '../messages';
import { errorProblem } from '../model';
import type { CommandDeps } from './deps';
import { pickParentPage } from './parent-page';
import { runTask } from './task';

/**
 * Asks for the integration token (unless given) and checks it against Notion before keeping it in
 * secret storage. A refused token keeps the input box open with the reason, so it can be corrected.
 */
export async function connect(deps: CommandDeps, given?: string): Promise<{ notionWorkspace?: string } | undefined> {
  const { model, tokens, log } = deps;
  const verify = (token: string): Promise<ConnectionCheck> =>
    runTask(deps, { title: 'Connecting to Notion…', interactive: true }, (ctx) => checkConnection({ ...ctx, token }));
  let accepted: { token: string; check: ConnectionCheck } | undefined;
  if (given !== undefined) {
    const token = given.trim();
    if (!token) return undefined;
    const check = await verify(token);
    if (!check.ok) {
      log.warn(`Connect: ${check.problem?.message ?? 'failed'}`);
      void showProblem(
        {
          message: `Could not connect to Notion: ${check.problem?.message ?? 'unknown error'}`,
          fix: check.problem?.fix,
        },
        actionsFor(check.problem),
        () => connect(deps, given),
      );
      return undefined;
    }
    accepted = { token, check };
  } else {
    accepted = await askToken(verify, log);
    if (!accepted) return undefined;
  }
  const { token, check } = accepted;
  await tokens.store(token);
  const name = check.notionWorkspace ?? 'your Notion workspace';
  log.info(`Connected to Notion workspace "${name}"`);
  await model.refresh();
  const next = model.viewState === 'noDatabases' ? 'Initialize Databases' : undefined;
  void vscode.window
    .showInformationMessage(`Connected to Notion workspace "${name}".`, ...(next ? [next] : []))
    .then((c) => {
      if (c === next) void vscode.commands.executeCommand(Commands.initDatabases);
    });
  return { notionWorkspace: check.notionWorkspace };
}

/** The token input box: Enter checks the token with Notion; a refusal is shown in the box, which stays open. */
function askToken(
  verify: (token: string) => Promise<ConnectionCheck>,
  log: vscode.LogOutputChannel,
): Promise<{ token: string; check: ConnectionCheck } | undefined> {
  const box = vscode.window.createInputBox();
  box.title = 'Connect to Notion';
  box.prompt =
    "Paste the Internal Integration Secret of your Notion integration (notion.so/my-integrations). It is kept in the editor's secret storage.";
  box.placeholder = 'ntn_…';
  box.password = true;
  box.ignoreFocusOut = true;
  return new Promise((resolve) => {
    let done = false;
    const finish = (value: { token: string; check: ConnectionCheck } | undefined): void => {
      if (done) return;
      done = true;
      resolve(value);
      box.dispose();
    };
    box.onDidChangeValue(() => (box.validationMessage = undefined));
    box.onDidAccept(async () => {
      const token = box.value.trim();
      if (!token) return void (box.validationMessage = 'Paste the token, or press Escape to cancel.');
      box.busy = true;
      box.enabled = false;
      try {
        const check = await verify(token);
        if (check.ok) return finish({ token, check });
        log.warn(`Connect: ${check.problem?.message ?? 'failed'}`);
        box.validationMessage = refusal(check);
      } catch (err) {
        box.validationMessage = editorMessage(errorProblem(err));
      } finally {
        box.busy = false;
        box.enabled = true;
      }
    });
    box.onDidHide(() => finish(undefined));
    box.show();
  });
}

/** Forgets the token of this editor, after a confirmation (Cancel or Escape keeps it). */
export async function disconnect(deps: CommandDeps): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(
    'Disconnect from Notion?',
    {
      modal: true,
      detail:
        "The token is removed from this editor's secret storage, and NOTION_TOKEN from the environment is ignored until you connect again. Nothing in Notion or in the workspace changes.",
    },
    'Disconnect',
  );
  if (choice !== 'Disconnect') return false;
  await deps.tokens.clear();
  void vscode.window.showInformationMessage('Disconnected from Notion. The token was removed from this editor.');
  await deps.model.refresh();
  return true;
}

/** Creates (or checks) the Notion databases under a parent page, and records their ids in the configuration. */
export async function initialize(
  deps: CommandDeps,
  given?: string,
): Promise<{ databases: Record<string, string> } | undefined> {
  const { model, log } = deps;
  const ctx = await model.engine('editor');
  if (!ctx.token) {
    const c = await vscode.window.showWarningMessage('Connect to Notion first.', 'Connect to Notion');
    if (c) await vscode.commands.executeCommand(Commands.connect);
    return undefined;
  }
  let parentPageId: string | undefined;
  if (given) {
    parentPageId = normalizeNotionId(given);
    if (!parentPageId) throw new Error(`"${given}" is not a Notion page URL or id.`);
  } else {
    const missing = [
      ...Object.values(ctx.config.categories).map((c) => c.databaseId),
      ctx.config.executionLogs.databaseId,
    ].some((id) => !id);
    if (missing) {
      parentPageId = await pickParentPage(model, ctx.config.parentPageId);
      if (!parentPageId) return undefined;
    }
  }
  const report = await runTask(deps, { title: 'Notion Sync: initializing databases', cancellable: true }, (engine) =>
    initDatabases(engine, { parentPageId }),
  );
  const created = report.created.length;
  log.info(`Initialize Databases: created ${report.created.join(', ') || 'none'}; recorded in ${report.configFile}`);
  for (const p of report.unresolved)
    log.warn(
      `${p.database}: property "${p.property}" ${p.problem === 'missing' ? 'is missing' : `is ${p.actual} but must be ${p.expected}`}. ${p.fix}`,
    );
  await model.refresh();
  const msg = created
    ? `Created ${created} Notion database${created === 1 ? '' : 's'} and recorded their ids in ${CONFIG_FILE_NAME}.`
    : `The Notion databases are ready (ids in ${CONFIG_FILE_NAME}).`;
  if (report.unresolved.length)
    void vscode.window
      .showWarningMessage(
        `${msg} ${report.unresolved.length} propert${report.unresolved.length === 1 ? 'y needs' : 'ies need'} fixing in Notion (see the log).`,
        'Show Log',
      )
      .then((c) => c && log.show());
  else void vscode.window.showInformationMessage(msg);
  return { databases: report.databases };
}

/** Why a token was refused, once, in the Connect box's words (the engine's advice names the CLI's ways too). */
function refusal(check: ConnectionCheck): string {
  const p = check.problem;
  if (!p) return 'Notion refused this token.';
  if (p.reason === 'auth') {
    const why = p.message.replace(/^Notion rejected the (integration )?token:?\s*/i, '').replace(/\.$/, '');
    return `Notion refused this token${why ? ` (${why})` : ''}. Copy the Internal Integration Secret of your integration at https://www.notion.so/my-integrations, or press Escape to cancel.`;
  }
  return editorMessage({ message: `Could not check the token: ${p.message}`, fix: p.fix });
}
