// Outages: Notion is down — from now on, for the next N requests, for a while, or until switched off.
import type { ServerResponse } from 'node:http';

export const OUTAGE_MODES = ['refused', 'reset', '503', 'hang'] as const;
export type OutageMode = (typeof OUTAGE_MODES)[number];

export interface OutageSpec {
  /**
   * `refused`: the port stops listening (connection refused; admin routes are down too) ·
   * `reset`: connections are accepted and destroyed · `503`: service_unavailable answers ·
   * `hang`: requests are read and never answered (the client's timeout decides).
   */
  mode: OutageMode;
  /** The outage ends on its own after this many `/v1` requests (not with `refused`: none arrive). */
  requests?: number;
  /** The outage ends on its own after this many milliseconds (real time). */
  forMs?: number;
}

/** Parses `mode=503,requests=5,forMs=2000` (the fault SPEC's key=value syntax); `mode=` is required. */
export function parseOutageSpec(spec: string): OutageSpec {
  const out: Partial<OutageSpec> = {};
  for (const item of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = item.indexOf('=');
    if (eq < 0) throw new Error(`outage spec: expected key=value, got "${item}"`);
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (key === 'mode') out.mode = value as OutageMode;
    else if (key === 'requests' || key === 'forMs') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`outage spec: ${key} must be an integer ≥ 1, got "${value}"`);
      out[key] = n;
    } else throw new Error(`outage spec: unknown key "${key}" (known: mode, requests, forMs)`);
  }
  return checkOutage(out);
}

export function checkOutage(v: Partial<OutageSpec>): OutageSpec {
  if (!v.mode || !(OUTAGE_MODES as readonly string[]).includes(v.mode))
    throw new Error(`outage: mode must be one of ${OUTAGE_MODES.join(', ')}, got "${String(v.mode)}"`);
  if (v.mode === 'refused' && v.requests !== undefined)
    throw new Error('outage: "requests" cannot count refused connections; use forMs or switch it off');
  for (const k of ['requests', 'forMs'] as const) {
    const n = v[k];
    if (n !== undefined && (!Number.isInteger(n) || n < 1)) throw new Error(`outage: ${k} must be an integer ≥ 1`);
  }
  return { mode: v.mode, requests: v.requests, forMs: v.forMs };
}

/** The outage in force, with what it still has to do. */
export class Outage {
  remaining: number | null;
  private readonly hung = new Set<ServerResponse>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly spec: OutageSpec,
    onTimeout: () => void,
  ) {
    this.remaining = spec.requests ?? null;
    if (spec.forMs !== undefined) this.timer = setTimeout(onTimeout, spec.forMs);
  }

  /** Counts one request against `requests`; false once the outage is used up. */
  take(): boolean {
    if (this.remaining === null) return true;
    if (this.remaining <= 0) return false;
    this.remaining -= 1;
    return true;
  }

  hang(res: ServerResponse): void {
    this.hung.add(res);
    res.once('close', () => this.hung.delete(res));
  }

  /** Ends it: hung requests are dropped (as a restarting server drops them). */
  end(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const res of this.hung) res.socket?.destroy();
    this.hung.clear();
  }

  describe(): { mode: OutageMode; remaining: number | null; forMs: number | null } {
    return { mode: this.spec.mode, remaining: this.remaining, forMs: this.spec.forMs ?? null };
  }
}
