// Objects as the API returns them: users, parents, pages, blocks, databases, data sources.
import { plainText } from './content';
import type { DataSourceRec, DatabaseRec, PageRec, ParentRef, SchemaProp, UserRec } from './model';
import { emptyValue } from './props';
import { type Json, type JsonObject, minuteIso, notFound } from './util';

import { StoreBase, notionUrl } from './store-base';

export class StoreRender extends StoreBase {
  protected user(id: string): JsonObject {
    return { object: 'user', id };
  }

  renderUser(u: UserRec): JsonObject {
    if (u.type === 'bot') {
      return {
        object: 'user',
        id: u.id,
        name: u.name,
        avatar_url: null,
        type: 'bot',
        bot: {
          owner: { type: 'workspace', workspace: true },
          workspace_id: this.state.workspaceId,
          workspace_name: this.state.workspaceName,
          workspace_limits: { max_file_upload_size_in_bytes: this.maxFileUploadBytes },
        },
      };
    }
    return {
      object: 'user',
      id: u.id,
      name: u.name,
      avatar_url: null,
      type: 'person',
      person: { email: u.email ?? null },
    };
  }

  protected renderParent(parent: ParentRef): JsonObject {
    switch (parent.type) {
      case 'workspace':
        return { type: 'workspace', workspace: true };
      case 'page_id':
        return { type: 'page_id', page_id: parent.id };
      case 'block_id':
        return { type: 'block_id', block_id: parent.id };
      case 'data_source_id':
        return {
          type: 'data_source_id',
          data_source_id: parent.id,
          database_id: this.state.dataSources[parent.id]?.databaseId ?? null,
        };
    }
  }

  propertyValue(p: PageRec, sp: SchemaProp): Json {
    switch (sp.type) {
      case 'created_time':
        return minuteIso(p.created);
      case 'last_edited_time':
        return minuteIso(p.edited);
      case 'created_by':
        return this.user(p.createdBy);
      case 'last_edited_by':
        return this.user(p.editedBy);
      default:
        return p.props[sp.id] ?? emptyValue(sp.type);
    }
  }

  renderPage(p: PageRec, only?: string[]): JsonObject {
    const properties: JsonObject = {};
    const ds = this.schemaOf(p);
    if (ds) {
      for (const sp of ds.props) {
        if (only && only.length > 0 && !only.includes(sp.id) && !only.includes(sp.name)) continue;
        const v: JsonObject = { id: sp.id, type: sp.type, [sp.type]: this.propertyValue(p, sp) };
        if (sp.type === 'relation') v.has_more = false;
        properties[sp.name] = v;
      }
    } else {
      properties.title = { id: 'title', type: 'title', title: p.props.title ?? [] };
    }
    return {
      object: 'page',
      id: p.id,
      created_time: minuteIso(p.created),
      last_edited_time: minuteIso(p.edited),
      created_by: this.user(p.createdBy),
      last_edited_by: this.user(p.editedBy),
      cover: p.cover,
      icon: p.icon,
      parent: this.renderParent(p.parent),
      in_trash: p.inTrash,
      archived: p.inTrash,
      is_archived: p.inTrash,
      is_locked: p.isLocked,
      properties,
      url: notionUrl(this.titleOf(p), p.id),
      public_url: null,
    };
  }

  renderBlock(id: string): JsonObject {
    const b = this.state.blocks[id];
    const common = (
      parent: JsonObject,
      created: number,
      edited: number,
      createdBy: string,
      editedBy: string,
      inTrash: boolean,
    ): JsonObject => ({
      object: 'block',
      id,
      parent,
      created_time: minuteIso(created),
      last_edited_time: minuteIso(edited),
      created_by: this.user(createdBy),
      last_edited_by: this.user(editedBy),
      has_children: this.hasChildren(id),
      in_trash: inTrash,
      archived: inTrash,
    });
    if (b) {
      const parent: JsonObject =
        b.parentKind === 'page' ? { type: 'page_id', page_id: b.parentId } : { type: 'block_id', block_id: b.parentId };
      return {
        ...common(parent, b.created, b.edited, b.createdBy, b.editedBy, b.inTrash),
        type: b.type,
        [b.type]: b.data,
      };
    }
    const p = this.state.pages[id];
    if (p) {
      return {
        ...common(this.renderParent(p.parent), p.created, p.edited, p.createdBy, p.editedBy, p.inTrash),
        type: 'child_page',
        child_page: { title: this.titleOf(p) },
      };
    }
    const d = this.state.databases[id];
    if (d) {
      return {
        ...common(
          { type: 'page_id', page_id: d.parentPageId },
          d.created,
          d.edited,
          d.createdBy,
          d.editedBy,
          d.inTrash,
        ),
        has_children: false,
        type: 'child_database',
        child_database: { title: plainText(d.title) },
      };
    }
    throw notFound('block', id);
  }

  renderDatabase(d: DatabaseRec): JsonObject {
    return {
      object: 'database',
      id: d.id,
      title: d.title,
      description: d.description,
      parent: { type: 'page_id', page_id: d.parentPageId },
      is_inline: d.isInline,
      in_trash: d.inTrash,
      archived: d.inTrash,
      is_locked: d.isLocked,
      created_time: minuteIso(d.created),
      last_edited_time: minuteIso(d.edited),
      created_by: this.user(d.createdBy),
      last_edited_by: this.user(d.editedBy),
      data_sources: d.dataSourceIds.map((id) => ({ id, name: plainText(this.state.dataSources[id]?.title ?? []) })),
      icon: d.icon,
      cover: d.cover,
      url: notionUrl(plainText(d.title), d.id),
      public_url: null,
    };
  }

  renderDataSource(ds: DataSourceRec): JsonObject {
    const db = this.state.databases[ds.databaseId];
    const properties: JsonObject = {};
    for (const sp of ds.props) {
      properties[sp.name] = {
        id: sp.id,
        name: sp.name,
        description: sp.description,
        type: sp.type,
        [sp.type]: sp.config,
      };
    }
    return {
      object: 'data_source',
      id: ds.id,
      title: ds.title,
      description: ds.description,
      parent: { type: 'database_id', database_id: ds.databaseId },
      database_parent: db ? { type: 'page_id', page_id: db.parentPageId } : null,
      is_inline: db?.isInline ?? false,
      in_trash: ds.inTrash,
      archived: ds.inTrash,
      created_time: minuteIso(ds.created),
      last_edited_time: minuteIso(ds.edited),
      created_by: this.user(ds.createdBy),
      last_edited_by: this.user(ds.editedBy),
      properties,
      icon: ds.icon,
      cover: null,
      url: notionUrl(plainText(ds.title), ds.id),
      public_url: null,
    };
  }

  // --- users -----------------------------------------------------------------------------------
}
