// Kill points: "after the Nth applied request matching a route, hold its response" — so that a test can kill
// the client at that exact point (the write is done in Notion, the client never hears of it).
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';

export interface HoldRule {
  methods: string[] | null;
  routes: string[] | null;
  /** Hold the nth applied matching request (1-based)… */
  nth: number;
  /** …and the (count − 1) after it. */
  count: number;
  seen: number;
}

/** What a test learns about a held request. */
export interface HeldRequest {
  /** 1, 2, … in the order requests were held. */
  id: number;
  method: string;
  /** Route template, e.g. `/v1/pages`. */
  route: string;
  path: string;
  requestId: string;
  /** The status the response would have had (always 200: only applied requests are held). */
  status: number;
  /** `id` of the object the response carries (the created page, the appended list's first block, …), if any. */
  objectId: string | null;
  heldAt: string;
}

interface Parked {
  info: HeldRequest;
  res: ServerResponse;
  send: () => void;
}

function int(key: string, v: string, min: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`hold spec: ${key} must be an integer ≥ ${min}, got "${v}"`);
  return n;
}

/**
 * Parses a hold SPEC, in the fault SPEC's syntax: rules separated by `;`, each `key=value` items separated by
 * `,`: `methods=POST:PATCH` · `routes=/v1/pages:/v1/blocks/{id}/children` (trailing `*` = prefix) · `nth=N`
 * (default 1) · `count=N` (default 1).
 */
export function parseHoldSpec(spec: string): HoldRule[] {
  const rules: HoldRule[] = [];
  for (const part of spec
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const rule: HoldRule = { methods: null, routes: null, nth: 1, count: 1, seen: 0 };
    for (const item of part
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const eq = item.indexOf('=');
      if (eq < 0) throw new Error(`hold spec: expected key=value, got "${item}"`);
      const key = item.slice(0, eq).trim();
      const value = item.slice(eq + 1).trim();
      const list = (): string[] =>
        value
          .split(':')
          .map((s) => s.trim())
          .filter(Boolean);
      if (key === 'methods') rule.methods = list().map((m) => m.toUpperCase());
      else if (key === 'routes') rule.routes = list();
      else if (key === 'nth') rule.nth = int(key, value, 1);
      else if (key === 'count') rule.count = int(key, value, 1);
      else throw new Error(`hold spec: unknown key "${key}" (known: methods, routes, nth, count)`);
    }
    rules.push(rule);
  }
  return rules;
}

export class Holds extends EventEmitter {
  private rules: HoldRule[] = [];
  private spec: string | null = null;
  private parked: Parked[] = [];
  private seq = 0;

  get currentSpec(): string | null {
    return this.spec;
  }

  set(spec: string | null): void {
    this.rules = spec ? parseHoldSpec(spec) : [];
    this.spec = spec || null;
  }

  /** Called for every applied request; true when its response must be held. */
  shouldHold(method: string, route: string): boolean {
    let hold = false;
    for (const r of this.rules) {
      if (r.methods && !r.methods.includes(method)) continue;
      if (r.routes && !r.routes.some((x) => (x.endsWith('*') ? route.startsWith(x.slice(0, -1)) : route === x)))
        continue;
      r.seen += 1;
      if (r.seen >= r.nth && r.seen < r.nth + r.count) hold = true;
    }
    return hold;
  }

  park(info: Omit<HeldRequest, 'id'>, res: ServerResponse, send: () => void): HeldRequest {
    const held: HeldRequest = { id: ++this.seq, ...info };
    const entry: Parked = { info: held, res, send };
    this.parked.push(entry);
    // The client went away (killed): nothing to release any more.
    res.once('close', () => {
      this.parked = this.parked.filter((p) => p !== entry);
    });
    this.emit('hold', held);
    return held;
  }

  list(): HeldRequest[] {
    return this.parked.map((p) => ({ ...p.info }));
  }

  /** Resolves with the oldest held request, waiting for one if none is held yet. */
  wait(timeoutMs: number): Promise<HeldRequest | null> {
    const first = this.parked[0];
    if (first) return Promise.resolve({ ...first.info });
    return new Promise((resolve) => {
      const onHold = (h: HeldRequest): void => {
        clearTimeout(timer);
        resolve({ ...h });
      };
      const timer = setTimeout(() => {
        this.off('hold', onHold);
        resolve(null);
      }, timeoutMs);
      this.once('hold', onHold);
    });
  }

  /** Sends (`send`) or drops (`reset`) held responses: the one with `id`, or all. Returns how many. */
  release(id: number | null, action: 'send' | 'reset'): number {
    const chosen = this.parked.filter((p) => id === null || p.info.id === id);
    this.parked = this.parked.filter((p) => !chosen.includes(p));
    for (const p of chosen) {
      if (action === 'send') p.send();
      else p.res.socket?.destroy();
    }
    return chosen.length;
  }
}
