import { calloutBlocks, textBlocks } from './blocks';
import { LIMITS } from './limits';
import { normalizeLinkUrl, plainTextOf, richText, truncateText } from './richtext';
import type { Annotations, Block, LocalImage, RichText } from './types';

/**
 * Images, from markdown (`![alt](src)`) and HTML (`<img>`) alike.
 *
 * - A remote http(s) image becomes an image block (the alt text as its caption).
 * - A local or relative path becomes a 🖼️ callout saying the image is not uploaded, and is listed in
 *   `MarkdownResult.localImages` with its path, so that an upload step can turn that very block into
 *   an image block once the file is in Notion. A data: URI or an empty path is described, not uploaded.
 * - An image inside running text never splits it: the alt text stays where the image stood and the
 *   image block goes right after the paragraph (a sentence with an inline formula or icon reads whole,
 *   and the picture is still next to it). A paragraph of nothing but images is just those images.
 */

/** Where inline images of one paragraph go while its text is being built. */
export interface ImageSink {
  blocks: Block[];
  /** The rich-text items that are an image's alt text (they do not make a paragraph on their own). */
  alt: Set<RichText>;
  localImages: LocalImage[];
  warn: (message: string) => void;
}

export function newSink(localImages: LocalImage[], warn: (message: string) => void): ImageSink {
  return { blocks: [], alt: new Set(), localImages, warn };
}

/** The block of one image (see the file comment). */
export function imageBlock(src: string, alt: string, sink: Pick<ImageSink, 'localImages' | 'warn'>): Block[] {
  const trimmed = src.trim();
  const remote = /^https?:\/\//i.test(trimmed) ? normalizeLinkUrl(trimmed) : undefined;
  if (remote && remote.length <= LIMITS.url) {
    const image: Record<string, unknown> = { type: 'external', external: { url: remote } };
    if (alt.trim() !== '') image.caption = richText(truncateText(alt, LIMITS.richTextContent));
    return [{ type: 'image', image }];
  }
  let described: string;
  const local = trimmed !== '' && !/^data:/i.test(trimmed) && !/^[a-z][a-z0-9+.-]*:/i.test(trimmed);
  if (/^data:/i.test(trimmed)) {
    described = `an embedded data: URI image (${trimmed.length} characters)`;
    sink.warn('embedded data: URI image was not uploaded');
  } else if (trimmed === '') {
    sink.warn('image with no path was skipped');
    return [];
  } else {
    described = trimmed;
    sink.warn(
      local
        ? `local image "${truncateText(trimmed, 200)}" was not uploaded`
        : `image "${truncateText(trimmed, 200)}" is not a usable http(s) URL nor a local file; it was not uploaded`,
    );
  }
  const rich: RichText[] = [
    ...richText('Image not uploaded: '),
    ...richText(truncateText(described, LIMITS.richTextContent), local ? { code: true } : {}),
  ];
  if (alt.trim() !== '')
    rich.push(...richText(` — ${truncateText(alt, LIMITS.richTextContent - 3)}`, { italic: true }));
  const blocks = calloutBlocks(rich, '🖼️', 'gray_background');
  if (local) sink.localImages.push({ path: trimmed, alt, block: blocks[0] });
  return blocks;
}

/**
 * An image met inside running text: its block goes to the sink (after the paragraph) and its alt
 * text stays in place. Without a sink (headings, table cells) or inside a link (badges), only the alt
 * text remains, linked to the link or to a remote image.
 */
export function inlineImage(
  src: string,
  alt: string,
  ann: Annotations,
  link: string | undefined,
  sink: ImageSink | undefined,
): RichText[] {
  if (!sink || link) {
    const label = alt.trim() !== '' ? alt : 'image';
    const target = link ?? (/^https?:/i.test(src.trim()) ? normalizeLinkUrl(src) : undefined);
    return richText(label, ann, target);
  }
  sink.blocks.push(...imageBlock(src, alt, sink));
  const items = richText(alt, ann);
  for (const item of items) sink.alt.add(item);
  return items;
}

/**
 * The blocks of one run of inline content: a paragraph (when there is text besides images' alt
 * text), then the images met in it. Leading and trailing whitespace of the run is dropped.
 */
export function runBlocks(rich: RichText[], sink: ImageSink, keepEdges = false): Block[] {
  const images = sink.blocks;
  sink.blocks = [];
  const own = rich.filter((r) => !sink.alt.has(r));
  const hasText = plainTextOf(own).trim() !== '';
  if (!hasText) return images;
  // Whitespace at an edge (HTML layout, or left by an image taken out of the run) is dropped; a markdown
  // paragraph without images keeps its text as written (`keepEdges`: CommonMark already trimmed it, so
  // a leading `&#32;` is the author's — and the pull writes a leading space that way).
  return [...textBlocks('paragraph', keepEdges && images.length === 0 ? rich : trimRich(rich)), ...images];
}

/** Drops whitespace at the start and end of a rich-text array (HTML and markdown runs alike). */
export function trimRich(rich: RichText[]): RichText[] {
  const out = [...rich];
  while (out.length > 0) {
    const first = out[0];
    if (first.type !== 'text' || first.annotations?.code) break;
    const content = first.text.content.replace(/^[ \t\n]+/, '');
    if (content !== '') {
      out[0] = { ...first, text: { ...first.text, content } };
      break;
    }
    out.shift();
  }
  while (out.length > 0) {
    const last = out[out.length - 1];
    if (last.type !== 'text' || last.annotations?.code) break;
    const content = last.text.content.replace(/[ \t\n]+$/, '');
    if (content !== '') {
      out[out.length - 1] = { ...last, text: { ...last.text, content } };
      break;
    }
    out.pop();
  }
  return out;
}

/** The image block of an uploaded file (for the upload step that fills `localImages`). */
export function uploadedImageBlock(fileUploadId: string, alt: string): Block {
  const image: Record<string, unknown> = { type: 'file_upload', file_upload: { id: fileUploadId } };
  if (alt.trim() !== '') image.caption = richText(truncateText(alt, LIMITS.richTextContent));
  return { type: 'image', image };
}

/** Adds why a local image was not uploaded to its "Image not uploaded" callout (in place). */
export function noteNotUploaded(callout: Block, reason: string): void {
  const body = (callout as unknown as Record<string, { rich_text?: RichText[] }>)[callout.type];
  if (!body?.rich_text || body.rich_text.length >= LIMITS.richTextItems) return;
  body.rich_text = [...body.rich_text, ...richText(` (${truncateText(reason, 500)})`)];
}
