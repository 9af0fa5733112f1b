// Scenarios 1 and 2: the initial sync of a generated workspace, then a re-sync with nothing changed.
import { join } from 'node:path';
import { loadConfig } from '../../src/core/config';
import { scanWorkspace } from '../../src/core/inventory';
import { createCost } from '../../src/core/notion/pages';
import { convertItem, initDatabases, runSync } from '../../src/core/sync';
import type { SyncReport } from '../../src/core/sync';
import { startSandbox } from '../../src/sandbox';
import type { Sandbox } from '../../src/sandbox';
import {
  CLIENT_THROTTLE,
  countsOf,
  engineContext,
  log,
  NO_THROTTLE,
  NOTION_RPS,
  round,
  since,
  WORK_DIR,
  writeWorkspace,
} from '../lib';
import type { RequestCounts } from '../lib';
import { completionWrites, countBlocks, depthOf, formulaMinimum, nestingAwareMinimum } from '../minimum';
import type { TreeBlock } from '../minimum';
import type { BenchOptions, ScenarioResult, SummaryRow } from '../types';
import { nestedPlan } from '../../test/fixtures/corpus';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { generateWorkspace, syncWorkspaceSpec } from '../workspaces';

interface PageFacts {
  path: string;
  category: string;
  topLevel: number;
  blocks: number;
  depth: number;
  /** The Content Hash write that marks a multi-request page complete (0 or 1). */
  markers: number;
  formula: number;
  nestingAware: number;
  oursPlanned: number;
}

function callsText(c: { total: number; reads: number; writes: number }): string {
  return `${c.total} (reads ${c.reads}, writes ${c.writes})`;
}

