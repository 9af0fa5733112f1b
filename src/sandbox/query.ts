// Data-source query: filter evaluation and sorting, with Notion's filter grammar.
import { plainText } from './content';
import type { DataSourceRec, PageRec, SchemaProp } from './model';
import { findProp } from './props';
import { type Json, enumList, floorMinute, invalid, isObject, show, validationError, wrongType } from './util';

export interface QueryEnv {
  now: number;
  /** The stored or computed value of a property on a page (response form, without id/type). */
  value(page: PageRec, prop: SchemaProp): Json;
}

type Pred = (page: PageRec) => boolean;

const TEXT_TYPES = ['title', 'rich_text', 'url', 'email', 'phone_number'];
const TEXT_FILTERS = ['title', 'rich_text', 'url', 'email', 'phone_number', 'text'];
const DATE_FILTER_TYPES = ['date', 'created_time', 'last_edited_time'];

function textOf(v: Json): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return plainText(v);
  return '';
}

const DAY = 86_400_000;

function isDateOnly(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s);
}

/** A date/time condition value → [start, end] in ms (a day for date-only values, an instant otherwise). */
function condRange(v: unknown, path: string, now: number): [number, number] {
  if (typeof v !== 'string') throw wrongType(path, 'a string', v);
  const rel: Record<string, number> = {
    today: 0,
    tomorrow: DAY,
    yesterday: -DAY,
    one_week_ago: -7 * DAY,
    one_week_from_now: 7 * DAY,
    one_month_ago: -30 * DAY,
    one_month_from_now: 30 * DAY,
  };
  const offset = rel[v];
  if (offset !== undefined) {
    const day = Math.floor((now + offset) / DAY) * DAY;
    return [day, day + DAY - 1];
  }
  const t = Date.parse(isDateOnly(v) ? `${v}T00:00:00Z` : v);
  if (Number.isNaN(t)) throw invalid(path, `should be a valid ISO 8601 date string, instead was ${show(v)}.`);
  return isDateOnly(v) ? [t, t + DAY - 1] : [t, t];
}

function timeOf(v: Json): number | null {
  if (typeof v === 'string') {
    const t = Date.parse(isDateOnly(v) ? `${v}T00:00:00Z` : v);
    return Number.isNaN(t) ? null : t;
  }
  if (isObject(v) && typeof v.start === 'string') return timeOf(v.start);
  return null;
}

function datePredicate(
  cond: Record<string, unknown>,
  path: string,
  now: number,
  get: (p: PageRec) => number | null,
): Pred {
  const entries = Object.entries(cond).filter(([, v]) => v !== undefined);
  if (entries.length !== 1) throw invalid(path, `should have exactly one condition, instead was ${show(cond)}.`);
  const [op, arg] = entries[0] as [string, unknown];
  const p = `${path}.${op}`;
  const within =
    (from: number, to: number): Pred =>
    (page) => {
      const t = get(page);
      return t !== null && t >= from && t <= to;
    };
  switch (op) {
    case 'equals': {
      const [a, b] = condRange(arg, p, now);
      return within(a, b);
    }
    case 'before': {
      const [a] = condRange(arg, p, now);
      return (page) => {
        const t = get(page);
        return t !== null && t < a;
      };
    }
    case 'after': {
      const [, b] = condRange(arg, p, now);
      return (page) => {
        const t = get(page);
        return t !== null && t > b;
      };
    }
    case 'on_or_before': {
      const [, b] = condRange(arg, p, now);
      return (page) => {
        const t = get(page);
        return t !== null && t <= b;
      };
    }
    case 'on_or_after': {
      const [a] = condRange(arg, p, now);
      return (page) => {
        const t = get(page);
        return t !== null && t >= a;
      };
    }
    case 'is_empty':
      return (page) => get(page) === null;
    case 'is_not_empty':
      return (page) => get(page) !== null;
    case 'past_week':
      return within(now - 7 * DAY, now);
    case 'past_month':
      return within(now - 30 * DAY, now);
    case 'past_year':
      return within(now - 365 * DAY, now);
    case 'this_week': {
      const d = new Date(now);
      const start = Math.floor(now / DAY) * DAY - ((d.getUTCDay() + 6) % 7) * DAY;
      return within(start, start + 7 * DAY - 1);
    }
    case 'next_week':
      return within(now, now + 7 * DAY);
    case 'next_month':
      return within(now, now + 30 * DAY);
    case 'next_year':
      return within(now, now + 365 * DAY);
    default:
      throw invalid(p, 'should be not present, instead was ' + show(arg) + '.');
  }
}

