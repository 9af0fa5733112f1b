// Notion's File Upload API: create (single_part / multi_part / external_url), send (multipart/form-data),
// complete, retrieve, list; statuses pending → uploaded (→ expired when not attached in time) and the limits.
// File contents live in memory only (not in the data file).
import type { SandboxState } from './model';
import {
  type JsonObject,
  NotionError,
  invalid,
  isObject,
  isValidUrl,
  minuteIso,
  newId,
  normalizeId,
  notFound,
  onlyKeys,
  show,
  validationError,
  wrongType,
} from './util';

export const UPLOAD_LIMITS = {
  /** Single-part uploads and each multi-part part at most (Notion: "20 MB"; read as MiB). */
  partMax: 20 * 1024 * 1024,
  /** Multi-part parts at least, except the last one. */
  partMin: 5 * 1024 * 1024,
  maxParts: 1000,
  filenameBytes: 900,
  /** Not attached within this long after creation: expired. */
  expiryMs: 60 * 60 * 1000,
} as const;

export interface FileUploadRec {
  id: string;
  created: number;
  edited: number;
  createdBy: string;
  mode: 'single_part' | 'multi_part' | 'external_url';
  filename: string | null;
  contentType: string | null;
  contentLength: number | null;
  status: 'pending' | 'uploaded' | 'failed';
  expiry: number;
  numberOfParts: number | null;
  /** Part numbers received (multi-part). */
  parts: number[];
  externalUrl: string | null;
  attached: boolean;
  importedAt: number | null;
}

/** What the uploads need from the store. */
export interface UploadHost {
  state: SandboxState;
  now(): number;
  maxFileUploadBytes: number;
  /** Base of download URLs (the sandbox's URL), set once it listens. */
  fileBaseUrl: string;
}

type Status = 'pending' | 'uploaded' | 'expired' | 'failed';

export class FileUploads {
  private readonly bytes = new Map<string, Map<number, Buffer>>();

  constructor(private readonly host: UploadHost) {}

  private recs(): Record<string, FileUploadRec> {
    return (this.host.state.fileUploads ??= {});
  }

  private rec(raw: string): FileUploadRec {
    const id = normalizeId(raw);
    if (!id) throw invalid('path.file_upload_id', `should be a valid uuid, instead was ${show(raw)}.`);
    const r = this.recs()[id];
    if (!r) throw notFound('file upload', id);
    return r;
  }

  status(r: FileUploadRec): Status {
    if (!r.attached && r.status !== 'failed' && this.host.now() > r.expiry) return 'expired';
    return r.status;
  }

  render(r: FileUploadRec): JsonObject {
    const base = this.host.fileBaseUrl;
    const out: JsonObject = {
      object: 'file_upload',
      id: r.id,
      created_time: minuteIso(r.created),
      created_by: { id: r.createdBy, type: 'bot' },
      last_edited_time: minuteIso(r.edited),
      in_trash: false,
      archived: false,
      expiry_time: r.attached ? null : new Date(r.expiry).toISOString(),
      status: this.status(r),
      filename: r.filename,
      content_type: r.contentType,
      content_length: r.contentLength,
    };
    if (r.status === 'pending' && r.mode !== 'external_url') {
      out.upload_url = `${base}/v1/file_uploads/${r.id}/send`;
      if (r.mode === 'multi_part') out.complete_url = `${base}/v1/file_uploads/${r.id}/complete`;
    }
    if (r.importedAt !== null)
      out.file_import_result = { imported_time: new Date(r.importedAt).toISOString(), type: 'success', success: {} };
    if (r.numberOfParts !== null) out.number_of_parts = { total: r.numberOfParts, sent: r.parts.length };
    return out;
  }

