import { Task, TaskStatus, type StatusRenderer, type TaskConfig } from '@lit/task';
import type { ReactiveControllerHost } from 'lit';

/**
 * Server-rendered first paint (`GET /render/<element>` on the proxy): what a task loaded on the
 * server travels with the element's HTML, in its light DOM, as
 * `<script type="application/json" data-carstrel-ssr>{"<task>": {"args": […], "value": …}}</script>`.
 *
 * A `ServedTask` is a `Task` that shows that value until its own first run ends: the first
 * render (hydration) draws what the server drew, and the first run takes the served value instead
 * of asking again when its arguments are the ones the server used (a vehicle view records one
 * impression, not two). Its arguments are compared without the first one (the proxy origin,
 * which differs between the server and the page).
 */
export interface Served {
  args: readonly unknown[];
  value: unknown;
}

export type ServedData = Record<string, Served>;

/** The element that holds served data (CarstrelElement). */
export interface ServedHost extends ReactiveControllerHost {
  readonly served?: ServedData;
  readonly servedTasks: ServableTask[];
}

/** What a server render reads off a task: its name, and its value for the element as configured. */
export interface ServableTask {
  readonly name: string;
  serve(): Promise<Served>;
}

type Args = ReadonlyArray<unknown>;

function equalArgs<T extends Args>(argsEqual: ((a: T, b: T) => boolean) | undefined, a: T, b: T): boolean {
  if (argsEqual) return argsEqual(a, b);
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

export class ServedTask<const T extends Args, const R> extends Task<T, R> implements ServableTask {
  /** The host's served value for this task, read at first use (null: none). */
  private fromServer?: { args: T; value: R } | null;
  /** The task function has run once: later runs load. */
  private ran = false;

  constructor(
    private readonly host: ServedHost,
    readonly name: string,
    private readonly config: TaskConfig<T, R> & { args: () => T },
  ) {
    super(host, {
      ...config,
      task: (args, options) => {
        const served = this.ran ? undefined : this.shown();
        this.ran = true;
        return served && equalArgs(config.argsEqual, args, [args[0], ...served.args.slice(1)] as unknown as T)
          ? served.value
          : config.task(args, options);
      },
    });
    host.servedTasks.push(this);
  }

  override get status(): TaskStatus {
    return this.shown() ? TaskStatus.COMPLETE : super.status;
  }

  override get value(): R | undefined {
    const shown = this.shown();
    return shown ? shown.value : super.value;
  }

  override render<S extends StatusRenderer<R>>(renderer: S) {
    const shown = this.shown();
    if (!shown) return super.render(renderer);
    // What `Task.render` returns for COMPLETE (its return type names the renderers' return types).
    return renderer.complete?.(shown.value) as never;
  }

  /** On the server: this task's value for the element as it is configured (attributes). */
  async serve(): Promise<Served> {
    const args = this.config.args();
    const value = await this.config.task(args, { signal: new AbortController().signal });
    return { args, value };
  }

  /** The served value while no run of this task has ended. */
  private shown(): { args: T; value: R } | undefined {
    if (super.status === TaskStatus.COMPLETE || super.status === TaskStatus.ERROR) {
      this.fromServer = null; // a run has ended: from now on the task shows its own runs
      return undefined;
    }
    if (this.fromServer === undefined) {
      const served = this.host.served?.[this.name];
      this.fromServer = served ? { args: served.args as unknown as T, value: served.value as R } : null;
    }
    return this.fromServer ?? undefined;
  }
}
