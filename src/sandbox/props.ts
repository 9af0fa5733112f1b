// Data-source schemas (property configurations) and page property values.
import { LIMITS, type ParseCtx, attachUpload, parseRichText } from './content';
import type { DataSourceRec, SchemaProp } from './model';
import {
  type Json,
  type JsonObject,
  SELECT_COLORS,
  enumList,
  invalid,
  isObject,
  mustBeDefined,
  normalizeId,
  onlyKeys,
  show,
  tooLong,
  validationError,
  wrongType,
} from './util';

export const WRITABLE_TYPES = [
  'title',
  'rich_text',
  'number',
  'select',
  'multi_select',
  'status',
  'date',
  'people',
  'files',
  'checkbox',
  'url',
  'email',
  'phone_number',
  'relation',
];
export const COMPUTED_TYPES = ['created_time', 'created_by', 'last_edited_time', 'last_edited_by'];
export const SCHEMA_TYPES = [...WRITABLE_TYPES, ...COMPUTED_TYPES];

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function shortId(taken: (id: string) => boolean, rnd: () => number = Math.random): string {
  for (;;) {
    let s = '';
    for (let i = 0; i < 4; i++) s += ID_ALPHABET[Math.floor(rnd() * ID_ALPHABET.length)];
    if (!taken(s)) return s;
  }
}

function optionId(): string {
  return `${shortId(() => false)}${shortId(() => false)}`.toLowerCase();
}

function parseOptions(v: unknown, path: string): JsonObject[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw wrongType(path, 'an array', v);
  return v.map((o, i) => {
    const p = `${path}[${i}]`;
    if (!isObject(o)) throw wrongType(p, 'an object', o);
    onlyKeys(o, ['id', 'name', 'color', 'description'], p);
    if (typeof o.name !== 'string') throw mustBeDefined(`${p}.name`);
    if (o.name.includes(',')) throw invalid(`${p}.name`, `should not contain commas, instead was ${show(o.name)}.`);
    if (o.color !== undefined && (typeof o.color !== 'string' || !SELECT_COLORS.includes(o.color))) {
      throw invalid(`${p}.color`, `should be ${enumList(SELECT_COLORS)}, instead was ${show(o.color)}.`);
    }
    return {
      id: typeof o.id === 'string' ? o.id : optionId(),
      name: o.name,
      color: typeof o.color === 'string' ? o.color : (SELECT_COLORS[i % SELECT_COLORS.length] ?? 'default'),
      description: typeof o.description === 'string' ? o.description : null,
    };
  });
}

function defaultStatusConfig(): JsonObject {
  const ns = { id: optionId(), name: 'Not started', color: 'default', description: null };
  const ip = { id: optionId(), name: 'In progress', color: 'blue', description: null };
  const dn = { id: optionId(), name: 'Done', color: 'green', description: null };
  return {
    options: [ns, ip, dn],
    groups: [
      { id: optionId(), name: 'To-do', color: 'gray', option_ids: [ns.id] },
      { id: optionId(), name: 'In progress', color: 'blue', option_ids: [ip.id] },
      { id: optionId(), name: 'Complete', color: 'green', option_ids: [dn.id] },
    ],
  };
}

/** Looks up a data source for relation configs. */
export interface SchemaResolver {
  dataSourceDatabase(dataSourceId: string): string | null;
}

/** A property configuration of a request → `{type, config}`. */
export function parsePropertyConfig(
  def: unknown,
  path: string,
  resolver: SchemaResolver,
  previous?: SchemaProp,
): { type: string; config: JsonObject; name?: string; description?: string | null } {
  if (!isObject(def)) throw wrongType(path, 'an object', def);
  const type =
    typeof def.type === 'string'
      ? def.type
      : Object.keys(def).find(
          (k) => SCHEMA_TYPES.includes(k) || k === 'formula' || k === 'rollup' || k === 'unique_id',
        );
  const name = typeof def.name === 'string' ? def.name : undefined;
  const description =
    def.description === undefined ? undefined : typeof def.description === 'string' ? def.description : null;
  if (type === undefined) {
    if (previous && (name !== undefined || description !== undefined))
      return { type: previous.type, config: previous.config, name, description };
    throw mustBeDefined(`${path}.type`);
  }
  if (!SCHEMA_TYPES.includes(type)) throw validationError(`The sandbox does not emulate ${type} properties (${path}).`);
  onlyKeys(def, ['type', type, 'name', 'description'], path);
  const raw = def[type] ?? {};
  if (!isObject(raw)) throw wrongType(`${path}.${type}`, 'an object', raw);
  let config: JsonObject = {};
  switch (type) {
    case 'number':
      config = { format: typeof raw.format === 'string' ? raw.format : 'number' };
      break;
    case 'select':
    case 'multi_select': {
      const given = parseOptions(raw.options, `${path}.${type}.options`);
      if (previous && previous.type === type) {
        // Notion keeps existing options and adds the new ones.
        const old = (previous.config.options as JsonObject[] | undefined) ?? [];
        const merged = [...old];
        for (const o of given) if (!merged.some((m) => m.name === o.name)) merged.push(o);
        config = { options: raw.options === undefined ? old : merged };
      } else {
        config = { options: given };
      }
      break;
    }
    case 'status':
      config = previous && previous.type === 'status' ? previous.config : defaultStatusConfig();
      break;
    case 'relation': {
      const dsId = normalizeId(raw.data_source_id);
      if (!dsId)
        throw invalid(
          `${path}.relation.data_source_id`,
          `should be a valid uuid, instead was ${show(raw.data_source_id)}.`,
        );
      const dbId = resolver.dataSourceDatabase(dsId);
      if (!dbId)
        throw invalid(
          `${path}.relation.data_source_id`,
          `should reference a data source shared with the integration, instead was ${show(raw.data_source_id)}.`,
        );
      config = { database_id: dbId, data_source_id: dsId, type: 'single_property', single_property: {} };
      break;
    }
    default:
      config = {};
  }
  return { type, config, name, description };
}

