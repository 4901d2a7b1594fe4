/**
 * The snapshot panel: save the sandbox's state under a name, the learner's snapshots newest first (which one is the
 * sandbox's base), restore, branch into a new sandbox, delete, and a lineage tree view of a snapshot.
 * @module
 */
import { ApiError, type Sandbox } from './api';
import { type AppContext, sandboxPath } from './context';
import { h, replace } from './dom';
import { branchRefusal, type Lineage, newestFirst, type SandboxBase, type Snapshot, snapshotLabel, snapshotSizes, treeKey, treeRows } from './snapshots';

/** What the panel tells the app. */
export interface SnapshotPanelHooks {
  /** @returns the base of the sandbox in use, or null when unknown */
  base(): SandboxBase | null;
  /** @returns whether the learner is anonymous (for what a full sandbox quota means) */
  anonymous(): boolean;
  /** a restore made a snapshot the base of the sandbox in use */
  restored(sandbox: Sandbox, snapshot: Snapshot): void;
  /** a branch created a new sandbox from a snapshot */
  branched(sandbox: Sandbox, snapshot: Snapshot): void;
  /** the list changed (to name the base in the header) */
  listed(snapshots: Snapshot[]): void;
}

/** The snapshot panel. */
export interface SnapshotPanel {
  element: HTMLElement;
  /** reads the learner's snapshots again */
  load(): Promise<void>;
}

/**
 * @param context the app
 * @param hooks what the panel tells the app
 * @returns the snapshot panel
 */
