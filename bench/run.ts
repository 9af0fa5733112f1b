// `npm run bench [-- --quick] [-- --only N]`: the scenarios of issue 9 against the sandbox with its
// rate limiter on (3 rps, as Notion), written to bench/results.json and bench/RESULTS.md.
// A --quick run (smaller sizes, a smoke test) writes to bench/.work/quick/ instead, so it never
// replaces the numbers of a full run. --only N runs one scenario and merges it into the results.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { BENCH_DIR, log, machineFacts, round, WORK_DIR } from './lib';
import type { MachineFacts } from './lib';
import { renderMarkdown } from './report';
import type { BenchOptions, ScenarioResult } from './types';
import { runSyncScenarios } from './scenarios/sync';
import { runDiffScenario } from './scenarios/diff';
import { runAuditScenario } from './scenarios/audit';
import { runConversionScenario } from './scenarios/conversion';
import { runExtensionScenario } from './scenarios/extension';
import { runPullScenario } from './scenarios/pull';

export interface BenchResults {
  machine: MachineFacts;
  quick: boolean;
  totalSeconds: number;
  loadAverageEnd?: number;
  /** Scenarios re-measured alone (--only) after the full run. */
  remeasured?: Array<{ id: number; at: string; loadAverage: number }>;
  scenarios: ScenarioResult[];
}

function parseArgs(argv: string[]): { quick: boolean; only?: number } {
  let quick = false;
  let only: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') quick = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const v = a.includes('=') ? a.slice('--only='.length) : argv[++i];
      only = Number(v);
      if (!Number.isInteger(only) || only < 1 || only > 7)
        throw new Error(`--only takes a scenario number 1–7, not "${v}"`);
    } else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: npm run bench [-- --quick] [-- --only N]\n');
      process.exit(0);
    } else throw new Error(`unknown argument "${a}" (usage: npm run bench [-- --quick] [-- --only N])`);
  }
  return { quick, only };
}

/** A scenario that crashes is reported as not measured, with the error, and the run goes on. */
async function guarded(
  id: number,
  title: string,
  opts: BenchOptions,
  fn: () => Promise<ScenarioResult>,
): Promise<ScenarioResult> {
  const started = performance.now();
  try {
    return await fn();
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    log(`scenario ${id} failed: ${err instanceof Error ? (err.stack ?? message) : message}`);
    return {
      id,
      title,
      measuredAt: new Date().toISOString(),
      quick: opts.quick,
      wallSeconds: round((performance.now() - started) / 1000, 1),
      rows: [
        {
          scenario: `${id}. ${title}`,
          calls: '–',
          wall: '–',
          baseline: '–',
          ratio: '–',
          target: '–',
          met: null,
          note: `not measured: the scenario failed: ${message}`,
        },
      ],
      details: [`The scenario failed: \`${message}\`.`],
      data: { error: message },
    };
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const opts: BenchOptions = { quick: args.quick };
  const wanted = new Set(args.only ? [args.only] : [1, 2, 3, 4, 5, 6, 7]);
  const started = performance.now();
  const machine = machineFacts();
  log(
    `${args.quick ? 'quick' : 'full'} run of scenario(s) ${[...wanted].join(', ')} on ${machine.cpu} (${machine.cores} cores), node ${machine.node}`,
  );
  await mkdir(WORK_DIR, { recursive: true });

  const fresh: ScenarioResult[] = [];
  if (wanted.has(1) || wanted.has(2)) fresh.push(...(await runSyncScenarios(opts, wanted)));
  if (wanted.has(3))
    fresh.push(await guarded(3, 'Block diff vs delete-all + re-append', opts, () => runDiffScenario(opts)));
  if (wanted.has(4)) fresh.push(await guarded(4, 'Audit at scale', opts, () => runAuditScenario(opts)));
  if (wanted.has(5))
    fresh.push(
      await guarded(5, 'Markdown conversion: ours vs @tryfabric/martian', opts, () => runConversionScenario(opts)),
    );
  if (wanted.has(6))
    fresh.push(await guarded(6, 'Extension: bundles, VSIX, activation', opts, () => runExtensionScenario(opts)));
  if (wanted.has(7))
    fresh.push(await guarded(7, 'Two-way: detect and pull edited pages', opts, () => runPullScenario(opts)));

  const outDir = args.quick ? join(WORK_DIR, 'quick') : BENCH_DIR;
  await mkdir(outDir, { recursive: true });
  const jsonFile = join(outDir, 'results.json');
  // --only: keep the other scenarios of the previous run (each carries its own date).
  let results: BenchResults = {
    machine,
    quick: args.quick,
    totalSeconds: round((performance.now() - started) / 1000, 1),
    loadAverageEnd: round(loadavg()[0] ?? 0, 1),
    scenarios: fresh,
  };
  if (args.only && existsSync(jsonFile)) {
    // The header keeps the full run's facts; the re-measured scenario carries its own date (and is listed).
    const previous = JSON.parse(await readFile(jsonFile, 'utf8')) as BenchResults;
    results = {
      ...previous,
      scenarios: [...previous.scenarios.filter((s) => !fresh.some((f) => f.id === s.id)), ...fresh].sort(
        (a, b) => a.id - b.id,
      ),
      remeasured: [
        ...(previous.remeasured ?? []).filter((r) => r.id !== args.only),
        { id: args.only, at: machine.date, loadAverage: machine.loadAverage },
      ],
    };
  }
  await writeFile(jsonFile, JSON.stringify(results, null, 2) + '\n');
  await writeFile(join(outDir, 'RESULTS.md'), renderMarkdown(results));
  log(`done in ${round((performance.now() - started) / 1000, 1)} s: ${jsonFile} and RESULTS.md`);
  for (const s of fresh)
    for (const r of s.rows)
      log(
        `  ${r.scenario}: ${r.calls} · ${r.wall} · ${r.ratio} · target ${r.target} ${r.met === null ? 'not measured' : r.met ? 'met' : 'MISSED'}`,
      );
}

main().catch((err: unknown) => {
  process.stderr.write(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
