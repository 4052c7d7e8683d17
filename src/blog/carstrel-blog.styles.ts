import { css } from 'lit';

export const styles = css`
  .list {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(var(--carstrel-post-min-width, 16rem), 100%), 1fr));
    gap: calc(var(--_space) * 1.5) var(--_space);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .post {
    position: relative;
    display: flex;
    flex-direction: column;
    gap: 0.4rem;
    margin: 0;
    padding: 0;
    min-width: 0;
  }
  .cover {
    display: block;
    width: 100%;
    height: auto;
    max-width: 100%;
    aspect-ratio: 800 / 420;
    object-fit: cover;
    margin: 0;
    border: 0;
    border-radius: var(--_radius);
    background: var(--_wash);
  }
  .title {
    margin: 0.25rem 0 0;
    font-size: 1.125em;
    font-weight: 700;
    line-height: 1.3;
    overflow-wrap: anywhere;
  }
  .title a {
    color: inherit;
    text-decoration: underline;
    text-decoration-thickness: 1px;
    text-underline-offset: 0.15em;
  }
  .title a:hover {
    text-decoration-thickness: 2px;
  }
  /* The whole post is clickable through its title link. */
  .stretch::after {
    content: '';
    position: absolute;
    inset: 0;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    margin: 0;
    font-size: 0.875em;
  }
  .excerpt {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .article {
    display: grid;
    gap: 0.75rem;
    max-width: 48rem;
  }
  .article-title {
    font-size: 1.5em;
  }
  .article-title:focus {
    outline: none;
  }
  .article-title:focus-visible {
    outline: 3px solid var(--carstrel-color-focus, currentColor);
  }
  .content p {
    margin: 0 0 0.75rem;
    white-space: pre-line;
    overflow-wrap: anywhere;
  }
  .back {
    justify-self: start;
    display: inline-flex;
    align-items: center;
    min-height: 2.75rem;
    color: inherit;
    text-decoration: underline;
  }
  .tags {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .tags li {
    padding: 0.15rem 0.6rem;
    border: 1px solid var(--_line);
    border-radius: 999px;
    font-size: 0.875em;
  }
  .skeleton .post {
    min-height: 14rem;
  }
  .bone {
    display: block;
    width: 100%;
    aspect-ratio: 800 / 420;
    border-radius: var(--_radius);
    background: var(--_wash);
  }
  .empty p {
    margin: 0 0 0.75rem;
  }
`;
