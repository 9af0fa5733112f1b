import type { NotionCodeLanguage } from './languages';

export type { NotionCodeLanguage };

/** Notion's colours (`ApiColor` in the SDK; test/unit/notion-sdk-types.test.ts proves the two are the same set). */
export type Color =
  | 'default'
  | 'gray'
  | 'brown'
  | 'orange'
  | 'yellow'
  | 'green'
  | 'blue'
  | 'purple'
  | 'pink'
  | 'red'
  | 'default_background'
  | 'gray_background'
  | 'brown_background'
  | 'orange_background'
  | 'yellow_background'
  | 'green_background'
  | 'blue_background'
  | 'purple_background'
  | 'pink_background'
  | 'red_background';

/** Rich-text annotations; absent flags mean false, absent color means "default". */
export interface Annotations {
  bold?: boolean;
  italic?: boolean;
  strikethrough?: boolean;
  underline?: boolean;
  code?: boolean;
  color?: Color;
}

/** A rich-text *request* item of type text. `content` ≤ 2000, `link.url` ≤ 2000 (see LIMITS). */
export interface TextRichText {
  type: 'text';
  text: { content: string; link?: { url: string } | null };
  annotations?: Annotations;
}

/** A rich-text *request* item of type equation. `expression` ≤ 1000. */
export interface EquationRichText {
  type: 'equation';
  equation: { expression: string };
  annotations?: Annotations;
}

export type RichText = TextRichText | EquationRichText;

/** Block types the content layer produces (plus the ones it may read back from Notion). */
export type BlockType =
  | 'paragraph'
  | 'heading_1'
  | 'heading_2'
  | 'heading_3'
  | 'bulleted_list_item'
  | 'numbered_list_item'
  | 'to_do'
  | 'toggle'
  | 'quote'
  | 'callout'
  | 'code'
  | 'equation'
  | 'divider'
  | 'table'
  | 'table_row'
  | 'image'
  | 'bookmark'
  | 'embed'
  // Types the converters never produce but may meet in Notion responses.
  | (string & {});

/**
 * A Notion block request object: `{ type, [type]: payload }`. Children, when present, sit in
 * `block[block.type].children` and may nest to any depth and be any number; `notion/` splits them
 * into valid requests. Each block on its own is valid (text sizes, array sizes, enum values).
 */
export interface Block {
  type: BlockType;
  [key: string]: unknown;
}

/** The payload of a text-bearing block (paragraph, headings, list items, to_do, quote, callout, toggle). */
export interface TextBlockPayload {
  rich_text: RichText[];
  color?: Color;
  children?: Block[];
  checked?: boolean;
  icon?: { type: 'emoji'; emoji: string };
}

/** YAML front matter of a markdown file. `raw` is '' when the file has none. */
export interface FrontMatter {
  title?: string;
  tags?: string[];
  status?: string;
  date?: string;
  /** The YAML text between the fences, as written. */
  raw: string;
  /** Every top-level key, when the YAML parsed to a mapping. */
  data?: Record<string, unknown>;
}

export interface MarkdownOptions {
  /** Workspace-relative path of the file: used for the fallback title and in warnings. */
  path?: string;
  /**
   * Resolves a link target that is not an absolute http(s)/mailto URL (e.g. `../plans/x.md`) to one,
   * e.g. the Notion page URL of that file. Return undefined to keep the text (see markdown.ts).
   */
  resolveLink?: (target: string) => string | undefined;
  /**
   * Parse in one pass instead of section by section (see sections.ts). Same result on well-formed
   * input, but time grows with the square of the document size; meant for tests and comparisons.
   */
  singlePass?: boolean;
  /**
   * What a placeholder line of a pulled file (`<!-- notion:block id=… -->`) becomes: `keep` (default)
   * a keep element (keep.ts) that the push turns into "leave that Notion block as it is"; `text` a
   * paragraph of its literal text (for text that is not a synced file, e.g. a chat message quoting one).
   */
  placeholders?: 'keep' | 'text';
  /** Time and size budget of this conversion (see budget.ts); over budget it throws ContentBudgetError. */
  budget?: { maxMs?: number; maxChars?: number };
}

/**
 * A local image of a document (`![alt](img/x.png)`, `<img src="x.png">`): `block` is the placeholder
 * the converter put in its place (a callout inside `blocks`), which an upload step can replace in
 * place by the image block of the uploaded file. `path` is the image's path as written (relative to
 * the document, URL-decoded by the markdown parser).
 */
export interface LocalImage {
  path: string;
  alt: string;
  block: Block;
}

export interface MarkdownResult {
  blocks: Block[];
  frontMatter: FrontMatter;
  title: string;
  warnings: string[];
  /** Local images, in document order (see LocalImage). */
  localImages: LocalImage[];
}

export interface ScriptResult {
  blocks: Block[];
  language: NotionCodeLanguage;
  /** Text of the leading docstring / comment, ≤ 2000 characters. */
  summary?: string;
  lineCount: number;
}
