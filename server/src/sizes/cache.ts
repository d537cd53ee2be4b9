/**
 * A small key -> value cache with a time to live, kept in memory and (when given a file) on disk,
 * so figures fetched in one session are there in the next. Disk writes are batched, atomic
 * (temp file + rename) and never awaited by readers; a missing or broken file is an empty cache.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Cached<T> {
  value: T;
  storedAt: number;
}

interface Stored<T> {
  value: T;
  storedAt: number;
  ttlMs: number;
}

export interface TtlCacheOptions {
  /** Default time to live of an entry. */
  ttlMs: number;
  /** JSON file to load from and save to; memory only when undefined. */
  file?: string;
  now?: () => number;
  /** Oldest entries go first beyond this. Default 500. */
  maxEntries?: number;
  /** Delay before a change is written. Default 1 s. */
  writeDelayMs?: number;
  onError?: (message: string) => void;
}

export class TtlCache<T> {
  private entries = new Map<string, Stored<T>>();
  private loaded = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly options: TtlCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The entry while it is fresh; undefined once its time to live has passed. */
  get(key: string): Cached<T> | undefined {
    this.load();
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.storedAt >= entry.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return { value: entry.value, storedAt: entry.storedAt };
  }

  set(key: string, value: T, ttlMs = this.options.ttlMs): void {
    this.load();
    this.entries.delete(key);
    this.entries.set(key, { value, storedAt: this.now(), ttlMs });
    const max = this.options.maxEntries ?? 500;
    while (this.entries.size > max) this.entries.delete(this.entries.keys().next().value!);
    this.scheduleWrite();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Writes pending changes now (tests, shutdown). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const file = this.options.file;
    if (!file) return;
    const now = this.now();
    // Object.fromEntries keeps every key as an own property (`fresh[key] = …` would drop `__proto__`).
    const fresh = Object.fromEntries([...this.entries].filter(([, entry]) => now - entry.storedAt < entry.ttlMs));
    try {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify({ version: 1, entries: fresh }), { mode: 0o600 });
      renameSync(temp, file);
    } catch (error) {
      this.options.onError?.(`could not write the size cache ${file}: ${(error as Error).message}`);
    }
  }

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    const file = this.options.file;
    if (!file) return;
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      return; // none yet, or unreadable: start empty
    }
    const stored = (data as { version?: unknown; entries?: unknown })?.entries;
    if ((data as { version?: unknown }).version !== 1 || !stored || typeof stored !== 'object') return;
    const now = this.now();
    const sorted = Object.entries(stored as Record<string, Stored<T>>)
      .filter(([, e]) => e && typeof e.storedAt === 'number' && typeof e.ttlMs === 'number' && now - e.storedAt < e.ttlMs && e.storedAt <= now)
      .sort((a, b) => a[1].storedAt - b[1].storedAt);
    for (const [key, entry] of sorted) this.entries.set(key, { value: entry.value, storedAt: entry.storedAt, ttlMs: entry.ttlMs });
  }

  private scheduleWrite(): void {
    if (!this.options.file || this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.options.writeDelayMs ?? 1000);
    this.timer.unref?.();
  }
}
