import { isAbsolute, relative, resolve } from 'node:path';
import type { SyncConfig } from '../core/config';
import type { CommandContext, OptionSpec } from './types';
import { UsageError } from './types';

export function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
}

export const CATEGORY_OPTION: OptionSpec = {
  type: 'string',
  arg: 'C',
  description: 'only this category (a key of "categories" in .notion-sync.json, e.g. plans, reports, scripts)',
};

/** `--category C`, checked against the configured categories. */
export function categoryOption(ctx: CommandContext, config: SyncConfig): string | undefined {
  const category = typeof ctx.values.category === 'string' ? ctx.values.category : undefined;
  if (category && !config.categories[category])
    throw new UsageError(`Unknown category "${category}". Known: ${Object.keys(config.categories).join(', ')}.`);
  return category;
}

/** PATH… arguments, workspace-relative with forward slashes; a path outside the workspace is a usage error. */
export function relPaths(ctx: CommandContext): string[] | undefined {
  if (ctx.positionals.length === 0) return undefined;
  return ctx.positionals.map((p) => {
    const rel = relative(ctx.workspace, resolve(ctx.workspace, p));
    if (rel === '..' || rel.startsWith(`..${'/'}`) || rel.startsWith('..\\') || isAbsolute(rel))
      throw new UsageError(
        `"${p}" is outside the workspace ${ctx.workspace}.`,
        'Give paths inside the workspace, relative to it, or pass --workspace.',
      );
    return rel.replace(/\\/g, '/');
  });
}
