export * from './session';
export * from './workspace-index';
export * from './sync';
export * from './status';
export * from './init';
export * from './execlog';
export { SyncState, defaultStateDir } from './state';
export { CONTENT_VERSION, contentHash, convertItem } from './convert';
export * from './prune';