  create(body: Record<string, unknown>, actor: string): JsonObject {
    onlyKeys(body, ['mode', 'filename', 'content_type', 'number_of_parts', 'external_url'], 'body');
    const mode = body.mode ?? 'single_part';
    if (mode !== 'single_part' && mode !== 'multi_part' && mode !== 'external_url')
      throw invalid(
        'body.mode',
        `should be \`"single_part"\`, \`"multi_part"\`, or \`"external_url"\`, instead was ${show(mode)}.`,
      );
    const str = (k: string): string | null => {
      const v = body[k];
      if (v === undefined) return null;
      if (typeof v !== 'string') throw wrongType(`body.${k}`, 'a string', v);
      return v;
    };
    const filename = str('filename');
    const contentType = str('content_type');
    if (filename !== null && Buffer.byteLength(filename) > UPLOAD_LIMITS.filenameBytes)
      throw invalid(
        'body.filename',
        `should be ≤ \`${UPLOAD_LIMITS.filenameBytes}\` bytes, instead was \`${Buffer.byteLength(filename)}\`.`,
      );
    let parts: number | null = null;
    if (mode === 'multi_part') {
      if (filename === null) throw invalid('body.filename', 'should be defined, instead was `undefined`.');
      const n = body.number_of_parts;
      if (n === undefined) throw invalid('body.number_of_parts', 'should be defined, instead was `undefined`.');
      if (typeof n !== 'number' || !Number.isInteger(n)) throw wrongType('body.number_of_parts', 'a number', n);
      if (n < 1 || n > UPLOAD_LIMITS.maxParts)
        throw invalid(
          'body.number_of_parts',
          `should be between \`1\` and \`${UPLOAD_LIMITS.maxParts}\`, instead was \`${n}\`.`,
        );
      parts = n;
    } else if (body.number_of_parts !== undefined) {
      throw invalid('body.number_of_parts', `should be not present, instead was ${show(body.number_of_parts)}.`);
    }
    const externalUrl = str('external_url');
    if (mode === 'external_url') {
      if (externalUrl === null) throw invalid('body.external_url', 'should be defined, instead was `undefined`.');
      if (!isValidUrl(externalUrl) || !externalUrl.startsWith('https://'))
        throw validationError(`External URL must be a publicly accessible HTTPS URL: ${externalUrl}`);
    } else if (externalUrl !== null) {
      throw invalid('body.external_url', `should be not present, instead was ${show(externalUrl)}.`);
    }
    const now = this.host.now();
    const r: FileUploadRec = {
      id: newId(),
      created: now,
      edited: now,
      createdBy: actor,
      mode,
      filename: filename ?? (externalUrl ? (new URL(externalUrl).pathname.split('/').pop() ?? null) : null),
      contentType,
      contentLength: null,
      status: mode === 'external_url' ? 'uploaded' : 'pending',
      expiry: now + UPLOAD_LIMITS.expiryMs,
      numberOfParts: parts,
      parts: [],
      externalUrl,
      attached: false,
      // The sandbox imports an external URL at once (Notion does it in the background).
      importedAt: mode === 'external_url' ? now : null,
    };
    this.recs()[r.id] = r;
    return this.render(r);
  }

  retrieve(raw: string): JsonObject {
    return this.render(this.rec(raw));
  }

  all(): FileUploadRec[] {
    return Object.values(this.recs()).sort((a, b) => b.created - a.created);
  }