export function createSnapshotPanel(context: AppContext, hooks: SnapshotPanelHooks): SnapshotPanel {
  let snapshots: Snapshot[] = [];
  let lineage: Lineage | null = null;
  const collapsed = new Set<string>();
  const name = h('input', { id: 'snapshot-name', type: 'text', name: 'name', required: true, maxlength: 200, autocomplete: 'off',
    placeholder: 'e.g. three pets' });
  const save = h('button', { id: 'save-snapshot', type: 'submit', class: 'primary' }, 'Save');
  const list = h('ul', { id: 'snapshot-list', class: 'snapshot-list', 'aria-label': 'Your snapshots, newest first' });
  const tree = h('div', { id: 'lineage', class: 'lineage', hidden: true });
  const element = h('section', { id: 'snapshots', class: 'panel', 'aria-labelledby': 'snapshots-title' },
    h('h2', { id: 'snapshots-title' }, 'Snapshots'),
    h('form', { id: 'save-form', class: 'save-form', onsubmit: (event: Event) => { event.preventDefault(); void saveSnapshot(); } },
      h('label', { for: 'snapshot-name' }, 'Save this sandbox as'), h('div', { class: 'save-row' }, name, save)),
    h('p', { class: 'muted hint' }, 'A save keeps what you last saw: the base plus your last script (or the console session).'),
    list, tree);

  async function load(): Promise<void> {
    try {
      snapshots = newestFirst(await context.client.request<Snapshot[]>('GET', '/api/snapshots'));
      hooks.listed(snapshots);
      render();
    } catch (error) {
      replace(list, h('li', { class: 'muted' }, error instanceof Error ? error.message : 'The snapshots could not be read.'));
    }
  }

  function render(): void {
    if (snapshots.length === 0) {
      replace(list, h('li', { class: 'muted' }, 'No snapshot yet: save one to come back to it later.'));
      return;
    }
    const base = hooks.base();
    replace(list, ...snapshots.map((snapshot) => {
      const label = snapshotLabel(snapshot);
      const isBase = base?.kind === 'snapshot' && base.snapshotId === snapshot.id;
      return h('li', { class: `snapshot ${isBase ? 'is-base' : ''}`, 'data-snapshot': snapshot.id },
        h('div', { class: 'snapshot-head' }, h('strong', { class: 'snapshot-name' }, label),
          snapshot.kind !== 'named' ? h('span', { class: 'tag' }, snapshot.kind) : null,
          isBase ? h('span', { class: 'tag in-use' }, 'base of this sandbox') : null),
        h('div', { class: 'muted snapshot-facts' }, h('time', { datetime: snapshot.createdAt }, new Date(snapshot.createdAt).toLocaleString()),
          ` · ${snapshotSizes(snapshot)}`),
        h('div', { class: 'snapshot-actions' },
          h('button', { type: 'button', class: 'restore', 'aria-label': `Restore ${label}`, onclick: () => void restore(snapshot) }, 'Restore'),
          h('button', { type: 'button', class: 'branch', 'aria-label': `Branch ${label} into a new sandbox`, onclick: () => void branch(snapshot) }, 'Branch'),
          h('button', { type: 'button', class: 'show-lineage', 'aria-label': `Lineage of ${label}`, onclick: () => void showLineage(snapshot) }, 'Lineage'),
          h('button', { type: 'button', class: 'danger delete', 'aria-label': `Delete ${label}`, onclick: () => void remove(snapshot) }, 'Delete')));
    }));
  }

  async function saveSnapshot(): Promise<void> {
    const sandboxId = context.sandboxId();
    const title = name.value.trim();
    if (sandboxId === null) {
      context.say('Run a script first: there is nothing to save yet.');
      return;
    }
    if (title === '') {
      context.say('Give the snapshot a name first.');
      name.focus();
      return;
    }
    save.disabled = true;
    context.say('Saving…');
    try {
      await context.client.request<{ snapshotId: string }>('POST', sandboxPath(sandboxId, '/snapshots'), { name: title });
      name.value = '';
      await load();
      context.say(`Saved "${title}".`);
    } catch (error) {
      context.report(error);
    } finally {
      save.disabled = false;
    }
  }

  async function restore(snapshot: Snapshot): Promise<void> {
    const sandboxId = context.sandboxId();
    if (sandboxId === null) {
      context.say('Run a script first: it creates the sandbox to restore into.');
      return;
    }
    const label = snapshotLabel(snapshot);
    if (!(await context.confirm(`Restore "${label}"?`, `It becomes the base of sandbox ${sandboxId}: your next run starts from it. `
      + 'What the sandbox holds now and the console session are dropped; your script stays in the editor.', 'Restore'))) {
      return;
    }
    context.say('Restoring…');
    try {
      const sandbox = await context.client.request<Sandbox>('POST', sandboxPath(sandboxId, '/restore'), { snapshotId: snapshot.id });
      hooks.restored(sandbox, snapshot);
      render();
      context.say(`Restored "${label}": your next run starts from it.`);
    } catch (error) {
      context.report(error);
    }
  }

  async function branch(snapshot: Snapshot): Promise<void> {
    context.say('Creating a sandbox from the snapshot…');
    try {
      const sandbox = await context.client.request<Sandbox>('POST', '/api/sandboxes', { fromSnapshotId: snapshot.id });
      hooks.branched(sandbox, snapshot);
      render();
    } catch (error) {
      if (error instanceof ApiError) {
        context.say(branchRefusal(error.status, error.kind, hooks.anonymous(), error.message), true);
      } else {
        context.report(error);
      }
    }
  }

  async function remove(snapshot: Snapshot): Promise<void> {
    const label = snapshotLabel(snapshot);
    if (!(await context.confirm(`Delete "${label}"?`, 'The snapshot goes for good. Sandboxes based on it keep their data.', 'Delete snapshot'))) {
      return;
    }
    try {
      await context.client.request('DELETE', `/api/snapshots/${encodeURIComponent(snapshot.id)}`);
      if (lineage !== null) {
        lineage = null;
        tree.hidden = true;
      }
      await load();
      context.say(`Snapshot "${label}" deleted.`);
    } catch (error) {
      context.report(error);
    }
  }

  async function showLineage(snapshot: Snapshot): Promise<void> {
    try {
      lineage = await context.client.request<Lineage>('GET', `/api/snapshots/${encodeURIComponent(snapshot.id)}/lineage`);
      collapsed.clear();
      renderTree(snapshot.id);
      tree.hidden = false;
      tree.querySelector<HTMLElement>('[role="treeitem"][tabindex="0"]')?.focus();
    } catch (error) {
      context.report(error);
    }
  }

  /** The lineage as a WAI-ARIA tree: nested lists, one tab stop, arrows to move, expand and collapse. */
  function renderTree(focusId: string): void {
    if (lineage === null) {
      return;
    }
    const asked = lineage.snapshotId;
    const rows = treeRows(lineage.root, collapsed);
    const focus = Math.max(0, rows.findIndex((row) => row.node.id === focusId));
    const root = h('ul', { role: 'tree', class: 'tree', 'aria-labelledby': 'lineage-title' });
    const items: HTMLElement[] = [];
    const groups: HTMLElement[] = [root];
    rows.forEach((row, index) => {
      const label = snapshotLabel(row.node);
      // named by its own line only (a nested treeitem's text would otherwise join its parent's name)
      const item = h('li', { role: 'treeitem', 'aria-level': row.level, 'aria-posinset': row.position, 'aria-setsize': row.setSize,
        'aria-expanded': row.expanded === null ? null : String(row.expanded), 'aria-current': row.node.id === asked ? 'true' : null,
        'aria-labelledby': `lineage-node-${index}`, tabindex: index === focus ? 0 : -1, 'data-node': row.node.id },
      h('span', { id: `lineage-node-${index}` }, h('span', { class: 'tree-label' }, label, row.node.id === asked ? ' (this snapshot)' : ''),
        ' ', h('span', { class: 'muted' }, new Date(row.node.createdAt).toLocaleString())));
      items.push(item);
      groups.length = row.level;
      groups[row.level - 1].append(item);
      if (row.expanded === true) {
        const group = h('ul', { role: 'group' });
        item.append(group);
        groups.push(group);
      }
    });
    root.addEventListener('keydown', (event) => {
      const current = items.indexOf(event.target as HTMLElement);
      const action = treeKey(rows, current, event.key);
      if (action === null) {
        return;
      }
      event.preventDefault();
      if ('move' in action) {
        items[current].tabIndex = -1;
        items[action.move].tabIndex = 0;
        items[action.move].focus();
      } else {
        if (collapsed.has(action.toggle)) {
          collapsed.delete(action.toggle);
        } else {
          collapsed.add(action.toggle);
        }
        renderTree(action.toggle);
        tree.querySelector<HTMLElement>(`[data-node="${CSS.escape(action.toggle)}"]`)?.focus();
      }
    });
    const snapshot = snapshots.find((candidate) => candidate.id === asked);
    replace(tree, h('h3', { id: 'lineage-title' }, `Lineage of ${snapshot === undefined ? asked : snapshotLabel(snapshot)}`),
      h('p', { class: 'muted hint' }, 'Each snapshot is listed under the base it was saved on. Arrow keys move; Left and Right fold.'),
      root, lineage.truncated ? h('p', { class: 'truncated' }, 'A large tree: only part of it is shown.') : null,
      h('button', { type: 'button', class: 'link', onclick: () => { tree.hidden = true; lineage = null; } }, 'Close lineage'));
  }

  return { element, load };
}
