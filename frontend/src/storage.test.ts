import { describe, expect, it } from 'vitest';
import { clearAppData, MemoryStore, readJson, scriptKey, SESSION_KEY } from './storage';

describe('storage', () => {
  it('clears only the app keys', () => {
    const store = new MemoryStore();
    store.setItem(SESSION_KEY, '{}');
    store.setItem(scriptKey('sb_1'), 'select 1;');
    store.setItem(scriptKey(null), 'select 2;');
    store.setItem('other.app', 'keep');
    expect(clearAppData(store)).toBe(3);
    expect(store.length).toBe(1);
    expect(store.getItem('other.app')).toBe('keep');
  });

  it('reads JSON and ignores what is not', () => {
    const store = new MemoryStore();
    store.setItem('a', '{"x":1}');
    store.setItem('b', 'not json');
    expect(readJson<{ x: number }>(store, 'a')).toEqual({ x: 1 });
    expect(readJson(store, 'b')).toBeNull();
    expect(readJson(store, 'c')).toBeNull();
  });

  it('keys scripts by sandbox', () => {
    expect(scriptKey('sb_1')).not.toBe(scriptKey('sb_2'));
    expect(scriptKey(null)).toBe('taidon.script.default');
  });
});