function textPredicate(cond: Record<string, unknown>, path: string, get: (p: PageRec) => string): Pred {
  const entries = Object.entries(cond).filter(([, v]) => v !== undefined);
  if (entries.length !== 1) throw invalid(path, `should have exactly one condition, instead was ${show(cond)}.`);
  const [op, arg] = entries[0] as [string, unknown];
  const p = `${path}.${op}`;
  if (op === 'is_empty') return (page) => get(page) === '';
  if (op === 'is_not_empty') return (page) => get(page) !== '';
  if (typeof arg !== 'string') throw wrongType(p, 'a string', arg);
  const low = arg.toLowerCase();
  switch (op) {
    case 'equals':
      return (page) => get(page) === arg;
    case 'does_not_equal':
      return (page) => get(page) !== arg;
    case 'contains':
      return (page) => get(page).toLowerCase().includes(low);
    case 'does_not_contain':
      return (page) => !get(page).toLowerCase().includes(low);
    case 'starts_with':
      return (page) => get(page).toLowerCase().startsWith(low);
    case 'ends_with':
      return (page) => get(page).toLowerCase().endsWith(low);
    default:
      throw invalid(p, `should be not present, instead was ${show(arg)}.`);
  }
}

function single(cond: unknown, path: string): [string, unknown] {
  if (!isObject(cond)) throw wrongType(path, 'an object', cond);
  const entries = Object.entries(cond).filter(([, v]) => v !== undefined);
  if (entries.length !== 1) throw invalid(path, `should have exactly one condition, instead was ${show(cond)}.`);
  return entries[0] as [string, unknown];
}

