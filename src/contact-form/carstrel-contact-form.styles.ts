import { css } from 'lit';

/** Contact-form specific styles (nested under `carstrel-contact-form`; see src/forms/light-dom-styles.ts). */
export const styles = css`
  textarea {
    min-height: 8rem;
  }
`;
