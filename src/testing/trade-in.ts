/**
 * Helpers for `carstrel-trade-in`'s browser tests: the sandbox's reference data (through the test
 * proxy) and choosing in the form's selects. Not part of any element bundle.
 */
import type { Envelope, ListEnvelope, Brand, Model } from '../api/types.js';
import { apiBase, until } from './browser.js';
import { fill, type } from './forms.js';

export interface CarPick {
  brand: Brand;
  models: Model[];
}

/** A brand of the sandbox's catalogue (by name) and its models, as the API lists them. */
export async function brandNamed(name: string): Promise<CarPick> {
  const res = await fetch(`${apiBase()}/external/brands?limit=100`);
  const brand = ((await res.json()) as ListEnvelope<Brand>).data.find((b) => b.name === name);
  if (!brand) throw new Error(`the sandbox has no brand named ${name}`);
  const models = await fetch(`${apiBase()}/external/brands/${brand.id}/models`);
  return { brand, models: ((await models.json()) as Envelope<Model[]>).data };
}

/** The form's `<select>` named `name`. */
export function select(root: Element, name: string): HTMLSelectElement {
  const found = root.querySelector<HTMLSelectElement>(`form select[name="${name}"]`);
  if (!found) throw new Error(`no select named ${name}`);
  return found;
}

/** The labels of a select's choices (without its empty first option). */
export function choiceLabels(root: Element, name: string): string[] {
  return [...select(root, name).options].filter((o) => o.value).map((o) => o.textContent?.trim() ?? '');
}

/** Waits until a select offers choices (its list is loaded) and can be used. */
export function choicesLoaded(root: Element, name: string, timeout = 8000): Promise<unknown> {
  return until(
    () => {
      const s = root.querySelector<HTMLSelectElement>(`form select[name="${name}"]`);
      return s && !s.disabled && s.options.length > 1;
    },
    timeout,
    `the ${name} choices`,
  );
}

/** Types the start of a choice's label into the focused select (type-ahead), as a keyboard user does. */
export async function typeChoice(root: Element, name: string, label: string): Promise<void> {
  const s = select(root, name);
  if (document.activeElement !== s) throw new Error(`focus should be on the ${name} select`);
  await type(label);
  await until(() => s.selectedOptions[0]?.textContent?.trim().startsWith(label), 2000, `${label} chosen`);
}

/** Chooses a select's first option whose label starts with `label`, without the keyboard (an `input` event, as a choice makes). */
export async function pick(root: Element, name: string, label: string): Promise<void> {
  await choicesLoaded(root, name);
  const option = [...select(root, name).options].find((o) => o.value && o.textContent?.trim().startsWith(label));
  if (!option) throw new Error(`no ${name} choice starting with ${label}`);
  fill(root, name, option.value);
}

/** Fills a valid trade-in without the keyboard: Toyota Corolla, 2019, 45,000 km, the shopper. */
export async function fillTradeIn(root: Element, shopper: { name: string; email: string }): Promise<void> {
  await pick(root, 'brand', 'Toyota');
  await pick(root, 'model', 'Corolla');
  fill(root, 'year', '2019');
  fill(root, 'mileage', '45000');
  fill(root, 'name', shopper.name);
  fill(root, 'email', shopper.email);
}
