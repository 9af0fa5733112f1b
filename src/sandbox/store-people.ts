// People in the workspace: pages seeded and edits made "in Notion's UI" by the person user, so tests can play
// a teammate. Every edit is attributed to the person and bumps last_edited_time on the sandbox clock.
import { parseRichText } from './content';
import type { PageRec } from './model';
import { pathId, textItem } from './store-base';
import { StoreComments } from './store-comments';
import { type Json, type JsonObject, NotionError, newId, normalizeId, notFound, show, validationError } from './util';

/** One edit a person makes on a page; ids may be dashed or not. */
export type HumanOp =
  /** Replaces the rich text of any block that has rich text (paragraph, heading, list item, to-do, toggle, quote, callout, code). */
  | { op: 'setText'; blockId: string; text?: string; richText?: unknown[] }
  /** Inserts blocks (request form, up to two levels) right after a block, under that block's parent. */
  | { op: 'insertAfter'; afterBlockId: string; blocks: unknown[] }
  /** Inserts blocks at the start or end (default) of the page or of a block on it. */
  | { op: 'insert'; parentId?: string; position?: 'start' | 'end'; blocks: unknown[] }
  /** Deletes (trashes) a block or a child page. */
  | { op: 'delete'; blockId: string }
  /** Ticks (default) or unticks a to-do. */
  | { op: 'check'; blockId: string; checked?: boolean }
  /** Property values in request form, e.g. `{ Status: { status: { name: 'Done' } } }`. */
  | { op: 'setProperties'; properties: Record<string, unknown> }
  | { op: 'addCallout'; text: string; emoji?: string; afterBlockId?: string }
  | { op: 'addToggle'; text: string; children?: string[]; afterBlockId?: string }
  /** A child page with a title (and optional paragraphs) at the end of the page or after a block. */
  | { op: 'addChildPage'; title: string; paragraphs?: string[]; afterBlockId?: string }
  /** A comment: a new discussion on the page (or on `blockId`), or a reply in `discussionId`. */
  | { op: 'addComment'; text: string; blockId?: string; discussionId?: string };

export interface HumanEdit {
  pageId: string;
  /** Appends a paragraph with this text to the page. */
  appendParagraph?: string;
  /** Replaces the text of a paragraph-like block (the page's first one when `blockId` is absent). */
  replaceText?: { blockId?: string; text: string };
  /** Property values in request form, e.g. `{ Status: { select: { name: 'Done' } } }`. */
  properties?: Record<string, unknown>;
  /** Edits applied in order, after the fields above. */
  ops?: HumanOp[];
}

const rt = (text: string): Json[] => [{ type: 'text', text: { content: text } }];

function bad(message: string): NotionError {
  return new NotionError(400, 'validation_error', message);
}

export class StorePeople extends StoreComments {
  /** Creates a page under the root page (or another page) as the person user, as someone would in Notion's UI. */
  seedPage(title: string, parentPageId?: string, afterBlockId?: string): JsonObject {
    const parent = this.page(parentPageId ? pathId(parentPageId, 'page_id') : this.state.rootPageId);
    const now = this.now();
    const page: PageRec = {
      id: newId(),
      seq: this.nextSeq(),
      created: now,
      edited: now,
      createdBy: this.personId,
      editedBy: this.personId,
      parent: { type: 'page_id', id: parent.id },
      inTrash: false,
      isLocked: false,
      icon: null,
      cover: null,
      props: { title: [textItem(title)] },
    };
    this.state.pages[page.id] = page;
    const list = this.kids(parent.id);
    const at = afterBlockId ? list.indexOf(afterBlockId) : -1;
    if (at >= 0) list.splice(at + 1, 0, page.id);
    else list.push(page.id);
    this.touchPage(parent, this.personId);
    return this.renderPage(page);
  }

  /** A block (or child page) id that lives on `page`, or a 400 naming the field. */
  private onPage(page: PageRec, raw: unknown, field: string): string {
    const id = typeof raw === 'string' ? normalizeId(raw) : null;
    if (!id) throw bad(`${field} should be a valid uuid, instead was ${show(raw)}.`);
    if (!this.state.blocks[id] && !this.state.pages[id] && !this.state.databases[id]) throw notFound('block', id);
    if (id !== page.id && this.containingPage(this.state.blocks[id]?.parentId ?? this.parentOf(id))?.id !== page.id)
      throw bad(`${field} ${id} is not on page ${page.id}.`);
    return id;
  }

  private parentOf(id: string): string {
    const p = this.state.pages[id];
    if (p && p.parent.type === 'page_id') return p.parent.id;
    return this.state.databases[id]?.parentPageId ?? '';
  }

  private insertBlocks(page: PageRec, blocks: unknown[], afterBlockId: string | undefined): string[] {
    const actor = this.personId;
    if (afterBlockId === undefined) {
      const out = this.childrenAppend(page.id, { children: blocks }, actor);
      return (out.results as JsonObject[]).map((b) => b.id as string);
    }
    const after = this.onPage(page, afterBlockId, 'afterBlockId');
    const parent = this.state.blocks[after]?.parentId ?? this.parentOf(after);
    const out = this.childrenAppend(
      parent,
      { children: blocks, position: { type: 'after_block', after_block: { id: after } } },
      actor,
    );
    return (out.results as JsonObject[]).map((b) => b.id as string);
  }

