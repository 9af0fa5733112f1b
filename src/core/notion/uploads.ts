import type { NotionGateway } from './gateway';
import { sdk } from './sdk';

/**
 * Notion's File Upload API: a file is created as an upload, its bytes sent (in one part up to 20 MiB,
 * else in parts of at least 5 MiB, then completed), and the upload's id attached to a block.
 * https://developers.notion.com/reference/file-upload (research/notion_api.md).
 */

/** The largest file one single-part send takes ("20 MB", read as MiB). */
export const SINGLE_PART_MAX = 20 * 1024 * 1024;
/** The size of each part of a multi-part upload (Notion wants 5–20 MiB for every part but the last). */
export const PART_SIZE = 10 * 1024 * 1024;

const limits = new WeakMap<object, Promise<number | undefined>>();

/**
 * The largest file this workspace accepts (`users.me` → bot.workspace_limits.max_file_upload_size_in_bytes),
 * read once per gateway; undefined when Notion does not say.
 */
export function workspaceUploadLimit(gw: NotionGateway): Promise<number | undefined> {
  let limit = limits.get(gw);
  if (!limit) {
    limit = gw
      .call('read', 'users.me', () => sdk(gw).users.me({}))
      .then((me) => {
        const bot = (me as { bot?: { workspace_limits?: { max_file_upload_size_in_bytes?: number } } }).bot;
        const max = bot?.workspace_limits?.max_file_upload_size_in_bytes;
        return typeof max === 'number' && max > 0 ? max : undefined;
      });
    limits.set(gw, limit);
    limit.catch(() => limits.delete(gw));
  }
  return limit;
}

/** The requests `uploadFile` sends for a file of `size` bytes: create + send, or create + parts + complete. */
export function uploadCalls(size: number): number {
  return size > SINGLE_PART_MAX ? 2 + Math.ceil(size / PART_SIZE) : 2;
}

/** Uploads one file; returns the id of the `uploaded` file upload, ready to attach. */
export async function uploadFile(
  gw: NotionGateway,
  file: { name: string; contentType: string; data: Uint8Array },
): Promise<string> {
  const size = file.data.byteLength;
  const multi = size > SINGLE_PART_MAX;
  const parts = multi ? Math.ceil(size / PART_SIZE) : 1;
  const created = (await gw.call('create', 'fileUploads.create', () =>
    sdk(gw).fileUploads.create({
      mode: multi ? 'multi_part' : 'single_part',
      filename: file.name,
      content_type: file.contentType,
      ...(multi ? { number_of_parts: parts } : {}),
    }),
  )) as { id: string };
  for (let part = 1; part <= parts; part++) {
    const bytes = multi ? file.data.subarray((part - 1) * PART_SIZE, part * PART_SIZE) : file.data;
    const blob = new Blob([new Uint8Array(bytes)], { type: file.contentType });
    // A send whose answer is lost cannot be repeated (the upload is no longer pending): no blind retry.
    await gw.call('create', 'fileUploads.send', () =>
      sdk(gw).fileUploads.send({
        file_upload_id: created.id,
        file: { filename: file.name, data: blob },
        ...(multi ? { part_number: String(part) } : {}),
      }),
    );
  }
  if (multi)
    await gw.call('create', 'fileUploads.complete', () => sdk(gw).fileUploads.complete({ file_upload_id: created.id }));
  return created.id;
}

const TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  bmp: 'image/bmp',
  ico: 'image/vnd.microsoft.icon',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  heic: 'image/heic',
};

/** The content type of an image file by its extension (undefined: not an image Notion takes). */
export function imageContentType(fileName: string): string | undefined {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  return TYPES[ext];
}
