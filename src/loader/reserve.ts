/**
 * The loader's first act: `:not(:defined)` rules that give each listing element, before its code
 * has arrived, the height its skeleton (and then its content) will have, so that nothing after it
 * on the dealer's page moves. A constructable stylesheet on `document.adoptedStyleSheets`: no
 * inline style, so it works under a Content-Security-Policy without `'unsafe-inline'`.
 *
 * The height follows the element's own width (it is a size container; its `::before` queries it),
 * its `page-size` and `filters`, with the default spacing and card width. A dealer who changes
 * those tokens can reserve space with their own `carstrel-inventory:not(:defined)` rule (README).
 */
import {
  CARD_BODY_HEIGHT,
  COMPACT_WIDTH,
  COUNT_HEIGHT,
  FIELD_HEIGHT,
  FILTERS_TOGGLE_HEIGHT,
  PAGINATION_HEIGHT,
} from '../inventory/footprint.js';
import {
  HEAD_HEIGHT,
  SUMMARY_HEIGHT,
  THUMBS_HEIGHT,
  TITLE_ONE_LINE_MIN_REM,
  WIDE_MIN_REM,
} from '../vehicle/footprint.js';

/** Leaves the text alone at run time; the build minifies templates tagged `css`. */
const css = String.raw;

// A server-rendered element (`/render`, marked `data-carstrel-ssr`) has its content already: nothing to reserve.
const INVENTORY = 'carstrel-inventory:not(:defined):not([data-carstrel-ssr])::before';
const VEHICLE = 'carstrel-vehicle:not(:defined):not([data-carstrel-ssr])::before';

const atLeast = (rem: number, rule: string) => `@container (min-width:${rem}rem){${rule}}`;

/** The rules for the elements of the page (`page-size` and `filters` values found on it). */
export function reserveRules(root: ParentNode = document): string {
  let rules = css`
    carstrel-inventory:not(:defined),
    carstrel-vehicle:not(:defined) {
      display: block;
      container-type: inline-size;
    }
    ${INVENTORY}, ${VEHICLE} {
      content: '';
      display: block;
      font-size: var(--carstrel-font-size, 1rem);
      --_space: var(--carstrel-space, 1rem);
    }
    ${INVENTORY} {
      --c: var(--carstrel-grid-columns, 1);
      --fc: 1;
      --fr: round(up, var(--carstrel-f, 7) / var(--fc), 1);
      --fh: calc(var(--_space) * 3 + var(--fr) * ${FIELD_HEIGHT} + (var(--fr) - 1) * 0.75 * var(--_space));
      --r: round(up, var(--carstrel-n, 12) / var(--c), 1);
      --cw: calc((100cqw - (var(--c) - 1) * var(--_space)) / var(--c));
      height: calc(
        var(--fh) + ${COUNT_HEIGHT} + var(--_space) + var(--r) * ((var(--cw) - 2px) * 0.75 + 2px + ${CARD_BODY_HEIGHT}) +
          (var(--r) - 1) * var(--_space) + ${PAGINATION_HEIGHT}
      );
    }
    @container (width < ${COMPACT_WIDTH}px) {
      ${INVENTORY} {
        --fh: calc(${FILTERS_TOGGLE_HEIGHT} + var(--_space));
      }
    }
    carstrel-inventory[filters='none']:not(:defined)::before {
      --fh: 0px;
    }
    ${VEHICLE} {
      --gw: 100cqw;
      --title-lines: 2;
      height: calc(
        var(--carstrel-v, 0) *
          (var(--vb, 0px) + ${HEAD_HEIGHT} + 2.5 * var(--_space) + var(--gw) * 0.75 + ${THUMBS_HEIGHT} + var(--vs))
      );
      --vs: calc(1.25 * var(--_space) + ${SUMMARY_HEIGHT});
    }
    carstrel-vehicle[vehicle-id]:not(:defined),
    carstrel-vehicle[slug]:not(:defined) {
      --carstrel-v: 1;
    }
  `;
  rules += atLeast(TITLE_ONE_LINE_MIN_REM, `${VEHICLE}{--title-lines:1}`);
  rules += atLeast(WIDE_MIN_REM, `${VEHICLE}{--gw:calc((100cqw - 1.25 * var(--_space)) * 0.6);--vs:0px}`);
  // Card columns: auto-fill of 15rem cards with 1rem gaps; filter columns: 14rem fields, 0.75rem gaps.
  for (let k = 2; k <= 8; k++) rules += atLeast(16 * k - 1, `${INVENTORY}{--c:var(--carstrel-grid-columns,${k})}`);
  for (let k = 2; k <= 7; k++) rules += atLeast(14.75 * k + 1.25, `${INVENTORY}{--fc:${k}}`);
  for (const el of root.querySelectorAll('carstrel-inventory,carstrel-vehicle')) rules += ownRules(el);
  return rules;
}

/** Rules for one element's attributes (selected by their values, so no style attribute is written). */
function ownRules(el: Element): string {
  if (el.localName === 'carstrel-vehicle') {
    // A vehicle chosen by the page URL (no `vehicle-id` nor `slug`): the view and its back button show.
    const param = el.getAttribute('url-param') || 'vehicle';
    return new URLSearchParams(location.search).get(param)
      ? `carstrel-vehicle:not(:defined){--carstrel-v:1;--vb:calc(2.5rem + var(--carstrel-space,1rem))}`
      : '';
  }
  const attr = (name: string, value: string) => `carstrel-inventory[${name}="${CSS.escape(value)}"]:not(:defined)`;
  let rules = '';
  const size = el.getAttribute('page-size');
  const n = Number(size);
  if (size !== null)
    rules += `${attr('page-size', size)}{--carstrel-n:${Number.isInteger(n) && n >= 1 ? Math.min(n, 100) : 12}}`;
  const filters = el.getAttribute('filters');
  if (filters !== null) {
    const count = /\bnone\b/i.test(filters) ? 0 : filters.split(/[\s,]+/).filter(Boolean).length;
    rules += `${attr('filters', filters)}::before{${count ? `--carstrel-f:${count}` : '--fh:0px'}}`;
  }
  return rules;
}

/**
 * Adopts the rules into the document (once per loader); returns what brings them up to date with
 * the elements now on the page (the script usually runs before the element it precedes is parsed,
 * so its `page-size` and `filters` are only known when the loader finds it).
 */
export function reserveSpace(): () => void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(reserveRules());
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    return () => sheet.replaceSync(reserveRules());
  } catch {
    // No constructable stylesheets (old browsers): the elements take their space when defined.
    return () => undefined;
  }
}