  /** One `send`: the multipart/form-data body with `file` (and `part_number` for multi-part). */
  async send(raw: string, body: Buffer, contentType: string): Promise<JsonObject> {
    const r = this.rec(raw);
    if (!/^multipart\/form-data/i.test(contentType))
      throw validationError('Content-Type must be multipart/form-data for this endpoint.');
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
    } catch {
      throw validationError('Could not parse the multipart/form-data body.');
    }
    const file = form.get('file');
    if (file === null || typeof file === 'string')
      throw invalid('body.file', 'should be defined, instead was `undefined`.');
    // Everything below runs without awaiting, so concurrent sends cannot both pass the status check.
    const data = Buffer.from(await file.arrayBuffer());
    const status = this.status(r);
    if (status !== 'pending')
      throw validationError(
        `File upload ${r.id} is in status \`${status}\` and cannot receive content; expected \`pending\`.`,
      );
    const limit = this.host.maxFileUploadBytes;
    const partField = form.get('part_number');
    const store = this.bytes.get(r.id) ?? new Map<number, Buffer>();
    if (r.mode === 'single_part') {
      if (partField !== null)
        throw invalid('body.part_number', `should be not present, instead was ${show(partField)}.`);
      if (data.length > UPLOAD_LIMITS.partMax || data.length > limit)
        throw tooBig(data.length, Math.min(UPLOAD_LIMITS.partMax, limit));
      store.set(1, data);
      r.contentLength = data.length;
      r.status = 'uploaded';
      r.importedAt = this.host.now();
    } else {
      if (typeof partField !== 'string' || !/^\d+$/.test(partField))
        throw invalid(
          'body.part_number',
          `should be a stringified integer, instead was ${show(partField ?? undefined)}.`,
        );
      const n = Number(partField);
      const total = r.numberOfParts ?? 1;
      if (n < 1 || n > total)
        throw invalid('body.part_number', `should be between \`1\` and \`${total}\`, instead was \`${n}\`.`);
      if (data.length > UPLOAD_LIMITS.partMax) throw tooBig(data.length, UPLOAD_LIMITS.partMax);
      if (n < total && data.length < UPLOAD_LIMITS.partMin)
        throw validationError(
          `Part ${n} is ${data.length} bytes; every part except the last must be at least ${UPLOAD_LIMITS.partMin} bytes.`,
        );
      const sofar = [...store.entries()].filter(([k]) => k !== n).reduce((s, [, b]) => s + b.length, 0);
      if (sofar + data.length > limit) throw tooBig(sofar + data.length, limit);
      store.set(n, data);
      if (!r.parts.includes(n)) r.parts.push(n);
    }
    if (file.name && r.filename === null) r.filename = file.name;
    if (file.type && r.contentType === null) r.contentType = file.type.split(';')[0] ?? null;
    this.bytes.set(r.id, store);
    r.edited = this.host.now();
    return this.render(r);
  }

  complete(raw: string): JsonObject {
    const r = this.rec(raw);
    if (r.mode !== 'multi_part') throw validationError(`File upload ${r.id} is not a multi_part upload.`);
    const status = this.status(r);
    if (status !== 'pending')
      throw validationError(`File upload ${r.id} is in status \`${status}\`; expected \`pending\`.`);
    const total = r.numberOfParts ?? 0;
    const missing = Array.from({ length: total }, (_, i) => i + 1).filter((n) => !r.parts.includes(n));
    if (missing.length > 0)
      throw validationError(
        `Expected ${total} parts but received ${r.parts.length}; missing part(s) ${missing.join(', ')}.`,
      );
    r.contentLength = [...(this.bytes.get(r.id)?.values() ?? [])].reduce((s, b) => s + b.length, 0);
    r.status = 'uploaded';
    r.importedAt = this.host.now();
    r.edited = r.importedAt;
    return this.render(r);
  }

  /** The file object a block gets for `{ type: 'file_upload', file_upload: { id } }`, or a validation error. */
  attachable(v: unknown, path: string): JsonObject {
    if (!isObject(v)) throw wrongType(path, 'an object', v);
    const id = normalizeId(v.id);
    if (!id) throw invalid(`${path}.id`, `should be a valid uuid, instead was ${show(v.id)}.`);
    const r = this.recs()[id];
    if (!r) throw validationError(`Could not find file_upload with ID: ${id}.`);
    const status = this.status(r);
    if (status !== 'uploaded')
      throw validationError(
        `File upload ${id} has status \`${status}\`; only an \`uploaded\` file upload can be attached.`,
      );
    return {
      type: 'file',
      file: {
        url:
          r.externalUrl ?? `${this.host.fileBaseUrl}/__sandbox/files/${id}/${encodeURIComponent(r.filename ?? 'file')}`,
        expiry_time: new Date(this.host.now() + UPLOAD_LIMITS.expiryMs).toISOString(),
      },
    };
  }

  markAttached(ids: string[]): void {
    for (const id of ids) {
      const r = this.recs()[id];
      if (r) r.attached = true;
    }
  }

  /** Stored content for the download route (null when unknown or lost with a restart). */
  content(raw: string): { data: Buffer; contentType: string; filename: string } | null {
    const id = normalizeId(raw);
    const r = id ? this.recs()[id] : undefined;
    const parts = id ? this.bytes.get(id) : undefined;
    if (!r || !parts || r.status !== 'uploaded') return null;
    const data = Buffer.concat([...parts.entries()].sort(([a], [b]) => a - b).map(([, b]) => b));
    return { data, contentType: r.contentType ?? 'application/octet-stream', filename: r.filename ?? 'file' };
  }
}

function tooBig(size: number, max: number): NotionError {
  return validationError(`The file is ${size} bytes, which exceeds the limit of ${max} bytes.`);
}
