import { css } from 'lit';

/** Newsletter specific styles (nested under `carstrel-newsletter`). */
export const styles = css`
  .intro {
    margin: 0;
    color: var(--_color-muted);
  }
  /* The button lines up with the input, not with the bottom of the field: a hint or an error
     under the input must not push it down. Its top margin is the label's line (1.5em) plus the
     field's gap (0.3rem, form.styles.ts). */
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.6rem;
    align-items: flex-start;
  }
  .row > .submit {
    margin-top: calc(1.5em + 0.3rem);
  }
  .row .field {
    flex: 1 1 14rem;
  }
  /* With consent asked, the checkbox takes its own line between the address and the button. */
  .row .consent {
    flex-basis: 100%;
  }
  .row .consent ~ .submit {
    margin-top: 0;
  }
`;
