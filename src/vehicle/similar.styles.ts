import { css } from 'lit';
import { coverImage } from '../shared/reset.js';

/** "Similar vehicles" (`similar.ts`): up to four small cards, each one link over the whole card. */
export const similarStyles = css`
  .similar-list {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(11rem, 100%), 1fr));
    gap: var(--_space);
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .similar-item {
    position: relative;
    display: grid;
    gap: 0.25rem;
    align-content: start;
    padding: 0 0 0.75rem;
    overflow: hidden;
    color: var(--_color-text);
    background: var(--_color-surface);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
  }
  .similar-item:focus-within {
    outline: 3px solid var(--_color-focus);
    outline-offset: 2px;
  }
  .similar-media {
    aspect-ratio: 4 / 3;
    background: var(--_color-surface-alt);
    overflow: hidden;
  }
  .similar-media img {
    ${coverImage}
  }
  .similar-item .stretch,
  .similar-price {
    margin: 0 0.75rem;
  }
  .similar-item .stretch {
    color: inherit;
    font-weight: 700;
    text-decoration: none;
    overflow-wrap: anywhere;
  }
  .similar-item .stretch::after {
    content: '';
    position: absolute;
    inset: 0;
  }
  .similar-item .stretch:focus-visible {
    outline: none;
  }
  .similar-item .stretch:hover {
    text-decoration: underline;
  }
  .similar-price {
    color: var(--_color-muted);
  }
`;
