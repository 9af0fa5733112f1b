import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Block, LocalImage } from '../content';
import { noteNotUploaded, uploadedImageBlock } from '../content';
import type { NotionGateway } from '../notion/gateway';
import { imageContentType, uploadCalls, uploadFile, workspaceUploadLimit } from '../notion/uploads';
import type { SyncState } from './state';

/**
 * The upload step of local images: each "Image not uploaded" callout the converter left for a local
 * image becomes an image block of the file uploaded to Notion. Uploads are remembered by the sha256 of
 * the file's bytes, so an unchanged image is never sent again and its block (same upload id) stays equal
 * for the block diff; a changed file is a new upload and a new block, which the diff replaces alone.
 * An image that cannot be uploaded (missing, outside the workspace, not an image, too large for the
 * workspace) stays the callout, with the reason added.
 */
export async function attachImages(
  gw: NotionGateway,
  state: SyncState,
  item: { path: string; absPath: string },
  images: LocalImage[],
): Promise<{ uploaded: number; hashes: string[]; warnings: string[] }> {
  const out = { uploaded: 0, hashes: [] as string[], warnings: [] as string[] };
  if (images.length === 0) return out;
  const root = workspaceRoot(item);
  for (const image of images) {
    const target = resolveImage(root, item.absPath, image.path);
    const fail = (reason: string): void => {
      noteNotUploaded(image.block, reason);
      out.warnings.push(`local image "${image.path}" was not uploaded: ${reason}`);
    };
    if (typeof target !== 'string') {
      fail(target.reason);
      continue;
    }
    const contentType = imageContentType(target);
    if (!contentType) {
      fail('not an image type Notion shows');
      continue;
    }
    let data: Buffer;
    try {
      data = await fs.readFile(target);
    } catch {
      fail('file not found');
      continue;
    }
    const hash = createHash('sha256').update(data).digest('hex');
    state.data.uploads ??= {};
    const known = reusableUpload(state, hash);
    let id: string;
    if (known) {
      id = known;
    } else {
      const limit = await workspaceUploadLimit(gw);
      if (limit !== undefined && data.byteLength > limit) {
        fail(`${mib(data.byteLength)} is larger than this workspace's ${mib(limit)} upload limit`);
        continue;
      }
      const name = target.split(sep).pop() ?? 'image';
      id = await uploadFile(gw, { name, contentType, data });
      state.data.uploads[hash] = {
        id,
        size: data.byteLength,
        expiresAt: new Date(Date.now() + 55 * 60_000).toISOString(),
      };
      state.markDirty();
      out.uploaded++;
    }
    rememberFile(state, hash, relative(root, target).split(sep).join('/'));
    replaceBlock(image.block, uploadedImageBlock(id, image.alt));
    out.hashes.push(hash);
  }
  return out;
}

/** Which file an upload came from (the pull recognizes the image block of `![alt](that file)` by it). */
function rememberFile(state: SyncState, hash: string, file: string): void {
  const memory = state.data.uploads?.[hash];
  if (!memory || memory.files?.includes(file)) return;
  memory.files = [...(memory.files ?? []), file];
  state.markDirty();
}

/**
 * For the pull: the upload ids an image line may have become on an earlier push — every upload made
 * from the file it names (an older version of the file included: the block in Notion may predate a
 * local change of the bytes), and the upload of its present bytes (`present`, also for state written
 * before uploads remembered their files). Lines naming no usable file get no ids.
 */
export async function uploadIdsOf(
  state: SyncState,
  item: { path: string; absPath: string },
  images: ReadonlyArray<Pick<LocalImage, 'path'>>,
): Promise<Array<{ ids: string[]; present?: string }>> {
  const root = workspaceRoot(item);
  const uploads = Object.entries(state.data.uploads ?? {});
  const out: Array<{ ids: string[]; present?: string }> = [];
  for (const image of images) {
    const target = resolveImage(root, item.absPath, image.path);
    if (typeof target !== 'string' || uploads.length === 0) {
      out.push({ ids: [] });
      continue;
    }
    const rel = relative(root, target).split(sep).join('/');
    const ids = new Set(uploads.filter(([, u]) => u.files?.includes(rel)).map(([, u]) => u.id));
    let present: string | undefined;
    try {
      const hash = createHash('sha256')
        .update(await fs.readFile(target))
        .digest('hex');
      present = state.data.uploads?.[hash]?.id;
      if (present) ids.add(present);
    } catch {
      // the file is gone: only the remembered uploads
    }
    out.push({ ids: [...ids], present });
  }
  return out;
}

/** The upload id of these bytes when an earlier upload can be attached again (attached, or not about to expire). */
function reusableUpload(state: SyncState, hash: string): string | undefined {
  const known = state.data.uploads?.[hash];
  if (known && (known.attached || !known.expiresAt || Date.parse(known.expiresAt) > Date.now() + 60_000))
    return known.id;
  return undefined;
}

/**
 * The write requests the upload step will send for a document's local images (for the plan): per image
 * not uploaded before, single part = create + send, multi-part = create + one send per part + complete.
 * Cached, missing and non-image files cost nothing. (The workspace's size limit is one read per run.)
 */
export async function uploadRequests(
  state: SyncState,
  item: { path: string; absPath: string },
  images: LocalImage[],
): Promise<number> {
  if (images.length === 0) return 0;
  const root = workspaceRoot(item);
  let calls = 0;
  const counted = new Set<string>();
  for (const image of images) {
    const target = resolveImage(root, item.absPath, image.path);
    if (typeof target !== 'string' || !imageContentType(target)) continue;
    let data: Buffer;
    try {
      data = await fs.readFile(target);
    } catch {
      continue;
    }
    const hash = createHash('sha256').update(data).digest('hex');
    if (counted.has(hash) || reusableUpload(state, hash)) continue;
    counted.add(hash);
    calls += uploadCalls(data.byteLength);
  }
  return calls;
}

/** After the page holding them is written: these uploads are attached and no longer expire. */
export function markAttached(state: SyncState, hashes: string[]): void {
  for (const hash of hashes) {
    const memory = state.data.uploads?.[hash];
    if (memory && !memory.attached) {
      memory.attached = true;
      delete memory.expiresAt;
      state.markDirty();
    }
  }
}

function workspaceRoot(item: { path: string; absPath: string }): string {
  const depth = item.path.split('/').length;
  let root = item.absPath;
  for (let i = 0; i < depth; i++) root = dirname(root);
  return root;
}

/** The file an image path names: relative to the document, `/…` from the workspace root; never outside it. */
function resolveImage(root: string, docAbs: string, src: string): string | { reason: string } {
  let path = src.replace(/[?#].*$/, '');
  try {
    path = decodeURI(path);
  } catch {
    // keep it as written
  }
  if (path === '') return { reason: 'empty path' };
  const abs = path.startsWith('/') ? resolve(root, `.${path}`) : resolve(dirname(docAbs), path);
  const rel = relative(root, abs);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return { reason: 'outside the workspace' };
  return abs;
}

function replaceBlock(target: Block, next: Block): void {
  const t = target as unknown as Record<string, unknown>;
  for (const key of Object.keys(t)) delete t[key];
  Object.assign(t, next);
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
