// Databases and data sources: create, read, schema updates, queries.
import { parseIcon, parseRichText } from './content';
import type { DataSourceRec, DatabaseRec, SchemaProp } from './model';
import { parsePropertyConfig, shortId } from './props';
import { buildFilter, buildSorts, type QueryEnv } from './query';
import {
  ARCHIVED_MESSAGE,
  type JsonObject,
  enumList,
  invalid,
  isObject,
  mustBeDefined,
  newId,
  onlyKeys,
  requireId,
  show,
  validationError,
  wrongType,
} from './util';

import { paginate, parseCover, parsePageSize, pathId } from './store-base';
import { StorePages } from './store-pages';

export class StoreDatabases extends StorePages {
  // --- databases and data sources --------------------------------------------------------------

  databaseCreate(body: Record<string, unknown>, actor: string): JsonObject {
    onlyKeys(body, ['parent', 'title', 'description', 'is_inline', 'initial_data_source', 'icon', 'cover'], 'body');
    if (body.parent === undefined) throw mustBeDefined('body.parent');
    if (!isObject(body.parent)) throw wrongType('body.parent', 'an object', body.parent);
    if (body.parent.type !== undefined && body.parent.type !== 'page_id') {
      throw invalid('body.parent.type', `should be \`"page_id"\`, instead was ${show(body.parent.type)}.`);
    }
    const parentId = requireId(body.parent.page_id, 'body.parent.page_id');
    const ctx = this.ctx();
    const title = body.title === undefined ? [] : parseRichText(body.title, 'body.title', ctx);
    const description = body.description === undefined ? [] : parseRichText(body.description, 'body.description', ctx);
    let defs: Record<string, unknown> = {};
    if (body.initial_data_source !== undefined) {
      const ids = body.initial_data_source;
      if (!isObject(ids)) throw wrongType('body.initial_data_source', 'an object', ids);
      onlyKeys(ids, ['properties'], 'body.initial_data_source');
      if (ids.properties !== undefined) {
        if (!isObject(ids.properties))
          throw wrongType('body.initial_data_source.properties', 'an object', ids.properties);
        defs = ids.properties;
      }
    }
    const props: SchemaProp[] = [];
    for (const [name, def] of Object.entries(defs)) {
      if (def === undefined) continue;
      const parsed = parsePropertyConfig(def, `body.initial_data_source.properties.${name}`, this);
      const taken = (id: string): boolean => props.some((p) => p.id === id) || id === 'title';
      props.push({
        id: parsed.type === 'title' ? 'title' : shortId(taken),
        name,
        type: parsed.type,
        config: parsed.config,
        description: parsed.description ?? null,
      });
    }
    const titles = props.filter((p) => p.type === 'title');
    if (titles.length > 1)
      throw validationError(
        'body failed validation: body.initial_data_source.properties should contain exactly one title property, instead had `' +
          titles.length +
          '`.',
      );
    if (titles.length === 0) props.unshift({ id: 'title', name: 'Name', type: 'title', config: {}, description: null });
    ctx.issues.throwIfAny(false);
    const parent = this.page(parentId);
    if (parent.inTrash) throw validationError(ARCHIVED_MESSAGE);
    const now = this.now();
    const dbId = newId();
    const dsId = newId();
    const db: DatabaseRec = {
      id: dbId,
      seq: this.nextSeq(),
      parentPageId: parentId,
      title,
      description,
      isInline: body.is_inline === true,
      inTrash: false,
      isLocked: false,
      icon: parseIcon(body.icon, 'body.icon', ctx),
      cover: parseCover(body.cover, 'body.cover', ctx),
      created: now,
      edited: now,
      createdBy: actor,
      editedBy: actor,
      dataSourceIds: [dsId],
    };
    const ds: DataSourceRec = {
      id: dsId,
      seq: this.nextSeq(),
      databaseId: dbId,
      title: structuredClone(title),
      description: [],
      props,
      inTrash: false,
      icon: null,
      created: now,
      edited: now,
      createdBy: actor,
      editedBy: actor,
    };
    this.state.databases[dbId] = db;
    this.state.dataSources[dsId] = ds;
    this.kids(parentId).push(dbId);
    this.touchPage(parent, actor);
    this.uploads.markAttached(ctx.uploads ?? []);
    return this.renderDatabase(db);
  }

  databaseGet(raw: string): JsonObject {
    return this.renderDatabase(this.database(pathId(raw, 'database_id')));
  }

  databaseUpdate(raw: string, body: Record<string, unknown>, actor: string): JsonObject {
    const id = pathId(raw, 'database_id');
    onlyKeys(
      body,
      ['parent', 'title', 'description', 'is_inline', 'icon', 'cover', 'in_trash', 'archived', 'is_locked'],
      'body',
    );
    const db = this.database(id);
    const ctx = this.ctx();
    const restore = body.in_trash === false || body.archived === false;
    if (db.inTrash && !restore) throw validationError(ARCHIVED_MESSAGE);
    if (body.title !== undefined) db.title = parseRichText(body.title, 'body.title', ctx);
    if (body.description !== undefined) db.description = parseRichText(body.description, 'body.description', ctx);
    if (body.is_inline !== undefined) db.isInline = body.is_inline === true;
    if (body.icon !== undefined) db.icon = parseIcon(body.icon, 'body.icon', ctx);
    if (body.cover !== undefined) db.cover = parseCover(body.cover, 'body.cover', ctx);
    if (body.is_locked !== undefined) db.isLocked = body.is_locked === true;
    const trash = body.in_trash ?? body.archived;
    if (trash !== undefined) {
      if (typeof trash !== 'boolean') throw wrongType('body.in_trash', 'a boolean', trash);
      db.inTrash = trash;
    }
    ctx.issues.throwIfAny(false);
    this.uploads.markAttached(ctx.uploads ?? []);
    db.edited = this.now();
    db.editedBy = actor;
    return this.renderDatabase(db);
  }