function propertyPredicate(f: Record<string, unknown>, path: string, ds: DataSourceRec, env: QueryEnv): Pred {
  const key = f.property;
  if (typeof key !== 'string') throw wrongType(`${path}.property`, 'a string', key);
  const sp = findProp(ds, key);
  if (!sp) throw validationError(`Could not find property with name or id: ${key}`);
  const filterType = Object.keys(f).find((k) => k !== 'property' && k !== 'type' && f[k] !== undefined);
  if (filterType === undefined) throw invalid(`${path}.${sp.type}`, 'should be defined, instead was `undefined`.');
  const cond = f[filterType];
  const p = `${path}.${filterType}`;
  const compatible =
    filterType === sp.type ||
    (TEXT_FILTERS.includes(filterType) && TEXT_TYPES.includes(sp.type)) ||
    (filterType === 'date' && DATE_FILTER_TYPES.includes(sp.type));
  if (!compatible) throw validationError(`database property ${sp.type} does not match filter ${filterType}`);
  if (!isObject(cond)) throw wrongType(p, 'an object', cond);
  const val = (page: PageRec): Json => env.value(page, sp);
  if (TEXT_TYPES.includes(sp.type)) return textPredicate(cond, p, (page) => textOf(val(page)));
  if (DATE_FILTER_TYPES.includes(sp.type)) {
    return datePredicate(cond, p, env.now, (page) => {
      const t = timeOf(val(page));
      return t === null ? null : sp.type === 'date' ? t : floorMinute(t);
    });
  }
  const [op, arg] = single(cond, p);
  const opPath = `${p}.${op}`;
  switch (sp.type) {
    case 'checkbox': {
      if (typeof arg !== 'boolean') throw wrongType(opPath, 'a boolean', arg);
      if (op === 'equals') return (page) => val(page) === arg;
      if (op === 'does_not_equal') return (page) => val(page) !== arg;
      break;
    }
    case 'number': {
      const num = (page: PageRec): number | null => {
        const v = val(page);
        return typeof v === 'number' ? v : null;
      };
      if (op === 'is_empty') return (page) => num(page) === null;
      if (op === 'is_not_empty') return (page) => num(page) !== null;
      if (typeof arg !== 'number') throw wrongType(opPath, 'a number', arg);
      const cmp: Record<string, (a: number) => boolean> = {
        equals: (a) => a === arg,
        does_not_equal: (a) => a !== arg,
        greater_than: (a) => a > arg,
        less_than: (a) => a < arg,
        greater_than_or_equal_to: (a) => a >= arg,
        less_than_or_equal_to: (a) => a <= arg,
      };
      const fn = cmp[op];
      if (op === 'does_not_equal') return (page) => num(page) !== arg;
      if (fn)
        return (page) => {
          const n = num(page);
          return n !== null && fn(n);
        };
      break;
    }
    case 'select':
    case 'status': {
      const name = (page: PageRec): string | null => {
        const v = val(page);
        return isObject(v) && typeof v.name === 'string' ? v.name : null;
      };
      if (op === 'is_empty') return (page) => name(page) === null;
      if (op === 'is_not_empty') return (page) => name(page) !== null;
      const wanted = Array.isArray(arg) ? arg : [arg];
      if (!wanted.every((w) => typeof w === 'string')) throw wrongType(opPath, 'a string', arg);
      if (op === 'equals')
        return (page) => {
          const n = name(page);
          return n !== null && wanted.includes(n);
        };
      if (op === 'does_not_equal')
        return (page) => {
          const n = name(page);
          return n === null || !wanted.includes(n);
        };
      break;
    }
    case 'multi_select':
    case 'relation':
    case 'people': {
      const keys = (page: PageRec): string[] => {
        const v = val(page);
        if (!Array.isArray(v)) return [];
        return v.map((o) => (isObject(o) ? String(sp.type === 'multi_select' ? o.name : o.id) : ''));
      };
      if (op === 'is_empty') return (page) => keys(page).length === 0;
      if (op === 'is_not_empty') return (page) => keys(page).length > 0;
      const wanted = (Array.isArray(arg) ? arg : [arg]).map((w) => String(w));
      if (op === 'contains') return (page) => wanted.some((w) => keys(page).includes(w));
      if (op === 'does_not_contain') return (page) => wanted.every((w) => !keys(page).includes(w));
      break;
    }
    case 'files': {
      const count = (page: PageRec): number => {
        const v = val(page);
        return Array.isArray(v) ? v.length : 0;
      };
      if (op === 'is_empty') return (page) => count(page) === 0;
      if (op === 'is_not_empty') return (page) => count(page) > 0;
      break;
    }
    default:
      break;
  }
  throw invalid(opPath, `should be not present, instead was ${show(arg)}.`);
}

