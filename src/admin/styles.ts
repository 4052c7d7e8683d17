import { css } from 'lit';

/** Styles shared by the console's views. */
export const adminStyles = css`
  :host {
    display: block;
    font: 16px/1.5 system-ui, sans-serif;
    color: #1b1f24;
  }
  *:focus-visible {
    outline: 3px solid #0a58ca;
    outline-offset: 2px;
  }
  h1, h2, h3 {
    line-height: 1.2;
    margin: 0 0 0.75rem;
  }
  button, input, select, textarea {
    font: inherit;
  }
  button {
    cursor: pointer;
    border: 1px solid #0a58ca;
    background: #0a58ca;
    color: #fff;
    border-radius: 6px;
    padding: 0.4rem 0.9rem;
  }
  button.secondary {
    background: #fff;
    color: #0a58ca;
  }
  button[disabled] {
    opacity: 0.6;
    cursor: default;
  }
  label {
    display: block;
    font-weight: 600;
  }
  input, select, textarea {
    border: 1px solid #6b7280;
    border-radius: 6px;
    padding: 0.35rem 0.5rem;
    background: #fff;
    color: inherit;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    background: #fff;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding: 0.5rem 0;
  }
  th, td {
    text-align: start;
    padding: 0.4rem 0.6rem;
    border-bottom: 1px solid #d0d5dd;
    vertical-align: top;
  }
  .alert {
    color: #8a1c1c;
    background: #fdecec;
    border: 1px solid #8a1c1c;
    border-radius: 6px;
    padding: 0.5rem 0.75rem;
  }
  .note {
    color: #1d5c2e;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    align-items: end;
  }
  .muted {
    color: #4b5563;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .tag {
    display: inline-block;
    background: #e8eefc;
    color: #1e3a8a;
    border-radius: 999px;
    padding: 0 0.5rem;
    margin: 0 0.25rem 0.25rem 0;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem 1rem;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
  }
`;
