/**
 * The schema browser: the sandbox's relations by schema with kind and row estimate, their columns with types and
 * their indexes on demand; clicking a name inserts it at the editor's cursor. Every refresh also feeds the editor's
 * completion.
 * @module
 */
import type { SQLNamespace } from '@codemirror/lang-sql';
import { ApiError, NetworkError } from './api';
import { type AppContext, sandboxPath } from './context';
import { h, replace } from './dom';
import { completionNamespace, groupBySchema, qualifiedName, quoteIdent, type Relation, relationFacts, type SandboxSchema } from './schema';

/** The schema browser. */
export interface SchemaPanel {
  element: HTMLElement;
  /** reads the sandbox's schema again (after a run, a console call, a restore) */
  refresh(): Promise<void>;
}

/**
 * @param context the app
 * @param editor where names go and completion comes from
 * @returns the schema browser
 */
export function createSchemaPanel(context: AppContext,
  editor: { insertAtCursor(text: string): void; setSchema(namespace: SQLNamespace): void }): SchemaPanel {
  const expanded = new Set<string>();
  let generation = 0;
  const body = h('div', { id: 'schema-tree' });
  const element = h('section', { id: 'schema', class: 'panel', 'aria-labelledby': 'schema-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'schema-title' }, 'Schema'),
      h('button', { type: 'button', id: 'schema-refresh', onclick: () => void refresh() }, 'Refresh')),
    h('p', { class: 'muted hint' }, 'Click a name to put it in the script at the cursor.'),
    body);

  async function refresh(): Promise<void> {
    const sandboxId = context.sandboxId();
    const mine = ++generation;
    if (sandboxId === null) {
      editor.setSchema({});
      replace(body, h('p', { class: 'muted' }, 'Your first run creates your sandbox; its tables show here.'));
      return;
    }
    try {
      const schema = await context.client.request<SandboxSchema>('GET', sandboxPath(sandboxId, '/schema'));
      if (mine === generation) {
        editor.setSchema(completionNamespace(schema));
        render(schema);
      }
    } catch (error) {
      if (mine === generation) {
        // in the panel, not the status line: a run's own message stays there
        const message = error instanceof ApiError || error instanceof NetworkError ? error.message : 'The schema could not be read.';
        replace(body, h('p', { class: 'muted' }, message));
      }
    }
  }

  function render(schema: SandboxSchema): void {
    const groups = groupBySchema(schema.relations);
    if (groups.length === 0) {
      replace(body, h('p', { class: 'muted' }, 'No tables yet: create one in a script or in the console.'));
      return;
    }
    let n = 0;
    replace(body, ...groups.map((group) => h('div', { class: 'schema-group', 'data-schema': group.schema },
      h('h3', {}, `Schema ${group.schema}`),
      h('ul', { class: 'relations', 'aria-label': `Relations in ${group.schema}` },
        ...group.relations.map((relation) => relationItem(relation, `schema-relation-${n++}`))))),
    schema.truncated ? h('p', { class: 'truncated' }, 'The schema is large: only its first part is shown.') : null);
  }

  function relationItem(relation: Relation, id: string): HTMLElement {
    const key = `${relation.schema}.${relation.name}`;
    const open = expanded.has(key);
    const details = h('div', { id, class: 'relation-details', hidden: !open },
      h('ul', { class: 'columns', 'aria-label': `Columns of ${relation.name}` }, ...relation.columns.map((column) => h('li', { 'data-column': column.name },
        h('button', { type: 'button', class: 'link name', 'aria-label': `Insert column ${column.name}`, onclick: () => editor.insertAtCursor(quoteIdent(column.name)) }, column.name),
        ' ', h('span', { class: 'type' }, column.type),
        column.nullable ? null : h('span', { class: 'muted' }, ' not null'),
        column.defaultValue === null ? null : h('span', { class: 'muted' }, ` default ${column.defaultValue}`)))),
      relation.indexes.length === 0 ? null : h('ul', { class: 'indexes', 'aria-label': `Indexes of ${relation.name}` },
        ...relation.indexes.map((index) => h('li', { title: index.definition },
          h('code', {}, index.name), h('span', { class: 'muted' }, index.primary ? ' primary key' : index.unique ? ' unique' : ' index')))));
    const toggle = h('button', { type: 'button', class: 'toggle', 'aria-expanded': String(open), 'aria-controls': id,
      'aria-label': `${columnCount(relation)} of ${relation.name}`, onclick: () => {
        const now = !expanded.has(key);
        if (now) {
          expanded.add(key);
        } else {
          expanded.delete(key);
        }
        details.hidden = !now;
        toggle.setAttribute('aria-expanded', String(now));
      } }, columnCount(relation));
    return h('li', { class: 'relation', 'data-relation': key },
      h('div', { class: 'relation-head' },
        h('button', { type: 'button', class: 'link name', 'aria-label': `Insert ${relation.kind} ${relation.name}`,
          onclick: () => editor.insertAtCursor(qualifiedName(relation)) }, relation.name),
        h('span', { class: 'muted facts' }, relationFacts(relation)), toggle),
      details);
  }

  return { element, refresh };
}

function columnCount(relation: Relation): string {
  return `${relation.columns.length} ${relation.columns.length === 1 ? 'column' : 'columns'}`;
}
