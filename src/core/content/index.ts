/**
 * Item → Notion content. Every Notion size limit on block content is enforced here (see limits.ts);
 * `notion/` only has to cut block trees into requests.
 */
export { LIMITS } from './limits';
export type { Limits } from './limits';
export type {
  Annotations,
  Block,
  BlockType,
  Color,
  EquationRichText,
  FrontMatter,
  LocalImage,
  MarkdownOptions,
  MarkdownResult,
  NotionCodeLanguage,
  RichText,
  ScriptResult,
  TextBlockPayload,
  TextRichText,
} from './types';
export {
  NOTION_CODE_LANGUAGES,
  isNotionCodeLanguage,
  languageForFence,
  languageForPath,
  languageForShebang,
} from './languages';
export {
  chunkRichText,
  equationRichText,
  fitRichText,
  isLinkableUrl,
  jsonBytes,
  normalizeLinkUrl,
  normalizeRichText,
  plainTextOf,
  richText,
  sanitizeText,
  splitText,
  truncateText,
} from './richtext';
export { childrenOf, codeBlocks, paragraphs, richTextOf, textBlocks, withChildren, withoutChildren } from './blocks';
export type { TextBlockType } from './blocks';
export { hasKeeps, keepBlock, keptIds, keptOf, KEEP_TYPE, normalizeBlockId, withoutKeeps } from './keep';
export type { KeepPayload } from './keep';
export { deriveTitle, markdownToBlocks, parseFrontMatter, titleFromPath } from './markdown';
export { scriptSummary, scriptToBlocks } from './script';
export { noteNotUploaded, uploadedImageBlock } from './images';
export { ContentBudgetError, DEFAULT_BUDGET } from './budget';
export type { ConversionBudget } from './budget';
export { redactSecrets } from './redact';
export type { RedactionResult, RedactOptions, SecretFinding } from './redact';
export { blockText, blocksToPlainText } from './plaintext';
export type { PlainTextOptions } from './plaintext';