/** Builds a predicate from a query `filter` (compound filters nest at most two levels, as in Notion). */
export function buildFilter(f: unknown, ds: DataSourceRec, env: QueryEnv, path = 'body.filter', depth = 0): Pred {
  if (!isObject(f)) throw wrongType(path, 'an object', f);
  if (Array.isArray(f.and) || Array.isArray(f.or)) {
    const key = Array.isArray(f.and) ? 'and' : 'or';
    if (depth >= 2) throw invalid(`${path}.${key}`, `should be not present, instead was ${show(f[key])}.`);
    const parts = (f[key] as unknown[]).map((sub, i) => buildFilter(sub, ds, env, `${path}.${key}[${i}]`, depth + 1));
    return key === 'and' ? (page) => parts.every((p) => p(page)) : (page) => parts.some((p) => p(page));
  }
  if (f.timestamp !== undefined) {
    const ts = f.timestamp;
    if (ts !== 'created_time' && ts !== 'last_edited_time')
      throw invalid(
        `${path}.timestamp`,
        `should be ${enumList(['created_time', 'last_edited_time'])}, instead was ${show(ts)}.`,
      );
    const cond = f[ts];
    if (!isObject(cond)) throw invalid(`${path}.${ts}`, `should be defined, instead was ${show(cond)}.`);
    return datePredicate(cond, `${path}.${ts}`, env.now, (page) =>
      floorMinute(ts === 'created_time' ? page.created : page.edited),
    );
  }
  if (f.property !== undefined) return propertyPredicate(f, path, ds, env);
  throw invalid(`${path}.property`, 'should be defined, instead was `undefined`.');
}

type Cmp = (a: PageRec, b: PageRec) => number;

function sortKey(v: Json, type: string): string | number | null {
  if (TEXT_TYPES.includes(type)) {
    const t = textOf(v);
    return t === '' ? null : t;
  }
  if (type === 'number') return typeof v === 'number' ? v : null;
  if (type === 'checkbox') return v === true ? 1 : 0;
  if (type === 'select' || type === 'status') return isObject(v) && typeof v.name === 'string' ? v.name : null;
  if (DATE_FILTER_TYPES.includes(type)) return timeOf(v);
  if (Array.isArray(v)) return v.length === 0 ? null : v.length;
  return null;
}

/** Builds a comparator from `sorts`; ties fall back to creation order. Empty values sort last. */
export function buildSorts(sorts: unknown, ds: DataSourceRec, env: QueryEnv): Cmp {
  const byCreation: Cmp = (a, b) => a.seq - b.seq;
  if (sorts === undefined) return byCreation;
  if (!Array.isArray(sorts)) throw wrongType('body.sorts', 'an array', sorts);
  const parts: Cmp[] = sorts.map((s, i) => {
    const path = `body.sorts[${i}]`;
    if (!isObject(s)) throw wrongType(path, 'an object', s);
    const dir = s.direction === undefined ? 'ascending' : s.direction;
    if (dir !== 'ascending' && dir !== 'descending')
      throw invalid(
        `${path}.direction`,
        `should be ${enumList(['ascending', 'descending'])}, instead was ${show(dir)}.`,
      );
    const sign = dir === 'ascending' ? 1 : -1;
    let key: (p: PageRec) => string | number | null;
    if (s.timestamp !== undefined) {
      if (s.timestamp !== 'created_time' && s.timestamp !== 'last_edited_time') {
        throw invalid(
          `${path}.timestamp`,
          `should be ${enumList(['created_time', 'last_edited_time'])}, instead was ${show(s.timestamp)}.`,
        );
      }
      key = s.timestamp === 'created_time' ? (p) => floorMinute(p.created) : (p) => floorMinute(p.edited);
    } else if (typeof s.property === 'string') {
      const sp = findProp(ds, s.property);
      if (!sp) throw validationError(`Could not find sort property with name or id: ${s.property}`);
      key = (p) => {
        const k = sortKey(env.value(p, sp), sp.type);
        return typeof k === 'number' && DATE_FILTER_TYPES.includes(sp.type) && sp.type !== 'date' ? floorMinute(k) : k;
      };
    } else {
      throw invalid(`${path}.property`, 'should be defined, instead was `undefined`.');
    }
    return (a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka === kb) return 0;
      if (ka === null) return 1;
      if (kb === null) return -1;
      if (typeof ka === 'number' && typeof kb === 'number') return sign * (ka - kb);
      return sign * String(ka).localeCompare(String(kb));
    };
  });
  return (a, b) => {
    for (const c of parts) {
      const r = c(a, b);
      if (r !== 0) return r;
    }
    return byCreation(a, b);
  };
}
