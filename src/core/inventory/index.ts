export { scanWorkspace, InventoryPathError } from './scan';
export { readItemText, checkContent, bytesToText } from './content';
export { classifyPath, itemKind, normalizeRelPath } from './classify';
export type { Inventory, LocalItem, ScanOptions, SkipCode, SkippedItem, TriggerFile, TriggerSummary } from './types';
export { linkFragment, linkTargetPath, markdownLinkRefs } from './link-refs';
export { markdownItemHash } from './image-refs';
