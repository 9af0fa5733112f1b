import { Minimatch } from 'minimatch';
import type { ItemKind, SyncConfig } from '../config';

export type TriggerState = 'inbox' | 'processed' | 'failed';

const MM_OPTIONS = { dot: true, nocomment: true, nonegate: true } as const;

interface CompiledCategory {
  name: string;
  include: Minimatch[];
  exclude: Minimatch[];
}

/**
 * The config's globs compiled once. Rules, in order:
 * 1. a path matched by a global `exclude` is nothing;
 * 2. a path matched by a trigger glob (inbox/processed/failed) is a trigger
 *    file and never a category item, whatever its extension;
 * 3. otherwise it belongs to the first category (config order) whose
 *    `include` matches and whose own `exclude` does not.
 */
export class Classifier {
  private readonly categories: CompiledCategory[];
  private readonly exclude: Minimatch[];
  private readonly triggers: { state: TriggerState; globs: Minimatch[] }[];
  private readonly everything: Minimatch[];

  constructor(config: SyncConfig) {
    const compile = (globs: readonly string[]): Minimatch[] => globs.map((g) => new Minimatch(g, MM_OPTIONS));
    this.categories = Object.values(config.categories).map((c) => ({
      name: c.name,
      include: compile(c.include),
      exclude: compile(c.exclude),
    }));
    this.exclude = compile(config.exclude);
    this.triggers = (['inbox', 'processed', 'failed'] as const).map((state) => ({
      state,
      globs: compile(config.triggerFiles[state]),
    }));
    this.everything = [...this.categories.flatMap((c) => c.include), ...this.triggers.flatMap((t) => t.globs)];
  }

  isExcluded(rel: string): boolean {
    return this.exclude.some((m) => m.match(rel));
  }

  /** A directory whose every path is excluded: never descended into. */
  isDirPruned(relDir: string): boolean {
    return this.exclude.some((m) => m.match(relDir) || m.match(`${relDir}/`));
  }

  /** Whether any include or trigger glob could match something under this directory. */
  dirMayMatch(relDir: string): boolean {
    return this.everything.some((m) => m.match(relDir, true));
  }

  /** Categories whose globs could match something under this directory (for reports about unreadable folders). */
  categoryForDir(relDir: string): string | undefined {
    return this.categories.find((c) => c.include.some((m) => m.match(relDir, true)))?.name;
  }

  triggerState(rel: string): TriggerState | undefined {
    for (const t of this.triggers) if (t.globs.some((m) => m.match(rel))) return t.state;
    return undefined;
  }

  /** The category of a (non-excluded, non-trigger) path. */
  categoryOf(rel: string): string | undefined {
    for (const c of this.categories) {
      if (c.include.some((m) => m.match(rel)) && !c.exclude.some((m) => m.match(rel))) return c.name;
    }
    return undefined;
  }

  /** Full classification of a workspace-relative file path. */
  classify(
    rel: string,
  ):
    | { kind: 'excluded' }
    | { kind: 'trigger'; state: TriggerState }
    | { kind: 'item'; category: string }
    | { kind: 'none' } {
    if (this.isExcluded(rel) || this.hasPrunedAncestor(rel)) return { kind: 'excluded' };
    const state = this.triggerState(rel);
    if (state) return { kind: 'trigger', state };
    const category = this.categoryOf(rel);
    return category ? { kind: 'item', category } : { kind: 'none' };
  }

  hasPrunedAncestor(rel: string): boolean {
    let i = rel.indexOf('/');
    while (i > 0) {
      if (this.isDirPruned(rel.slice(0, i))) return true;
      i = rel.indexOf('/', i + 1);
    }
    return false;
  }
}

const cache = new WeakMap<SyncConfig, { signature: string; classifier: Classifier }>();

export function classifierFor(config: SyncConfig): Classifier {
  const signature = JSON.stringify([config.categories, config.exclude, config.triggerFiles]);
  const hit = cache.get(config);
  if (hit && hit.signature === signature) return hit.classifier;
  const classifier = new Classifier(config);
  cache.set(config, { signature, classifier });
  return classifier;
}

/** Workspace-relative path with forward slashes, no leading "./", no trailing "/". */
export function normalizeRelPath(p: string): string {
  let s = p.replace(/\\/g, '/');
  while (s.startsWith('./')) s = s.slice(2);
  s = s.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  return s === '.' ? '' : s;
}

/**
 * The category a workspace-relative file path belongs to, or undefined
 * (excluded, a trigger file, or matched by no category). Pure: looks at the
 * path only, not at the file.
 */
export function classifyPath(config: SyncConfig, relPath: string): string | undefined {
  const c = classifierFor(config).classify(normalizeRelPath(relPath));
  return c.kind === 'item' ? c.category : undefined;
}

const MARKDOWN_EXT = /\.(md|markdown|mdx)$/i;

export function itemKind(relPath: string): ItemKind {
  return MARKDOWN_EXT.test(relPath) ? 'markdown' : 'script';
}
