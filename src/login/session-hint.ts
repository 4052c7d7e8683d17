/**
 * "A customer logged in here": a hint only (no token, no personal data), so it may live in local
 * storage. Widgets that merely benefit from a session (prefill) ask the proxy only when it is set.
 */
const HINT_KEY = 'carstrel:session-hint';

export function readHint(): boolean {
  try {
    return globalThis.localStorage?.getItem(HINT_KEY) === '1';
  } catch {
    return true; // storage disabled: ask the proxy
  }
}

export function writeHint(on: boolean): void {
  try {
    if (on) globalThis.localStorage?.setItem(HINT_KEY, '1');
    else globalThis.localStorage?.removeItem(HINT_KEY);
  } catch {
    /* storage disabled: restore() always asks */
  }
}
