// Scenario 7: two-way — detect and pull N pages edited in Notion, against the minimum; then a two-way
// sync with nothing changed, against the row queries alone.
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { Client } from '@notionhq/client';
import { loadConfig } from '../../src/core/config';
import { getStatus, initDatabases, runPull, runSync } from '../../src/core/sync';
import { startSandbox } from '../../src/sandbox';
import {
  CLIENT_THROTTLE,
  countsOf,
  engineContext,
  log,
  NO_THROTTLE,
  NOTION_RPS,
  round,
  WORK_DIR,
  writeWorkspace,
} from '../lib';
import type { BenchOptions, ScenarioResult } from '../types';
import { generateWorkspace, syncWorkspaceSpec } from '../workspaces';
import { callsText, seconds } from './sync';

/** Requests a reader needs to read a page's blocks: one list per 100 children, for the page and every block with children. */
async function readCost(client: Client, blockId: string): Promise<{ requests: number; blocks: number }> {
  let requests = 0;
  let blocks = 0;
  let cursor: string | undefined;
  do {
    const res = await client.blocks.children.list({ block_id: blockId, start_cursor: cursor, page_size: 100 });
    requests++;
    for (const b of res.results as Array<{ id: string; type: string; has_children: boolean }>) {
      blocks++;
      if (b.has_children && b.type !== 'child_page' && b.type !== 'child_database') {
        const inner = await readCost(client, b.id);
        requests += inner.requests;
        blocks += inner.blocks;
      }
    }
    cursor = res.has_more ? (res.next_cursor ?? undefined) : undefined;
  } while (cursor);
  return { requests, blocks };
}

