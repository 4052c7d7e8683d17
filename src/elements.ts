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
  'carstrel-brands': 'src/brands/carstrel-brands.ts',
  'carstrel-payment-calculator': 'src/payment-calculator/carstrel-payment-calculator.ts',
  'carstrel-blog': 'src/blog/carstrel-blog.ts',
  'carstrel-favorites': 'src/favorites/carstrel-favorites.ts',
  'carstrel-trade-in': 'src/trade-in/carstrel-trade-in.ts',
} as const;

export type ElementName = keyof typeof ELEMENT_MODULES;

/**
 * Elements whose first list request the loader starts while their code loads: a small module
 * (no Lit) whose default export receives the elements found on the page (see `src/loader/`).
 * Never a request that records something upstream (`GET /external/vehicles/:id` is an impression).
 */
export const PREFETCH_MODULES: Partial<Record<ElementName, string>> = {
  'carstrel-inventory': 'src/inventory/prefetch.ts',
};