/** The value a page shows for a property nobody has set. */
export function emptyValue(type: string): Json {
  switch (type) {
    case 'title':
    case 'rich_text':
    case 'multi_select':
    case 'relation':
    case 'people':
    case 'files':
      return [];
    case 'checkbox':
      return false;
    default:
      return null;
  }
}

const VALUE_KEYS = [...SCHEMA_TYPES, 'formula', 'rollup', 'unique_id', 'button', 'verification'];

function findOption(sp: SchemaProp, v: Record<string, unknown>, path: string, autoCreate: boolean): JsonObject {
  onlyKeys(v, ['id', 'name', 'color', 'description'], path);
  const options = (sp.config.options as JsonObject[] | undefined) ?? [];
  if (typeof v.id === 'string') {
    const hit = options.find((o) => o.id === v.id);
    if (!hit)
      throw validationError(
        `${path}.id: option with id ${JSON.stringify(v.id)} does not exist for property ${sp.name}.`,
      );
    return { id: hit.id ?? null, name: hit.name ?? null, color: hit.color ?? null };
  }
  if (typeof v.name !== 'string') throw mustBeDefined(`${path}.name`);
  if (v.name.length > 100) throw tooLong(`${path}.name`, 100, v.name.length);
  const name = v.name.trim();
  if (name.includes(',')) throw validationError(`Invalid select option, commas not allowed: ${name}`);
  const hit = options.find((o) => o.name === name);
  if (hit) return { id: hit.id ?? null, name: hit.name ?? null, color: hit.color ?? null };
  if (!autoCreate) throw validationError(`Invalid status option. Status option "${name}" does not exist".`);
  const color =
    typeof v.color === 'string' && SELECT_COLORS.includes(v.color)
      ? v.color
      : (SELECT_COLORS[options.length % SELECT_COLORS.length] ?? 'default');
  const option: JsonObject = { id: optionId(), name, color, description: null };
  sp.config.options = [...options, option];
  return { id: option.id ?? null, name, color };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function parseDate(v: unknown, path: string): Json {
  if (v === null) return null;
  if (!isObject(v)) throw wrongType(path, 'an object or `null`', v);
  onlyKeys(v, ['start', 'end', 'time_zone'], path);
  if (v.start === undefined) throw mustBeDefined(`${path}.start`);
  if (typeof v.start !== 'string' || !ISO_DATE.test(v.start) || Number.isNaN(Date.parse(v.start))) {
    throw invalid(`${path}.start`, `should be a valid ISO 8601 date string, instead was ${show(v.start)}.`);
  }
  let end: string | null = null;
  if (v.end !== undefined && v.end !== null) {
    if (typeof v.end !== 'string' || !ISO_DATE.test(v.end) || Number.isNaN(Date.parse(v.end))) {
      throw invalid(`${path}.end`, `should be a valid ISO 8601 date string, instead was ${show(v.end)}.`);
    }
    end = v.end;
  }
  const tz = typeof v.time_zone === 'string' ? v.time_zone : null;
  return { start: v.start, end, time_zone: tz };
}

function parseIdList(v: unknown, path: string, max: number, user: boolean): Json[] {
  if (!Array.isArray(v)) throw wrongType(path, 'an array', v);
  if (v.length > max) throw tooLong(path, max, v.length);
  return v.map((item, i) => {
    if (!isObject(item)) throw wrongType(`${path}[${i}]`, 'an object', item);
    const id = normalizeId(item.id);
    if (!id) throw invalid(`${path}[${i}].id`, `should be a valid uuid, instead was ${show(item.id)}.`);
    const out: JsonObject = user ? { object: 'user', id } : { id };
    return out;
  });
}

function nullableString(v: unknown, path: string, max: number): Json {
  if (v === null) return null;
  if (typeof v !== 'string') throw wrongType(path, 'a string or `null`', v);
  if (v.length > max) throw tooLong(path, max, v.length);
  return v;
}

/**
 * Parses the `properties` of a page create/update against a schema. Returns stored values by property id.
 * Unknown names and type mismatches are reported together, the way Notion does
 * ("X is not a property that exists. Y is expected to be rich_text.").
 */
export function parsePageProperties(
  input: unknown,
  schema: SchemaProp[],
  ctx: ParseCtx,
  path = 'body.properties',
): Record<string, Json> {
  if (!isObject(input)) throw wrongType(path, 'an object', input);
  const out: Record<string, Json> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const sp =
      schema.find((s) => s.name === key) ?? schema.find((s) => s.id === key || decodeURIComponent(s.id) === key);
    if (!sp) {
      problems.push(`${key} is not a property that exists.`);
      continue;
    }
    const p = `${path}.${key}`;
    if (!isObject(value)) throw wrongType(p, 'an object', value);
    const given = typeof value.type === 'string' ? value.type : Object.keys(value).find((k) => VALUE_KEYS.includes(k));
    if (given !== sp.type) {
      problems.push(`${sp.name} is expected to be ${sp.type}.`);
      continue;
    }
    if (COMPUTED_TYPES.includes(sp.type)) {
      problems.push(`${sp.name} is a computed property and cannot be set.`);
      continue;
    }
    onlyKeys(value, ['type', 'id', sp.type], p);
    const v = value[sp.type];
    const vp = `${p}.${sp.type}`;
    if (v === undefined) throw mustBeDefined(vp);
    out[sp.id] = parseValue(sp, v, vp, ctx);
  }
  if (problems.length > 0) throw validationError(problems.join(' '));
  return out;
}

