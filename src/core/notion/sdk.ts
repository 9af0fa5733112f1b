import type { Client } from '@notionhq/client';
import type {
  AppendBlockChildrenParameters,
  BlockObjectRequest,
  CreateDatabaseParameters,
  CreatePageParameters,
  QueryDataSourceParameters,
  UpdateBlockParameters,
  UpdateDataSourceParameters,
} from '@notionhq/client';

/*
 * The raw SDK client, reachable only from inside src/core/notion (lint forbids importing this
 * module, and `@notionhq/client` itself, anywhere else). The rest of the code asks core/notion's
 * typed operations instead.
 */

const clients = new WeakMap<object, Client>();

/** Gives `owner` (a gateway) its client. */
export function bindClient(owner: object, client: Client): void {
  clients.set(owner, client);
}

/** The SDK client of a gateway. */
export function sdk(owner: object): Client {
  const client = clients.get(owner);
  if (!client) throw new Error('No Notion client is bound to this gateway.');
  return client;
}

/** Request shapes, from the SDK's own parameter types. */
export type PageProperties = NonNullable<CreatePageParameters['properties']>;
export type PropertyValue = PageProperties[string];
export type BlockRequest = BlockObjectRequest;
export type QueryFilter = NonNullable<QueryDataSourceParameters['filter']>;
export type QuerySorts = NonNullable<QueryDataSourceParameters['sorts']>;
export type PropertySchema = NonNullable<UpdateDataSourceParameters['properties']>;
/** One property's configuration in a create-database or update-data-source request. */
export type PropertyConfig = NonNullable<
  NonNullable<CreateDatabaseParameters['initial_data_source']>['properties']
>[string];
export type AppendChildren = AppendBlockChildrenParameters;
export type BlockUpdate = UpdateBlockParameters;
