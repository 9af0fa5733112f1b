// Blocks: insertion of validated drafts, children listing and appends, block update and delete, trash.
import { type BlockDraft, CAN_HAVE_CHILDREN, LIMITS, parseChildren, parsePayload } from './content';
import type { BlockRec } from './model';
import {
  ARCHIVED_MESSAGE,
  type JsonObject,
  enumList,
  invalid,
  isObject,
  mustBeDefined,
  newId,
  notFound,
  onlyKeys,
  requireId,
  show,
  validationError,
  wrongType,
} from './util';

import { paginate, parsePageSize, pathId, tooManyBlocks } from './store-base';
import { StoreRender } from './store-render';

export class StoreBlocks extends StoreRender {
  protected trashAny(id: string, actor: string): void {
    const now = this.now();
    const b = this.state.blocks[id];
    if (b) {
      b.inTrash = true;
      b.edited = now;
      b.editedBy = actor;
      return;
    }
    const p = this.state.pages[id];
    if (p) {
      p.inTrash = true;
      p.edited = now;
      p.editedBy = actor;
      return;
    }
    const d = this.state.databases[id];
    if (d) {
      d.inTrash = true;
      d.edited = now;
      d.editedBy = actor;
    }
  }

  // --- blocks ----------------------------------------------------------------------------------

  protected insertDrafts(
    drafts: BlockDraft[],
    parentId: string,
    parentKind: 'page' | 'block',
    actor: string,
    at: number | null,
  ): string[] {
    const now = this.now();
    const ids: string[] = [];
    for (const d of drafts) {
      const id = newId();
      this.state.blocks[id] = {
        id,
        seq: this.nextSeq(),
        parentId,
        parentKind,
        type: d.type,
        data: d.data,
        created: now,
        edited: now,
        createdBy: actor,
        editedBy: actor,
        inTrash: false,
      };
      ids.push(id);
      if (d.children.length > 0) this.insertDrafts(d.children, id, 'block', actor, null);
    }
    const list = this.kids(parentId);
    if (at === null) list.push(...ids);
    else list.splice(at, 0, ...ids);
    return ids;
  }

  /** A page or block that can receive children, or a 404. */
  protected container(id: string): { kind: 'page' | 'block'; type: string; inTrash: boolean; tableWidth?: number } {
    const p = this.state.pages[id];
    if (p) return { kind: 'page', type: 'child_page', inTrash: p.inTrash };
    const b = this.state.blocks[id];
    if (b) {
      return {
        kind: 'block',
        type: b.type,
        inTrash: b.inTrash,
        tableWidth: b.type === 'table' ? (b.data.table_width as number) : undefined,
      };
    }
    throw notFound('block', id);
  }

  blockGet(raw: string): JsonObject {
    return this.renderBlock(pathId(raw, 'block_id'));
  }

  childrenList(raw: string, query: URLSearchParams): JsonObject {
    const id = pathId(raw, 'block_id');
    const pageSize = parsePageSize(query.get('page_size') ?? undefined, 'query.page_size');
    this.container(id);
    const list = paginate(
      this.liveChildren(id),
      (c) => c,
      query.get('start_cursor') ?? undefined,
      pageSize,
      'query',
      (c) => this.renderBlock(c),
    );
    return { object: 'list', ...list, type: 'block', block: {} };
  }

