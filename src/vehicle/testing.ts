/** Helpers shared by the carstrel-vehicle browser tests. */
import { $, until } from '../testing/browser.js';
import type { CarstrelVehicle } from './carstrel-vehicle.js';

/** Waits until the vehicle view shows its vehicle or its error. */
export async function shown(el: CarstrelVehicle): Promise<void> {
  await until(() => $(el, '[part="base"], [part="error"]'), 8000, 'the vehicle view to settle');
  await el.updateComplete;
}
