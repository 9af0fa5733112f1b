// The generated workspaces the scenarios sync, audit and convert (deterministic: fixed seeds).
import { documentSizes, outlineDocument, scriptSource } from '../test/fixtures/corpus';

export interface WorkspaceSpec {
  name: string;
  plans: number;
  reports: number;
  scripts: number;
  /** Range of markdown document sizes, in blocks (log-uniform). */
  minBlocks: number;
  maxBlocks: number;
  /** Range of script sizes, in lines. */
  minLines: number;
  maxLines: number;
  seed: number;
}

const SCRIPT_EXTS = ['py', 'sh', 'ts', 'js'] as const;

/** Files (relative path → text) of a workspace: plans/ and reports/ markdown, scripts/ code, and its .notion-sync.json. */
export function generateWorkspace(spec: WorkspaceSpec): Record<string, string> {
  const files: Record<string, string> = {
    '.notion-sync.json': JSON.stringify({ workspaceName: spec.name }, null, 2) + '\n',
  };
  const docs = spec.plans + spec.reports;
  const sizes = documentSizes(docs, spec.seed, spec.minBlocks, spec.maxBlocks);
  for (let i = 0; i < docs; i++) {
    const plan = i < spec.plans;
    const n = plan ? i : i - spec.plans;
    const dir = plan ? 'plans' : 'reports';
    const title = `${plan ? 'Plan' : 'Report'} ${n + 1}`;
    // Spread over a few sub-folders, as a real repository would.
    const rel = `${dir}/${plan ? `area-${n % 7}` : `2025-${String((n % 12) + 1).padStart(2, '0')}`}/${plan ? 'plan' : 'report'}-${String(n + 1).padStart(5, '0')}.md`;
    files[rel] = outlineDocument(sizes[i]!, spec.seed * 100_003 + i, title);
  }
  const lines = documentSizes(spec.scripts, spec.seed + 17, spec.minLines, spec.maxLines);
  for (let i = 0; i < spec.scripts; i++) {
    const ext = SCRIPT_EXTS[i % SCRIPT_EXTS.length]!;
    files[`scripts/group-${i % 5}/job-${String(i + 1).padStart(5, '0')}.${ext}`] = scriptSource(
      ext,
      lines[i]!,
      spec.seed * 7 + i,
      `job ${i + 1}`,
    );
  }
  return files;
}

export function syncWorkspaceSpec(quick: boolean): WorkspaceSpec {
  return quick
    ? {
        name: 'bench-initial',
        plans: 11,
        reports: 9,
        scripts: 5,
        minBlocks: 10,
        maxBlocks: 250,
        minLines: 20,
        maxLines: 400,
        seed: 1,
      }
    : {
        name: 'bench-initial',
        plans: 110,
        reports: 90,
        scripts: 50,
        minBlocks: 10,
        maxBlocks: 500,
        minLines: 20,
        maxLines: 400,
        seed: 1,
      };
}

/** The audit workspaces: `files` files, 40 % plans, 40 % reports, 20 % scripts, realistic sizes. */
export function auditWorkspaceSpec(files: number): WorkspaceSpec {
  const plans = Math.round(files * 0.4);
  const reports = Math.round(files * 0.4);
  return {
    name: `bench-audit-${files}`,
    plans,
    reports,
    scripts: files - plans - reports,
    minBlocks: 10,
    maxBlocks: 500,
    minLines: 20,
    maxLines: 400,
    seed: 4,
  };
}
