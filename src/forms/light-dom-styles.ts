import type { CSSResult } from 'lit';

/**
 * Styles for elements that render into their own light DOM (see `CarstrelFormElement` for why the
 * forms do). Shadow-DOM `:host` rules are rewritten to the element's tag with CSS nesting
 * (`carstrel-login { … & … }`), so every rule — the shared tokens included — stays scoped to the
 * element and nothing leaks to the dealer's page. The sheet is adopted once per document or
 * shadow root that holds such an element: a constructable stylesheet, never a `<style>` element,
 * so the forms run on pages whose Content-Security-Policy has no `'unsafe-inline'` for styles.
 */
const adopted = new WeakMap<Document | ShadowRoot, Set<string>>();

/** `:host(x)` → `&x`, `:host` → `&`, the whole text nested under `tag`. */
export function scopeToTag(tag: string, sheets: readonly CSSResult[]): string {
  const body = sheets.map((s) => s.cssText.replace(/:host\(([^)]*)\)/g, '&$1').replace(/:host\b/g, '&')).join('\n');
  return `${tag} {\n${body}\n}`;
}

/** Adopts the element's scoped styles into the document or shadow root it lives in (once). */
export function adoptLightDomStyles(el: HTMLElement, sheets: readonly CSSResult[]): void {
  const root = el.getRootNode();
  if (!(root instanceof Document || root instanceof ShadowRoot)) return;
  const tag = el.localName;
  const done = adopted.get(root) ?? new Set<string>();
  adopted.set(root, done);
  if (done.has(tag)) return;
  done.add(tag);
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(scopeToTag(tag, sheets));
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