  dataSourceDatabase(dataSourceId: string): string | null {
    return this.state.dataSources[dataSourceId]?.databaseId ?? null;
  }

  dataSourceGet(raw: string): JsonObject {
    return this.renderDataSource(this.dataSource(pathId(raw, 'data_source_id')));
  }

  dataSourceUpdate(raw: string, body: Record<string, unknown>, actor: string): JsonObject {
    const id = pathId(raw, 'data_source_id');
    onlyKeys(body, ['title', 'icon', 'properties', 'in_trash', 'archived', 'parent', 'description'], 'body');
    const ds = this.dataSource(id);
    const ctx = this.ctx();
    if (body.title !== undefined) ds.title = parseRichText(body.title, 'body.title', ctx);
    if (body.description !== undefined) ds.description = parseRichText(body.description, 'body.description', ctx);
    if (body.icon !== undefined) ds.icon = parseIcon(body.icon, 'body.icon', ctx);
    const trash = body.in_trash ?? body.archived;
    if (trash !== undefined) {
      if (typeof trash !== 'boolean') throw wrongType('body.in_trash', 'a boolean', trash);
      ds.inTrash = trash;
    }
    if (body.properties !== undefined) {
      if (!isObject(body.properties)) throw wrongType('body.properties', 'an object', body.properties);
      // Work on a copy so that a failing request changes nothing.
      const props: SchemaProp[] = structuredClone(ds.props);
      const retyped: string[] = [];
      for (const [key, def] of Object.entries(body.properties)) {
        if (def === undefined) continue;
        const path = `body.properties.${key}`;
        const existing = props.find((p) => p.name === key) ?? props.find((p) => p.id === key);
        if (def === null) {
          if (!existing) throw validationError(`${key} is not a property that exists.`);
          if (existing.type === 'title') throw validationError('Cannot delete the title property of a data source.');
          props.splice(props.indexOf(existing), 1);
          continue;
        }
        const parsed = parsePropertyConfig(def, path, this, existing);
        if (existing) {
          if (parsed.type !== existing.type) {
            if (existing.type === 'title')
              throw validationError(`Cannot change the type of the title property ${existing.name}.`);
            if (parsed.type === 'title') throw validationError('A data source can have only one title property.');
            existing.type = parsed.type;
            retyped.push(existing.id);
          }
          existing.config = parsed.config;
          if (parsed.description !== undefined) existing.description = parsed.description;
          if (parsed.name !== undefined && parsed.name !== existing.name) {
            if (props.some((p) => p !== existing && p.name === parsed.name))
              throw validationError(`A property named ${parsed.name} already exists.`);
            existing.name = parsed.name;
          }
        } else {
          if (parsed.type === 'title') throw validationError('A data source can have only one title property.');
          const name = parsed.name ?? key;
          if (props.some((p) => p.name === name)) throw validationError(`A property named ${name} already exists.`);
          props.push({
            id: shortId((s) => props.some((p) => p.id === s) || s === 'title'),
            name,
            type: parsed.type,
            config: parsed.config,
            description: parsed.description ?? null,
          });
        }
      }
      ctx.issues.throwIfAny(false);
      const kept = new Set(props.map((p) => p.id));
      for (const page of Object.values(this.state.pages)) {
        if (page.parent.type !== 'data_source_id' || page.parent.id !== ds.id) continue;
        for (const pid of Object.keys(page.props)) if (!kept.has(pid) || retyped.includes(pid)) delete page.props[pid];
      }
      ds.props = props;
    }
    ctx.issues.throwIfAny(false);
    ds.edited = this.now();
    ds.editedBy = actor;
    return this.renderDataSource(ds);
  }

  protected queryEnv(): QueryEnv {
    return { now: this.now(), value: (p, sp) => this.propertyValue(p, sp) };
  }

  dataSourceQuery(raw: string, body: Record<string, unknown>, query: URLSearchParams): JsonObject {
    const id = pathId(raw, 'data_source_id');
    onlyKeys(body, ['filter', 'sorts', 'start_cursor', 'page_size', 'in_trash', 'archived', 'result_type'], 'body');
    const pageSize = parsePageSize(body.page_size, 'body.page_size');
    if (body.result_type !== undefined && body.result_type !== 'page' && body.result_type !== 'data_source') {
      throw invalid(
        'body.result_type',
        `should be ${enumList(['page', 'data_source'])}, instead was ${show(body.result_type)}.`,
      );
    }
    const ds = this.dataSource(id);
    const env = this.queryEnv();
    const pred = body.filter === undefined ? () => true : buildFilter(body.filter, ds, env);
    const cmp = buildSorts(body.sorts, ds, env);
    const withTrash = body.in_trash === true || body.archived === true;
    const rows = Object.values(this.state.pages).filter(
      (p) => p.parent.type === 'data_source_id' && p.parent.id === ds.id && (withTrash || !p.inTrash) && pred(p),
    );
    rows.sort(cmp);
    const only = query.getAll('filter_properties');
    const list = paginate(
      rows,
      (p) => p.id,
      body.start_cursor,
      pageSize,
      'body',
      (p) => this.renderPage(p, only),
    );
    return { object: 'list', ...list, type: 'page_or_data_source', page_or_data_source: {} };
  }

  // --- pages -----------------------------------------------------------------------------------
}
