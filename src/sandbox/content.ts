// Request validation and normalisation of blocks, with Notion's limits and wording (rich text: rich-text.ts).
import {
  API_COLORS,
  CODE_LANGUAGES,
  type Json,
  type JsonObject,
  enumList,
  invalid,
  isObject,
  mustBeDefined,
  normalizeId,
  notPresent,
  onlyKeys,
  show,
  tooLong,
  wrongType,
} from './util';
import { LIMITS, type ParseCtx, checkUrl, parseRichText } from './rich-text';

export {
  LIMITS,
  ContentIssues,
  type MentionResolver,
  type ParseCtx,
  parseRichText,
  parseRichTextItem,
  plainText,
} from './rich-text';

// ---------------------------------------------------------------------------------------------------
// Blocks

/** A validated block of a request, before it gets an id. */
export interface BlockDraft {
  type: string;
  data: JsonObject;
  children: BlockDraft[];
}

const TEXT_BLOCKS = [
  'paragraph',
  'heading_1',
  'heading_2',
  'heading_3',
  'heading_4',
  'bulleted_list_item',
  'numbered_list_item',
  'to_do',
  'toggle',
  'quote',
  'callout',
];
const MEDIA_BLOCKS = ['image', 'video', 'file', 'pdf', 'audio'];
const SIMPLE_BLOCKS = ['divider', 'breadcrumb', 'table_of_contents'];
export const CREATABLE_BLOCK_TYPES = [
  ...TEXT_BLOCKS,
  'code',
  'equation',
  ...SIMPLE_BLOCKS,
  'table',
  'table_row',
  ...MEDIA_BLOCKS,
  'bookmark',
  'embed',
  'column_list',
  'column',
  'link_to_page',
  'synced_block',
];
/** Types whose request payload may carry `children`. */
const PARENT_TYPES = new Set([...TEXT_BLOCKS, 'table', 'column_list', 'column', 'synced_block']);
/** Types that can hold children at all (append target). */
export const CAN_HAVE_CHILDREN = new Set([
  ...TEXT_BLOCKS,
  'table',
  'column_list',
  'column',
  'child_page',
  'synced_block',
]);

function parseColor(v: unknown, path: string): string {
  if (v === undefined) return 'default';
  if (typeof v !== 'string' || !API_COLORS.includes(v))
    throw invalid(path, `should be ${enumList(API_COLORS)}, instead was ${show(v)}.`);
  return v;
}

function parseBool(v: unknown, path: string, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') throw wrongType(path, 'a boolean', v);
  return v;
}

/** `{ file_upload: { id } }` → the `file` object of an uploaded file; the id is attached if the request succeeds. */
export function attachUpload(v: unknown, path: string, ctx: ParseCtx): JsonObject {
  const out = ctx.resolver.fileUpload(v, path);
  (ctx.uploads ??= []).push(String(normalizeId((v as { id?: unknown }).id)));
  return out;
}

function parseIcon(v: unknown, path: string, ctx: ParseCtx): Json {
  if (v === undefined || v === null) return null;
  if (!isObject(v)) throw wrongType(path, 'an object', v);
  if (typeof v.emoji === 'string') return { type: 'emoji', emoji: v.emoji };
  if (v.file_upload !== undefined) return attachUpload(v.file_upload, `${path}.file_upload`, ctx);
  if (isObject(v.external))
    return { type: 'external', external: { url: checkUrl(v.external.url, `${path}.external.url`, ctx) } };
  throw mustBeDefined(`${path}.emoji`);
}

export { parseIcon };

function parseMedia(
  p: Record<string, unknown>,
  path: string,
  type: string,
  ctx: ParseCtx,
  partial: boolean,
): JsonObject {
  onlyKeys(p, ['type', 'external', 'caption', 'name', 'file_upload'], path);
  const out: JsonObject = {};
  if (p.caption !== undefined || !partial)
    out.caption = p.caption === undefined ? [] : parseRichText(p.caption, `${path}.caption`, ctx);
  if (p.file_upload !== undefined || p.type === 'file_upload') {
    if (p.external !== undefined) throw notPresent(`${path}.external`, p.external);
    Object.assign(out, attachUpload(p.file_upload, `${path}.file_upload`, ctx));
  } else if (p.external !== undefined || !partial) {
    if (!isObject(p.external)) throw mustBeDefined(`${path}.external`);
    out.type = 'external';
    out.external = { url: checkUrl(p.external.url, `${path}.external.url`, ctx) };
  }
  if (type === 'file' && typeof p.name === 'string') out.name = p.name;
  return out;
}

/**
 * Validates one block payload (`b[type]`) and returns the response payload (without children).
 * `partial` is for updates: absent fields stay absent so they can be merged.
 */
