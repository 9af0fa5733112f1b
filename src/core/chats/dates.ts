// Time stamps from the shapes tools store (ISO strings, epoch milliseconds or seconds) to ISO-8601.

/** ISO-8601 from an ISO string, epoch milliseconds (number or numeric string) or epoch seconds. */
export function toIso(v: unknown): string | undefined {
  let ms: number | undefined;
  if (typeof v === 'number' && Number.isFinite(v)) ms = v;
  else if (typeof v === 'string' && v.trim()) {
    if (/^\d+(\.\d+)?$/.test(v.trim())) ms = Number(v);
    else {
      const t = Date.parse(v);
      if (!Number.isNaN(t)) ms = t;
    }
  }
  if (ms === undefined || ms <= 0) return undefined;
  if (ms < 1e11) ms *= 1000; // epoch seconds
  const d = new Date(Math.round(ms));
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export function minIso(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return a < b ? a : b;
}

export function maxIso(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
