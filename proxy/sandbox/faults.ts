/** Injected faults for /external: latency, down (503), and a share of failures (500). */
import type { SandboxFaults } from '../../src/api/types.js';
import { rng, type Rng } from './data/prng.js';
import { errors } from './errors.js';

const NONE: SandboxFaults = { latencyMs: 0, down: false, errorRate: 0 };

export class Faults {
  private current: SandboxFaults = { ...NONE };
  private dice: Rng = rng('faults');

  get(): SandboxFaults {
    return { ...this.current };
  }

  /** Fields given replace the current ones; the others are kept. */
  set(patch: Partial<SandboxFaults>): SandboxFaults {
    this.current = { ...this.current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    this.dice = rng('faults');
    return this.get();
  }

  clear(): void {
    this.current = { ...NONE };
    this.dice = rng('faults');
  }

  /** Waits the injected latency, then throws the injected failure, if any. */
  async apply(): Promise<void> {
    const { latencyMs, down, errorRate } = this.current;
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    if (down) throw errors.down();
    if (errorRate > 0 && this.dice.next() < errorRate) throw errors.injectedError();
  }
}