  private applyOp(page: PageRec, op: HumanOp, created: string[]): void {
    const actor = this.personId;
    switch (op.op) {
      case 'setText': {
        const id = this.onPage(page, op.blockId, 'blockId');
        const blk = this.state.blocks[id];
        if (!blk || !Array.isArray(blk.data.rich_text)) throw bad(`Block ${id} has no rich text.`);
        const richText = op.richText ?? (typeof op.text === 'string' ? rt(op.text) : undefined);
        if (richText === undefined) throw bad('setText needs text or richText.');
        this.blockUpdate(id, { [blk.type]: { rich_text: richText } }, actor);
        return;
      }
      case 'insertAfter':
        created.push(...this.insertBlocks(page, op.blocks, op.afterBlockId));
        return;
      case 'insert': {
        const parent = op.parentId === undefined ? page.id : this.onPage(page, op.parentId, 'parentId');
        const body: Record<string, unknown> = { children: op.blocks };
        if (op.position === 'start') body.position = { type: 'start' };
        const out = this.childrenAppend(parent, body, actor);
        created.push(...(out.results as JsonObject[]).map((b) => b.id as string));
        return;
      }
      case 'delete':
        this.blockDelete(this.onPage(page, op.blockId, 'blockId'), actor);
        return;
      case 'check': {
        const id = this.onPage(page, op.blockId, 'blockId');
        if (this.state.blocks[id]?.type !== 'to_do') throw bad(`Block ${id} is not a to_do.`);
        this.blockUpdate(id, { to_do: { checked: op.checked ?? true } }, actor);
        return;
      }
      case 'setProperties':
        this.pageUpdate(page.id, { properties: op.properties }, actor);
        return;
      case 'addCallout':
        created.push(
          ...this.insertBlocks(
            page,
            [{ callout: { rich_text: rt(op.text), icon: { type: 'emoji', emoji: op.emoji ?? '💡' } } }],
            op.afterBlockId,
          ),
        );
        return;
      case 'addToggle': {
        const children = (op.children ?? []).map((t) => ({ paragraph: { rich_text: rt(t) } }));
        created.push(...this.insertBlocks(page, [{ toggle: { rich_text: rt(op.text), children } }], op.afterBlockId));
        return;
      }
      case 'addChildPage': {
        const after = op.afterBlockId === undefined ? undefined : this.onPage(page, op.afterBlockId, 'afterBlockId');
        if (after && (this.state.blocks[after]?.parentId ?? this.parentOf(after)) !== page.id)
          throw bad('addChildPage: afterBlockId must be a top-level block of the page.');
        const child = this.seedPage(op.title, page.id, after);
        const childId = child.id as string;
        if (op.paragraphs && op.paragraphs.length > 0)
          this.childrenAppend(
            childId,
            { children: op.paragraphs.map((t) => ({ paragraph: { rich_text: rt(t) } })) },
            actor,
          );
        created.push(childId);
        return;
      }
      case 'addComment': {
        const target = op.discussionId
          ? { discussionId: op.discussionId }
          : op.blockId
            ? { blockId: this.onPage(page, op.blockId, 'blockId') }
            : { pageId: page.id };
        const ctx = this.ctx();
        const richText = parseRichText(rt(op.text), 'text', ctx);
        ctx.issues.throwIfAny(true);
        const c = this.addComment(target, richText, actor);
        created.push(c.id as string);
        return;
      }
      default:
        throw bad(`Unknown human edit op ${show((op as { op?: unknown }).op)}.`);
    }
  }

  /**
   * Edits a page as the person user: sets last_edited_by to the person and bumps last_edited_time. Returns the
   * page; with `ops`, also `created`: the ids of the blocks, pages and comments the ops made, in order.
   */
  humanEdit(edit: HumanEdit): JsonObject {
    const id = normalizeId(edit.pageId);
    if (!id) throw bad(`pageId should be a valid uuid, instead was ${show(edit.pageId)}.`);
    const page = this.page(id);
    const actor = this.personId;
    if (edit.properties !== undefined) this.pageUpdate(id, { properties: edit.properties }, actor);
    if (edit.appendParagraph !== undefined) {
      this.childrenAppend(
        id,
        { children: [{ paragraph: { rich_text: [{ text: { content: edit.appendParagraph } }] } }] },
        actor,
      );
    }
    if (edit.replaceText !== undefined) {
      const wanted = edit.replaceText.blockId ? normalizeId(edit.replaceText.blockId) : null;
      const target =
        wanted ??
        this.liveChildren(id).find((c) => {
          const blk = this.state.blocks[c];
          return blk !== undefined && Array.isArray(blk.data.rich_text);
        });
      if (!target) throw validationError('The page has no paragraph-like block to edit.');
      const blk = this.state.blocks[target];
      if (!blk) throw notFound('block', target);
      this.blockUpdate(target, { [blk.type]: { rich_text: [{ text: { content: edit.replaceText.text } }] } }, actor);
    }
    const created: string[] = [];
    if (edit.ops !== undefined) {
      if (!Array.isArray(edit.ops)) throw bad('ops should be an array.');
      for (const op of edit.ops) this.applyOp(page, op, created);
    }
    this.touchPage(page, actor);
    const out = this.renderPage(page);
    if (edit.ops !== undefined) out.created = created;
    return out;
  }
}