function seconds(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(2)} s`;
}

export { callsText, seconds };

/** Runs scenario 1 and/or 2 (2 needs 1's synced workspace; with `only` = 2 the initial sync is set-up, not measured). */
export async function runSyncScenarios(opts: BenchOptions, wanted: Set<number>): Promise<ScenarioResult[]> {
  const spec = syncWorkspaceSpec(opts.quick);
  const dir = join(WORK_DIR, opts.quick ? 'quick' : 'full', 'initial-sync');
  const ws = join(dir, 'workspace');
  const stateDir = join(dir, 'state');
  await rm(dir, { recursive: true, force: true });
  log(`scenario 1/2: generating ${spec.plans + spec.reports} markdown documents and ${spec.scripts} scripts in ${ws}`);
  await writeWorkspace(ws, generateWorkspace(spec));

  const sandbox = await startSandbox({ quiet: true });
  const results: ScenarioResult[] = [];
  try {
    const setup = await engineContext(ws, sandbox, stateDir, NO_THROTTLE);
    await initDatabases(setup, { parentPageId: sandbox.rootPageId });

    // What the minimum is, from the files actually generated, converted the way the engine converts them.
    const config = await loadConfig(ws);
    const inventory = await scanWorkspace(config);
    const pages: PageFacts[] = [];
    for (const item of inventory.items) {
      const { blocks } = await convertItem(item);
      const tree = blocks as TreeBlock[];
      pages.push({
        path: item.path,
        category: item.category,
        topLevel: tree.length,
        blocks: countBlocks(tree),
        depth: depthOf(tree),
        formula: formulaMinimum(tree),
        nestingAware: nestingAwareMinimum(tree),
        markers: completionWrites(tree),
        // The bench's sync writes its log row, so it seals its multi-request creates (no completion write).
        oursPlanned: createCost(blocks, false),
      });
    }
    const categories = Object.keys(config.categories);
    const rowsByCategory: Record<string, number> = Object.fromEntries(
      categories.map((c) => [c, pages.filter((p) => p.category === c).length]),
    );

    const measured1 = wanted.has(1);
    sandbox.setRateLimit(measured1 ? NOTION_RPS : null, NOTION_RPS);
    const ctx1 = await engineContext(ws, sandbox, stateDir, measured1 ? CLIENT_THROTTLE : NO_THROTTLE);
    sandbox.resetStats();
    log(
      `scenario 1: initial sync of ${pages.length} files${measured1 ? ` at ${NOTION_RPS} rps (a few minutes)` : ' (set-up, not measured)'}`,
    );
    let start = performance.now();
    const first = await runSync(ctx1);
    const firstMs = since(start);
    const firstCounts = countsOf(sandbox.stats());
    if (first.failed > 0)
      throw new Error(`initial sync failed for ${first.failed} files: ${JSON.stringify(first.failures.slice(0, 3))}`);
    if (measured1) {
      const result = initialResult(opts, pages, categories, first, firstCounts, firstMs);
      const deep = await deepDocuments(opts, sandbox);
      result.rows.push(...deep.rows);
      result.details.push(...deep.details);
      result.data.deepDocuments = deep.data;
      results.push(result);
    }

    if (wanted.has(2)) {
      sandbox.setRateLimit(NOTION_RPS, NOTION_RPS);
      const ctx2 = await engineContext(ws, sandbox, stateDir, CLIENT_THROTTLE);
      sandbox.resetStats();
      log('scenario 2: re-sync with nothing changed');
      start = performance.now();
      const second = await runSync(ctx2);
      const secondMs = since(start);
      results.push(resyncResult(opts, rowsByCategory, second, countsOf(sandbox.stats()), secondMs));
    }
  } finally {
    await closeQuietly(sandbox);
  }
  return results;
}

export async function closeQuietly(sandbox: Sandbox): Promise<void> {
  await sandbox.close().catch(() => undefined);
}

function initialResult(
  opts: BenchOptions,
  pages: PageFacts[],
  categories: string[],
  report: SyncReport,
  counts: RequestCounts,
  ms: number,
): ScenarioResult {
  const sum = (f: (p: PageFacts) => number): number => pages.reduce((n, p) => n + f(p), 0);
  // An empty database still takes one query to learn it is empty (and to look every key up before creating).
  const queries = categories.length;
  const formula = queries + sum((p) => p.formula);
  const nestingAware = queries + sum((p) => p.nestingAware);
  // The engine counts its own requests (every answer, 429s included) up to the execution-log row; the sandbox counts all.
  const ours = report.apiCalls;
  const bookkeeping = counts.total - ours;
  const deep = pages.filter((p) => p.depth > 2);
  const oursPlanned = queries + sum((p) => p.oursPlanned);
  const markers = sum((p) => p.markers);
  const ratio = ours / nestingAware;
  const met = ratio <= 1.05;
  const extraVsPlan = ours - oursPlanned;
  const extraPages = pages.filter((p) => p.oursPlanned > p.nestingAware);
  const planExtra = sum((p) => Math.max(0, p.oursPlanned - p.nestingAware));
  // Completion writes actually made (a `PATCH /v1/pages/{id}` per page): none when the run sealed its pages.
  const completions = counts.byRoute['PATCH /v1/pages/{id}'] ?? 0;
  // Reads beyond the index queries: the twin check, the new keys read again after the creates (twins.ts).
  const twinChecks = Math.max(0, report.reads - queries);
  const multi = pages.filter((p) => p.markers > 0).length;
  const parts: string[] = [];
  if (counts.rateLimited > 0)
    parts.push(`${counts.rateLimited} requests answered 429 (our throttle tripped the limiter) and were retried`);
  if (planExtra > 0)
    parts.push(
      `${planExtra} requests above the minimum in the engine's plan, on ${extraPages.length} pages with deep nesting`,
    );
  if (completions > 0) parts.push(`${completions} completion writes (Content Hash last)`);
  if (twinChecks > 0) parts.push(`${twinChecks} twin-check queries (new keys read again after the creates)`);
  const other = ours - nestingAware - completions - counts.rateLimited - planExtra - twinChecks;
  if (other !== 0)
    parts.push(`${other} other (retries after faults, or pages where the plan is below the modelled minimum)`);
  const note = parts.length === 0 ? '' : `${met ? 'within target; ' : ''}${parts.join('; ')}`;
  const sizes = pages
    .filter((p) => p.path.endsWith('.md'))
    .map((p) => p.topLevel)
    .sort((a, b) => a - b);
  const details = [
    `Workspace: ${pages.filter((p) => p.path.endsWith('.md')).length} markdown documents (plans and reports, ${sizes[0]}–${sizes[sizes.length - 1]} top-level blocks, median ${sizes[Math.floor(sizes.length / 2)]}) and ${pages.length - sizes.length} scripts; ${sum((p) => p.blocks)} blocks in all, ${sum((p) => p.topLevel)} top-level; ${deep.length} documents have lists nested 3 levels or more (blocks of a fourth level need their own appends).`,
    '',
    '| | requests |',
    '|---|---:|',
    `| ours (sandbox count, every request on arrival) | ${counts.total} (reads ${counts.reads}, writes ${counts.writes}) |`,
    `| of which execution-log row (bookkeeping, CONTRACT §5) | ${bookkeeping} |`,
    `| ours without bookkeeping | **${ours}** |`,
    `| rate-limited (429) answers among them | ${counts.rateLimited} |`,
    `| rejected (4xx/5xx other than 429) | ${counts.rejected} |`,
    `| minimum, issue formula: ${queries} queries (one per category database, all empty) + Σ⌈top-level blocks/100⌉ | ${formula} |`,
    `| read-free minimum (every block sent once in the largest valid requests, nothing read; see bench/minimum.ts) | **${nestingAware}** |`,
    `| completion writes made (\`PATCH /v1/pages/{id}\`; a writer marking each of the ${multi} multi-request pages complete would make ${markers}) | ${completions} |`,
    `| + twin-check queries (each database with new rows read again after the creates, ⌈rows/100⌉ each) | ${nestingAware + completions + twinChecks} |`,
    `| our engine's own plan (Σ estimated calls + queries; the twin check is not planned) | ${oursPlanned} |`,
    '',
    `Ratio ours / read-free minimum = **${round(ratio, 3)}** (ours / formula minimum = ${round(ours / formula, 3)}). Deep nesting costs ${nestingAware - formula} requests above the formula. ` +
      `Requests by route: ${Object.entries(counts.byRoute)
        .map(([r, n]) => `\`${r}\` ${n}`)
        .join(', ')}. ` +
      `Measured requests ${extraVsPlan === 0 ? 'equal' : extraVsPlan > 0 ? `exceed by ${extraVsPlan}` : `are ${-extraVsPlan} fewer than`} the engine's own plan.`,
    `Wall time ${seconds(ms)} for ${counts.total} requests = ${round(counts.total / (ms / 1000), 2)} requests/s against a ${NOTION_RPS} rps limit.`,
  ];
  details.push(
    '',
    `**Crash safety without a completion write per page.** A body that takes several requests (${multi} of the ${pages.length} pages here) is partial between them, and Notion has no request that appends blocks and sets a property at once. ` +
      `Instead of writing each such row's final Content Hash after its last append (${markers} more writes, ${round((100 * markers) / nestingAware, 1)}% of the minimum), the run creates those rows with Content Hash \`run:<run id>;<hash>\` and seals them all with the Execution Logs row it writes anyway (its \`Run ID\`; bookkeeping, CONTRACT §5), written only when every page it tagged is complete. ` +
      `Every reader takes a tagged row for complete only once that seal is in Notion (one query per 50 unknown runs, none on the machine that wrote them); a run killed before its seal leaves rows every machine reads as incomplete (DESIGN.md principle 9; \`src/core/sync/seals.ts\`). ` +
      `The ${twinChecks} twin-check queries are reads that keep two writers from leaving two rows for one key.`,
  );
  if (extraPages.length > 0) {
    details.push(
      '',
      `Pages where our engine spends more than the minimum (${extraPages.length}): ` +
        extraPages
          .slice(0, 8)
          .map((p) => `\`${p.path}\` ${p.oursPlanned} vs ${p.nestingAware}`)
          .join(', ') +
        (extraPages.length > 8 ? ', …' : '') +
        '.',
    );
  }
  return {
    id: 1,
    title: 'Initial sync',
    measuredAt: new Date().toISOString(),
    quick: opts.quick,
    wallSeconds: round(ms / 1000, 2),
    rows: [
      {
        scenario: `1. Initial sync, ${sizes.length} docs + ${pages.length - sizes.length} scripts`,
        calls: callsText({ total: ours, reads: report.reads, writes: report.writes }),
        wall: seconds(ms),
        baseline: `read-free minimum ${nestingAware} (formula ${formula})`,
        ratio: `${round(ratio, 3)}×`,
        target: '≤ 1.05× read-free minimum',
        met,
        note,
      },
    ],
    details,
    data: {
      files: pages.length,
      markdown: sizes.length,
      scripts: pages.length - sizes.length,
      created: report.created,
      failed: report.failed,
      requests: counts,
      bookkeeping,
      ours,
      minimumFormula: formula,
      minimumNestingAware: nestingAware,
      oursPlanned,
      completionWrites: completions,
      completionWritesIfUnsealed: markers,
      ratio,
      ratioToFormula: ours / formula,
      engineReport: { apiCalls: report.apiCalls, reads: report.reads, writes: report.writes },
      wallMs: Math.round(ms),
      deepPages: deep.length,
      extraPages: extraPages.map((p) => ({ path: p.path, ours: p.oursPlanned, minimum: p.nestingAware })),
      pages,
    },
  };
}

