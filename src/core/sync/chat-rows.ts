import type { RemoteRow, ResolvedDatabase } from '../notion/databases';
import { queryRows } from '../notion/databases';
import { NotionError } from '../notion/errors';
import { readSelect, readText } from '../notion/props';
import { resolveSeals } from './seals';
import type { EngineContext, NotionProblem, NotionSession } from './session';
import { openSession, problemOf } from './session';
import type { SyncState } from './state';
import { resolveCached, sealedRunsInNotion } from './workspace-index';

/* The Agent Chats rows of this workspace, as chat capture reads them: by session id and by path. */

export interface Remote {
  session: NotionSession;
  db: ResolvedDatabase;
  bySessionId: Map<string, RemoteRow>;
  byPath: Map<string, RemoteRow>;
  /** tools with at least one row of this workspace: their first push is behind us */
  tools: Set<string>;
}

/** One query per 100 rows of this workspace's Agent Chats (their run tags resolved: seals.ts). */
export async function readRemote(
  ctx: EngineContext,
  state: SyncState,
): Promise<{ remote?: Remote; problem?: NotionProblem }> {
  const databaseId = ctx.config.categories.agentChats?.databaseId;
  if (!databaseId) {
    return {
      problem: {
        reason: 'not-configured',
        message: 'No Agent Chats database is configured.',
        fix: 'Run "notion-sync init --parent-page <page>" to create it.',
      },
    };
  }
  const opened = await openSession(ctx, state);
  if (!opened.session) return { problem: opened.problem };
  try {
    const db = await resolveCached(
      opened.session,
      state,
      databaseId,
      false,
      ctx.config.categories.agentChats?.properties,
    );
    const rows = await queryRows(opened.session.gw, db, { workspace: ctx.config.workspaceName });
    // Rows a sync created in several requests carry its run's tag until sealed (seals.ts).
    const session = opened.session;
    await resolveSeals(state, rows, (ids) => sealedRunsInNotion(ctx, session, state, ids), {
      now: session.gw.serverNow().getTime(),
    });
    const bySessionId = new Map<string, RemoteRow>();
    const byPath = new Map<string, RemoteRow>();
    const tools = new Set(rows.map((r) => readSelect(r.properties['Tool'])).filter((t): t is string => !!t));
    for (const r of rows.sort((a, b) => a.createdTime.localeCompare(b.createdTime))) {
      const sid = readText(r.properties['Session ID']);
      if (sid && !bySessionId.has(sid)) bySessionId.set(sid, r);
      if (!byPath.has(r.path)) byPath.set(r.path, r);
    }
    return { remote: { session: opened.session, db, bySessionId, byPath, tools } };
  } catch (err) {
    if (err instanceof NotionError && err.kind === 'cancelled') throw err;
    delete state.data.dataSources[databaseId];
    return { problem: problemOf(err, 'Agent Chats') };
  }
}
