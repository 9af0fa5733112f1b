// Pages: create (rows and child pages, with inline children), read, update, trash and erase.
import { LIMITS, parseChildren, parseIcon } from './content';
import type { DataSourceRec, PageRec, ParentRef } from './model';
import { parsePageProperties } from './props';
import {
  ARCHIVED_MESSAGE,
  type JsonObject,
  invalid,
  isObject,
  mustBeDefined,
  newId,
  onlyKeys,
  requireId,
  validationError,
  wrongType,
} from './util';

import { parseCover, pathId, tooManyBlocks } from './store-base';
import { StoreBlocks } from './store-blocks';

export class StorePages extends StoreBlocks {
  pageCreate(body: Record<string, unknown>, actor: string): JsonObject {
    onlyKeys(body, ['parent', 'properties', 'icon', 'cover', 'children', 'content'], 'body');
    if (body.parent === undefined) throw mustBeDefined('body.parent');
    if (!isObject(body.parent)) throw wrongType('body.parent', 'an object', body.parent);
    const pr = body.parent;
    const kind =
      typeof pr.type === 'string'
        ? pr.type
        : ['data_source_id', 'database_id', 'page_id', 'workspace'].find((k) => pr[k] !== undefined);
    if (kind !== 'data_source_id' && kind !== 'database_id' && kind !== 'page_id') {
      if (kind === 'workspace')
        throw validationError(
          'The sandbox integration is an internal integration and cannot create workspace-level pages.',
        );
      throw invalid('body.parent.page_id', 'should be defined, instead was `undefined`.');
    }
    const parentId = requireId(pr[kind], `body.parent.${kind}`);
    const ctx = this.ctx();
    const count = { blocks: 0 };
    const children = body.children === undefined ? [] : parseChildren(body.children, 'body.children', 1, ctx, count);
    if (count.blocks > LIMITS.blocksPerRequest) throw tooManyBlocks(count.blocks);
    let parent: ParentRef;
    let ds: DataSourceRec | null = null;
    let parentPage: PageRec | null = null;
    if (kind === 'page_id') {
      parentPage = this.page(parentId);
      if (parentPage.inTrash) throw validationError(ARCHIVED_MESSAGE);
      parent = { type: 'page_id', id: parentId };
    } else {
      if (kind === 'database_id') {
        const db = this.database(parentId);
        if (db.dataSourceIds.length !== 1)
          throw validationError('Databases with multiple data sources are not supported in this API version.');
        ds = this.dataSource(db.dataSourceIds[0] as string);
      } else {
        ds = this.dataSource(parentId);
      }
      const db = this.state.databases[ds.databaseId];
      if (ds.inTrash || db?.inTrash) throw validationError(ARCHIVED_MESSAGE);
      parent = { type: 'data_source_id', id: ds.id };
    }
    // Parse against a copy of the schema so that auto-created select options only land if the request succeeds.
    const schema = ds
      ? structuredClone(ds.props)
      : [{ id: 'title', name: 'title', type: 'title', config: {}, description: null }];
    const props = body.properties === undefined ? {} : parsePageProperties(body.properties, schema, ctx);
    const icon = parseIcon(body.icon, 'body.icon', ctx);
    const cover = parseCover(body.cover, 'body.cover', ctx);
    ctx.issues.throwIfAny(true);
    if (ds) ds.props = schema;
    const now = this.now();
    const page: PageRec = {
      id: newId(),
      seq: this.nextSeq(),
      created: now,
      edited: now,
      createdBy: actor,
      editedBy: actor,
      parent,
      inTrash: false,
      isLocked: false,
      icon,
      cover,
      props,
    };
    this.state.pages[page.id] = page;
    if (parentPage) {
      this.kids(parentPage.id).push(page.id);
      this.touchPage(parentPage, actor);
    }
    this.insertDrafts(children, page.id, 'page', actor, null);
    this.uploads.markAttached(ctx.uploads ?? []);
    return this.renderPage(page);
  }

  pageGet(raw: string, query: URLSearchParams): JsonObject {
    return this.renderPage(this.page(pathId(raw, 'page_id')), query.getAll('filter_properties'));
  }

  pageUpdate(raw: string, body: Record<string, unknown>, actor: string): JsonObject {
    const id = pathId(raw, 'page_id');
    onlyKeys(
      body,
      ['properties', 'icon', 'cover', 'is_locked', 'erase_content', 'in_trash', 'archived', 'is_archived'],
      'body',
    );
    const page = this.page(id);
    const trash = body.in_trash ?? body.archived ?? body.is_archived;
    if (trash !== undefined && typeof trash !== 'boolean') throw wrongType('body.in_trash', 'a boolean', trash);
    if (page.inTrash && trash !== false) {
      const onlyTrash = Object.entries(body).every(
        ([k, v]) => v === undefined || ['in_trash', 'archived', 'is_archived'].includes(k),
      );
      if (!onlyTrash) throw validationError(ARCHIVED_MESSAGE);
    }
    const ctx = this.ctx();
    const ds = this.schemaOf(page);
    const schema = ds
      ? structuredClone(ds.props)
      : [{ id: 'title', name: 'title', type: 'title', config: {}, description: null }];
    const props = body.properties === undefined ? {} : parsePageProperties(body.properties, schema, ctx);
    const icon = body.icon === undefined ? undefined : parseIcon(body.icon, 'body.icon', ctx);
    const cover = body.cover === undefined ? undefined : parseCover(body.cover, 'body.cover', ctx);
    if (body.erase_content !== undefined && typeof body.erase_content !== 'boolean')
      throw wrongType('body.erase_content', 'a boolean', body.erase_content);
    if (body.is_locked !== undefined && typeof body.is_locked !== 'boolean')
      throw wrongType('body.is_locked', 'a boolean', body.is_locked);
    ctx.issues.throwIfAny(false);
    if (ds) ds.props = schema;
    this.uploads.markAttached(ctx.uploads ?? []);
    Object.assign(page.props, props);
    if (icon !== undefined) page.icon = icon;
    if (cover !== undefined) page.cover = cover;
    if (typeof body.is_locked === 'boolean') page.isLocked = body.is_locked;
    if (typeof trash === 'boolean') page.inTrash = trash;
    if (body.erase_content === true) {
      for (const child of this.liveChildren(page.id)) this.trashAny(child, actor);
    }
    this.touchPage(page, actor);
    return this.renderPage(page);
  }
}
