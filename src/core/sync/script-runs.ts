import { NotionError } from '../notion/errors';
import { readDate, readNumber, readSelect, readText } from '../notion/props';
import type { QueryFilter } from '../notion/requests';
import { allOf, queryPages, textEquals, textNotEmpty } from '../notion/requests';
import { PropertyNames, TITLE } from '../notion/names';
import type { EngineContext, NotionProblem } from './session';
import { loadState, openSession, problemOf } from './session';
import { executionLogDatabase } from './sync';

/* Script runs (the editor's script view): the last Execution Logs row of each script. */

export interface ScriptRun {
  /** Workspace-relative path of the script (the row's `Script Path`). */
  scriptPath: string;
  name: string;
  status?: string;
  started?: string;
  finished?: string;
  exitCode?: number;
  pageId: string;
  url: string;
}

export interface ScriptRuns {
  /** The latest run of each script path (by `Started`, then creation time). */
  runs: Record<string, ScriptRun>;
  /** Whether the Execution Logs rows were read; without it "never run" cannot be told. */
  read: boolean;
  problem?: NotionProblem;
  apiCalls: number;
}

/**
 * The last run of every script of this workspace, from the Execution Logs database: one paginated
 * query (rows of this workspace that name a script), nothing per row. Reads only.
 */
export async function getScriptRuns(ctx: EngineContext): Promise<ScriptRuns> {
  const state = await loadState(ctx);
  const opened = await openSession(ctx, state);
  if (!opened.session) return { runs: {}, read: false, problem: opened.problem, apiCalls: 0 };
  const gw = opened.session.gw;
  try {
    const db = await executionLogDatabase(ctx, opened.session, state);
    await state.save();
    if (!db?.dataSourceId) {
      return {
        runs: {},
        read: false,
        apiCalls: gw.counts.total,
        problem: {
          reason: 'not-configured',
          message: 'No Execution Logs database is configured.',
          fix: 'Run "Notion Sync: Initialize Databases".',
        },
      };
    }
    // By our names: the query and the rows go through the database's property mapping.
    const names = db.names ?? new PropertyNames();
    const conditions: QueryFilter[] = [textEquals('Workspace', ctx.config.workspaceName)];
    if (!db.properties || names.has('Script Path')) conditions.push(textNotEmpty('Script Path'));
    const runs: Record<string, ScriptRun> = {};
    const order = new Map<string, string>();
    for (const page of await queryPages(gw, { dataSourceId: db.dataSourceId, names }, allOf(conditions))) {
      const p = names.fromNotion(page.properties);
      const scriptPath = readText(p['Script Path']);
      if (!scriptPath) continue;
      const started = readDate(p['Started']);
      const key = `${started ?? ''}|${page.created_time}`;
      const seen = order.get(scriptPath);
      if (seen !== undefined && seen > key) continue;
      order.set(scriptPath, key);
      runs[scriptPath] = {
        scriptPath,
        name: readText(p[TITLE]),
        status: readSelect(p['Status']),
        started,
        finished: readDate(p['Finished']),
        exitCode: readNumber(p['Exit Code']),
        pageId: page.id,
        url: page.url,
      };
    }
    return { runs, read: true, apiCalls: gw.counts.total };
  } catch (err) {
    if (err instanceof NotionError && err.kind === 'cancelled') throw err;
    return { runs: {}, read: false, problem: problemOf(err, 'Execution Logs'), apiCalls: gw.counts.total };
  }
}
