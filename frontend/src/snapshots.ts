/**
 * Snapshots as the snapshot panel shows them: the list (newest first, sizes, which one is the sandbox's base), the
 * lineage tree as a flat list of visible rows for a keyboard-driven tree view, and the human answer to a refused
 * branch.
 * @module
 */
import { formatBytes } from './format';

/** One snapshot as `GET /api/snapshots` lists it (`lineage` is filled only by `GET /api/snapshots/{id}`). */
export interface Snapshot {
  id: string;
  name: string | null;
  kind: 'named' | 'auto' | 'archive' | string;
  parentId: string | null;
  lineage: string[];
  engineVersion: string;
  logicalSize: number;
  storedSize: number;
  createdAt: string;
  lastUsedAt: string;
  pinned: boolean;
}

/** A sandbox's base (`base` of a sandbox answer): what its runs start from and reset goes back to. */
export interface SandboxBase {
  kind: 'empty' | 'snapshot' | string;
  snapshotId: string | null;
}

/** One node of `GET /api/snapshots/{id}/lineage`: a snapshot and the snapshots saved on it, oldest first. */
export interface LineageNode {
  id: string;
  name: string | null;
  kind: string;
  createdAt: string;
  children: LineageNode[];
}

/** `GET /api/snapshots/{id}/lineage`. */
export interface Lineage {
  snapshotId: string;
  root: LineageNode;
  truncated: boolean;
}

/**
 * @param snapshots snapshots in any order
 * @returns a copy, newest first (ties by id, so the order is stable)
 */
export function newestFirst(snapshots: readonly Snapshot[]): Snapshot[] {
  return [...snapshots].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id.localeCompare(a.id));
}

/**
 * @param snapshot a snapshot or lineage node
 * @returns its name, or for an unnamed one its kind and id (`auto sn_1`)
 */
export function snapshotLabel(snapshot: Pick<Snapshot, 'id' | 'name' | 'kind'>): string {
  return snapshot.name !== null && snapshot.name.trim() !== '' ? snapshot.name : `${snapshot.kind} ${snapshot.id}`;
}

/**
 * @param snapshot a snapshot
 * @returns its sizes for the list, e.g. `2 MB stored · 8 MB of data`
 */
export function snapshotSizes(snapshot: Pick<Snapshot, 'logicalSize' | 'storedSize'>): string {
  return `${formatBytes(snapshot.storedSize)} stored · ${formatBytes(snapshot.logicalSize)} of data`;
}

/**
 * @param base a sandbox's base, or null when unknown
 * @param snapshots the learner's snapshots (to name the base)
 * @returns what the sandbox header says about the base, e.g. `base: empty` or `base: snapshot "three pets"`
 */
export function baseLabel(base: SandboxBase | null, snapshots: readonly Snapshot[]): string {
  if (base === null) {
    return 'base: unknown';
  }
  if (base.kind !== 'snapshot' || base.snapshotId === null) {
    return 'base: empty';
  }
  const snapshot = snapshots.find((candidate) => candidate.id === base.snapshotId);
  return snapshot === undefined ? `base: snapshot ${base.snapshotId}` : `base: snapshot "${snapshotLabel(snapshot)}"`;
}

/** One visible row of the lineage tree view (WAI-ARIA tree pattern: level, position in set, expansion). */
export interface TreeRow {
  node: LineageNode;
  /** 1-based depth (`aria-level`) */
  level: number;
  /** 1-based position among its siblings (`aria-posinset`) */
  position: number;
  /** number of siblings including itself (`aria-setsize`) */
  setSize: number;
  /** index of its parent's row, or -1 for the root */
  parent: number;
  /** whether it has children, and whether they are shown (null: a leaf) */
  expanded: boolean | null;
}

/**
 * Flattens the lineage tree into the rows a tree view shows, depth first.
 *
 * @param root the tree's root
 * @param collapsed ids of nodes whose children are hidden
 * @returns the visible rows in display order
 */
export function treeRows(root: LineageNode, collapsed: ReadonlySet<string> = new Set()): TreeRow[] {
  const rows: TreeRow[] = [];
  const visit = (node: LineageNode, level: number, position: number, setSize: number, parent: number) => {
    const open = !collapsed.has(node.id);
    rows.push({ node, level, position, setSize, parent, expanded: node.children.length === 0 ? null : open });
    const self = rows.length - 1;
    if (open) {
      node.children.forEach((child, i) => visit(child, level + 1, i + 1, node.children.length, self));
    }
  };
  visit(root, 1, 1, 1, -1);
  return rows;
}

/** What a key press in the tree view does: move focus to a row, or expand/collapse the focused one. */
export type TreeAction = { move: number } | { toggle: string } | null;

/**
 * The tree view's keyboard (WAI-ARIA APG tree view): Up/Down move, Home/End go to the first/last row, Right
 * expands a collapsed row or moves to its first child, Left collapses an expanded row or moves to its parent.
 *
 * @param rows the visible rows
 * @param current index of the focused row
 * @param key the `KeyboardEvent.key`
 * @returns what to do, or null when the key is not the tree's
 */
export function treeKey(rows: readonly TreeRow[], current: number, key: string): TreeAction {
  const row = rows[current];
  if (row === undefined) {
    return null;
  }
  switch (key) {
    case 'ArrowDown':
      return { move: Math.min(rows.length - 1, current + 1) };
    case 'ArrowUp':
      return { move: Math.max(0, current - 1) };
    case 'Home':
      return { move: 0 };
    case 'End':
      return { move: rows.length - 1 };
    case 'ArrowRight':
      if (row.expanded === false) {
        return { toggle: row.node.id };
      }
      return row.expanded === true ? { move: current + 1 } : null;
    case 'ArrowLeft':
      if (row.expanded === true) {
        return { toggle: row.node.id };
      }
      return row.parent >= 0 ? { move: row.parent } : null;
    default:
      return null;
  }
}

/**
 * The message for a refused branch (`POST /api/sandboxes {fromSnapshotId}`): when the sandbox quota is full, what to
 * delete, or for an anonymous learner that registering allows more.
 *
 * @param status the answer's HTTP status
 * @param kind the problem's kind (`quota-exceeded`, …), or null
 * @param anonymous whether the learner is anonymous
 * @param fallback the generic human message of the problem
 * @returns the message to show
 */
export function branchRefusal(status: number, kind: string | null, anonymous: boolean, fallback: string): string {
  if (status !== 403 || kind !== 'quota-exceeded') {
    return fallback;
  }
  return anonymous
    ? 'No room for a new sandbox: an anonymous learner holds one. Delete your sandbox on the Sandboxes page (your snapshots stay), or register on the Account page to hold up to 3.'
    : 'No room for a new sandbox: your quota is full. Delete a sandbox you no longer need on the Sandboxes page (your snapshots stay) and branch again.';
}
