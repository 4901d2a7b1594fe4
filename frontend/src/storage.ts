/**
 * What the app keeps in the browser's local storage, under keys starting with `taidon.`.
 * @module
 */

/** The part of the Web Storage API the app uses (`localStorage`, or a stand-in in tests). */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

const PREFIX = 'taidon.';

/** Key of the session's tokens. */
export const SESSION_KEY = `${PREFIX}session`;

/** Key of the sandbox the editor runs in. */
export const SANDBOX_KEY = `${PREFIX}sandbox`;

/**
 * @param sandboxId a sandbox id, or null for the learner's default sandbox before its id is known
 * @returns the key under which the editor's script for that sandbox is kept
 */
export function scriptKey(sandboxId: string | null): string {
  return `${PREFIX}script.${sandboxId ?? 'default'}`;
}

/**
 * Reads a JSON value.
 *
 * @param store the store
 * @param key its key
 * @returns the parsed value, or null when absent or not JSON
 */
export function readJson<T>(store: KeyValueStore, key: string): T | null {
  const text = store.getItem(key);
  if (text === null) {
    return null;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

/**
 * Removes everything the app stored (sign-out on a shared classroom computer leaves nothing behind).
 *
 * @param store the store
 * @returns how many keys were removed
 */
export function clearAppData(store: KeyValueStore): number {
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key !== null && key.startsWith(PREFIX)) {
      keys.push(key);
    }
  }
  keys.forEach((key) => store.removeItem(key));
  return keys.length;
}

/** A `KeyValueStore` in memory: for tests, and when the browser refuses local storage. */
export class MemoryStore implements KeyValueStore {
  private readonly values = new Map<string, string>();

  /** @returns the number of keys */
  get length(): number {
    return this.values.size;
  }

  /** @inheritDoc */
  key(index: number): string | null {
    return [...this.values.keys()][index] ?? null;
  }

  /** @inheritDoc */
  getItem(key: string): string | null {
    return this.values.get(key) ?? null;
  }

  /** @inheritDoc */
  setItem(key: string, value: string): void {
    this.values.set(key, String(value));
  }

  /** @inheritDoc */
  removeItem(key: string): void {
    this.values.delete(key);
  }
}
