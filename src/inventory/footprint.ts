/**
 * The inventory's footprint, as CSS lengths shared by its styles (skeleton and real cards) and by
 * the loader, which reserves the same space before the element's code has arrived
 * (`src/loader/reserve.ts`). `--_space` is the element's spacing token; `em` its font size.
 */

/** A filter field: label (0.875em, line-height 1.5), a 0.25rem gap, a 2.5rem control. */
export const FIELD_HEIGHT = 'calc(1.3125em + 2.75rem)';

/** The "Filters" disclosure of a narrow inventory: a summary with 0.75rem padding and one line. */
export const FILTERS_TOGGLE_HEIGHT = 'max(2.75rem, 1.5rem + 1.5em)';

/** The results count: one line of 0.9375em text. */
export const COUNT_HEIGHT = '1.40625em';

/**
 * A card's text block: padding (0.75 + 1 space), a badge line (0.75em + its padding), two lines of
 * title (1.0625em × 1.3), year and mileage (0.875em), the price (1.125em, 0.25rem above it) and
 * three price details (0.875em: an auction's end, reserve and buy-now price, the most a card
 * shows), with 0.25rem between them. Skeleton and real cards are all this tall.
 */
export const CARD_BODY_HEIGHT = 'calc(var(--_space) * 1.75 + 1.75rem + 11.0125em)';

/** The page navigation: 1 space above a row of 2.5rem buttons (reserved while loading). */
export const PAGINATION_HEIGHT = 'calc(var(--_space) + 2.5rem)';

/** Below this width (CSS px) the filters fold into a disclosure (see `CompactController`). */
export const COMPACT_WIDTH = 560;

/** Cards in a row of a grid this wide (CSS px): 15rem cards with 1rem gaps, at 16px/rem. */
export function columnsFor(width: number): number {
  return Math.max(1, Math.floor((width + 16) / 256));
}

/**
 * The layout an inventory is drawn in: its filters folded into the "Filters" disclosure or not,
 * and how many cards its first row holds (their photos are fetched first).
 */
export interface Layout {
  compact: boolean;
  columns: number;
}

/** The layout of an inventory whose width is not known (0, or a server that knows no width). */
export const WIDE_LAYOUT: Layout = { compact: false, columns: 4 };
