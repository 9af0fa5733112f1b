import type { Block } from '../../content';
import { uploadedImageBlock } from '../../content';
import { normalizeBlockId } from '../../content/keep';
import { blockHash, type PageBody } from '../../notion/block-diff';

/**
 * The image blocks this product uploaded for a local image (`![chart](img/chart.png)`), recognized in
 * a page read from Notion, so that the pull compares them as the line they came from.
 *
 * Notion gives an uploaded image back as `{ type: 'file', file: { url, expiry_time } }`: neither the
 * upload id nor the local path is in it, so the converter alone can only write a placeholder. What
 * proves the block is ours and unchanged is the push's own memory of the page: at that block's place
 * (its id; by order among the page's images while the ids of an inline create are unknown) the push
 * wrote the block `uploadedImageBlock(upload, alt)` — its hash is remembered — and an image line of
 * the file (local or base) becomes exactly that block with an upload made from the file it names.
 * The block must still show that caption, be a Notion-hosted file of the line's file name, and not be
 * edited since our last write (`last_edited_time`): a caption edit, a replacement with a link, with a
 * file of another name, or (a minute later) with any other file is Notion's change, and the block
 * renders as itself (`![alt](url)`, or a placeholder: a hosted file's URL expires within the hour).
 * Not told apart: a file of the same name put in place of ours within the minute of our write.
 */

export interface ImageLine {
  /** The block the push's converter makes of the line (the "image not uploaded" callout): it renders as the line. */
  block: Block;
  alt: string;
  /** The image's path as the line writes it (`img/chart.png`). */
  path: string;
  /** The upload ids the line may have become on a push (sync/images.ts `uploadIdsOf`). */
  uploadIds: readonly string[];
  /** The upload of the file's present bytes (undefined: never uploaded, or the file is gone). */
  present?: string;
}

export interface RecognizedImage {
  /** What the merge compares and writes instead of Notion's block: the line's own block. */
  block: Block;
  /** The hash the push remembers for the block (the page memory the next push diffs against). */
  hash: string;
  /**
   * The block holds an older upload than the file's present bytes (the image was replaced locally):
   * the file is ahead of Notion there, and the next push must write the new image.
   */
  stale: boolean;
}

type ImageMemory = Pick<PageBody, 'hashes' | 'ids' | 'types'> & { lastEditedTime?: string };

interface NotionImage {
  id?: unknown;
  last_edited_time?: unknown;
  image?: {
    type?: string;
    file?: { url?: string };
    caption?: Array<{ plain_text?: string; text?: { content?: string } }>;
  };
}

/** A file name compared loosely (Notion may spell odd characters of an uploaded name its own way). */
function looseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9.]+/g, '_');
}

function decoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * False when the hosted file's URL names another file than the line's: a Notion-hosted URL ends with
 * the uploaded file's name (`…/<uuid>/chart.png?X-Amz-…`), and the push uploads a file by its own name.
 * A URL whose last part is no file name says nothing.
 */
function sameFileName(block: NotionImage, path: string): boolean {
  const url = block.image?.file?.url;
  if (typeof url !== 'string') return true;
  const last = decoded(
    url
      .replace(/[?#].*$/s, '')
      .split('/')
      .pop() ?? '',
  );
  if (!/\.[A-Za-z0-9]{1,8}$/.test(last)) return true;
  const name = decoded(
    path
      .replace(/[?#].*$/s, '')
      .split('/')
      .pop() ?? '',
  );
  return looseName(last) === looseName(name);
}

function captionOf(block: NotionImage | Block): string {
  const image = (block as NotionImage).image;
  return (image?.caption ?? []).map((c) => c.plain_text ?? c.text?.content ?? '').join('');
}

/** Top-level blocks of a page read from Notion (ids → the line each stands for, when it is ours and unchanged). */
export function recognizeUploadedImages(
  blocks: readonly Block[],
  memory: ImageMemory | undefined,
  lines: readonly ImageLine[],
): Map<string, RecognizedImage> {
  const out = new Map<string, RecognizedImage>();
  if (!memory || lines.length === 0) return out;
  // The block each line becomes with each of its uploads, by hash. Lines that make the same block (the
  // same bytes and alt under two paths) go to the pushed blocks in the file's order.
  type Hit = { line: ImageLine; caption: string; upload: string };
  const byHash = new Map<string, Hit[]>();
  const seen = new Set<string>();
  for (const line of lines)
    for (const id of line.uploadIds) {
      const pushed = uploadedImageBlock(id, line.alt);
      const hash = blockHash(pushed);
      const key = `${hash}\u0000${line.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      byHash.set(hash, [...(byHash.get(hash) ?? []), { line, caption: captionOf(pushed), upload: id }]);
    }
  if (byHash.size === 0) return out;
  const index = new Map<string, number>();
  memory.ids.forEach((id, i) => {
    if (id) index.set(normalizeBlockId(id), i);
  });
  const since = memory.lastEditedTime ? Date.parse(memory.lastEditedTime) : NaN;
  let next = 0; // where the pairing by order continues among remembered images without an id
  for (const raw of blocks) {
    const block = raw as NotionImage & Block;
    if (block.type !== 'image' || block.image?.type !== 'file' || typeof block.id !== 'string') continue;
    const caption = captionOf(block);
    const fits = (j: number): Hit[] =>
      (byHash.get(memory.hashes[j] ?? '') ?? []).filter(
        (hit) => hit.caption === caption && sameFileName(block, hit.line.path),
      );
    let j = index.get(normalizeBlockId(block.id)) ?? -1;
    if (j < 0) {
      for (let k = next; k < memory.ids.length; k++)
        if (memory.ids[k] === null && memory.types[k] === 'image' && fits(k).length > 0) {
          j = k;
          next = k + 1;
          break;
        }
    }
    const hits = j >= 0 ? fits(j) : [];
    if (hits.length === 0) continue;
    const edited = typeof block.last_edited_time === 'string' ? Date.parse(block.last_edited_time) : NaN;
    if (!Number.isNaN(edited) && !Number.isNaN(since) && edited > since) continue;
    const hash = memory.hashes[j]!;
    // Which of the tying lines: the block's rank among the pushed blocks of that hash (a deleted one shifts nothing).
    const rank = memory.hashes.slice(0, j).filter((h) => h === hash).length;
    const hit = hits[Math.min(rank, hits.length - 1)]!;
    out.set(block.id, { block: structuredClone(hit.line.block), hash, stale: hit.line.present !== hit.upload });
  }
  return out;
}
