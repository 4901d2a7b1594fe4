import { describe, expect, it } from 'vitest';
import { baseLabel, branchRefusal, type LineageNode, newestFirst, type Snapshot, snapshotLabel, snapshotSizes, treeKey, treeRows } from './snapshots';

function snapshot(id: string, createdAt: string, name: string | null = id): Snapshot {
  return { id, name, kind: 'named', parentId: null, lineage: [], engineVersion: '18', logicalSize: 3 * 1024 * 1024,
    storedSize: 1536, createdAt, lastUsedAt: createdAt, pinned: false };
}

const node = (id: string, ...children: LineageNode[]): LineageNode => ({ id, name: id, kind: 'named', createdAt: '2026-12-03T10:00:00Z', children });

describe('snapshot list', () => {
  it('lists newest first and labels unnamed snapshots by kind', () => {
    const list = newestFirst([snapshot('sn_a', '2026-12-03T10:00:00Z'), snapshot('sn_c', '2026-12-03T12:00:00Z'), snapshot('sn_b', '2026-12-03T11:00:00Z')]);
    expect(list.map((s) => s.id)).toEqual(['sn_c', 'sn_b', 'sn_a']);
    expect(snapshotLabel(snapshot('sn_x', '2026-12-03T10:00:00Z', null))).toBe('named sn_x');
    expect(snapshotLabel({ id: 'sn_y', name: '  ', kind: 'auto' })).toBe('auto sn_y');
    expect(snapshotSizes(snapshot('sn_a', '2026-12-03T10:00:00Z'))).toBe('1.5 KB stored · 3 MB of data');
  });

  it('names the base of the sandbox', () => {
    const list = [snapshot('sn_a', '2026-12-03T10:00:00Z', 'three pets')];
    expect(baseLabel({ kind: 'empty', snapshotId: null }, list)).toBe('base: empty');
    expect(baseLabel({ kind: 'snapshot', snapshotId: 'sn_a' }, list)).toBe('base: snapshot "three pets"');
    expect(baseLabel({ kind: 'snapshot', snapshotId: 'sn_gone' }, list)).toBe('base: snapshot sn_gone');
    expect(baseLabel(null, list)).toBe('base: unknown');
  });
});

describe('lineage tree', () => {
  const tree = node('root', node('a', node('a1'), node('a2')), node('b'));

  it('flattens depth first with ARIA levels and positions', () => {
    const rows = treeRows(tree);
    expect(rows.map((row) => `${row.node.id}:${row.level}:${row.position}/${row.setSize}:${row.parent}:${row.expanded}`)).toEqual([
      'root:1:1/1:-1:true', 'a:2:1/2:0:true', 'a1:3:1/2:1:null', 'a2:3:2/2:1:null', 'b:2:2/2:0:null']);
    expect(treeRows(tree, new Set(['a'])).map((row) => row.node.id)).toEqual(['root', 'a', 'b']);
  });

  it('moves and toggles with the keyboard as the ARIA tree pattern says', () => {
    const rows = treeRows(tree);
    expect(treeKey(rows, 0, 'ArrowDown')).toEqual({ move: 1 });
    expect(treeKey(rows, 4, 'ArrowDown')).toEqual({ move: 4 });
    expect(treeKey(rows, 0, 'ArrowUp')).toEqual({ move: 0 });
    expect(treeKey(rows, 2, 'End')).toEqual({ move: 4 });
    expect(treeKey(rows, 3, 'Home')).toEqual({ move: 0 });
    expect(treeKey(rows, 3, 'ArrowLeft')).toEqual({ move: 1 });
    expect(treeKey(rows, 1, 'ArrowLeft')).toEqual({ toggle: 'a' });
    expect(treeKey(rows, 1, 'ArrowRight')).toEqual({ move: 2 });
    expect(treeKey(rows, 2, 'ArrowRight')).toBeNull();
    expect(treeKey(treeRows(tree, new Set(['a'])), 1, 'ArrowRight')).toEqual({ toggle: 'a' });
    expect(treeKey(rows, 0, 'ArrowLeft')).toEqual({ toggle: 'root' });
    expect(treeKey(rows, 4, 'ArrowLeft')).toEqual({ move: 0 });
    expect(treeKey(treeRows(tree, new Set(['root'])), 0, 'ArrowLeft')).toBeNull();
    expect(treeKey(rows, 0, 'x')).toBeNull();
  });
});

describe('branchRefusal', () => {
  it('says what to delete, and that registering allows more for an anonymous learner', () => {
    expect(branchRefusal(403, 'quota-exceeded', true, 'generic')).toContain('register');
    expect(branchRefusal(403, 'quota-exceeded', true, 'generic')).toContain('Delete your sandbox');
    expect(branchRefusal(403, 'quota-exceeded', false, 'generic')).not.toContain('register');
    expect(branchRefusal(404, 'not-found', true, 'generic')).toBe('generic');
  });
});
