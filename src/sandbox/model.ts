// The sandbox's stored state: plain JSON, so it can be dumped and persisted as is.
import type { FileUploadRec } from './file-uploads';
import type { Json, JsonObject } from './util';

export type ParentRef =
  | { type: 'workspace' }
  | { type: 'page_id'; id: string }
  | { type: 'data_source_id'; id: string }
  | { type: 'block_id'; id: string };

export interface UserRec {
  id: string;
  name: string;
  type: 'bot' | 'person';
  email?: string;
}

export interface PageRec {
  id: string;
  seq: number;
  created: number;
  edited: number;
  createdBy: string;
  editedBy: string;
  parent: ParentRef;
  inTrash: boolean;
  isLocked: boolean;
  icon: Json;
  cover: Json;
  /** Property values by property id, in response form without `id`/`type` (the title of a non-row page is under `title`). */
  props: Record<string, Json>;
}

export interface BlockRec {
  id: string;
  seq: number;
  parentId: string;
  parentKind: 'page' | 'block';
  type: string;
  data: JsonObject;
  created: number;
  edited: number;
  createdBy: string;
  editedBy: string;
  inTrash: boolean;
}

export interface CommentRec {
  id: string;
  seq: number;
  /** The page or block the discussion is on. */
  parentId: string;
  parentKind: 'page' | 'block';
  discussionId: string;
  created: number;
  edited: number;
  createdBy: string;
  richText: Json[];
}

export interface SchemaProp {
  id: string;
  name: string;
  type: string;
  config: JsonObject;
  description: string | null;
}

export interface DatabaseRec {
  id: string;
  seq: number;
  parentPageId: string;
  title: Json[];
  description: Json[];
  isInline: boolean;
  inTrash: boolean;
  isLocked: boolean;
  icon: Json;
  cover: Json;
  created: number;
  edited: number;
  createdBy: string;
  editedBy: string;
  dataSourceIds: string[];
}

export interface DataSourceRec {
  id: string;
  seq: number;
  databaseId: string;
  title: Json[];
  description: Json[];
  props: SchemaProp[];
  inTrash: boolean;
  icon: Json;
  created: number;
  edited: number;
  createdBy: string;
  editedBy: string;
}

export interface SandboxState {
  version: 1;
  clockOffsetMs: number;
  seq: number;
  botId: string;
  personId: string;
  workspaceId: string;
  workspaceName: string;
  rootPageId: string;
  /** Bots of extra integration tokens (token → bot user id); the main token's bot is `botId`. */
  bots?: Record<string, string>;
  users: Record<string, UserRec>;
  pages: Record<string, PageRec>;
  blocks: Record<string, BlockRec>;
  databases: Record<string, DatabaseRec>;
  dataSources: Record<string, DataSourceRec>;
  /** File uploads by id (their contents are kept in memory only). */
  fileUploads?: Record<string, FileUploadRec>;
  /** Comments by id (absent in data files written before comments existed). */
  comments?: Record<string, CommentRec>;
  /** Ordered children of a page or block: block ids, and page/database ids for child_page/child_database. */
  children: Record<string, string[]>;
}
