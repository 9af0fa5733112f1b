// Where activation time goes: `node --import tsx bench/activation/profile.ts [runs] [outDir]` starts
// code-server once per run (as scenario 6 does), activates the extension of this folder (build it
// first: `node tools/build.mjs --production`) under a CPU profile, and prints require vs activate
// times plus the heaviest functions and modules of the profile. Not part of `npm run bench`.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { bundleHostEntry } from './bundle-entry';
import { REPO_ROOT } from '../lib';

const MARK = '[bench-activation-profile]';
const REPO = REPO_ROOT;

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

function summarise(p: Profile): string[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++)
    self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + p.timeDeltas[i] / 1000);
  const byFn = new Map<string, number>();
  const byUrl = new Map<string, number>();
  for (const [id, ms] of self) {
    const n = byId.get(id)!;
    const url = n.callFrame.url.replace(/^.*\//, '') || '(native)';
    const key = `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + ms);
    byUrl.set(url, (byUrl.get(url) ?? 0) + ms);
  }
  const top = (m: Map<string, number>, k: number): string[] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([key, ms]) => `  ${ms.toFixed(1).padStart(7)} ms  ${key}`);
  // Inclusive time of the bundle's functions (a recursive function counted once per path).
  const total = new Map<number, number>();
  const inclusive = (id: number): number => {
    const n = byId.get(id)!;
    const t = (self.get(id) ?? 0) + (n.children ?? []).reduce((sum, c) => sum + inclusive(c), 0);
    total.set(id, t);
    return t;
  };
  inclusive(p.nodes[0].id);
  const byName = new Map<string, number>();
  const onStack = new Set<string>();
  const walk = (id: number): void => {
    const n = byId.get(id)!;
    const key = n.callFrame.url.includes('/dist/') ? n.callFrame.functionName || '(anonymous)' : '';
    const counted = key && !onStack.has(key);
    if (counted) {
      byName.set(key, (byName.get(key) ?? 0) + total.get(id)!);
      onStack.add(key);
    }
    for (const c of n.children ?? []) walk(c);
    if (counted) onStack.delete(key);
  };
  walk(p.nodes[0].id);
  // A timeline in 20 ms slices: which scripts the samples were in (the bundle's own, the host's, other extensions').
  const timeline: string[] = [];
  let t = 0;
  const slices = new Map<number, Map<string, number>>();
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i] / 1000;
    const n = byId.get(p.samples[i])!;
    let script = n.callFrame.url.replace(/^.*\//, '') || n.callFrame.functionName;
    if (/dist\//.test(n.callFrame.url)) script = `ours:${script}`;
    const slice = slices.get(Math.floor(t / 20)) ?? new Map<string, number>();
    slice.set(script, (slice.get(script) ?? 0) + p.timeDeltas[i] / 1000);
    slices.set(Math.floor(t / 20), slice);
  }
  for (const [k, slice] of [...slices].sort((a, b) => a[0] - b[0]))
    timeline.push(
      `  ${String(k * 20).padStart(5)} ms: ${[...slice]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([s, ms]) => `${s} ${ms.toFixed(1)}`)
        .join(', ')}`,
    );
  return [
    'timeline:',
    ...timeline,
    'self time by script:',
    ...top(byUrl, 8),
    'self time by function:',
    ...top(byFn, 20),
    'inclusive time of the bundle functions:',
    ...top(byName, 45),
  ];
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 3);
  const outDir = resolve(process.argv[3] ?? join(REPO, 'bench', '.work', 'activation-profile'));
  const cs = await import('../../tools/vscode/code-server.mjs');
  await rm(outDir, { recursive: true, force: true });
  const workspace = join(outDir, 'workspace');
  await mkdir(workspace, { recursive: true });
  const entry = join(outDir, 'entry.js');
  await bundleHostEntry(join(REPO, 'bench', 'activation', 'profile-entry.ts'), entry);

  const browser = await cs.launchChromium();
  try {
    for (let i = 1; i <= runs; i++) {
      const out = join(outDir, `run-${i}.cpuprofile`);
      const server = await cs.startCodeServer({
        workspace,
        env: { NOTION_SYNC_PROFILE_OUT: out },
        logFile: join(outDir, `code-server-${i}.log`),
      });
      try {
        const page = await browser.newPage();
        let line: string | undefined;
        let settle!: () => void;
        const done = new Promise<void>((r) => (settle = r));
        await page.exposeFunction('codeAutomationExit', () => settle());
        await page.exposeFunction('codeAutomationLog', (_t: string, args: unknown) => {
          const text = (Array.isArray(args) ? args : [args]).map(String).join(' ');
          if (text.startsWith(MARK)) line = text.slice(MARK.length).trim();
        });
        await page.goto(
          cs.workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: REPO, extensionTestsPath: entry }),
        );
        await Promise.race([done, new Promise((r) => setTimeout(r, 120_000))]);
        await page.close().catch(() => undefined);
        console.log(`run ${i}: ${line ?? 'no measurement'}`);
        if (line && !JSON.parse(line).error)
          console.log(summarise(JSON.parse(await readFile(out, 'utf8')) as Profile).join('\n'));
      } finally {
        await server.stop();
      }
    }
  } finally {
    await browser.close();
  }
}

void main();