  childrenAppend(raw: string, body: Record<string, unknown>, actor: string): JsonObject {
    const id = pathId(raw, 'block_id');
    onlyKeys(body, ['children', 'after', 'position'], 'body');
    const target = this.container(id);
    const ctx = this.ctx();
    const count = { blocks: 0 };
    const drafts = parseChildren(body.children, 'body.children', 1, ctx, count, target.tableWidth);
    if (count.blocks > LIMITS.blocksPerRequest) throw tooManyBlocks(count.blocks);
    let after: string | null = null;
    let atStart = false;
    if (body.position !== undefined) {
      const pos = body.position;
      if (!isObject(pos)) throw wrongType('body.position', 'an object', pos);
      if (pos.type === 'start') atStart = true;
      else if (pos.type === 'after_block') {
        if (!isObject(pos.after_block)) throw mustBeDefined('body.position.after_block');
        after = requireId(pos.after_block.id, 'body.position.after_block.id');
      } else if (pos.type !== 'end') {
        throw invalid(
          'body.position.type',
          `should be ${enumList(['after_block', 'start', 'end'])}, instead was ${show(pos.type)}.`,
        );
      }
    } else if (body.after !== undefined) {
      after = requireId(body.after, 'body.after');
    }
    if (!CAN_HAVE_CHILDREN.has(target.type))
      throw validationError(`Block type ${target.type} does not support children.`);
    if (target.inTrash) throw validationError(ARCHIVED_MESSAGE);
    ctx.issues.throwIfAny(true);
    const list = this.kids(id);
    let at: number | null = null;
    if (atStart) at = 0;
    if (after !== null) {
      const idx = list.indexOf(after);
      if (idx < 0 || !this.isLiveChild(after))
        throw validationError(`Block ${after} is not a child of ${id}; it can't be used as the \`after\` position.`);
      at = idx + 1;
    }
    const ids = this.insertDrafts(drafts, id, target.kind, actor, at);
    this.uploads.markAttached(ctx.uploads ?? []);
    this.touchPage(this.containingPage(id), actor);
    if (target.kind === 'block') {
      const b = this.state.blocks[id] as BlockRec;
      b.edited = this.now();
      b.editedBy = actor;
    }
    return {
      object: 'list',
      results: ids.map((b) => this.renderBlock(b)),
      next_cursor: null,
      has_more: false,
      type: 'block',
      block: {},
    };
  }

  blockUpdate(raw: string, body: Record<string, unknown>, actor: string): JsonObject {
    const id = pathId(raw, 'block_id');
    const trash = body.in_trash ?? body.archived;
    if (trash !== undefined && typeof trash !== 'boolean') throw wrongType('body.in_trash', 'a boolean', trash);
    const b = this.state.blocks[id];
    if (!b) {
      const p = this.state.pages[id];
      if (p) {
        onlyKeys(body, ['in_trash', 'archived', 'child_page', 'type'], 'body');
        if (p.inTrash && trash !== false) throw validationError(ARCHIVED_MESSAGE);
        if (typeof trash === 'boolean') p.inTrash = trash;
        this.touchPage(p, actor);
        return this.renderBlock(id);
      }
      throw notFound('block', id);
    }
    onlyKeys(body, ['type', b.type, 'in_trash', 'archived'], 'body');
    if (body.type !== undefined && body.type !== b.type)
      throw invalid('body.type', `should be ${show(b.type)}, instead was ${show(body.type)}.`);
    if (b.inTrash && trash !== false) throw validationError(ARCHIVED_MESSAGE);
    const ctx = this.ctx();
    let patch: JsonObject = {};
    const payload = body[b.type];
    if (payload !== undefined) {
      if (!isObject(payload)) throw wrongType(`body.${b.type}`, 'an object', payload);
      if (payload.children !== undefined)
        throw invalid(`body.${b.type}.children`, `should be not present, instead was ${show(payload.children)}.`);
      patch = parsePayload(b.type, payload, `body.${b.type}`, ctx, true);
      if (b.type === 'table_row' && Array.isArray(patch.cells)) {
        const table = this.state.blocks[b.parentId];
        if (table && table.type === 'table' && patch.cells.length !== table.data.table_width) {
          ctx.issues.add('Number of cells in table row must match the table width of the parent table');
        }
      }
    }
    ctx.issues.throwIfAny(false);
    this.uploads.markAttached(ctx.uploads ?? []);
    if (patch.type === 'file') delete b.data.external;
    if (patch.type === 'external') delete b.data.file;
    Object.assign(b.data, patch);
    if (typeof trash === 'boolean') b.inTrash = trash;
    b.edited = this.now();
    b.editedBy = actor;
    this.touchPage(this.containingPage(b.parentId), actor);
    return this.renderBlock(id);
  }

  blockDelete(raw: string, actor: string): JsonObject {
    const id = pathId(raw, 'block_id');
    const b = this.state.blocks[id];
    const p = this.state.pages[id];
    const d = this.state.databases[id];
    if (!b && !p && !d) throw notFound('block', id);
    const trashed = b?.inTrash ?? p?.inTrash ?? d?.inTrash ?? false;
    if (trashed) throw validationError(ARCHIVED_MESSAGE);
    this.trashAny(id, actor);
    const parentId = b ? b.parentId : p && p.parent.type === 'page_id' ? p.parent.id : d ? d.parentPageId : null;
    if (parentId) this.touchPage(this.containingPage(parentId), actor);
    return this.renderBlock(id);
  }

  // --- simulated people and admin helpers ------------------------------------------------------
}
