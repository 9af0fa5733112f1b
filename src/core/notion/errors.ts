import { APIResponseError, isNotionClientError, RequestTimeoutError, UnknownHTTPResponseError } from '@notionhq/client';

/** What kind of failure a Notion request ended in; decides retry policy and the message a user sees. */
export type NotionErrorKind =
  | 'auth' // 401: bad or revoked token
  | 'permission' // 403, or 404 on something we were told exists: not shared with the integration
  | 'not-found'
  | 'validation' // 400: our request was wrong (a bug, or a schema mismatch)
  | 'rate-limited' // 429 / 529: not applied, retry after Retry-After
  | 'server' // 5xx: may or may not have been applied
  | 'network' // connection reset, refused, DNS, timeout
  | 'cancelled';

export class NotionError extends Error {
  constructor(
    readonly kind: NotionErrorKind,
    message: string,
    readonly detail: { status?: number; code?: string; retryAfterMs?: number; route?: string; cause?: unknown } = {},
  ) {
    super(message);
    this.name = 'NotionError';
  }

  /** True when the request may have been applied on Notion's side even though it failed here. */
  get ambiguous(): boolean {
    return this.kind === 'server' || (this.kind === 'network' && this.detail.code !== 'ECONNREFUSED');
  }

  /** True when trying again later can succeed. */
  get transient(): boolean {
    return this.kind === 'rate-limited' || this.kind === 'server' || this.kind === 'network';
  }
}

/** Raised when a non-idempotent write failed in a way that may have left it applied. */
export class AmbiguousWriteError extends NotionError {
  constructor(cause: NotionError) {
    super(cause.kind, `${cause.message} (the write may have been applied)`, { ...cause.detail, cause });
    this.name = 'AmbiguousWriteError';
  }
}

/**
 * Raised without sending anything once the gateway has declared Notion unreachable (the run's
 * budget of consecutive network failures and 5xx answers is spent). Never applied, so never
 * ambiguous; trying again later (another run) can succeed.
 */
export class NotionUnreachableError extends NotionError {
  constructor(
    readonly last: NotionError,
    route?: string,
  ) {
    super('network', `Notion is unreachable (${last.message}); not tried again in this run`, {
      ...last.detail,
      route,
      code: 'NOTION_UNREACHABLE',
      cause: last,
    });
    this.name = 'NotionUnreachableError';
  }

  override get ambiguous(): boolean {
    return false;
  }
}

/** Maps whatever the SDK or fetch threw to a NotionError. */
export function classifyError(err: unknown, route?: string): NotionError {
  if (err instanceof NotionError) return err;
  if (isAbort(err)) return new NotionError('cancelled', 'Cancelled', { route, cause: err });
  if (isNotionClientError(err)) {
    if (err instanceof RequestTimeoutError)
      return new NotionError('network', 'Notion did not answer in time', { route, code: err.code, cause: err });
    if (APIResponseError.isAPIResponseError(err)) {
      const status = err.status;
      const retryAfterMs = parseRetryAfter(err.headers);
      const detail = { status, code: err.code, retryAfterMs, route, cause: err };
      if (status === 401) return new NotionError('auth', `Notion rejected the token: ${err.message}`, detail);
      if (status === 403) return new NotionError('permission', err.message, detail);
      if (status === 404) return new NotionError('not-found', err.message, detail);
      if (status === 429 || status === 529) return new NotionError('rate-limited', err.message, detail);
      if (status >= 500) return new NotionError('server', `Notion error ${status}: ${err.message}`, detail);
      return new NotionError('validation', err.message, detail);
    }
    if (err instanceof UnknownHTTPResponseError) {
      const status = err.status;
      if (status >= 500)
        return new NotionError('server', `Notion answered HTTP ${status}`, { status, route, cause: err });
      if (status === 429)
        return new NotionError('rate-limited', `Notion answered HTTP 429`, { status, route, cause: err });
      if (status === 401) return new NotionError('auth', 'Notion rejected the token', { status, route, cause: err });
      return new NotionError('validation', `Notion answered HTTP ${status}: ${err.message}`, {
        status,
        route,
        cause: err,
      });
    }
  }
  const code = networkCode(err);
  if (code) return new NotionError('network', `Cannot reach Notion (${code})`, { code, route, cause: err });
  const message = err instanceof Error ? err.message : String(err);
  return new NotionError('network', `Request to Notion failed: ${message}`, { route, cause: err });
}

function parseRetryAfter(headers: unknown): number | undefined {
  let value: string | null | undefined;
  if (headers && typeof (headers as Headers).get === 'function') value = (headers as Headers).get('retry-after');
  else if (headers && typeof headers === 'object') value = (headers as Record<string, string>)['retry-after'];
  if (value == null) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

function isAbort(err: unknown): boolean {
  return (
    !!err &&
    typeof err === 'object' &&
    ((err as Error).name === 'AbortError' || (err as { code?: string }).code === 'ABORT_ERR')
  );
}

function networkCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR\w*)$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  if (err instanceof TypeError && /fetch failed/i.test(err.message)) return 'FETCH_FAILED';
  return undefined;
}

/**
 * What fixes a problem, as a kind each front end words its own way (the CLI names flags and
 * commands, the editor its commands and settings): never parsed back out of a sentence.
 */
export type FixKind = 'connect' | 'share' | 'init' | 'retry-later' | 'check-network' | 'none';

/** The kind of fix for an error from Notion. */
export function fixKindOf(err: NotionError): FixKind {
  switch (err.kind) {
    case 'auth':
      return 'connect';
    case 'permission':
    case 'not-found':
      return 'share';
    case 'rate-limited':
    case 'server':
      return 'retry-later';
    case 'network':
      return 'check-network';
    default:
      return 'none';
  }
}

/** The sentence a user reads: what happened and what to do about it. */
export function explain(err: NotionError, context: { database?: string } = {}): string {
  switch (err.kind) {
    case 'auth':
      return 'Notion rejected the integration token. Create or copy a valid token at https://www.notion.so/my-integrations and pass it with --token or NOTION_TOKEN (editor: "Notion Sync: Connect to Notion").';
    case 'permission':
    case 'not-found':
      return context.database
        ? `The ${context.database} database cannot be read by the integration (${err.message}). Share it with your integration (… menu → Connections), or run "notion-sync init" to create it.`
        : `${err.message} Share the page or database with your integration (… menu → Connections).`;
    case 'rate-limited':
      return 'Notion kept rate-limiting the requests; try again in a few minutes.';
    case 'server':
      return `Notion had a server error (${err.message}); try again later.`;
    case 'network':
      return `Cannot reach the Notion API (${err.message}). Check the network, or --api-base-url / NOTION_API_BASE_URL.`;
    case 'cancelled':
      return 'Cancelled.';
    case 'validation':
      return `Notion refused a request: ${err.message}`;
  }
}
