import * as vscode from 'vscode';
import type { AdoptReport } from '../../core/sync';
import { runAdopt } from '../../core/sync';
import { categoryTitle } from '../tree/format';
import type { CommandDeps } from './deps';
import { runTask } from './task';

const TITLE = 'Notion Sync: Adopt Existing Notion Rows…';
const ADOPT = 'Adopt';
const DETAILS = 'Show Details';
const ADVICE =
  'Ambiguous files are never guessed: give the right row the file\'s path in its "Path" property (or rename the others), then adopt again.';

/** What "Adopt Existing Notion Rows…" did: the plan it showed and, when confirmed, the run's report. */
export interface AdoptOutcome {
  plan: AdoptReport;
  report?: AdoptReport;
}

/**
 * "Adopt Existing Notion Rows…" (issue 17): rows other tools wrote (no `Workspace`/`Path`) are claimed
 * for the local files they match, as `notion-sync adopt` does. The plan comes first (a dry run through
 * core's `runAdopt`, cancellable), shown in a modal — rows per category, ambiguous files with their
 * candidate rows — with Cancel the default; then the adoption runs, the view refreshes, and the counts
 * are reported. Ambiguous files are listed in the log with the advice; nothing is guessed or deleted.
 */
export async function adopt(deps: CommandDeps, category?: string): Promise<AdoptOutcome | undefined> {
  const { model, log } = deps;
  const plan = await runTask(
    deps,
    { title: 'Notion Sync: planning the adoption of existing rows', cancellable: true, command: TITLE },
    (ctx) => runAdopt(ctx, { category, dryRun: true }),
  );
  if (plan.cancelled) return { plan };
  log.info(describe(plan));
  if (plan.adopted.length === 0) {
    const msg = plan.ambiguous.length
      ? `Notion Sync: no row to adopt; ${plan.ambiguous.length} file${s(plan.ambiguous.length)} match${plan.ambiguous.length === 1 ? 'es' : ''} several rows and ${plan.ambiguous.length === 1 ? 'is' : 'are'} left alone.`
      : 'Notion Sync: no row written by another tool matches a local file; nothing to adopt.';
    void vscode.window.showInformationMessage(msg, ...(plan.ambiguous.length ? [DETAILS] : [])).then((c) => {
      if (c === DETAILS) log.show();
    });
    return { plan };
  }
  const choice = await vscode.window.showWarningMessage(
    `Adopt ${plan.adopted.length} existing Notion row${s(plan.adopted.length)} for local files?`,
    { modal: true, detail: planDetail(plan) },
    ADOPT,
  );
  if (choice !== ADOPT) return { plan };
  const report = await runTask(
    deps,
    { title: 'Notion Sync: adopting existing rows', cancellable: true, busy: 'adopting existing rows', command: TITLE },
    (ctx) => runAdopt(ctx, { category }),
  );
  log.info(describe(report));
  for (const f of report.failed) log.error(`${f.path}: ${f.reason}`);
  await model.refresh();
  const parts = [`adopted ${report.adopted.length} row${s(report.adopted.length)}`];
  if (report.ambiguous.length) parts.push(`${report.ambiguous.length} ambiguous left alone`);
  if (report.failed.length) parts.push(`${report.failed.length} failed`);
  if (report.cancelled) parts.push('cancelled');
  const text = `Notion Sync: ${parts.join(', ')} (${report.apiCalls} API calls).`;
  const show = report.failed.length
    ? vscode.window.showErrorMessage(text, DETAILS)
    : report.ambiguous.length
      ? vscode.window.showWarningMessage(text, DETAILS)
      : vscode.window.showInformationMessage(text);
  void Promise.resolve(show).then((c) => {
    if (c === DETAILS) log.show();
  });
  return { plan, report };
}

/** The modal's detail: rows per category, then each ambiguous file with its candidate rows. */
export function planDetail(plan: AdoptReport): string {
  const per = new Map<string, number>();
  for (const a of plan.adopted) per.set(a.category, (per.get(a.category) ?? 0) + 1);
  const lines = [...per].map(([c, n]) => `${categoryTitle(c)}: ${n} row${s(n)} will be adopted`);
  if (plan.ambiguous.length) {
    lines.push('', `Ambiguous — left alone, not created (${plan.ambiguous.length}):`);
    for (const a of plan.ambiguous.slice(0, 10))
      lines.push(`${a.path}: ${a.candidates.map((c) => `"${c.title}"${c.path ? ` (${c.path})` : ''}`).join(', ')}`);
    if (plan.ambiguous.length > 10) lines.push(`… and ${plan.ambiguous.length - 10} more (in the log)`);
  }
  if (plan.unmatched.length)
    lines.push('', `${plan.unmatched.length} row${s(plan.unmatched.length)} match no file and stay as they are.`);
  lines.push(
    '',
    "Adopting writes each row's Workspace and Path, then its body and properties from the file. Nothing is deleted.",
  );
  return lines.join('\n');
}

/** The plan or the run as log lines, ambiguous files with their candidates and the advice. */
function describe(r: AdoptReport): string {
  const verb = r.dryRun ? 'would adopt' : 'adopted';
  const lines = [
    `Adopt${r.dryRun ? ' (plan)' : ''}: ${verb} ${r.adopted.length}, ambiguous ${r.ambiguous.length}, unmatched ${r.unmatched.length}, failed ${r.failed.length}; ${r.apiCalls} API calls`,
  ];
  for (const a of r.adopted) lines.push(`  ${verb} ${a.path} ← "${a.title}" (by ${a.by}) ${a.url}`);
  for (const a of r.ambiguous) {
    lines.push(`  ambiguous ${a.path}: ${a.reason}. Candidates:`);
    for (const c of a.candidates) lines.push(`    "${c.title}"${c.path ? ` (path ${c.path})` : ''} ${c.url}`);
  }
  for (const u of r.unmatched) lines.push(`  unmatched "${u.title}": ${u.reason} ${u.url}`);
  if (r.ambiguous.length) lines.push(`  ${ADVICE}`);
  return lines.join('\n');
}

function s(n: number): string {
  return n === 1 ? '' : 's';
}