function parseValue(sp: SchemaProp, v: unknown, vp: string, ctx: ParseCtx): Json {
  switch (sp.type) {
    case 'title':
    case 'rich_text':
      return parseRichText(v, vp, ctx);
    case 'number':
      if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) throw wrongType(vp, 'a number or `null`', v);
      return v;
    case 'checkbox':
      if (typeof v !== 'boolean') throw wrongType(vp, 'a boolean', v);
      return v;
    case 'select':
    case 'status':
      if (v === null) return null;
      if (!isObject(v)) throw wrongType(vp, 'an object or `null`', v);
      return findOption(sp, v, vp, sp.type === 'select');
    case 'multi_select': {
      if (!Array.isArray(v)) throw wrongType(vp, 'an array', v);
      if (v.length > LIMITS.multiSelect) throw tooLong(vp, LIMITS.multiSelect, v.length);
      const seen = new Set<string>();
      const list: Json[] = [];
      v.forEach((o, i) => {
        if (!isObject(o)) throw wrongType(`${vp}[${i}]`, 'an object', o);
        const opt = findOption(sp, o, `${vp}[${i}]`, true);
        if (!seen.has(String(opt.id))) list.push(opt);
        seen.add(String(opt.id));
      });
      return list;
    }
    case 'date':
      return parseDate(v, vp);
    case 'url':
      return nullableString(v, vp, LIMITS.url);
    case 'email':
    case 'phone_number':
      return nullableString(v, vp, LIMITS.emailOrPhone);
    case 'relation':
      return parseIdList(v, vp, LIMITS.relation, false);
    case 'people':
      return parseIdList(v, vp, LIMITS.people, true);
    case 'files': {
      if (!Array.isArray(v)) throw wrongType(vp, 'an array', v);
      return v.map((f, i): JsonObject => {
        const fp = `${vp}[${i}]`;
        if (!isObject(f)) throw wrongType(fp, 'an object', f);
        if (f.file_upload !== undefined) {
          const file = attachUpload(f.file_upload, `${fp}.file_upload`, ctx);
          return { name: typeof f.name === 'string' ? f.name : 'file', ...file };
        }
        if (!isObject(f.external) || typeof f.external.url !== 'string') throw mustBeDefined(`${fp}.external.url`);
        if (f.external.url.length > LIMITS.url) throw tooLong(`${fp}.external.url`, LIMITS.url, f.external.url.length);
        return {
          name: typeof f.name === 'string' ? f.name : f.external.url,
          type: 'external',
          external: { url: f.external.url },
        };
      });
    }
    default:
      throw validationError(`The sandbox does not emulate ${sp.type} values.`);
  }
}

/** Finds a schema property by name or id. */
export function findProp(ds: DataSourceRec, key: string): SchemaProp | undefined {
  return (
    ds.props.find((p) => p.name === key) ??
    ds.props.find((p) => p.id === key || safeDecode(p.id) === key || p.id === safeDecode(key))
  );
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
