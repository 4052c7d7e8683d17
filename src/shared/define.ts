/**
 * Defines a custom element once. A page that includes the script twice, or two versions of it,
 * must not crash with "this name has already been used with this registry": the first
 * definition wins and later ones are ignored.
 */
export function defineElement(name: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(name)) customElements.define(name, ctor);
}
