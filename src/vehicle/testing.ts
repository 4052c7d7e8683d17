/** Helpers shared by the carstrel-vehicle browser tests. */
import { until } from '../../test/helpers/browser.js';
import type { CarstrelVehicle } from './carstrel-vehicle.js';

/** First match inside an element's shadow root. */
export const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel);
/** All matches inside an element's shadow root. */
export const $$ = <T extends Element = HTMLElement>(el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<T>(sel)];

/** Waits until the vehicle view shows its vehicle or its error. */
export async function shown(el: CarstrelVehicle): Promise<void> {
  await until(() => $(el, '[part="base"], [part="error"]'), 8000, 'the vehicle view to settle');
  await el.updateComplete;
}
