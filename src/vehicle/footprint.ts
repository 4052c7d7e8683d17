/**
 * The vehicle view's footprint while it loads, as CSS lengths shared by its skeleton and by the
 * loader's reservation before the code arrives (`src/loader/reserve.ts`).
 */

/**
 * Badges (0.75em + padding) with 0.25rem below, and the title: `--title-lines` lines of 1.5em × 1.2
 * (see `TITLE_ONE_LINE_MIN_REM`).
 */
export const HEAD_HEIGHT = 'calc(1.3125em + 0.25rem + var(--title-lines, 1) * 1.8em)';

/**
 * From this container width the title keeps to one line; below it, two lines are kept for it
 * (skeleton, reservation and the loaded title's minimum height). How long a name is in pixels
 * depends on the dealer's font and on the engine (Firefox's and WebKit's default fonts are wider
 * than Chromium's: "2023 Chevrolet Silverado LS" wraps at 360 px there), and is not known before
 * the vehicle arrives.
 */
export const TITLE_ONE_LINE_MIN_REM = 36;

/** The thumbnail strip under the stage: 0.5rem above, 0.25rem padding, 3.375rem photos in 2px borders. */
export const THUMBS_HEIGHT = 'calc(1rem + 3.375rem + 4px)';

/** The price block, call to action and pickup below the gallery in a narrow view (an estimate). */
export const SUMMARY_HEIGHT = '16em';

/** From this container width the gallery (3fr) and the price block (2fr) sit side by side. */
export const WIDE_MIN_REM = 48;
