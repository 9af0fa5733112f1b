export { ConfigError } from './types';
export type { CategoryConfig, ConfigErrorDetails, ConfigOverrides, ItemKind, SyncConfig, TriggerConfig } from './types';
export {
  BUILTIN_CATEGORIES,
  CHAT_TOOLS,
  CONFIG_FILE_NAME,
  DEFAULT_EXCLUDE,
  DEFAULT_MAX_FILE_BYTES,
  defaultConfig,
  defaultTriggerConfig,
  didYouMean,
  loadConfig,
  parseConfigText,
} from './load';
export { writeConfigPatch, writeConfigPatchDetailed } from './write';
export type { ConfigPatch, ConfigPatchResult } from './write';
export { normalizeNotionId } from './notion-id';
export { JsoncSyntaxError, parseJsonc } from './jsonc';
