import { ALL_CHAT_TOOLS } from '../chats/types';
import type { PropertyConfig } from './sdk';
/**
 * The Notion side of CONTRACT.md §5: which databases exist, which properties each must have,
 * and how `init` creates or completes them.
 */

export type PropertyType =
  'title' | 'rich_text' | 'select' | 'multi_select' | 'date' | 'number' | 'relation' | 'url' | 'checkbox';

export interface PropertySpec {
  type: PropertyType;
  /** For select properties: the options created up front (others are added by Notion on first use). */
  options?: string[];
  /** For relation properties: which database it points at (one of ours, or the configured tasks database). */
  relationTo?: RelationTarget;
}

export type DatabaseRole = 'plans' | 'reports' | 'scripts' | 'agentChats' | 'executionLogs' | 'triggerFiles' | 'custom';

/** What a relation can point at: our databases, or a tasks database people already have (triggerFiles.tasksDatabaseId). */
export type RelationTarget = DatabaseRole | 'tasks';

/** Properties every item database has: the key (Workspace + Path) and the sync bookkeeping. */
const ITEM_PROPERTIES: Record<string, PropertySpec> = {
  Name: { type: 'title' },
  Workspace: { type: 'rich_text' },
  Path: { type: 'rich_text' },
  Category: { type: 'select' },
  'Content Hash': { type: 'rich_text' },
  'Last Synced': { type: 'date' },
  'Local Modified': { type: 'date' },
};

const DOCUMENT_PROPERTIES: Record<string, PropertySpec> = {
  ...ITEM_PROPERTIES,
  Tags: { type: 'multi_select' },
  Status: { type: 'select' },
  Date: { type: 'date' },
};

export const SCHEMAS: Record<DatabaseRole, { title: string; properties: Record<string, PropertySpec> }> = {
  plans: { title: 'Plans', properties: DOCUMENT_PROPERTIES },
  reports: { title: 'Reports', properties: DOCUMENT_PROPERTIES },
  custom: { title: 'Items', properties: DOCUMENT_PROPERTIES },
  scripts: {
    title: 'Scripts',
    properties: {
      ...ITEM_PROPERTIES,
      Language: { type: 'select' },
      'Size (bytes)': { type: 'number' },
      Lines: { type: 'number' },
      Summary: { type: 'rich_text' },
    },
  },
  agentChats: {
    title: 'Agent Chats',
    properties: {
      ...ITEM_PROPERTIES,
      // Every tool the readers produce, created up front (Notion would add each on first use).
      Tool: { type: 'select', options: [...ALL_CHAT_TOOLS] },
      'Session ID': { type: 'rich_text' },
      Model: { type: 'rich_text' },
      Messages: { type: 'number' },
      Started: { type: 'date' },
      Commits: { type: 'rich_text' },
    },
  },
  executionLogs: {
    title: 'Execution Logs',
    properties: {
      Name: { type: 'title' },
      Workspace: { type: 'rich_text' },
      'Run ID': { type: 'rich_text' },
      Status: { type: 'select', options: ['success', 'failed', 'partial', 'cancelled'] },
      Started: { type: 'date' },
      Finished: { type: 'date' },
      'Duration (s)': { type: 'number' },
      Trigger: { type: 'select', options: ['editor', 'cli', 'auto'] },
      Command: { type: 'rich_text' },
      'Exit Code': { type: 'number' },
      Items: { type: 'rich_text' },
      'API Calls': { type: 'number' },
      Host: { type: 'rich_text' },
      'Script Path': { type: 'rich_text' },
      Script: { type: 'relation', relationTo: 'scripts' },
    },
  },
  // Optional (init --trigger-files): one row per trigger file, keyed by Workspace + Path, where Path is the
  // file's path with its lifecycle folder left out, so a move inbox/ → processed/ updates the same row.
  triggerFiles: {
    title: 'Trigger Files',
    properties: {
      Name: { type: 'title' },
      Workspace: { type: 'rich_text' },
      Path: { type: 'rich_text' },
      State: { type: 'select', options: ['inbox', 'stale', 'processed', 'failed', 'backlog', 'gone'] },
      Folder: { type: 'rich_text' },
      Modified: { type: 'date' },
      Files: { type: 'number' },
      Summary: { type: 'rich_text' },
      'Task ID': { type: 'rich_text' },
      'Content Hash': { type: 'rich_text' },
      'Last Synced': { type: 'date' },
      Task: { type: 'relation', relationTo: 'tasks' },
    },
  },
};

export function roleOf(category: string): DatabaseRole {
  return category === 'plans' ||
    category === 'reports' ||
    category === 'scripts' ||
    category === 'agentChats' ||
    category === 'executionLogs'
    ? category
    : 'custom';
}

/** The property configuration Notion expects in create/update requests. */
function propertyConfig(
  spec: PropertySpec,
  dataSourceIds: Partial<Record<RelationTarget, string>>,
): PropertyConfig | undefined {
  const options = spec.options ? { options: spec.options.map((name) => ({ name })) } : {};
  switch (spec.type) {
    case 'select':
      return { select: options };
    case 'multi_select':
      return { multi_select: options };
    case 'number':
      return { number: { format: 'number' } };
    case 'relation': {
      const target = spec.relationTo ? dataSourceIds[spec.relationTo] : undefined;
      if (!target) return undefined; // the target database does not exist (yet): leave the relation out
      return { relation: { data_source_id: target, type: 'single_property', single_property: {} } };
    }
    default:
      // The remaining types are configured by an empty object under their name (`{ date: {} }`).
      return { [spec.type]: {} } as PropertyConfig;
  }
}

export function schemaRequest(
  properties: Record<string, PropertySpec>,
  dataSourceIds: Partial<Record<RelationTarget, string>>,
): Record<string, PropertyConfig> {
  const out: Record<string, PropertyConfig> = {};
  for (const [name, spec] of Object.entries(properties)) {
    const config = propertyConfig(spec, dataSourceIds);
    if (config) out[name] = config;
  }
  return out;
}
