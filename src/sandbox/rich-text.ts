// Request validation and normalisation of rich text (text, mentions, equations), with Notion's limits and wording.
import {
  API_COLORS,
  type Json,
  type JsonObject,
  enumList,
  invalid,
  isObject,
  isValidUrl,
  mustBeDefined,
  normalizeId,
  onlyKeys,
  show,
  tooLong,
  validationError,
  wrongType,
} from './util';

export const LIMITS = {
  textContent: 2000,
  linkUrl: 2000,
  url: 2000,
  equation: 1000,
  richTextItems: 100,
  children: 100,
  blocksPerRequest: 1000,
  bodyBytes: 500 * 1024,
  emailOrPhone: 200,
  multiSelect: 100,
  relation: 100,
  people: 100,
} as const;

/** Looks up names for mentions; the store implements it. */
export interface MentionResolver {
  userName(id: string): string | null;
  pageTitle(id: string): string | null;
  pageUrl(id: string): string | null;
  /** The `file` object for `file_upload: { id }` in a media block, or a validation error if it cannot be attached. */
  fileUpload(v: unknown, path: string): JsonObject;
}

/** Problems Notion reports after body validation ("Content creation Failed. Fix the following: …"). */
export class ContentIssues {
  readonly list: string[] = [];
  add(message: string): void {
    if (!this.list.includes(message)) this.list.push(message);
  }
  /** Throws the collected problems, worded as Notion words them for content creation or for an update. */
  throwIfAny(creation: boolean): void {
    if (this.list.length === 0) return;
    if (creation) throw validationError(`Content creation Failed. Fix the following: \n${this.list.join('\n')}`);
    throw validationError(this.list.join(' '));
  }
}

export interface ParseCtx {
  resolver: MentionResolver;
  issues: ContentIssues;
  /** File upload ids the request attaches (marked attached once it succeeds). */
  uploads?: string[];
}

const ANNOTATION_FLAGS = ['bold', 'italic', 'strikethrough', 'underline', 'code'] as const;

function annotationsOf(v: unknown, path: string): JsonObject {
  const out: JsonObject = {
    bold: false,
    italic: false,
    strikethrough: false,
    underline: false,
    code: false,
    color: 'default',
  };
  if (v === undefined) return out;
  if (!isObject(v)) throw wrongType(path, 'an object', v);
  onlyKeys(v, [...ANNOTATION_FLAGS, 'color'], path);
  for (const flag of ANNOTATION_FLAGS) {
    const f = v[flag];
    if (f === undefined) continue;
    if (typeof f !== 'boolean') throw wrongType(`${path}.${flag}`, 'a boolean', f);
    out[flag] = f;
  }
  if (v.color !== undefined) {
    if (typeof v.color !== 'string' || !API_COLORS.includes(v.color))
      throw invalid(`${path}.color`, `should be ${enumList(API_COLORS)}, instead was ${show(v.color)}.`);
    out.color = v.color;
  }
  return out;
}

export function checkUrl(url: unknown, path: string, ctx: ParseCtx, max: number = LIMITS.url): string {
  if (typeof url !== 'string') throw wrongType(path, 'a string', url);
  if (url.length > max) throw tooLong(path, max, url.length);
  if (!isValidUrl(url)) ctx.issues.add('Invalid URL for link.');
  return url;
}

