import type { Catalogue } from '../shared/i18n.js';

/**
 * The save toggle's name, in a module of its own: inventory cards and the vehicle page import the
 * toggle without the rest of `carstrel-favorites`' strings (the inventory page's JS budget).
 */
export const saveToggleMessages = {
  en: { save: 'Save' },
  fr: { save: 'Enregistrer' },
} satisfies Catalogue<string>;
