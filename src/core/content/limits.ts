/**
 * Every Notion size limit the content layer must respect, in one place.
 *
 * Source: https://developers.notion.com/reference/request-limits (see research/notion_api.md §2).
 * Lengths are counted the way Notion counts them: in UTF-16 code units, i.e. JavaScript `string.length`.
 *
 * The converters in this folder produce blocks that are each individually valid. The request-level
 * limits (children per request, nesting per request, blocks and bytes per request) are listed here
 * for reference; the `notion/` layer cuts block trees into requests that respect them.
 */
export const LIMITS = {
  /** `text.content` of one rich-text item. */
  richTextContent: 2000,
  /** `text.link.url` of one rich-text item. */
  linkUrl: 2000,
  /** `equation.expression` of a rich-text item or an equation block. */
  equationExpression: 1000,
  /** Length of any rich-text array (a block's `rich_text`, a table cell, a caption). */
  richTextItems: 100,
  /** Any URL (image/bookmark/embed `url`). */
  url: 2000,
  /** Characters one code block can hold: `richTextItems` × `richTextContent`. */
  codeBlockChars: 100 * 2000,
  /**
   * Our own cap (not a Notion number) on the JSON size of one block's rich text, so that every block
   * fits into a request (≤ 500 KB) with room to spare even when its text is CJK or escape-heavy.
   */
  blockBytes: 256_000,
  /** Length of the summary paragraph derived from a script's leading comment. */
  summaryChars: 2000,
  /** Request-level limits, enforced by `notion/`, not here. */
  childrenPerRequest: 100,
  nestingLevelsPerRequest: 2,
  blocksPerRequest: 1000,
  bytesPerRequest: 500_000,
} as const;

export type Limits = typeof LIMITS;
