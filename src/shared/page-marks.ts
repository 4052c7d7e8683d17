/**
 * What the loader (`carstrel.js`, its own bundle) and the elements' chunks share on the page: each
 * build has its own copy of this module, so the marks are `Symbol.for` keys and the rule is a pure
 * function, the same in every copy.
 */

/** On a host whose server-rendered list the loader announced (loader/intent.ts; read by shared/events.ts). */
export const ANNOUNCED = Symbol.for('carstrel.announced');

/** On `globalThis`: the page's one `carstrel` Trusted Types policy (null when the page refuses it). */
export const TRUSTED_TYPES_POLICY = Symbol.for('carstrel.trustedTypes');

/**
 * The `carstrel` policy's `createScript` rule, wherever the policy is created (loader/render.ts or
 * shared/json-ld.ts, whichever runs first): JSON-LD only, JSON without `<`, which no script could run.
 */
export function jsonScript(text: string): string {
  if (text.includes('<')) throw new TypeError('JSON-LD must not contain "<"');
  JSON.parse(text);
  return text;
}
