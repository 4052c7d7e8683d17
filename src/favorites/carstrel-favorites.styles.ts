import { css } from 'lit';

export const styles = css`
  .favorites {
    display: grid;
    gap: calc(var(--_space) * 1.5);
  }
  section {
    display: grid;
    gap: calc(var(--_space) * 0.75);
    min-width: 0;
  }
  .heading {
    margin: 0;
    font-size: 1.125em;
    font-weight: 700;
    line-height: 1.3;
  }
  .heading:focus {
    outline: none;
  }
  .list {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(20rem, 100%), 1fr));
    gap: calc(var(--_space) * 0.75);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .item {
    display: flex;
    gap: 0.75rem;
    min-width: 0;
    margin: 0;
    padding: 0.75rem;
    border: 1px solid var(--_line);
    border-radius: var(--_radius);
  }
  .image {
    flex: none;
    display: grid;
    place-items: center;
    width: 7.5rem;
    height: 5.625rem;
    max-width: none;
    margin: 0;
    border: 0;
    border-radius: var(--_radius-small);
    object-fit: cover;
    background: var(--_wash);
    font-size: 0.8125em;
    text-align: center;
  }
  .body {
    display: grid;
    gap: 0.25rem;
    align-content: start;
    min-width: 0;
  }
  .body p {
    margin: 0;
  }
  .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  a {
    color: inherit;
    text-decoration: underline;
    text-underline-offset: 0.15em;
  }
  .price {
    font-weight: 700;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
    margin-top: 0.25rem;
  }
  .compare {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
    min-height: 2.75rem;
    cursor: pointer;
  }
  .compare input {
    width: 1.25rem;
    height: 1.25rem;
    min-height: 0;
    margin: 0;
    accent-color: var(--_color-primary);
  }
  .hint {
    margin: 0;
  }
  .comparison {
    overflow-x: auto;
    max-width: 100%;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    min-width: 28rem;
  }
  caption {
    text-align: start;
    font-weight: 700;
    padding-bottom: 0.5rem;
  }
  th,
  td {
    padding: 0.5rem 0.75rem;
    border-bottom: 1px solid var(--_line);
    text-align: start;
    vertical-align: top;
  }
  thead th {
    font-weight: 700;
  }
  thead th,
  thead td {
    border-bottom-width: 2px;
  }
  tbody th {
    font-weight: 600;
    white-space: nowrap;
  }
  .recent {
    display: grid;
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .recent-item {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem 1rem;
    padding-bottom: 0.5rem;
    border-bottom: 1px solid var(--_line);
  }
  .skeleton .item {
    height: 7.25rem;
  }
  .bone {
    display: block;
    width: 7.5rem;
    height: 5.625rem;
    border-radius: var(--_radius-small);
    background: var(--_wash);
  }
  .empty p {
    margin: 0 0 0.75rem;
  }
`;
