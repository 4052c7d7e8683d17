import { css } from 'lit';

/**
 * Styles shared by the CarStrel forms. Written as if for a shadow root (`:host`); rendered in
 * light DOM they are nested under the element's tag (see `./light-dom-styles.ts`), so every
 * selector is scoped to the element. Dealers theme through the `--carstrel-*` tokens, or style
 * the documented parts with attribute selectors (`carstrel-contact-form [part~="submit"]`).
 */
export const formStyles = css`
  :host {
    max-width: 36rem;
  }
  form {
    display: grid;
    gap: calc(var(--_space) * 0.85);
    margin: 0;
  }
  .title {
    margin: 0 0 calc(var(--_space) * 0.5);
    font-size: 1.25em;
    line-height: 1.3;
  }
  .field {
    display: grid;
    gap: 0.3rem;
  }
  label {
    font-weight: 600;
  }
  .optional {
    font-weight: 400;
    color: var(--_color-muted);
  }
  input,
  select,
  textarea {
    font: inherit;
    color: var(--_color-text);
    background: var(--_color-surface);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    padding: 0.55rem 0.7rem;
    width: 100%;
    min-height: 2.75rem;
  }
  textarea {
    resize: vertical;
  }
  select:disabled {
    color: var(--_color-muted);
    background: var(--_color-surface-alt);
    cursor: not-allowed;
  }
  input[aria-invalid='true'],
  select[aria-invalid='true'],
  textarea[aria-invalid='true'] {
    border-color: var(--_color-danger);
    border-width: 2px;
  }
  .consent-choice {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.6rem;
    align-items: start;
  }
  .consent-choice input {
    width: 1.25rem;
    height: 1.25rem;
    min-height: 0;
    margin: 0.15rem 0 0;
    padding: 0;
    accent-color: var(--_color-primary);
  }
  .consent-choice label {
    font-weight: 400;
    overflow-wrap: anywhere;
  }
  .privacy {
    justify-self: start;
    color: var(--_color-primary);
  }
  .hint {
    margin: 0;
    color: var(--_color-muted);
    font-size: 0.9em;
  }
  .error {
    margin: 0;
    color: var(--_color-danger);
    font-size: 0.9em;
  }
  .error::before {
    content: '⚠ ';
  }
  .submit,
  .secondary,
  .link {
    font: inherit;
    cursor: pointer;
    min-height: 2.75rem;
    border-radius: var(--_radius-small);
    padding: 0.55rem 1.1rem;
  }
  .submit {
    justify-self: start;
    border: 0;
    background: var(--_color-primary);
    color: var(--_color-on-primary);
    font-weight: 600;
  }
  .submit[aria-disabled='true'] {
    opacity: 0.7;
    cursor: progress;
  }
  .secondary {
    justify-self: start;
    border: 1px solid var(--_color-border);
    background: var(--_color-surface);
    color: var(--_color-text);
  }
  .link {
    border: 0;
    background: none;
    color: var(--_color-primary);
    text-decoration: underline;
    padding: 0;
    min-height: auto;
    justify-self: start;
  }
  .notice {
    margin: 0;
    padding: 0.7rem 0.9rem;
    border-radius: var(--_radius-small);
    background: var(--_color-surface-alt);
    border-left: 4px solid var(--_color-primary);
  }
  .notice--error {
    border-left-color: var(--_color-danger);
  }
  .notice--warning {
    border-left-color: var(--_color-warning);
  }
  .result {
    display: grid;
    gap: calc(var(--_space) * 0.6);
    padding: var(--_space);
    border-radius: var(--_radius);
    background: var(--_color-surface-alt);
    border-left: 4px solid var(--_color-success);
  }
  .result--queued {
    border-left-color: var(--_color-warning);
  }
  .result h2,
  .result h3,
  .result p {
    margin: 0;
  }
  .result [tabindex='-1']:focus {
    outline: none;
  }
  .reference {
    font-family: ui-monospace, monospace;
    overflow-wrap: anywhere;
  }
  .honeypot {
    position: absolute;
    left: -10000px;
    top: auto;
    width: 1px;
    height: 1px;
    overflow: hidden;
  }
`;
