/**
 * Which addresses this browser subscribed, so that subscribing again can say 'already
 * subscribed': the API answers both cases with the same 200 (subscribe is idempotent), so the
 * widget also honours an upstream hint (`message` saying "already", or `data.alreadySubscribed`)
 * when there is one. Only short hashes are kept (local storage), never the addresses.
 */
import { fingerprint } from '../forms/draft.js';

const KEY = 'carstrel:newsletter:subscribed';
const MAX = 20;

function read(): string[] {
  try {
    const list: unknown = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function write(list: string[]): void {
  try {
    if (list.length) globalThis.localStorage?.setItem(KEY, JSON.stringify(list.slice(-MAX)));
    else globalThis.localStorage?.removeItem(KEY);
  } catch {
    /* storage disabled: no memory, the API's answer alone decides */
  }
}

const hash = (email: string) => fingerprint({ email: email.trim().toLowerCase() });

export function subscribedHere(email: string): boolean {
  return read().includes(hash(email));
}

export function rememberSubscription(email: string, subscribed: boolean): void {
  const h = hash(email);
  const rest = read().filter((x) => x !== h);
  write(subscribed ? [...rest, h] : rest);
}
