import { css, unsafeCSS } from 'lit';
import { coverImage } from '../shared/reset.js';
import { SUMMARY_HEIGHT, TITLE_ONE_LINE_MIN_REM } from './footprint.js';

export const styles = css`
  .layout {
    display: grid;
    gap: calc(var(--_space) * 1.25);
    grid-template-columns: minmax(0, 1fr);
    grid-template-areas: 'head' 'gallery' 'summary' 'details';
  }
  /* Wide containers: gallery beside the price block. */
  @container (min-width: 48rem) {
    .layout {
      grid-template-columns: minmax(0, 3fr) minmax(16rem, 2fr);
      grid-template-areas: 'head head' 'gallery summary' 'details details';
      align-items: start;
    }
  }
  .head {
    grid-area: head;
  }
  .gallery {
    grid-area: gallery;
    display: grid;
    gap: 0.5rem;
    min-width: 0;
  }
  .summary {
    grid-area: summary;
    display: grid;
    gap: var(--_space);
    align-content: start;
  }
  .details {
    grid-area: details;
    display: grid;
    gap: calc(var(--_space) * 1.5);
  }

  .badges {
    display: flex;
    gap: 0.375rem;
    flex-wrap: wrap;
    margin-bottom: 0.25rem;
  }
  .badge {
    font-size: 0.75em;
    font-weight: 700;
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
  .badge.status {
    background: var(--_color-warning);
  }
  .title {
    margin: 0;
    font-size: 1.5em;
    line-height: 1.2;
    min-height: 1.2em; /* as its skeleton: WebKit rounds a line box down to whole pixels (28.8 → 28) */
  }
  /* Narrow containers: two lines kept for the title, as its skeleton and the loader reserve (footprint.ts). */
  @container (width < ${unsafeCSS(TITLE_ONE_LINE_MIN_REM)}rem) {
    .title {
      min-height: 2.4em;
    }
  }
  .title:focus {
    outline: none;
  }
  .title:focus-visible {
    outline: 3px solid var(--_color-focus);
  }

  button {
    font: inherit;
    cursor: pointer;
    margin: 0;
    text-transform: none;
    letter-spacing: normal;
    min-height: 2.5rem;
    min-width: 2.5rem;
    border-radius: var(--_radius-small);
    border: 1px solid var(--_color-border);
    background: var(--_color-surface);
    color: var(--_color-primary);
    padding: 0.4em 0.8em;
  }
  .back {
    justify-self: start;
    margin-bottom: var(--_space);
  }

  .stage {
    position: relative;
    aspect-ratio: 4 / 3;
    background: var(--_color-surface-alt);
    border-radius: var(--_radius);
    overflow: hidden;
    touch-action: pan-y;
    user-select: none;
  }
  .stage.empty {
    display: grid;
    place-items: center;
    color: var(--_color-muted);
  }
  .stage img {
    ${coverImage}
  }
  .nav,
  .full {
    position: absolute;
    background: rgb(255 255 255 / 0.9);
    color: #111;
    border: 0;
    font-size: 1.5em;
    line-height: 1;
    padding: 0 0.5em;
  }
  .nav {
    top: 50%;
    transform: translateY(-50%);
  }
  .prev {
    left: 0.5rem;
  }
  .next {
    right: 0.5rem;
  }
  .full {
    top: 0.5rem;
    right: 0.5rem;
    display: grid;
    place-items: center;
    padding: 0;
  }
  .full svg {
    display: block;
    width: 1.25rem;
    height: 1.25rem;
  }
  .counter {
    position: absolute;
    bottom: 0.5rem;
    right: 0.5rem;
    padding: 0.1em 0.5em;
    border-radius: 999px;
    background: rgb(0 0 0 / 0.65);
    color: #fff;
    font-size: 0.8125em;
  }
  .thumbs {
    display: flex;
    gap: 0.375rem;
    overflow-x: auto;
    scrollbar-width: none; /* as tall as its skeleton; scrolled by swipe, keys and the stage's buttons */
    list-style: none;
    margin: 0;
    padding: 0.25rem;
  }
  .thumbs button {
    display: block;
    padding: 0;
    border: 2px solid transparent;
    overflow: hidden;
    line-height: 0;
  }
  .thumbs button[aria-current='true'] {
    border-color: var(--_color-primary);
  }
  .thumbs img {
    width: 4.5rem;
    height: 3.375rem;
    object-fit: cover;
    max-width: none;
    margin: 0;
  }

  .viewer {
    width: 100vw;
    height: 100vh;
    max-width: 100vw;
    max-height: 100vh;
    margin: 0;
    padding: 0;
    border: 0;
    background: #000;
    color: #fff;
    touch-action: pan-y pinch-zoom; /* horizontal swipes reach the gallery, zoom still works */
    user-select: none;
  }
  .viewer::backdrop {
    background: rgb(0 0 0 / 0.9);
  }
  .viewer img {
    width: 100%;
    height: 100%;
    object-fit: contain;
    max-width: none;
    margin: 0;
  }
  .viewer .close {
    position: absolute;
    top: 0.75rem;
    right: 0.75rem;
    background: rgb(255 255 255 / 0.9);
    color: #111;
    border: 0;
  }
  .viewer-counter {
    position: absolute;
    bottom: 0.75rem;
    left: 50%;
    transform: translateX(-50%);
    margin: 0;
  }

  .price {
    display: grid;
    gap: 0.125rem;
    padding: var(--_space);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    color: var(--_color-text);
    background: var(--_color-surface);
  }
  .price p {
    margin: 0;
  }
  .price .primary {
    font-size: 1.5em;
    font-weight: 700;
  }
  .price .line {
    color: var(--_color-muted);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .actions .cta {
    flex: 1 1 auto;
  }
  .cta {
    background: var(--_color-primary);
    color: var(--_color-on-primary);
    border-color: var(--_color-primary);
    font-weight: 700;
    padding: 0.75em 1em;
  }
  .pickup h3,
  .section h3 {
    font-size: 1.0625em;
    margin: 0 0 0.5rem;
  }
  .pickup p {
    margin: 0;
  }
  .pickup .address {
    color: var(--_color-muted);
  }

  .specs {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(14rem, 100%), 1fr));
    gap: 0.5rem 1.5rem;
    margin: 0;
  }
  .specs div {
    display: flex;
    justify-content: space-between;
    align-items: baseline;
    gap: 1rem;
    border-bottom: 1px solid var(--_color-border);
    padding: 0.35rem 0;
  }
  .specs dt {
    color: var(--_color-muted);
  }
  .specs dd {
    margin: 0;
    text-align: end;
  }
  .specs .logo {
    vertical-align: middle;
    margin-inline-end: 0.375rem;
  }
  .logo {
    width: 1.5rem;
    height: 1.5rem;
    object-fit: contain;
    margin: 0;
  }
  .groups {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(12rem, 100%), 1fr));
    gap: var(--_space);
  }
  .group h4 {
    margin: 0 0 0.25rem;
    font-size: 0.9375em;
  }
  .group ul {
    margin: 0;
    padding-inline-start: 1.1rem;
  }
  .description {
    white-space: pre-line;
    margin: 0;
  }

  .error {
    display: grid;
    gap: 0.75rem;
    justify-items: start;
    padding: calc(var(--_space) * 1.5);
    border: 1px solid var(--_color-danger);
    border-radius: var(--_radius);
    color: var(--_color-danger);
  }
  .error p {
    margin: 0;
  }

  .skeleton .stage {
    animation: pulse 1.2s ease-in-out infinite alternate;
  }
  .skeleton .head .bone {
    margin: 0;
  }
  .skeleton .badge-bone {
    width: 5em;
    height: 1.3125em;
    margin-bottom: 0.25rem !important;
  }
  .skeleton .title-bone {
    width: 60%;
    height: 1.8em;
  }
  @container (width < ${unsafeCSS(TITLE_ONE_LINE_MIN_REM)}rem) {
    .skeleton .title-bone {
      height: 3.6em;
    }
  }
  /* The strip's height: its 0.25rem padding around 3.375rem photos in 2px borders. */
  .thumbs-space {
    height: calc(0.5rem + 3.375rem + 4px);
  }
  .summary-space {
    min-height: ${unsafeCSS(SUMMARY_HEIGHT)};
  }
  .bone {
    display: block;
    height: 1em;
    margin: 0.4em 0;
    border-radius: 4px;
    background: var(--_color-surface-alt);
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
    height: 1.6em;
  }
  @keyframes pulse {
    to {
      opacity: 0.5;
    }
  }

  /* Names and values typed by dealers can hold one very long word (a model code, a URL):
     it breaks rather than widen the page on a phone. */
  .title,
  .specs dd,
  .description,
  .group li,
  .pickup p {
    overflow-wrap: anywhere;
  }
  .specs dd {
    min-width: 0;
  }
`;
