import { writeConfigPatch } from '../config';
import { ensureDatabase } from '../notion/databases';
import type { SchemaProblem } from '../notion/databases';
import type { DatabaseRole, RelationTarget } from '../notion/schema';
import { roleOf, SCHEMAS } from '../notion/schema';
import type { EngineContext } from './session';
import { loadState, openSession } from './session';
import { EngineSetupError } from './sync';
import { tasksDataSourceId } from './trigger-files';

export interface InitReport {
  databases: Record<string, string>;
  created: string[];
  /** Properties added to existing databases, per category. */
  added: Record<string, string[]>;
  unresolved: SchemaProblem[];
  configFile: string;
  apiCalls: number;
  urls: Record<string, string | undefined>;
}

/**
 * Creates the missing databases under the parent page, or completes the configured ones
 * with the properties they lack, and records their ids in `.notion-sync.json` as soon as each
 * exists. Re-runnable after any failure: a database an earlier run made under the parent page
 * (same title, our schema) is found and adopted, never created a second time.
 * Scripts comes before Execution Logs, whose `Script` relation points at it.
 */
export async function initDatabases(
  ctx: EngineContext,
  options: { parentPageId?: string; /** Also the optional Trigger Files database. */ triggerFiles?: boolean } = {},
): Promise<InitReport> {
  const state = await loadState(ctx);
  const opened = await openSession(ctx, state, { verify: true });
  if (!opened.session) throw new EngineSetupError(opened.problem!, opened.problem!.reason === 'auth');
  const { gw } = opened.session;
  const parentPageId = options.parentPageId ?? ctx.config.parentPageId;

  const order: Array<{ key: string; role: DatabaseRole; databaseId?: string; mapping?: Record<string, string> }> = [
    ...Object.entries(ctx.config.categories).map(([key, c]) => ({
      key,
      role: roleOf(key),
      databaseId: c.databaseId,
      mapping: c.properties,
    })),
    {
      key: 'executionLogs',
      role: 'executionLogs' as const,
      databaseId: ctx.config.executionLogs.databaseId,
      mapping: ctx.config.executionLogs.properties,
    },
  ];
  const triggerFilesId = ctx.config.triggerFiles.databaseId;
  if (options.triggerFiles || triggerFilesId)
    order.push({ key: 'triggerFiles', role: 'triggerFiles', databaseId: triggerFilesId });
  const report: InitReport = {
    databases: {},
    created: [],
    added: {},
    unresolved: [],
    configFile: '',
    apiCalls: 0,
    urls: {},
  };
  const dataSourceIds: Partial<Record<RelationTarget, string>> = {};
  if (options.triggerFiles || triggerFilesId) dataSourceIds.tasks = await tasksDataSourceId(ctx, gw);
  // The parent first: a run that fails halfway can be re-run without --parent-page.
  if (parentPageId && parentPageId !== ctx.config.parentPageId)
    report.configFile = await recordIds(ctx, parentPageId, {});
  for (const entry of order) {
    ctx.onProgress?.({
      phase: 'write',
      message: `${entry.databaseId ? 'Checking' : 'Creating'} ${titleFor(entry.key, entry.role)}`,
    });
    const result = await ensureDatabase(gw, entry.role, {
      databaseId: entry.databaseId,
      parentPageId,
      title: titleFor(entry.key, entry.role),
      dataSourceIds,
      mapping: entry.mapping,
    });
    report.databases[entry.key] = result.db.databaseId;
    report.urls[entry.key] = result.db.url;
    if (entry.role !== 'custom') dataSourceIds[entry.role] = result.db.dataSourceId;
    if (result.created) report.created.push(entry.key);
    if (result.added.length > 0) report.added[entry.key] = result.added;
    // A relation whose target is not configured (the Trigger Files' Task without a tasks database) is left out, not a problem.
    const relationTo = (p: SchemaProblem): RelationTarget | undefined =>
      SCHEMAS[entry.role].properties[p.property]?.relationTo;
    report.unresolved.push(
      ...result.unresolved.filter((p) => !(p.problem === 'missing' && relationTo(p) && !dataSourceIds[relationTo(p)!])),
    );
    state.data.dataSources[result.db.databaseId] = {
      dataSourceId: result.db.dataSourceId,
      properties: result.db.properties,
      options: result.db.options,
      title: result.db.title,
      url: result.db.url,
    };
    state.markDirty();
    // Recorded at once: a run that fails (or is killed) later finds this one configured.
    if (result.created || entry.databaseId !== result.db.databaseId) {
      report.configFile = await recordIds(ctx, parentPageId, report.databases);
      await state.save();
    }
  }
  report.configFile = await recordIds(ctx, parentPageId, report.databases);
  await state.save();
  report.apiCalls = gw.counts.total;
  return report;
}

function recordIds(ctx: EngineContext, parentPageId: string | undefined, ids: Record<string, string>): Promise<string> {
  const { executionLogs, triggerFiles, ...categories } = ids;
  return writeConfigPatch(ctx.config.root, {
    parentPageId,
    databaseIds: categories,
    executionLogsDatabaseId: executionLogs,
    triggerFilesDatabaseId: triggerFiles,
  });
}

function titleFor(key: string, role: DatabaseRole): string {
  if (role !== 'custom') return SCHEMAS[role].title;
  return key.replace(/[-_]+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
}
