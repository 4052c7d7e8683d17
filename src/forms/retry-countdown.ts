/**
 * After a 429, counts the failure's `retryIn` down once a second (the notice says how long to
 * wait; the submit button stays held) until a retry may succeed.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Failure } from './refusal.js';

export class RetryCountdown implements ReactiveController {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The form's current failure (the countdown ends when it is gone). */
    private readonly failure: () => Failure | undefined,
    /** The notice while waiting: "Try again in N s". */
    private readonly reword: (seconds: number) => string,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.stop();
  }

  start(): void {
    this.stop();
    this.timer = setInterval(() => this.tick(), 1000);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const f = this.failure();
    if (!f?.retryIn) return this.stop();
    f.retryIn -= 1;
    if (f.retryIn > 0) f.message = this.reword(f.retryIn);
    else this.stop();
    this.host.requestUpdate();
  }
}
