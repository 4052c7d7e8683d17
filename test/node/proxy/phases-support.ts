/**
 * What the phase tests share (phases.test.ts: each phase's rules; phases-edges.test.ts: each limit
 * at its value and one past it): bytes in and out, a refusal's status and message, n headers, and
 * the value `responseHeaders` keeps of one upstream header.
 */
import type { Refusal } from '../../../proxy/lib/errors.js';
import { responseHeaders } from '../../../proxy/lib/phases.js';

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
export const text = (body: Uint8Array): string => new TextDecoder().decode(body);

export const status = (r: Refusal | undefined): number | undefined => r?.status;
export const message = (r: Refusal | undefined): string => r?.message ?? '';

/** `n` distinct request headers (`x-h0: v`, `x-h1: v`, …). */
export const manyHeaders = (n: number): Array<[string, string]> =>
  Array.from({ length: n }, (_, i): [string, string] => [`x-h${i}`, 'v']);

/** What `responseHeaders` passes on of the upstream header `name: value` (undefined: dropped). */
export const kept = (name: string, value: string): string | undefined =>
  responseHeaders({ [name]: value })[name.toLowerCase()];
