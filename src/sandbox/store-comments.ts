// Comments: discussions on a page or a block (create, list by page/block, retrieve).
import { parseRichText } from './content';
import type { CommentRec } from './model';
import { paginate, parsePageSize, pathId } from './store-base';
import { StoreDatabases } from './store-databases';
import {
  ARCHIVED_MESSAGE,
  type Json,
  type JsonObject,
  invalid,
  isObject,
  minuteIso,
  newId,
  notFound,
  onlyKeys,
  requireId,
  show,
  validationError,
  wrongType,
} from './util';

export class StoreComments extends StoreDatabases {
  protected comments(): Record<string, CommentRec> {
    return (this.state.comments ??= {});
  }

  renderComment(c: CommentRec): JsonObject {
    const user = this.state.users[c.createdBy];
    return {
      object: 'comment',
      id: c.id,
      parent:
        c.parentKind === 'page' ? { type: 'page_id', page_id: c.parentId } : { type: 'block_id', block_id: c.parentId },
      discussion_id: c.discussionId,
      created_time: minuteIso(c.created),
      last_edited_time: minuteIso(c.edited),
      created_by: { object: 'user', id: c.createdBy },
      rich_text: c.richText,
      display_name: { type: user?.type === 'bot' ? 'integration' : 'user', resolved_name: user?.name ?? null },
    };
  }

  /** Adds a comment as `actor`, to a new discussion on a page/block or as a reply in a discussion. */
  addComment(
    target: { pageId?: string; blockId?: string; discussionId?: string },
    richText: Json[],
    actor: string,
  ): JsonObject {
    let parentId: string;
    let parentKind: 'page' | 'block';
    let discussionId: string;
    if (target.discussionId) {
      const first = Object.values(this.comments()).find((c) => c.discussionId === target.discussionId);
      if (!first) throw notFound('block', target.discussionId);
      ({ parentId, parentKind, discussionId } = first);
    } else {
      parentId = (target.pageId ?? target.blockId) as string;
      const page = this.state.pages[parentId];
      const block = this.state.blocks[parentId];
      if (!page && !block) throw notFound(target.pageId ? 'page' : 'block', parentId);
      if ((page ?? block)?.inTrash) throw validationError(ARCHIVED_MESSAGE);
      parentKind = page ? 'page' : 'block';
      discussionId = newId();
    }
    const now = this.now();
    const c: CommentRec = {
      id: newId(),
      seq: this.nextSeq(),
      parentId,
      parentKind,
      discussionId,
      created: now,
      edited: now,
      createdBy: actor,
      richText,
    };
    this.comments()[c.id] = c;
    return this.renderComment(c);
  }

  commentCreate(body: Record<string, unknown>, actor: string): JsonObject {
    onlyKeys(body, ['parent', 'discussion_id', 'rich_text', 'attachments', 'display_name', 'markdown'], 'body');
    const ctx = this.ctx();
    if (body.rich_text === undefined) throw invalid('body.rich_text', 'should be defined, instead was `undefined`.');
    const richText = parseRichText(body.rich_text, 'body.rich_text', ctx);
    ctx.issues.throwIfAny(true);
    if (body.discussion_id !== undefined)
      return this.addComment({ discussionId: requireId(body.discussion_id, 'body.discussion_id') }, richText, actor);
    const parent = body.parent;
    if (!isObject(parent)) throw wrongType('body.parent', 'an object', parent);
    if (parent.page_id !== undefined)
      return this.addComment({ pageId: requireId(parent.page_id, 'body.parent.page_id') }, richText, actor);
    if (parent.block_id !== undefined)
      return this.addComment({ blockId: requireId(parent.block_id, 'body.parent.block_id') }, richText, actor);
    throw invalid('body.parent.page_id', `should be defined, instead was ${show(parent.page_id)}.`);
  }

  commentList(query: URLSearchParams): JsonObject {
    const raw = query.get('block_id');
    if (raw === null) throw invalid('query.block_id', 'should be defined, instead was `undefined`.');
    const id = pathId(raw, 'block_id');
    if (!this.state.pages[id] && !this.state.blocks[id]) throw notFound('block', id);
    const items = Object.values(this.comments())
      .filter((c) => c.parentId === id)
      .sort((a, b) => a.seq - b.seq);
    const list = paginate(
      items,
      (c) => c.id,
      query.get('start_cursor') ?? undefined,
      parsePageSize(query.get('page_size') ?? undefined, 'query.page_size'),
      'query',
      (c) => this.renderComment(c),
    );
    return { object: 'list', ...list, type: 'comment', comment: {} };
  }

  commentGet(raw: string): JsonObject {
    const id = pathId(raw, 'comment_id');
    const c = this.comments()[id];
    if (!c) throw notFound('comment', id);
    return this.renderComment(c);
  }
}
