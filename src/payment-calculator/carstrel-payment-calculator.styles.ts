import { css } from 'lit';

export const styles = css`
  .calculator {
    display: grid;
    gap: calc(var(--_space) * 0.75);
  }
  .price {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.25rem 1rem;
    margin: 0;
  }
  .price strong {
    font-size: 1.125em;
    font-weight: 700;
  }
  .fields {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(11rem, 100%), 1fr));
    gap: calc(var(--_space) * 0.75);
  }
  .field {
    display: grid;
    gap: 0.3rem;
    align-content: start;
    min-width: 0;
  }
  .field > label {
    font-size: 0.875em;
    font-weight: 600;
  }
  .field input,
  .field select {
    width: 100%;
  }
  [aria-invalid='true'] {
    border-color: var(--_color-danger);
    border-width: 2px;
  }
  .result {
    padding: calc(var(--_space) * 0.75) var(--_space);
    border: 1px solid var(--_line);
    border-radius: var(--_radius);
    min-height: 4.5rem;
  }
  .result p {
    margin: 0;
  }
  .figure {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.35rem;
  }
  .monthly {
    font-size: 1.75em;
    font-weight: 700;
    line-height: 1.2;
    font-variant-numeric: tabular-nums;
  }
  .result .breakdown {
    margin-top: 0.25rem;
    font-size: 0.875em;
  }
  .problem {
    font-weight: 600;
  }
  .disclaimer {
    margin: 0;
    font-size: 0.8125em;
  }
`;
