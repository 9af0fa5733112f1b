import type { PageProperties, PropertyValue, QueryFilter } from './sdk';

/*
 * Property mapping (`"properties": { "Path": "File Path" }` in .notion-sync.json). The engine names
 * properties by OUR names (CONTRACT.md §5: `Name`, `Path`, `Content Hash`, …); a database people already
 * have may call them otherwise. A PropertyNames, built from the mapping and the database's schema, is the
 * one translation: property values on their way out (`toNotion`), page properties on their way in
 * (`fromNotion`) and query filters (`filter`). The title is our `Name` unless `Name` is mapped: whatever
 * the database calls its title property.
 */

/** Our property name → the database's own. */
export type PropertyMapping = Readonly<Record<string, string>>;

/** What the translation needs of a database's schema: property name → type, and the select options. */
export interface SchemaView {
  properties: Record<string, string>;
  /** Option names of select and multi_select properties, by property name (when known). */
  options?: Record<string, string[]>;
}

/** Our name of the title property, in every role. */
export const TITLE = 'Name';

export class PropertyNames {
  /** ours → the database's */
  private readonly theirs = new Map<string, string>();
  /** the database's → ours */
  private readonly ours = new Map<string, string>();

  constructor(
    readonly mapping: PropertyMapping = {},
    private readonly schema?: SchemaView,
  ) {
    for (const [ours, theirs] of Object.entries(mapping)) this.link(ours, theirs);
    const title = schema && Object.entries(schema.properties).find(([, type]) => type === 'title')?.[0];
    if (mapping[TITLE] === undefined && title !== undefined && !this.ours.has(title)) this.link(TITLE, title);
  }

  private link(ours: string, theirs: string): void {
    this.theirs.set(ours, theirs);
    if (!this.ours.has(theirs)) this.ours.set(theirs, ours);
  }

  /** The database's name for our property (our own name when it is neither mapped nor the title). */
  nameOf(ours: string): string {
    return this.theirs.get(ours) ?? ours;
  }

  /** Whether `ours` was mapped in the configuration. */
  isMapped(ours: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.mapping, ours);
  }

  /** Whether the database has our property (under its name, of any type). Without a known schema: assumed. */
  has(ours: string): boolean {
    return !this.schema || this.nameOf(ours) in this.schema.properties;
  }

  /** Our name for one of the database's properties; undefined for one whose name we use for another. */
  ourName(theirs: string): string | undefined {
    const ours = this.ours.get(theirs);
    if (ours !== undefined) return ours;
    // `Name` of theirs, not their title, while our `Name` is their title: not ours to read as `Name`.
    return this.theirs.has(theirs) ? undefined : theirs;
  }

  /**
   * Property values named by us → the request: renamed to the database's names; a value the database
   * cannot hold (no such property, another type) is left out, so it never fails the write; select and
   * multi_select names take the spelling of an existing option that differs only in case.
   */
  toNotion(properties: PageProperties): PageProperties {
    const out: PageProperties = {};
    for (const [ours, value] of Object.entries(properties)) {
      const name = this.nameOf(ours);
      if (this.schema) {
        const type = this.schema.properties[name];
        if (type === undefined || type !== valueType(value)) continue;
      }
      out[name] = this.spellOptions(name, value);
    }
    return out;
  }

  /**
   * A page's properties (or a schema: any record by property name) keyed by our names; the database's
   * other properties keep their own names, unless one of ours goes by it.
   */
  fromNotion<T>(properties: Record<string, T>): Record<string, T> {
    const out: Record<string, T> = {};
    for (const [theirs, value] of Object.entries(properties)) {
      const isTitle = (value as { type?: unknown } | undefined)?.type === 'title';
      // A page's title is our `Name` (unless mapped elsewhere), also when the schema is not known.
      const ours = isTitle && !this.isMapped(TITLE) ? TITLE : this.ourName(theirs);
      if (ours !== undefined && !(ours in out)) out[ours] = value;
    }
    return out;
  }

  /** A query filter written with our names, in the database's names. */
  filter(filter: QueryFilter): QueryFilter {
    const rename = (f: unknown): unknown => {
      if (!f || typeof f !== 'object') return f;
      const o = f as Record<string, unknown>;
      if (Array.isArray(o.and)) return { ...o, and: o.and.map(rename) };
      if (Array.isArray(o.or)) return { ...o, or: o.or.map(rename) };
      return typeof o.property === 'string' ? { ...o, property: this.nameOf(o.property) } : o;
    };
    return rename(filter) as QueryFilter;
  }

  private spellOptions(name: string, value: PropertyValue): PropertyValue {
    const known = this.schema?.options?.[name];
    if (!known || known.length === 0) return value;
    const spell = (n: string): string =>
      known.includes(n) ? n : (known.find((k) => k.toLowerCase() === n.toLowerCase()) ?? n);
    const v = value as { select?: { name?: string } | null; multi_select?: Array<{ name?: string }> };
    if (v.select && typeof v.select.name === 'string') return { select: { name: spell(v.select.name) } };
    if (Array.isArray(v.multi_select)) {
      const names = [...new Set(v.multi_select.map((o) => spell(o.name ?? '')))];
      return { multi_select: names.map((n) => ({ name: n })) };
    }
    return value;
  }
}

/** The property type a request value is for (`{ rich_text: … }` → `rich_text`). */
function valueType(value: PropertyValue): string | undefined {
  const v = value as Record<string, unknown>;
  if (typeof v.type === 'string') return v.type;
  return Object.keys(v).find((k) => k !== 'id' && k !== 'type');
}

/** Where rows are written and read: a data source, and the names its properties go by. */
export interface RowTarget {
  dataSourceId: string;
  names: PropertyNames;
}

/** A data source id alone (names as ours) or a target with its names. */
export function rowTarget(target: string | RowTarget): RowTarget {
  return typeof target === 'string' ? { dataSourceId: target, names: new PropertyNames() } : target;
}