export function parsePayload(
  type: string,
  p: Record<string, unknown>,
  path: string,
  ctx: ParseCtx,
  partial: boolean,
): JsonObject {
  const out: JsonObject = {};
  if (TEXT_BLOCKS.includes(type)) {
    const extra = type.startsWith('heading_')
      ? ['is_toggleable']
      : type === 'to_do'
        ? ['checked']
        : type === 'callout' || type === 'paragraph'
          ? ['icon']
          : [];
    onlyKeys(p, ['rich_text', 'color', 'children', ...extra], path);
    if (!partial || p.rich_text !== undefined) out.rich_text = parseRichText(p.rich_text, `${path}.rich_text`, ctx);
    if (!partial || p.color !== undefined) out.color = parseColor(p.color, `${path}.color`);
    if (type.startsWith('heading_') && (!partial || p.is_toggleable !== undefined))
      out.is_toggleable = parseBool(p.is_toggleable, `${path}.is_toggleable`, false);
    if (type === 'to_do' && (!partial || p.checked !== undefined))
      out.checked = parseBool(p.checked, `${path}.checked`, false);
    if ((type === 'callout' || type === 'paragraph') && (!partial || p.icon !== undefined)) {
      out.icon =
        type === 'callout' && p.icon === undefined
          ? { type: 'emoji', emoji: '💡' }
          : parseIcon(p.icon, `${path}.icon`, ctx);
    }
    return out;
  }
  switch (type) {
    case 'code': {
      onlyKeys(p, ['rich_text', 'language', 'caption'], path);
      if (!partial || p.rich_text !== undefined) out.rich_text = parseRichText(p.rich_text, `${path}.rich_text`, ctx);
      if (!partial || p.caption !== undefined)
        out.caption = p.caption === undefined ? [] : parseRichText(p.caption, `${path}.caption`, ctx);
      if (!partial || p.language !== undefined) {
        if (p.language === undefined) throw mustBeDefined(`${path}.language`);
        if (typeof p.language !== 'string' || !CODE_LANGUAGES.includes(p.language)) {
          throw invalid(`${path}.language`, `should be ${enumList(CODE_LANGUAGES)}, instead was ${show(p.language)}.`);
        }
        out.language = p.language;
      }
      return out;
    }
    case 'equation': {
      onlyKeys(p, ['expression'], path);
      if (p.expression === undefined) throw mustBeDefined(`${path}.expression`);
      if (typeof p.expression !== 'string') throw wrongType(`${path}.expression`, 'a string', p.expression);
      if (p.expression.length > LIMITS.equation)
        throw tooLong(`${path}.expression`, LIMITS.equation, p.expression.length);
      out.expression = p.expression;
      return out;
    }
    case 'divider':
    case 'breadcrumb':
      onlyKeys(p, [], path);
      return out;
    case 'table_of_contents':
      onlyKeys(p, ['color'], path);
      if (!partial || p.color !== undefined) out.color = parseColor(p.color, `${path}.color`);
      return out;
    case 'table': {
      if (partial) {
        onlyKeys(p, ['has_column_header', 'has_row_header'], path);
      } else {
        onlyKeys(p, ['table_width', 'has_column_header', 'has_row_header', 'children'], path);
        const w = p.table_width;
        if (w === undefined) throw mustBeDefined(`${path}.table_width`);
        if (typeof w !== 'number' || !Number.isInteger(w)) throw wrongType(`${path}.table_width`, 'an integer', w);
        if (w < 1) throw invalid(`${path}.table_width`, `should be ≥ \`1\`, instead was \`${w}\`.`);
        out.table_width = w;
      }
      if (!partial || p.has_column_header !== undefined)
        out.has_column_header = parseBool(p.has_column_header, `${path}.has_column_header`, false);
      if (!partial || p.has_row_header !== undefined)
        out.has_row_header = parseBool(p.has_row_header, `${path}.has_row_header`, false);
      return out;
    }
    case 'table_row': {
      onlyKeys(p, ['cells'], path);
      if (p.cells === undefined) throw mustBeDefined(`${path}.cells`);
      if (!Array.isArray(p.cells)) throw wrongType(`${path}.cells`, 'an array', p.cells);
      out.cells = p.cells.map((cell, i) => parseRichText(cell, `${path}.cells[${i}]`, ctx));
      return out;
    }
    case 'bookmark':
    case 'embed': {
      onlyKeys(p, ['url', 'caption'], path);
      if (!partial || p.url !== undefined) {
        if (p.url === undefined) throw mustBeDefined(`${path}.url`);
        out.url = checkUrl(p.url, `${path}.url`, ctx);
      }
      if (!partial || p.caption !== undefined)
        out.caption = p.caption === undefined ? [] : parseRichText(p.caption, `${path}.caption`, ctx);
      return out;
    }
    case 'column_list':
      onlyKeys(p, ['children'], path);
      return out;
    case 'column':
      onlyKeys(p, ['children', 'width_ratio'], path);
      if (typeof p.width_ratio === 'number') out.width_ratio = p.width_ratio;
      return out;
    case 'synced_block': {
      // An original (`synced_from: null`, content in its children) or a duplicate of one (`{ block_id }`).
      onlyKeys(p, ['synced_from', 'children'], path);
      if (p.synced_from === undefined || p.synced_from === null) return { synced_from: null };
      if (!isObject(p.synced_from)) throw wrongType(`${path}.synced_from`, 'an object', p.synced_from);
      const id = normalizeId(p.synced_from.block_id);
      if (!id)
        throw invalid(
          `${path}.synced_from.block_id`,
          `should be a valid uuid, instead was ${show(p.synced_from.block_id)}.`,
        );
      if (p.children !== undefined) throw notPresent(`${path}.children`, p.children);
      return { synced_from: { type: 'block_id', block_id: id } };
    }
    case 'link_to_page': {
      const kind = typeof p.type === 'string' ? p.type : p.page_id !== undefined ? 'page_id' : 'database_id';
      const id = normalizeId(p[kind]);
      if (!id) throw invalid(`${path}.${kind}`, `should be a valid uuid, instead was ${show(p[kind])}.`);
      return { type: kind, [kind]: id };
    }
    default:
      if (MEDIA_BLOCKS.includes(type)) return parseMedia(p, path, type, ctx, partial);
      throw invalid(`${path}`, `should be a supported block type, instead was ${show(type)}.`);
  }
}

