// The `/__sandbox` admin routes: health, stats, state, clock, faults, rate limit, simulated people.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NOTION_VERSION, type Runtime, readBody } from './runtime';
import type { HumanEdit } from './store';
import { type Json, NotionError, isObject, newId } from './util';

export const ADMIN_PREFIX = '/__sandbox';

export async function handleAdmin(rt: Runtime, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
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
    } else if (sub === '/info' && m === 'GET') {
      out = {
        url: rt.url,
        rootPageId: store.state.rootPageId,
        botId: store.botId,
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
