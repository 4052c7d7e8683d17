import { css } from 'lit';

export const styles = css`
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 1.5rem;
  }
  @media (min-width: 60rem) {
    .layout {
      grid-template-columns: minmax(18rem, 2fr) minmax(0, 3fr);
      align-items: start;
    }
  }
  h2 {
    margin: 0 0 0.75rem;
    font-size: 1.15rem;
  }
  h3 {
    margin: 0 0 0.25rem;
    font-size: 1rem;
  }
  section.setup,
  section.result {
    min-width: 0;
    padding: 1rem;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface);
  }
  fieldset {
    margin: 1rem 0 0;
    padding: 0.75rem;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
  }
  legend {
    padding: 0 0.25rem;
    font-weight: 600;
  }
  .field {
    display: grid;
    gap: 0.25rem;
    margin-bottom: 0.9rem;
  }
  label {
    font-weight: 600;
  }
  input[type='text'],
  select,
  textarea {
    box-sizing: border-box;
    width: 100%;
    min-height: 2.5rem;
    padding: 0.4rem 0.6rem;
    border: 1px solid #6b7480;
    border-radius: var(--_radius-small);
    font: inherit;
    color: inherit;
    background: #fff;
  }
  input[type='checkbox'] {
    justify-self: start;
    width: 1.25rem;
    height: 1.25rem;
  }
  textarea {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.875rem;
    resize: vertical;
  }
  .invalid input,
  .invalid select,
  [aria-invalid='true'] {
    border: 2px solid var(--_color-danger);
  }
  :focus-visible {
    outline: 3px solid var(--_color-focus);
    outline-offset: 2px;
  }
  .hint {
    margin: 0;
    color: var(--_color-muted);
    font-size: 0.875rem;
  }
  .error {
    margin: 0;
    color: var(--_color-danger);
    font-size: 0.9rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    align-items: center;
    margin: 0.5rem 0;
  }
  button {
    min-height: 2.75rem;
    padding: 0.5rem 1.25rem;
    border: 0;
    border-radius: var(--_radius-small);
    background: var(--_color-primary);
    color: var(--_color-on-primary);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  .status {
    margin: 0;
    font-weight: 600;
  }
  .notes {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
    gap: 1rem;
    margin: 1rem 0 1.5rem;
  }
  .notes p {
    margin: 0 0 0.5rem;
    font-size: 0.9rem;
  }
  pre {
    margin: 0;
    padding: 0.5rem;
    overflow-x: auto;
    border-radius: var(--_radius-small);
    background: var(--_color-surface-alt);
    font-size: 0.8rem;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  code {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    overflow-wrap: anywhere;
  }
  .preview {
    padding: 1rem;
    border: 2px dashed var(--_color-border);
    border-radius: var(--_radius);
  }
`;
