// The Workspace view's tree: what the rest of the extension needs of it.
export type { Node } from './nodes';
export { SyncTreeProvider } from './provider';
