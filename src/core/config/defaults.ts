import * as path from 'node:path';
import { CONFIG_SCHEMA } from './schema';
import type { CategoryConfig, SyncConfig, TriggerConfig } from './types';

// Defaults and vocabularies come from the schema (schemas/notion-sync.schema.json), so the editor's
// completion, the docs and the engine cannot disagree.
const defs = CONFIG_SCHEMA.definitions;
const builtins = defs.categories.properties;

export const CONFIG_FILE_NAME = '.notion-sync.json';
export const DEFAULT_MAX_FILE_BYTES: number = CONFIG_SCHEMA.properties.maxFileBytes.default;
export const BUILTIN_CATEGORIES = ['plans', 'reports', 'scripts', 'agentChats'] as const;
export type BuiltinCategory = (typeof BUILTIN_CATEGORIES)[number];
export const CHAT_TOOLS: readonly string[] = defs.chatTool.enum;
export const DEFAULT_EXCLUDE: readonly string[] = ['**/node_modules/**', '**/.git/**'];
export const CATEGORY_NAME = new RegExp(defs.categories.propertyNames.pattern);

export const DEFAULT_INCLUDE: Record<BuiltinCategory, readonly string[]> = {
  plans: builtins.plans.default.include,
  reports: builtins.reports.default.include,
  scripts: builtins.scripts.default.include,
  agentChats: builtins.agentChats.default.include,
};
/** Processed trigger files modified in the last this many days get their own row (triggerFiles.processedDays). */
export const DEFAULT_PROCESSED_DAYS: number = defs.triggerFiles.properties.processedDays.default;
export const DEFAULT_CAPTURE: readonly string[] = builtins.agentChats.default.capture;

export function isBuiltinCategory(name: string): name is BuiltinCategory {
  return (BUILTIN_CATEGORIES as readonly string[]).includes(name);
}

export function defaultTriggerConfig(): TriggerConfig {
  const t = defs.triggerFiles.properties;
  return {
    inbox: [...t.inbox.default],
    processed: [...t.processed.default],
    failed: [...t.failed.default],
    staleAfterHours: t.staleAfterHours.default,
  };
}

/** The configuration of a workspace with no `.notion-sync.json`. */
export function defaultConfig(root: string): SyncConfig {
  const abs = path.resolve(root);
  const categories: Record<string, CategoryConfig> = {};
  for (const name of BUILTIN_CATEGORIES) {
    categories[name] = { name, include: [...DEFAULT_INCLUDE[name]], exclude: [] };
    if (name === 'agentChats') categories[name].capture = [...DEFAULT_CAPTURE];
  }
  return {
    root: abs,
    workspaceName: path.basename(abs) || 'workspace',
    categories,
    executionLogs: {},
    triggerFiles: defaultTriggerConfig(),
    exclude: [...DEFAULT_EXCLUDE],
    maxFileBytes: DEFAULT_MAX_FILE_BYTES,
    warnings: [],
  };
}
