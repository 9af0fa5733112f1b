// The Notion API face: version and token checks, rate limiting, fault injection, body parsing, accounting,
// and dispatch to the store.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LIMITS } from './content';
import type { FaultKind } from './faults';
import { matchRoute } from './routes';
import { MAX_READ_BYTES, NOTION_VERSION, type Runtime, bump, readBody, sleep } from './runtime';
import { type JsonObject, NotionError, isObject, newId, show } from './util';

export const FAULT_ERRORS: Record<string, [number, string, string]> = {
  '500': [500, 'internal_server_error', 'An unexpected error occurred. Reach out to Notion support.'],
  '503': [503, 'service_unavailable', 'Notion is unavailable. Please try again later.'],
  '504': [
    504,
    'gateway_timeout',
    'Notion timed out while attempting to complete this request. Please try again later.',
  ],
  '529': [529, 'service_overload', 'Notion is temporarily overloaded. Please try again later.'],
};

const FAULT_ERRORS_503: [string, string] = ['service_unavailable', 'Notion is unavailable. Please try again later.'];

const BAD_GATEWAY_HTML =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n';

function firstResultId(result: JsonObject): string | null {
  const first = Array.isArray(result.results) ? result.results[0] : undefined;
  return isObject(first) && typeof first.id === 'string' ? first.id : null;
}

export async function handleApi(rt: Runtime, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const requestId = newId();
  const matched = matchRoute(method, url.pathname);
  const template = matched.route ? matched.route.template : matched.template;
  const isRead = matched.route ? matched.route.read : method === 'GET';
  rt.stats.total += 1;
  bump(rt.stats.byRoute, `${method} ${template}`);
  bump(rt.stats.byMethod, method);
  if (isRead) rt.stats.reads += 1;
  else rt.stats.writes += 1;

  const { buf, tooBig } = await readBody(req);

  const outage = rt.outage;
  if (outage?.take()) {
    rt.stats.outages += 1;
    if (outage.spec.mode === 'reset' || outage.spec.mode === 'refused') req.socket.destroy();
    else if (outage.spec.mode === 'hang') outage.hang(res);
    else rt.sendError(res, new NotionError(503, ...FAULT_ERRORS_503), requestId);
    return;
  }

  if (rt.bucket) {
    const wait = rt.bucket.take();
    if (wait > 0) {
      rt.stats.rateLimited += 1;
      const retry = rt.opts.retryAfterSeconds ?? wait;
      rt.sendError(
        res,
        new NotionError(429, 'rate_limited', 'You have been rate limited. Please try again in a few minutes.'),
        requestId,
        { 'Retry-After': String(retry) },
      );
      return;
    }
  }

  let applied: 'applied500' | 'appliedReset' | null = null;
  const fault = rt.faults?.decide(method, template) ?? null;
  if (fault) {
    rt.stats.faults.total += 1;
    bump(rt.stats.faults.byKind, fault.kind);
    const kind: FaultKind = fault.kind;
    if (kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (kind === 'hang') {
      // Never answered: the client's timeout decides (the socket closes with the sandbox).
      return;
    }
    if (kind === 'slow') await sleep(fault.delayMs);
    else if (kind === 'applied500' || kind === 'appliedReset') applied = kind;
    else if (kind === '429') {
      const retry = fault.retryAfter ?? rt.opts.retryAfterSeconds ?? 1;
      rt.sendError(
        res,
        new NotionError(429, 'rate_limited', 'You have been rate limited. Please try again in a few minutes.'),
        requestId,
        { 'Retry-After': String(retry) },
      );
      return;
    } else if (kind === '502') {
      rt.baseHeaders(res, requestId);
      res.writeHead(502, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(BAD_GATEWAY_HTML) });
      res.end(BAD_GATEWAY_HTML);
      bump(rt.stats.byStatus, '502');
      return;
    } else {
      const [status, code, message] = FAULT_ERRORS[kind] ?? [
        500,
        'internal_server_error',
        'An unexpected error occurred.',
      ];
      rt.sendError(res, new NotionError(status, code, message), requestId);
      return;
    }
  }

  try {
    const version = req.headers['notion-version'];
    if (version === undefined) {
      throw new NotionError(
        400,
        'missing_version',
        'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.',
      );
    }
    if (version !== NOTION_VERSION) {
      throw new NotionError(
        400,
        'validation_error',
        `Notion-Version header failed validation: Notion-Version header should be \`${JSON.stringify(NOTION_VERSION)}\`, instead was ${show(version)}.`,
      );
    }
    const auth = req.headers.authorization ?? '';
    const actor = auth.startsWith('Bearer ') ? rt.bots.get(auth.slice('Bearer '.length)) : undefined;
    if (!actor) throw new NotionError(401, 'unauthorized', 'API token is invalid.');
    if (!matched.route) throw new NotionError(400, 'invalid_request_url', 'Invalid request URL.');
    if (tooBig)
      throw new NotionError(413, 'validation_error', `Request body too large: more than ${MAX_READ_BYTES} bytes.`);
    let body: Record<string, unknown> = {};
    if (matched.route.raw) {
      // multipart/form-data (file upload parts): the handler reads the raw body.
    } else if (buf.length > 0 && method !== 'GET' && method !== 'DELETE') {
      if (buf.length > LIMITS.bodyBytes) {
        // Notion documents a 500 KB payload limit; the exact wording of its error is unconfirmed.
        throw new NotionError(
          400,
          'validation_error',
          `body failed validation: the request body should be ≤ \`${LIMITS.bodyBytes}\` bytes, instead was \`${buf.length}\`.`,
        );
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(buf.toString('utf8'));
      } catch {
        throw new NotionError(400, 'invalid_json', 'Error parsing JSON body.');
      }
      if (!isObject(parsed))
        throw new NotionError(
          400,
          'validation_error',
          `body failed validation: body should be an object, instead was ${show(parsed)}.`,
        );
      body = parsed;
    }
    const result = await matched.route.handler({
      id: matched.id,
      body,
      query: url.searchParams,
      store: rt.store,
      actor,
      raw: buf,
      contentType: req.headers['content-type'] ?? '',
    });
    if (!matched.route.read) rt.scheduleSave();
    const answer = (): void => {
      if (applied === 'applied500') {
        rt.sendError(
          res,
          new NotionError(500, 'internal_server_error', 'An unexpected error occurred. Reach out to Notion support.'),
          requestId,
        );
      } else if (applied === 'appliedReset') req.socket.destroy();
      else rt.sendJson(res, 200, result, requestId);
    };
    if (rt.holds.shouldHold(method, matched.route.template)) {
      rt.stats.held += 1;
      const objectId = typeof result.id === 'string' ? result.id : firstResultId(result);
      rt.holds.park(
        {
          method,
          route: matched.route.template,
          path: url.pathname,
          requestId,
          status: 200,
          objectId,
          heldAt: new Date(rt.store.now()).toISOString(),
        },
        res,
        answer,
      );
      return;
    }
    answer();
  } catch (e) {
    if (e instanceof NotionError) {
      rt.sendError(res, e, requestId);
      return;
    }
    rt.log(`internal error on ${method} ${url.pathname}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    rt.sendError(
      res,
      new NotionError(500, 'internal_server_error', 'An unexpected error occurred. Reach out to Notion support.'),
      requestId,
    );
  }
}
