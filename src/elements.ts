/**
 * The custom elements of CarStrel Widgets and the module that defines each.
 * Read by the build (one chunk per element) and, through it, by the loader (`src/carstrel.ts`).
 */
export const ELEMENT_MODULES = {
  'carstrel-inventory': 'src/inventory/carstrel-inventory.ts',
  'carstrel-vehicle': 'src/vehicle/carstrel-vehicle.ts',
  'carstrel-test-drive-form': 'src/test-drive-form/carstrel-test-drive-form.ts',
  'carstrel-newsletter': 'src/newsletter/carstrel-newsletter.ts',
  'carstrel-login': 'src/login/carstrel-login.ts',
  'carstrel-contact-form': 'src/contact-form/carstrel-contact-form.ts',
  'carstrel-trade-in': 'src/trade-in/carstrel-trade-in.ts',
} as const;

export type ElementName = keyof typeof ELEMENT_MODULES;
