/**
 * The shopper's saved vehicles (favourites) and recently viewed vehicles, kept in `localStorage`
 * so that they survive reloads, and synchronised across tabs through the `storage` event. Only a
 * small snapshot of each vehicle is stored (id, slug, name, model id): the model id lets
 * `carstrel-favorites` find the vehicle again with one list request (`?modelId=`), never with
 * `GET /external/vehicles/:id` (that would record an impression).
 *
 * Any element can use it: `favoritesStore()` is one store per page (shared by two copies of the
 * bundle); `subscribe` tells about every change, from this tab or another.
 */

export interface SavedVehicle {
  id: string;
  slug?: string;
  name: string;
  modelId?: string;
  /** ISO date of the save (or of the view, for recently viewed). */
  at: string;
}

/** What the store needs of a vehicle: list and detail data (`Vehicle`) both have it. */
export interface VehicleLike {
  id: string;
  name: string;
  slug?: string;
  model?: { id?: string } | null;
}

export interface FavoritesStore {
  /** Saved vehicles, the most recently saved first. */
  saved(): readonly SavedVehicle[];
  /** Recently viewed vehicles, the most recent first. */
  viewed(): readonly SavedVehicle[];
  isSaved(id: string): boolean;
  save(vehicle: VehicleLike): void;
  remove(id: string): void;
  /** Saves or removes; returns whether the vehicle is saved afterwards. */
  toggle(vehicle: VehicleLike): boolean;
  recordView(vehicle: VehicleLike): void;
  /** Forgets every saved and viewed vehicle. */
  clear(): void;
  /** Calls `listener` after every change (this tab or another); returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

export const STORAGE_KEY = 'carstrel.favorites.v1';
export const MAX_SAVED = 100;
export const MAX_VIEWED = 12;

interface Data {
  saved: SavedVehicle[];
  viewed: SavedVehicle[];
}

const str = (x: unknown): string | undefined => (typeof x === 'string' && x.length <= 500 ? x : undefined);

/** Entries read back from storage are checked: another script (or an old version) may have written junk. */
function entries(x: unknown, max: number): SavedVehicle[] {
  if (!Array.isArray(x)) return [];
  const seen = new Set<string>();
  const out: SavedVehicle[] = [];
  for (const e of x as Array<Record<string, unknown>>) {
    const id = str(e?.id);
    if (!id || seen.has(id)) continue;
    seen.add(id);
    out.push({ id, name: str(e.name) ?? '', slug: str(e.slug), modelId: str(e.modelId), at: str(e.at) ?? '' });
  }
  return out.slice(0, max);
}

function parse(raw: string | null): Data {
  try {
    const data = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    return { saved: entries(data.saved, MAX_SAVED), viewed: entries(data.viewed, MAX_VIEWED) };
  } catch {
    return { saved: [], viewed: [] };
  }
}

function snapshot(v: VehicleLike): SavedVehicle {
  return {
    id: String(v.id),
    name: String(v.name ?? ''),
    slug: v.slug ? String(v.slug) : undefined,
    modelId: v.model?.id ? String(v.model.id) : undefined,
    at: new Date().toISOString(),
  };
}

/**
 * A store on `storage` (default `localStorage`), listening to `storage` events on `target`.
 * Without usable storage (blocked, private mode, quota) it keeps the lists in memory for the page.
 */
export function createFavoritesStore(
  storage: Storage | undefined = safeLocalStorage(),
  target: Pick<Window, 'addEventListener'> | undefined = globalThis.window,
): FavoritesStore {
  let data = parse(read(storage));
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());
  const write = (next: Data) => {
    data = next;
    try {
      storage?.setItem(STORAGE_KEY, JSON.stringify(next));
    } catch {
      // Quota or blocked storage: the change still holds for this page.
    }
    notify();
  };
  target?.addEventListener('storage', (e: StorageEvent) => {
    if (e.key !== STORAGE_KEY && e.key !== null) return;
    data = parse(read(storage));
    notify();
  });
  const store: FavoritesStore = {
    saved: () => data.saved,
    viewed: () => data.viewed,
    isSaved: (id) => data.saved.some((e) => e.id === id),
    save: (v) => {
      if (store.isSaved(String(v.id))) return;
      write({ ...data, saved: [snapshot(v), ...data.saved].slice(0, MAX_SAVED) });
    },
    remove: (id) => {
      if (store.isSaved(id)) write({ ...data, saved: data.saved.filter((e) => e.id !== id) });
    },
    toggle: (v) => {
      if (store.isSaved(String(v.id))) store.remove(String(v.id));
      else store.save(v);
      return store.isSaved(String(v.id));
    },
    recordView: (v) => {
      if (data.viewed[0]?.id === String(v.id)) return;
      const rest = data.viewed.filter((e) => e.id !== String(v.id));
      write({ ...data, viewed: [snapshot(v), ...rest].slice(0, MAX_VIEWED) });
    },
    clear: () => write({ saved: [], viewed: [] }),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return store;
}

function safeLocalStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // a sandboxed iframe or blocked cookies throw on access
  }
}

function read(storage: Storage | undefined): string | null {
  try {
    return storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

const STORE = Symbol.for('carstrel.favorites');

/** The page's store (one per page, shared by every element and by two copies of the bundle). */
export function favoritesStore(): FavoritesStore {
  const g = globalThis as unknown as Record<symbol, FavoritesStore | undefined>;
  return (g[STORE] ??= createFavoritesStore());
}