export async function runPullScenario(opts: BenchOptions): Promise<ScenarioResult> {
  const spec = syncWorkspaceSpec(opts.quick);
  const edited = opts.quick ? 3 : 10;
  const dir = join(WORK_DIR, opts.quick ? 'quick' : 'full', 'two-way');
  const ws = join(dir, 'workspace');
  const stateDir = join(dir, 'state');
  await rm(dir, { recursive: true, force: true });
  await writeWorkspace(ws, generateWorkspace(spec));
  const sandbox = await startSandbox({ quiet: true });
  try {
    // Set-up (not measured): databases and the initial sync, limiter off.
    sandbox.setRateLimit(null, NOTION_RPS);
    const setup = await engineContext(ws, sandbox, stateDir, NO_THROTTLE);
    await initDatabases(setup, { parentPageId: sandbox.rootPageId });
    const ctx0 = await engineContext(ws, sandbox, stateDir, NO_THROTTLE);
    const first = await runSync(ctx0);
    if (first.failed > 0) throw new Error(`initial sync failed for ${first.failed} files`);
    const status = await getStatus(ctx0);
    const rowsByCategory: Record<string, number> = {};
    for (const c of Object.keys((await loadConfig(ws)).categories)) rowsByCategory[c] = 0;
    for (const i of status.items) if (i.pageId) rowsByCategory[i.category] = (rowsByCategory[i.category] ?? 0) + 1;
    const queries = Object.values(rowsByCategory).reduce((n, rows) => n + Math.max(1, Math.ceil(rows / 100)), 0);

    // A teammate edits N markdown pages in Notion (one paragraph each; every third also gets a new one).
    const targets = status.items.filter((i) => i.pageId && i.path.endsWith('.md')).slice(0, edited);
    for (const [k, t] of targets.entries()) {
      sandbox.humanEdit({
        pageId: t.pageId!,
        replaceText: { text: `Edited in Notion (${k}).` },
        ...(k % 3 === 0 ? { appendParagraph: `Added in Notion (${k}).` } : {}),
      });
    }
    const client = new Client({ auth: sandbox.token, baseUrl: sandbox.url, retry: false });
    let reads = 0;
    let blocks = 0;
    for (const t of targets) {
      const c = await readCost(client, t.pageId!);
      reads += c.requests;
      blocks += c.blocks;
    }
    const minimum = queries + reads;

    // Measured: the pull at 3 rps, our client as shipped.
    sandbox.setRateLimit(NOTION_RPS, NOTION_RPS);
    sandbox.resetStats();
    log(`scenario 7: pulling ${edited} pages edited in Notion (${blocks} blocks) at ${NOTION_RPS} rps`);
    let start = performance.now();
    const pull = await runPull(await engineContext(ws, sandbox, stateDir, CLIENT_THROTTLE));
    const pullMs = performance.now() - start;
    const pullCounts = countsOf(sandbox.stats());
    const pulledAll = pull.pulled === edited && pull.failed === 0 && pull.conflicts === 0;
    const pullMet = pulledAll && pullCounts.reads === minimum && pullCounts.writes === edited;

    // Measured: a two-way sync with nothing changed since (a moment later: the limiter's bucket refilled,
    // as it has by the time a person runs the next command).
    await new Promise((r) => setTimeout(r, 1500));
    sandbox.resetStats();
    start = performance.now();
    const quiet = await runSync(await engineContext(ws, sandbox, stateDir, CLIENT_THROTTLE), { twoWay: true });
    const quietMs = performance.now() - start;
    const quietCounts = countsOf(sandbox.stats());
    const quietMet = quietCounts.total === queries && quietCounts.writes === 0 && quiet.updated + quiet.created === 0;

    const routes = (byRoute: Record<string, number>): string =>
      Object.entries(byRoute)
        .map(([r, n]) => `\`${r}\` ${n}`)
        .join(', ');
    return {
      id: 7,
      title: 'Two-way: detect and pull edited pages',
      measuredAt: new Date().toISOString(),
      quick: opts.quick,
      wallSeconds: round((pullMs + quietMs) / 1000, 2),
      rows: [
        {
          scenario: `7. Pull ${edited} pages edited in Notion (of ${status.items.length} items)`,
          calls: callsText(pullCounts),
          wall: seconds(pullMs),
          baseline: `minimum ${minimum} reads (${queries} row queries + ${reads} block listings) + ${edited} row writes`,
          ratio: `${round(pullCounts.total / (minimum + edited), 3)}×`,
          target: 'reads = minimum; one row write per pulled page',
          met: pullMet,
          note: pullMet
            ? ''
            : `pulled ${pull.pulled}, failed ${pull.failed}, conflicts ${pull.conflicts}; ${routes(pullCounts.byRoute)}`,
        },
        {
          scenario: '7. Two-way sync, nothing changed',
          calls: callsText(quietCounts),
          wall: seconds(quietMs),
          baseline: `${queries} row queries`,
          ratio: `${round(quietCounts.total / queries, 3)}×`,
          target: '= the row queries',
          met: quietMet,
          note: quietMet ? '' : routes(quietCounts.byRoute),
        },
      ],
      details: [
        `Workspace: ${status.items.length} items (${Object.entries(rowsByCategory)
          .map(([c, n]) => `${c} ${n}`)
          .join(
            ', ',
          )} rows); a teammate edits ${edited} markdown pages in Notion (one paragraph each, and a new paragraph on every third), ${blocks} blocks on those pages.`,
        '',
        `Detecting the edits costs nothing beyond the row queries (${queries}: Σ max(1, ⌈rows/100⌉)), which return \`last_edited_time\` and \`last_edited_by\`. ` +
          `Pulling a page costs its block listing: one request per 100 children of the page and of every block with children (${reads} for the ${edited} pages, counted by walking them afterwards). ` +
          `After a clean pull each row gets one \`pages.update\` (Content Hash and Last Synced), so that the next sync has nothing to write and the row no longer reads as edited by a person.`,
        '',
        `Pull: ${routes(pullCounts.byRoute)}; ${pull.pulled} pulled, ${pull.merged} merged, ${pull.conflicts} conflicts, ${pull.failed} failed. ` +
          `Two-way sync afterwards: ${routes(quietCounts.byRoute) || 'none'}; ${quiet.unchanged} unchanged.`,
      ],
      data: {
        edited,
        items: status.items.length,
        rowsByCategory,
        queries,
        blockListings: reads,
        blocks,
        minimum,
        pull: { requests: pullCounts, report: { pulled: pull.pulled, failed: pull.failed, apiCalls: pull.apiCalls } },
        pullMs: Math.round(pullMs),
        quiet: { requests: quietCounts, updated: quiet.updated, unchanged: quiet.unchanged },
        quietMs: Math.round(quietMs),
      },
    };
  } finally {
    await sandbox.close();
  }
}
