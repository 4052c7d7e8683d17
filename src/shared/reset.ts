import { css } from 'lit';

/**
 * Inherited text properties reset on an element's root wrapper. A host page rule such as
 * `* { line-height: 3 !important; letter-spacing: .2em !important }` matches the custom element
 * itself and so beats `:host`; whatever it sets is inherited into the shadow tree. Setting them
 * again on the first element inside the shadow root stops that. Font family, size and colour are
 * deliberately not reset: they inherit from the page unless the `--carstrel-*` tokens say otherwise.
 */
export const rootReset = css`
  .carstrel-root {
    line-height: 1.5;
    letter-spacing: normal;
    word-spacing: normal;
    text-transform: none;
    text-indent: 0;
    text-align: start;
    text-shadow: none;
    white-space: normal;
    font-style: normal;
    font-weight: 400;
    font-variant: normal;
    visibility: visible;
    cursor: auto;
    direction: inherit;
  }
`;

/** A photo that fills its frame (cropped, never stretched), whatever the page's `img` rules say. */
export const coverImage = css`
  display: block;
  width: 100%;
  height: 100%;
  max-width: none;
  object-fit: cover;
  margin: 0;
  border: 0;
`;
