import { css } from 'lit';

export const styles = css`
  .summary {
    margin: 0 0 calc(var(--_space) * 0.75);
    font-size: 0.9375em;
  }
  .list {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(var(--carstrel-tile-min-width, 9rem), 100%), 1fr));
    gap: calc(var(--_space) * 0.75);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .item {
    display: flex;
    margin: 0;
    padding: 0;
  }
  .tile {
    display: grid;
    justify-items: center;
    align-content: start;
    gap: 0.35rem;
    width: 100%;
    min-height: 2.75rem;
    padding: calc(var(--_space) * 0.75);
    border: 1px solid var(--_line);
    border-radius: var(--_radius);
    color: inherit;
    text-align: center;
    text-decoration: none;
  }
  a.tile:hover {
    border-color: var(--_color-primary);
    background: var(--_wash);
  }
  a.tile:hover .name {
    text-decoration: underline;
  }
  .image {
    display: block;
    width: 4rem;
    height: 4rem;
    max-width: none;
    margin: 0;
    border: 0;
    object-fit: contain;
  }
  /* Body-type icons are line drawings: a light disc keeps them legible on dark pages too. */
  .icon {
    padding: 0.35rem;
    border-radius: 50%;
    background: #fff;
  }
  .initials {
    display: grid;
    place-items: center;
    border-radius: 50%;
    background: var(--_wash);
    font-weight: 700;
    text-transform: uppercase;
  }
  .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .count {
    color: var(--_ink-muted);
    font-variant-numeric: tabular-nums;
  }
  .skeleton .tile {
    height: 8.5rem;
    border-style: dashed;
  }
  .bone {
    display: block;
    width: 4rem;
    height: 4rem;
    border-radius: 50%;
    background: var(--_wash);
  }
  .empty p {
    margin: 0 0 0.75rem;
  }
`;
