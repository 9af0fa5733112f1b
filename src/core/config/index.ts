export { ConfigError } from './types';
export type {
  CategoryConfig,
  ConfigErrorDetails,
  ConfigOverrides,
  ConfigProblem,
  ItemKind,
  SyncConfig,
  TriggerConfig,
} from './types';
export {
  BUILTIN_CATEGORIES,
  CHAT_TOOLS,
  CONFIG_FILE_NAME,
  DEFAULT_EXCLUDE,
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_PROCESSED_DAYS,
  defaultConfig,
  defaultTriggerConfig,
} from './defaults';
export { loadConfig, parseConfigText } from './load';
export { checkConfigText } from './check';
export type { ConfigCheck } from './check';
export { didYouMean } from './did-you-mean';
export { CONFIG_SCHEMA } from './schema';
export { writeConfigPatch, writeConfigPatchDetailed } from './write';
export type { ConfigPatch, ConfigPatchResult } from './write';
export { normalizeNotionId } from './notion-id';