/** One request rich-text item → its response form. */
export function parseRichTextItem(v: unknown, path: string, ctx: ParseCtx): JsonObject {
  if (!isObject(v)) throw wrongType(path, 'an object', v);
  const type =
    v.type ??
    (v.text !== undefined
      ? 'text'
      : v.equation !== undefined
        ? 'equation'
        : v.mention !== undefined
          ? 'mention'
          : undefined);
  if (type === undefined) throw mustBeDefined(`${path}.text`);
  if (type !== 'text' && type !== 'equation' && type !== 'mention') {
    throw invalid(`${path}.type`, `should be ${enumList(['text', 'mention', 'equation'])}, instead was ${show(type)}.`);
  }
  onlyKeys(v, ['type', type, 'annotations', 'plain_text', 'href'], path);
  const annotations = annotationsOf(v.annotations, `${path}.annotations`);
  const body = v[type];
  if (body === undefined) throw mustBeDefined(`${path}.${type}`);
  if (!isObject(body)) throw wrongType(`${path}.${type}`, 'an object', body);
  if (type === 'text') {
    onlyKeys(body, ['content', 'link'], `${path}.text`);
    const content = body.content;
    if (content === undefined) throw mustBeDefined(`${path}.text.content`);
    if (typeof content !== 'string') throw wrongType(`${path}.text.content`, 'a string', content);
    if (content.length > LIMITS.textContent) throw tooLong(`${path}.text.content`, LIMITS.textContent, content.length);
    let link: Json = null;
    if (body.link !== undefined && body.link !== null) {
      if (!isObject(body.link)) throw wrongType(`${path}.text.link`, 'an object or `null`', body.link);
      onlyKeys(body.link, ['url', 'type'], `${path}.text.link`);
      if (body.link.url === undefined) throw mustBeDefined(`${path}.text.link.url`);
      link = { url: checkUrl(body.link.url, `${path}.text.link.url`, ctx, LIMITS.linkUrl) };
    }
    return {
      type: 'text',
      text: { content, link },
      annotations,
      plain_text: content,
      href: link === null ? null : (link as { url: string }).url,
    };
  }
  if (type === 'equation') {
    onlyKeys(body, ['expression'], `${path}.equation`);
    const expr = body.expression;
    if (expr === undefined) throw mustBeDefined(`${path}.equation.expression`);
    if (typeof expr !== 'string') throw wrongType(`${path}.equation.expression`, 'a string', expr);
    if (expr.length > LIMITS.equation) throw tooLong(`${path}.equation.expression`, LIMITS.equation, expr.length);
    return { type: 'equation', equation: { expression: expr }, annotations, plain_text: expr, href: null };
  }
  return parseMention(body, `${path}.mention`, annotations, ctx);
}

function parseMention(m: Record<string, unknown>, path: string, annotations: JsonObject, ctx: ParseCtx): JsonObject {
  const kinds = ['user', 'page', 'database', 'date', 'link_preview'];
  const kind = typeof m.type === 'string' ? m.type : kinds.find((k) => m[k] !== undefined);
  if (kind === undefined || !kinds.includes(kind))
    throw invalid(`${path}.type`, `should be ${enumList(kinds)}, instead was ${show(m.type)}.`);
  const inner = m[kind];
  if (!isObject(inner)) throw wrongType(`${path}.${kind}`, 'an object', inner);
  const base = (mention: JsonObject, plain: string, href: string | null): JsonObject => ({
    type: 'mention',
    mention: { type: kind, ...mention },
    annotations,
    plain_text: plain,
    href,
  });
  if (kind === 'date') {
    if (typeof inner.start !== 'string') throw wrongType(`${path}.date.start`, 'a string', inner.start);
    const end = typeof inner.end === 'string' ? inner.end : null;
    return base(
      { date: { start: inner.start, end, time_zone: null } },
      end ? `${inner.start} → ${end}` : inner.start,
      null,
    );
  }
  if (kind === 'link_preview') {
    const url = checkUrl(inner.url, `${path}.link_preview.url`, ctx);
    return base({ link_preview: { url } }, url, url);
  }
  const id = normalizeId(inner.id);
  if (!id) throw invalid(`${path}.${kind}.id`, `should be a valid uuid, instead was ${show(inner.id)}.`);
  if (kind === 'user') {
    const name = ctx.resolver.userName(id);
    return base({ user: { object: 'user', id } }, `@${name ?? 'Unknown user'}`, null);
  }
  const title = ctx.resolver.pageTitle(id) ?? 'Untitled';
  return base({ [kind]: { id } }, title, ctx.resolver.pageUrl(id));
}

/** A request rich-text array → response items; enforces the 100-item and per-item limits. */
export function parseRichText(v: unknown, path: string, ctx: ParseCtx): JsonObject[] {
  if (v === undefined) throw mustBeDefined(path);
  if (!Array.isArray(v)) throw wrongType(path, 'an array', v);
  if (v.length > LIMITS.richTextItems) throw tooLong(path, LIMITS.richTextItems, v.length);
  return v.map((item, i) => parseRichTextItem(item, `${path}[${i}]`, ctx));
}

export function plainText(rt: Json | undefined): string {
  if (!Array.isArray(rt)) return '';
  return rt.map((r) => (isObject(r) && typeof r.plain_text === 'string' ? r.plain_text : '')).join('');
}