function blockTypeOf(b: Record<string, unknown>): string | undefined {
  if (typeof b.type === 'string') return b.type;
  return Object.keys(b).find((k) => CREATABLE_BLOCK_TYPES.includes(k));
}

export interface TreeCount {
  blocks: number;
}

/**
 * Validates a `children` array of a request. `level` 1 = the request's own children; a block at level 3 must not
 * carry children (Notion: two levels of nesting per request). `parentTable` is the table_width when the parent is a table.
 */
export function parseChildren(
  v: unknown,
  path: string,
  level: number,
  ctx: ParseCtx,
  count: TreeCount,
  parentTableWidth?: number,
): BlockDraft[] {
  if (v === undefined) throw mustBeDefined(path);
  if (!Array.isArray(v)) throw wrongType(path, 'an array', v);
  if (v.length > LIMITS.children) throw tooLong(path, LIMITS.children, v.length);
  const out: BlockDraft[] = [];
  v.forEach((b, i) => {
    const p = `${path}[${i}]`;
    if (!isObject(b)) throw wrongType(p, 'an object', b);
    const type = blockTypeOf(b);
    if (type === undefined) throw mustBeDefined(`${p}.type`);
    if (!CREATABLE_BLOCK_TYPES.includes(type))
      throw invalid(`${p}.type`, `should be a block type the API can create, instead was ${show(type)}.`);
    onlyKeys(b, ['object', 'type', type], p);
    const payload = b[type];
    if (payload === undefined) throw mustBeDefined(`${p}.${type}`);
    if (!isObject(payload)) throw wrongType(`${p}.${type}`, 'an object', payload);
    count.blocks += 1;
    const data = parsePayload(type, payload, `${p}.${type}`, ctx, false);
    if (parentTableWidth !== undefined) {
      if (type !== 'table_row') ctx.issues.add('Table children must be table rows.');
      else if (Array.isArray(data.cells) && data.cells.length !== parentTableWidth) {
        ctx.issues.add('Number of cells in table row must match the table width of the parent table');
      }
    } else if (type === 'table_row') {
      ctx.issues.add('Table rows can only be children of a table.');
    }
    let children: BlockDraft[] = [];
    const kids = payload.children;
    if (kids !== undefined) {
      if (!PARENT_TYPES.has(type)) throw notPresent(`${p}.${type}.children`, kids);
      if (level >= 3) throw notPresent(`${p}.${type}.children`, kids);
      children = parseChildren(
        kids,
        `${p}.${type}.children`,
        level + 1,
        ctx,
        count,
        type === 'table' ? (data.table_width as number) : undefined,
      );
    } else if (type === 'table') {
      throw mustBeDefined(`${p}.table.children`);
    } else if (type === 'column_list') {
      throw mustBeDefined(`${p}.column_list.children`);
    }
    if (type === 'column_list' && children.some((c) => c.type !== 'column'))
      ctx.issues.add('Column lists can only contain columns.');
    out.push({ type, data, children });
  });
  return out;
}
