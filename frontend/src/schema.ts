/**
 * The sandbox's schema as the schema browser shows it (`GET /api/sandboxes/{id}/schema`) and as the editor's SQL
 * completion takes it.
 * @module
 */
import type { SQLNamespace } from '@codemirror/lang-sql';

/** A column of a relation. */
export interface SchemaColumn {
  name: string;
  type: string;
  nullable: boolean;
  defaultValue: string | null;
}

/** An index of a relation. */
export interface SchemaIndex {
  name: string;
  definition: string;
  primary: boolean;
  unique: boolean;
}

/** A table, view or materialized view. */
export interface Relation {
  schema: string;
  name: string;
  kind: string;
  rowEstimate: number | null;
  columns: SchemaColumn[];
  indexes: SchemaIndex[];
}

/** `GET /api/sandboxes/{id}/schema`. */
export interface SandboxSchema {
  relations: Relation[];
  truncated: boolean;
}

/** The schema the learner works in without naming it: completion offers its tables unqualified. */
export const DEFAULT_SCHEMA = 'public';

/**
 * @param relations relations in any order
 * @returns the relations grouped by schema (`public` first, then by name), each group sorted by relation name
 */
export function groupBySchema(relations: readonly Relation[]): Array<{ schema: string; relations: Relation[] }> {
  const groups = new Map<string, Relation[]>();
  for (const relation of relations) {
    const group = groups.get(relation.schema) ?? [];
    group.push(relation);
    groups.set(relation.schema, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === DEFAULT_SCHEMA ? -1 : b === DEFAULT_SCHEMA ? 1 : a.localeCompare(b)))
    .map(([schema, group]) => ({ schema, relations: group.sort((a, b) => a.name.localeCompare(b.name)) }));
}

/**
 * @param schema the sandbox's schema
 * @returns the `schema` option of `@codemirror/lang-sql`: schema → relation → column names
 */
export function completionNamespace(schema: SandboxSchema): SQLNamespace {
  const namespace: Record<string, Record<string, string[]>> = {};
  for (const relation of schema.relations) {
    (namespace[relation.schema] ??= {})[relation.name] = relation.columns.map((column) => column.name);
  }
  return namespace;
}

/**
 * Quotes an identifier the way PostgreSQL needs it to mean exactly this name: plain lower-case names stay as they
 * are, anything else (upper case, spaces, quotes) is double-quoted with inner quotes doubled.
 *
 * @param name an identifier
 * @returns the text to insert into SQL
 */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/**
 * @param relation a relation
 * @returns the name to insert: schema-qualified outside `public`
 */
export function qualifiedName(relation: Pick<Relation, 'schema' | 'name'>): string {
  return relation.schema === DEFAULT_SCHEMA ? quoteIdent(relation.name) : `${quoteIdent(relation.schema)}.${quoteIdent(relation.name)}`;
}

/**
 * @param relation a relation
 * @returns its kind and row estimate for the browser, e.g. `table · ~3 rows`, or `view`
 */
export function relationFacts(relation: Pick<Relation, 'kind' | 'rowEstimate'>): string {
  if (relation.rowEstimate === null || relation.rowEstimate < 0) {
    return relation.kind;
  }
  return `${relation.kind} · ~${relation.rowEstimate} ${relation.rowEstimate === 1 ? 'row' : 'rows'}`;
}