function resyncResult(
  opts: BenchOptions,
  rowsByCategory: Record<string, number>,
  report: SyncReport,
  counts: RequestCounts,
  ms: number,
): ScenarioResult {
  const minimum = Object.values(rowsByCategory).reduce((n, rows) => n + Math.max(1, Math.ceil(rows / 100)), 0);
  const met = counts.total === minimum && counts.writes === 0;
  return {
    id: 2,
    title: 'Re-sync, nothing changed',
    measuredAt: new Date().toISOString(),
    quick: opts.quick,
    wallSeconds: round(ms / 1000, 2),
    rows: [
      {
        scenario: '2. Re-sync, nothing changed',
        calls: callsText(counts),
        wall: seconds(ms),
        baseline: `minimum ${minimum} queries`,
        ratio: `${round(counts.total / minimum, 3)}×`,
        target: '= minimum',
        met,
        note: met
          ? ''
          : `extra requests: ${Object.entries(counts.byRoute)
              .map(([r, n]) => `${r} ${n}`)
              .join(', ')}`,
      },
    ],
    details: [
      `Rows per database: ${Object.entries(rowsByCategory)
        .map(([c, n]) => `${c} ${n}`)
        .join(
          ', ',
        )}; minimum = Σ max(1, ⌈rows/100⌉) = ${minimum} paginated queries (an empty database still takes one query). ` +
        `Ours: ${
          Object.entries(counts.byRoute)
            .map(([r, n]) => `\`${r}\` ${n}`)
            .join(', ') || 'none'
        }; ${report.unchanged} items unchanged, no execution-log row (nothing changed).`,
    ],
    data: {
      rowsByCategory,
      minimum,
      requests: counts,
      unchanged: report.unchanged,
      wallMs: Math.round(ms),
      engineReport: { apiCalls: report.apiCalls, reads: report.reads, writes: report.writes },
    },
  };
}

/**
 * Issue 16, on documents nested 3–5 levels deep alone (a separate workspace and databases, same sandbox and
 * limiter): their initial sync against the read-free minimum, then a one-line edit of one of them.
 */
async function deepDocuments(
  opts: BenchOptions,
  sandbox: Sandbox,
): Promise<{ rows: SummaryRow[]; details: string[]; data: Record<string, unknown> }> {
  const count = opts.quick ? 6 : 30;
  const files: Record<string, string> = { '.notion-sync.json': JSON.stringify({ workspaceName: 'bench-deep' }) };
  for (let n = 0; n < count; n++) files[`plans/deep-${n}.md`] = nestedPlan(3 + (n % 3), n + 1);
  const dir = join(WORK_DIR, opts.quick ? 'quick' : 'full', 'deep-documents');
  const ws = join(dir, 'workspace');
  const stateDir = join(dir, 'state');
  await rm(dir, { recursive: true, force: true });
  await writeWorkspace(ws, files);
  sandbox.setRateLimit(null);
  await initDatabases(await engineContext(ws, sandbox, stateDir, NO_THROTTLE), { parentPageId: sandbox.rootPageId });

  const config = await loadConfig(ws);
  const inventory = await scanWorkspace(config);
  const queries = Object.keys(config.categories).length;
  let minimum = queries;
  let unsealed = 0;
  for (const item of inventory.items) {
    const tree = (await convertItem(item)).blocks as TreeBlock[];
    minimum += nestingAwareMinimum(tree);
    unsealed += completionWrites(tree);
  }
  log(`scenario 1: initial sync of ${count} documents nested 3–5 levels deep at ${NOTION_RPS} rps`);
  sandbox.setRateLimit(NOTION_RPS, NOTION_RPS);
  sandbox.resetStats();
  let start = performance.now();
  const first = await runSync(await engineContext(ws, sandbox, stateDir, CLIENT_THROTTLE));
  const firstMs = since(start);
  const counts = countsOf(sandbox.stats());
  if (first.failed > 0) throw new Error(`deep documents: ${first.failed} failed: ${JSON.stringify(first.failures[0])}`);
  const ours = first.apiCalls;
  const ratio = ours / minimum;

  // One line of the most deeply nested document changes: a paragraph, then an item at the deepest level.
  const path = join(ws, 'plans', 'deep-2.md');
  const lines = (await readFile(path, 'utf8')).split('\n');
  const paragraph = lines.findIndex((l, k) => k > 4 && l && !l.startsWith('#') && !l.trimStart().startsWith('-'));
  const deepest = lines.reduce((best, l, k) => (l.search(/\S/) > lines[best]!.search(/\S/) ? k : best), 0);
  const edits: Array<{
    what: string;
    page: number;
    total: number;
    bookkeeping: number;
    ms: number;
    counts: RequestCounts;
  }> = [];
  for (const [what, at] of [
    ['a paragraph', paragraph],
    [`an item at level ${lines[deepest]!.search(/\S/) / 2 + 1}`, deepest],
  ] as const) {
    lines[at] = `${lines[at]!.slice(0, -1)} (edited).`;
    await writeFile(path, lines.join('\n'));
    sandbox.resetStats();
    start = performance.now();
    const edit = await runSync(await engineContext(ws, sandbox, stateDir, CLIENT_THROTTLE));
    const ms = since(start);
    const c = countsOf(sandbox.stats());
    // Everything but the row queries (and 429 answers retried) is for the page: its block listing when it
    // needs ids, its writes.
    edits.push({
      what,
      page: edit.apiCalls - queries - c.rateLimited,
      total: edit.apiCalls,
      bookkeeping: c.total - edit.apiCalls,
      ms,
      counts: c,
    });
  }
  const routes = (c: RequestCounts): string =>
    Object.entries(c.byRoute)
      .map(([r, n]) => `\`${r}\` ${n}`)
      .join(', ');
  return {
    rows: [
      {
        scenario: `1. Initial sync, ${count} docs nested 3–5 levels`,
        calls: callsText({ total: ours, reads: first.reads, writes: first.writes }),
        wall: seconds(firstMs),
        baseline: `read-free minimum ${minimum}`,
        ratio: `${round(ratio, 3)}×`,
        target: '≤ 1.05× read-free minimum',
        met: ratio <= 1.05,
        note: counts.rateLimited > 0 ? `${counts.rateLimited} requests answered 429 and retried` : '',
      },
      ...edits.map((e) => ({
        scenario: `1. One-line edit (${e.what}) of a document nested 5 levels`,
        calls: `${e.page} for the page; run total ${e.total} incl. ${queries} row queries${e.bookkeeping ? ` + ${e.bookkeeping} log row` : ''}`,
        wall: seconds(e.ms),
        baseline: '–',
        ratio: '–',
        target: '≤ 5 requests',
        met: e.page <= 5,
        note: e.counts.rateLimited > 0 ? `${e.counts.rateLimited} requests answered 429 and retried (not counted)` : '',
      })),
    ],
    details: [
      '',
      `### Documents nested 3–5 levels deep`,
      '',
      `${count} plans (\`nestedPlan\` of test/fixtures/corpus.ts: six sections, each a list nested 3, 4 or 5 levels), in a workspace and databases of their own. ` +
        `Initial sync: **${ours}** requests (reads ${first.reads}, writes ${first.writes}) against a read-free minimum of **${minimum}** (${queries} queries + the pages) = **${round(ratio, 3)}×**; ` +
        `a writer marking each multi-request page complete with a write of its own would add ${unsealed}. Requests by route: ${routes(counts)}. Wall time ${seconds(firstMs)}. ` +
        `Then one line of \`plans/deep-2.md\` (nested 5 levels) changed, twice: ` +
        edits.map((e) => `${e.what}: **${e.page}** requests for the page (${routes(e.counts)})`).join('; ') +
        '. The body diff works on top-level blocks: an edit inside a list rewrites that top-level item with everything under it (one delete, then its appends), so its cost grows with the width of the nested item (the benchmark outline: three items per level).',
    ],
    data: { count, minimum, ours, ratio, unsealed, counts, edits },
  };
}
