import { css, unsafeCSS } from 'lit';
import { coverImage } from '../shared/reset.js';
import { CARD_BODY_HEIGHT, PAGINATION_HEIGHT } from './footprint.js';

export const styles = css`
  .inventory {
    display: grid;
    gap: var(--_space);
  }

  /* Filters: as many columns as fit the element's own width (container query units). */
  .filters {
    display: grid;
    grid-template-columns: repeat(
      auto-fill,
      minmax(min(14rem, 100%), 1fr)
    ); /* wide enough for the longest choice (en, fr) */
    gap: calc(var(--_space) * 0.75);
    align-items: end;
    margin: 0;
    padding: var(--_space);
    color: var(--_color-text);
    background: var(--_color-surface-alt);
    border-radius: var(--_radius);
  }
  .filter-panel {
    color: var(--_color-text);
    background: var(--_color-surface-alt);
    border-radius: var(--_radius);
  }
  .filter-panel > summary {
    cursor: pointer;
    padding: 0.75rem var(--_space);
    font-weight: 600;
    min-height: 2.75rem;
  }
  .filter-panel > .filters {
    padding-top: 0;
  }
  .field {
    display: grid;
    gap: 0.25rem;
    min-width: 0;
    margin: 0;
    padding: 0;
    border: 0;
  }
  .field > label,
  .range legend {
    font-size: 0.875em;
    font-weight: 600;
    padding: 0;
  }
  .range {
    grid-template-columns: 1fr 1fr;
  }
  .range legend {
    grid-column: 1 / -1;
    margin-bottom: 0.25rem;
  }
  .range label {
    display: grid;
  }
  /* Fixed heights: the filters are as tall before their choices arrive as after (footprint.ts). */
  select,
  input {
    font: inherit;
    color: var(--_color-text);
    background: var(--_color-surface);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    padding: 0 0.6em;
    height: 2.5rem;
    width: 100%;
    min-width: 0;
    margin: 0;
  }
  select:disabled {
    opacity: 0.6;
  }
  button {
    cursor: pointer;
    color: var(--_color-primary);
    background: var(--_color-surface);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    padding: 0.45em 0.9em;
    min-height: 2.5rem;
    min-width: 2.5rem;
    margin: 0;
    text-transform: none;
    letter-spacing: normal;
  }
  button:disabled {
    cursor: default;
    opacity: 0.5;
  }

  .count {
    margin: 0;
    color: var(--_color-muted);
    font-size: 0.9375em;
  }
  .count:focus {
    outline: none;
  }
  .count:focus-visible {
    outline: 3px solid var(--_color-focus);
  }

  .grid {
    display: grid;
    grid-template-columns: repeat(var(--_grid-columns), minmax(min(var(--_card-min-width), 100%), 1fr));
    gap: var(--_space);
    list-style: none;
    margin: 0;
    padding: 0;
  }

  .card {
    position: relative;
    display: flex;
    flex-direction: column;
    overflow: hidden;
    margin: 0;
    color: var(--_color-text);
    background: var(--_color-surface);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
  }
  .card:focus-within {
    outline: 3px solid var(--_color-focus);
    outline-offset: 2px;
  }
  .media {
    aspect-ratio: 4 / 3;
    background: var(--_color-surface-alt);
    display: grid;
    place-items: center;
    overflow: hidden;
  }
  .media img {
    ${coverImage}
  }
  .no-photo {
    color: var(--_color-muted);
    font-size: 0.875em;
  }
  .body {
    display: grid;
    gap: 0.25rem;
    padding: calc(var(--_space) * 0.75) var(--_space) var(--_space);
    align-content: start;
    min-height: ${unsafeCSS(CARD_BODY_HEIGHT)};
  }
  .badge {
    justify-self: start;
    font-size: 0.75em;
    font-weight: 700;
    letter-spacing: 0.02em;
    padding: 0.125em 0.6em;
    border-radius: 999px;
    color: #fff;
    background: var(--_badge-sale);
  }
  .badge.rental {
    background: var(--_badge-rental);
  }
  .badge.auction {
    background: var(--_badge-auction);
  }
  /* Two lines, always: every card is as tall as its skeleton, whatever the length of the name. */
  .title {
    margin: 0;
    font-size: 1.0625em;
    line-height: 1.3;
    font-weight: 700;
    overflow-wrap: anywhere; /* one very long word in a name breaks instead of being cut off */
    min-height: 2.6em;
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    line-clamp: 2;
    overflow: hidden;
  }
  .stretch {
    color: inherit;
    text-decoration: none;
    font: inherit;
  }
  .link-button {
    all: unset;
    cursor: pointer;
  }
  .stretch::after {
    content: '';
    position: absolute;
    inset: 0;
  }
  .stretch:focus-visible {
    outline: none;
  }
  .stretch:hover {
    text-decoration: underline;
  }
  .meta {
    margin: 0;
    color: var(--_color-muted);
    font-size: 0.875em;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .price {
    margin: 0.25rem 0 0;
    font-size: 1.125em;
    font-weight: 700;
    color: var(--_color-text);
  }
  .price-detail {
    margin: 0;
    font-size: 0.875em;
    color: var(--_color-muted);
  }
  .extra {
    position: relative; /* above the stretched link: dealer content may hold its own links */
    z-index: 1;
  }
  /* The "Save" toggle (after the link in reading order) in the photo's corner, above the stretched link. */
  .save {
    position: absolute;
    top: 0.5rem;
    right: 0.5rem;
    z-index: 1;
  }
  .save .save-toggle {
    color: var(--_color-text);
    background: var(--_color-surface);
    border-color: var(--_color-border);
    box-shadow: var(--_shadow);
  }

  .skeleton .card,
  .card.placeholder {
    box-shadow: none;
  }
  .bone {
    display: block;
    height: 0.9em;
    margin: 0.2em 0;
    border-radius: 4px;
    background: var(--_color-surface-alt);
    animation: pulse 1.2s ease-in-out infinite alternate;
  }
  .badge-bone {
    width: 25%;
    height: 1.1em;
  }
  .w40 {
    width: 40%;
  }
  .w50 {
    width: 50%;
  }
  .w60 {
    width: 60%;
  }
  .w80 {
    width: 80%;
    height: 1.2em;
  }
  @keyframes pulse {
    to {
      opacity: 0.45;
    }
  }

  .empty,
  .error {
    display: grid;
    gap: 0.75rem;
    justify-items: start;
    padding: calc(var(--_space) * 1.5);
    border: 1px dashed var(--_color-border);
    border-radius: var(--_radius);
  }
  .empty p,
  .error p {
    margin: 0;
  }
  .error {
    border-style: solid;
    border-color: var(--_color-danger);
    color: var(--_color-danger);
  }

  .pagination-space {
    height: ${unsafeCSS(PAGINATION_HEIGHT)};
  }
  .pagination {
    display: flex;
    flex-wrap: wrap;
    gap: 0.375rem;
    justify-content: center;
    align-items: center;
    margin-top: var(--_space);
  }
  /* As tall as the row reserved for them (footprint.ts), whatever the font's line height. */
  .pagination button {
    height: 2.5rem;
    padding-block: 0;
  }
  .pagination [aria-current='page'] {
    background: var(--_color-primary);
    color: var(--_color-on-primary);
    border-color: var(--_color-primary);
    font-weight: 700;
  }
  .gap {
    padding: 0 0.25rem;
    color: var(--_color-muted);
  }
  .position {
    display: none;
    padding: 0 0.5rem;
    color: var(--_color-muted);
  }

  /* Narrow containers (a sidebar): one compact column, smaller pagination. */
  @container (max-width: 30rem) {
    .filters {
      padding: calc(var(--_space) * 0.75);
    }
    /* Prev / "Page 2 of 26" / next: numbered buttons and "…" gaps would not fit or mean anything. */
    .pagination button:not(.prev):not(.next),
    .pagination .gap {
      display: none;
    }
    .pagination .position {
      display: inline;
    }
  }
`;
