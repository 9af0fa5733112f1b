/** Pull (issue 13): Notion's side merged into local files, and the base both sides last agreed on. */
export { hasConflictMarkers, mergeMarkdown } from './merge';
export type { MarkdownPullInput, PullResult, PullStatus } from './merge';
export { MARKERS } from './assemble';
export { mergeScript } from './script-merge';
export type { ScriptPullInput } from './script-merge';
export { BaseStore, sha256 } from './base-store';
export type { BaseEntry } from './base-store';
export { recognizeUploadedImages } from './uploaded-images';
export type { ImageLine, RecognizedImage } from './uploaded-images';
