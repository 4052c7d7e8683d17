/** A session storage for node:test (the Web Storage calls the drafts use), installed on globalThis. */
export class MemoryStorage implements Storage {
  readonly items = new Map<string, string>();
  /** When set, setItem throws like a full or disabled storage. */
  full = false;

  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    if (this.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.items.set(key, String(value));
  }
}

/** Installs `storage` as `sessionStorage` (or a getter that throws, like a sandboxed frame) until `restore()`. */
export function useSessionStorage(storage: Storage | 'throws' | undefined): { restore(): void } {
  const before = Object.getOwnPropertyDescriptor(globalThis, 'sessionStorage');
  Object.defineProperty(globalThis, 'sessionStorage', {
    configurable: true,
    get: () => {
      if (storage === 'throws') throw new DOMException('The operation is insecure.', 'SecurityError');
      return storage;
    },
  });
  return {
    restore() {
      if (before) Object.defineProperty(globalThis, 'sessionStorage', before);
      else Reflect.deleteProperty(globalThis, 'sessionStorage');
    },
  };
}
