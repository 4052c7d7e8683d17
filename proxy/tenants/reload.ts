/**
 * The tenants file on disk (Node): read and checked at start-up (a broken file stops the start with
 * every problem listed), then re-read on `SIGHUP` (main.ts calls `reload()`) and when it changes.
 *
 * Changes are watched on the file's directory, not the file: editors and config managers write a
 * new file and rename it over the old one (and Kubernetes swaps a symlinked directory), which a
 * watch on the old file would miss. Events are debounced, and a re-read whose text is unchanged
 * does nothing. A broken new file keeps the running configuration, and the log says why.
 */
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../lib/config.js';
import { parseTenants, type TenantSpec } from './file.js';
import type { TenantRegistry } from './registry.js';

export const RELOAD_DEBOUNCE_MS = 200;

type Env = Record<string, string | undefined>;

function read(file: string): { text: string } | { problem: string } {
  try {
    return { text: readFileSync(file, 'utf8') };
  } catch (err) {
    const code = (err as { code?: string }).code;
    return {
      problem:
        code === 'ENOENT'
          ? 'does not exist. Create it, or point CARSTREL_TENANTS at the right path.'
          : `cannot be read (${code ?? (err as Error).message}). Check its permissions.`,
    };
  }
}

export class TenantsFile {
  private registry: TenantRegistry | undefined;
  private watcher: FSWatcher | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The text last read (applied or refused): an unchanged file is not read into a reload again. */
  private lastText: string;

  private constructor(
    readonly file: string,
    private readonly env: Env,
    private readonly log: (line: string) => void,
    readonly initial: TenantSpec[],
    text: string,
  ) {
    this.lastText = text;
  }

  /** Read and check the file, or throw a ConfigError listing every problem (start-up). */
  static open(path: string, env: Env, log: (line: string) => void): TenantsFile {
    const file = resolve(path);
    const got = read(file);
    const where = `CARSTREL_TENANTS (${file})`;
    if ('problem' in got) throw new ConfigError([`${where} ${got.problem}`]);
    const result = parseTenants(got.text, env);
    if ('problems' in result) throw new ConfigError(result.problems.map((p) => `${where}: ${p}`));
    return new TenantsFile(file, env, log, result.tenants, got.text);
  }

  /** Serve the file's tenants through `registry`, and follow changes of the file from now on. */
  async start(registry: TenantRegistry, opts: { watch?: boolean; debounceMs?: number } = {}): Promise<void> {
    this.registry = registry;
    const summary = await registry.apply(this.initial);
    registry.noteReload(true, `loaded ${summary.tenants} tenants`);
    if (opts.watch === false) return;
    const debounce = opts.debounceMs ?? RELOAD_DEBOUNCE_MS;
    this.watcher = watch(dirname(this.file), { persistent: false }, () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.reload('change'), debounce);
    });
    this.watcher.on('error', (err) =>
      this.line('error', `stopped watching for changes (${err.message}); SIGHUP still reloads`),
    );
  }

  private line(level: 'info' | 'error', message: string, extra: Record<string, unknown> = {}): void {
    this.log(
      JSON.stringify({ time: new Date().toISOString(), level, message: `CARSTREL_TENANTS: ${message}`, ...extra }),
    );
  }

  /**
   * Re-read the file. `change` (a watch event) does nothing when the text is as last read; `SIGHUP`
   * always re-reads (and re-checks keys from the environment). True when the new set is served.
   */
  async reload(reason: 'SIGHUP' | 'change' = 'SIGHUP'): Promise<boolean> {
    const registry = this.registry;
    if (!registry) return false;
    const got = read(this.file);
    if ('text' in got) {
      if (reason === 'change' && got.text === this.lastText) return false;
      this.lastText = got.text;
    }
    const result = 'problem' in got ? { problems: [got.problem] } : parseTenants(got.text, this.env);
    const keep = `keeping the running configuration (${registry.size} tenants)`;
    if ('problems' in result) {
      const why = result.problems.join(' | ');
      registry.noteReload(false, why);
      this.line('error', `${this.file} refused on ${reason}, ${keep}: ${why}`, { reason });
      return false;
    }
    try {
      const s = await registry.apply(result.tenants);
      registry.noteReload(
        true,
        `${s.tenants} tenants (added ${s.added.length}, removed ${s.removed.length}, changed ${s.changed.length})`,
      );
      this.line('info', `reloaded on ${reason}: ${s.tenants} tenants`, {
        reason,
        added: s.added,
        removed: s.removed,
        changed: s.changed,
      });
      return true;
    } catch (err) {
      registry.noteReload(false, (err as Error).message);
      this.line('error', `${this.file} could not be applied on ${reason}, ${keep}: ${(err as Error).message}`);
      return false;
    }
  }

  close(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
  }
}
