import type { ReactiveControllerHost } from 'lit';

/**
 * Moves focus to the element matching `selector` inside `host` once its next render is in the
 * DOM (a result panel's title, the first field in error, the field a journey continues in).
 */
export function focusAfterUpdate(
  host: ReactiveControllerHost & HTMLElement,
  selector: string,
  options?: FocusOptions,
): void {
  void host.updateComplete.then(() => host.querySelector<HTMLElement>(selector)?.focus(options));
}
