// Seeded fault injection and the token-bucket rate limiter.

export const FAULT_KINDS = [
  '429',
  '500',
  '502',
  '503',
  '504',
  '529',
  'reset',
  'slow',
  'hang',
  'applied500',
  'appliedReset',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  rate: number;
  every: number | null;
  after: number;
  count: number | null;
  kinds: FaultKind[];
  methods: string[] | null;
  routes: string[] | null;
  delayMs: number;
  retryAfter: number | null;
  seen: number;
  fired: number;
}

export interface FaultDecision {
  kind: FaultKind;
  delayMs: number;
  retryAfter: number | null;
}

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function int(key: string, v: string, min: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`fault spec: ${key} must be an integer ≥ ${min}, got "${v}"`);
  return n;
}

/**
 * Parses a fault SPEC: rules separated by `;`, each a comma-separated list of `key=value`:
 * `seed=N` · `rate=P` (0..1) · `every=N` · `after=N` · `count=N` · `kinds=a:b:…` · `methods=GET:PATCH` ·
 * `routes=/v1/pages:/v1/blocks/{id}/children` (a trailing `*` matches a prefix) · `delay=MS` · `retryAfter=S`.
 */
export function parseFaultSpec(spec: string): { seed: number; rules: FaultRule[] } {
  let seed = 1;
  const rules: FaultRule[] = [];
  for (const part of spec
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const rule: FaultRule = {
      rate: 1,
      every: null,
      after: 0,
      count: null,
      kinds: ['500'],
      methods: null,
      routes: null,
      delayMs: 2000,
      retryAfter: null,
      seen: 0,
      fired: 0,
    };
    let hasKinds = false;
    for (const item of part
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const eq = item.indexOf('=');
      if (eq < 0) throw new Error(`fault spec: expected key=value, got "${item}"`);
      const key = item.slice(0, eq).trim();
      const value = item.slice(eq + 1).trim();
      switch (key) {
        case 'seed':
          seed = int(key, value, 0);
          break;
        case 'rate': {
          const r = Number(value);
          if (!(r >= 0 && r <= 1)) throw new Error(`fault spec: rate must be between 0 and 1, got "${value}"`);
          rule.rate = r;
          break;
        }
        case 'every':
          rule.every = int(key, value, 1);
          break;
        case 'after':
          rule.after = int(key, value, 0);
          break;
        case 'count':
          rule.count = int(key, value, 0);
          break;
        case 'delay':
          rule.delayMs = int(key, value, 0);
          break;
        case 'retryAfter':
          rule.retryAfter = int(key, value, 0);
          break;
        case 'kinds': {
          const kinds = value
            .split(':')
            .map((k) => k.trim())
            .filter(Boolean);
          for (const k of kinds) {
            if (!(FAULT_KINDS as readonly string[]).includes(k))
              throw new Error(`fault spec: unknown kind "${k}" (known: ${FAULT_KINDS.join(', ')})`);
          }
          if (kinds.length === 0) throw new Error('fault spec: kinds is empty');
          rule.kinds = kinds as FaultKind[];
          hasKinds = true;
          break;
        }
        case 'methods':
          rule.methods = value
            .split(':')
            .map((m) => m.trim().toUpperCase())
            .filter(Boolean);
          break;
        case 'routes':
          rule.routes = value
            .split(':')
            .map((r) => r.trim())
            .filter(Boolean);
          break;
        default:
          throw new Error(`fault spec: unknown key "${key}"`);
      }
    }
    // A rule that only sets the seed is not a rule.
    if (!hasKinds && part.split(',').every((i) => i.trim().startsWith('seed='))) continue;
    rules.push(rule);
  }
  return { seed, rules };
}

export class FaultInjector {
  private readonly rules: FaultRule[];
  private readonly rnd: () => number;

  constructor(readonly spec: string) {
    const parsed = parseFaultSpec(spec);
    this.rules = parsed.rules;
    this.rnd = prng(parsed.seed);
  }

  /** `route` is the route template without the method, e.g. `/v1/blocks/{id}/children`. */
  decide(method: string, route: string): FaultDecision | null {
    for (const rule of this.rules) {
      if (rule.methods && !rule.methods.includes(method)) continue;
      if (rule.routes && !rule.routes.some((r) => (r.endsWith('*') ? route.startsWith(r.slice(0, -1)) : route === r)))
        continue;
      rule.seen += 1;
      const draw = this.rnd();
      const pick = this.rnd();
      if (rule.seen <= rule.after) continue;
      if (rule.count !== null && rule.fired >= rule.count) continue;
      const fire = rule.every !== null ? (rule.seen - rule.after) % rule.every === 0 : draw < rule.rate;
      if (!fire) continue;
      rule.fired += 1;
      const kind = rule.kinds[Math.floor(pick * rule.kinds.length)] ?? rule.kinds[0] ?? '500';
      return { kind, delayMs: rule.delayMs, retryAfter: rule.retryAfter };
    }
    return null;
  }
}

/** Token bucket: `rps` tokens per second, at most `burst` banked. Uses real time, not the sandbox clock. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly rps: number,
    readonly burst: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = clock();
  }

  /** Takes a token; returns 0 when allowed, else the whole seconds to wait before one is available. */
  take(): number {
    const now = this.clock();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rps);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - this.tokens) / this.rps));
  }
}
