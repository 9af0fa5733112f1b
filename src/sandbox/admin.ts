// The `/__sandbox` admin routes: health, stats, state, clock, faults, rate limit, simulated people.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type OutageSpec, checkOutage } from './outage';
import { NOTION_VERSION, type Runtime, readBody } from './runtime';
import type { HumanEdit } from './store';
import { type Json, NotionError, isObject, newId } from './util';

export const ADMIN_PREFIX = '/__sandbox';

const json = (v: unknown): Json => structuredClone(v) as Json;

export async function handleAdmin(
  rt: Runtime,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
): Promise<void> {
  const { store } = rt;
  const rid = newId();
  const { buf } = await readBody(req);
  let body: Record<string, unknown> = {};
  try {
    if (buf.length > 0) {
      const parsed: unknown = JSON.parse(buf.toString('utf8'));
      if (isObject(parsed)) body = parsed;
    }
  } catch {
    rt.sendJson(res, 400, { error: 'invalid JSON' }, rid);
    return;
  }
  const m = req.method ?? 'GET';
  const sub = path.slice(ADMIN_PREFIX.length) || '/';
  const file = /^\/files\/([^/]+)(\/.*)?$/.exec(sub);
  if (file && m === 'GET') {
    // Download URL of an uploaded file, as a block's `file.url` gives it.
    const c = store.uploads.content(file[1] ?? '');
    if (!c) {
      rt.sendJson(res, 404, { error: 'no such uploaded file (contents are kept in memory only)' }, rid);
      return;
    }
    res.writeHead(200, { 'Content-Type': c.contentType, 'Content-Length': c.data.length });
    res.end(c.data);
    return;
  }
  try {
    let out: Json;
    if (m === 'GET' && sub === '/health') out = { ok: true };
    else if (m === 'GET' && sub === '/stats') out = structuredClone(rt.stats) as unknown as Json;
    else if (m === 'POST' && sub === '/reset-stats') {
      rt.resetStats();
      out = { ok: true };
    } else if (m === 'GET' && sub === '/state') out = store.state as unknown as Json;
    else if (sub === '/clock' && m === 'GET')
      out = { now: new Date(store.now()).toISOString(), offsetMs: store.state.clockOffsetMs };
    else if (sub === '/clock' && m === 'POST') {
      if (typeof body.advanceMs === 'number') store.advanceClock(body.advanceMs);
      else if (typeof body.set === 'string' && !Number.isNaN(Date.parse(body.set)))
        store.setClock(Date.parse(body.set));
      else throw new Error('expected {"advanceMs": number} or {"set": ISO date}');
      rt.scheduleSave();
      out = { now: new Date(store.now()).toISOString(), offsetMs: store.state.clockOffsetMs };
    } else if (sub === '/faults' && m === 'GET') out = { spec: rt.faults?.spec ?? null };
    else if (sub === '/faults' && m === 'POST') {
      const spec = body.spec;
      if (spec !== null && spec !== undefined && typeof spec !== 'string')
        throw new Error('expected {"spec": string|null}');
      rt.setFaults(spec ?? null);
      out = { spec: rt.faults?.spec ?? null };
    } else if (sub === '/rate-limit' && m === 'POST') {
      const rps = typeof body.rps === 'number' ? body.rps : null;
      rt.setRateLimit(rps, typeof body.burst === 'number' ? body.burst : undefined);
      out = { rps: rt.bucket?.rps ?? null, burst: rt.bucket?.burst ?? null };
    } else if (sub === '/human-edit' && m === 'POST') {
      if (typeof body.pageId !== 'string') throw new Error('expected {"pageId": string, …}');
      out = store.humanEdit(body as unknown as HumanEdit);
      rt.scheduleSave();
    } else if (sub === '/seed' && m === 'POST') {
      out = store.seedPage(
        typeof body.title === 'string' ? body.title : 'Seeded page',
        typeof body.parentPageId === 'string' ? body.parentPageId : undefined,
      );
      rt.scheduleSave();
    } else if (sub === '/holds' && m === 'GET') out = { spec: rt.holds.currentSpec, held: json(rt.holds.list()) };
    else if (sub === '/holds' && m === 'POST') {
      if (body.spec !== null && body.spec !== undefined && typeof body.spec !== 'string')
        throw new Error('expected {"spec": string|null}');
      rt.holds.set(body.spec ?? null);
      out = { spec: rt.holds.currentSpec };
    } else if (sub === '/holds/wait' && m === 'GET') {
      const ms = Number(query.get('timeoutMs') ?? 10_000);
      const held = await rt.holds.wait(Number.isFinite(ms) && ms >= 0 ? ms : 10_000);
      if (!held) {
        rt.sendJson(res, 408, { error: 'no request was held in time' }, rid);
        return;
      }
      out = json(held);
    } else if (sub === '/holds/release' && m === 'POST') {
      const id = typeof body.id === 'number' ? body.id : null;
      const action = body.action === 'reset' ? 'reset' : 'send';
      out = { released: rt.holds.release(id, action) };
    } else if (sub === '/outage' && m === 'GET') out = { outage: rt.outage ? json(rt.outage.describe()) : null };
    else if (sub === '/outage' && m === 'POST') {
      await rt.setOutage(
        body.mode === null || body.mode === undefined ? null : checkOutage(body as Partial<OutageSpec>),
      );
      out = { outage: rt.outage ? json(rt.outage.describe()) : null };
    } else if (sub === '/info' && m === 'GET') {
      out = {
        url: rt.url,
        rootPageId: store.state.rootPageId,
        botId: store.botId,
        bots: Object.fromEntries([...rt.bots.values()].map((id) => [id, store.userName(id)])),
        personId: store.personId,
        notionVersion: NOTION_VERSION,
      };
    } else {
      rt.sendJson(res, 404, { error: `unknown admin route ${m} ${path}` }, rid);
      return;
    }
    rt.sendJson(res, 200, out, rid);
  } catch (e) {
    const status = e instanceof NotionError ? e.status : 400;
    rt.sendJson(res, status, { error: e instanceof Error ? e.message : String(e) }, rid);
  }
}
