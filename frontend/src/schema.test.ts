import { describe, expect, it } from 'vitest';
import { completionNamespace, groupBySchema, qualifiedName, quoteIdent, type Relation, relationFacts } from './schema';

function relation(schema: string, name: string, columns: string[] = ['id'], rowEstimate: number | null = null): Relation {
  return { schema, name, kind: 'table', rowEstimate, indexes: [],
    columns: columns.map((column) => ({ name: column, type: 'integer', nullable: true, defaultValue: null })) };
}

describe('schema browser', () => {
  it('groups by schema, public first, relations by name', () => {
    const groups = groupBySchema([relation('zoo', 'b'), relation('public', 'pet'), relation('audit', 'log'), relation('public', 'owner')]);
    expect(groups.map((group) => `${group.schema}:${group.relations.map((r) => r.name).join(',')}`))
      .toEqual(['public:owner,pet', 'audit:log', 'zoo:b']);
  });

  it('maps relations and columns to the completion namespace', () => {
    const namespace = completionNamespace({ truncated: false,
      relations: [relation('public', 'pet', ['id', 'name']), relation('sales', 'order', ['id', 'total'])] });
    expect(namespace).toEqual({ public: { pet: ['id', 'name'] }, sales: { order: ['id', 'total'] } });
    expect(completionNamespace({ relations: [], truncated: false })).toEqual({});
  });

  it('quotes names that need quoting and qualifies outside public', () => {
    expect(quoteIdent('pet')).toBe('pet');
    expect(quoteIdent('Pet')).toBe('"Pet"');
    expect(quoteIdent('a "b"')).toBe('"a ""b"""');
    expect(qualifiedName({ schema: 'public', name: 'pet' })).toBe('pet');
    expect(qualifiedName({ schema: 'Sales', name: 'order items' })).toBe('"Sales"."order items"');
  });

  it('says the kind and the row estimate', () => {
    expect(relationFacts({ kind: 'table', rowEstimate: 3 })).toBe('table · ~3 rows');
    expect(relationFacts({ kind: 'table', rowEstimate: 1 })).toBe('table · ~1 row');
    expect(relationFacts({ kind: 'view', rowEstimate: null })).toBe('view');
  });
});
