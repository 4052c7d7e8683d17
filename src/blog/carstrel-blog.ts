import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type TemplateResult, type PropertyDeclarations } from 'lit';
import { CarstrelElement } from '../shared/carstrel-element.js';
import { defineElement } from '../shared/define.js';
import { CarstrelErrorEvent, CarstrelPostOpenEvent, emit } from '../shared/events.js';
import { safeLocale } from '../shared/format.js';
import { loadErrorOf, loadErrorStyles, renderLoadError, type LoadError } from '../shared/load-error.js';
import { scrollBehavior } from '../shared/motion.js';
import { pageTone } from '../shared/page-tone.js';
import { rootReset } from '../shared/reset.js';
import { ServedTask } from '../shared/served-task.js';
import { navigateWithinPage, onUrlChange, readParams, urlWith } from '../shared/url-state.js';
import { styles } from './carstrel-blog.styles.js';
import { findPost, loadPosts, postHref, type Post, type PostList } from './data.js';
import { blogMessages } from './messages.js';

const clampLimit = (n: number) => (Number.isFinite(n) ? Math.min(100, Math.max(1, Math.floor(n))) : 6);

/**
 * @summary The dealer's blog posts, newest first: title, date, cover and excerpt; a post opens in
 * place (or on the page of `href-template`).
 *
 * Everything from the API is shown as text: markup in a title or a post shows as typed, never
 * parsed. Opening a post in place puts `?post={slug}` in the page URL (shareable; Back returns to
 * the list), so another page's blog can link here with `href-template="/blog?post={slug}"`.
 *
 * @slot empty - Shown instead of the default text when there is no post.
 *
 * @csspart base - The wrapper of everything.
 * @csspart list - The list of posts.
 * @csspart post - A post in the list.
 * @csspart cover - A post's cover image (list and opened post).
 * @csspart title - A post's title.
 * @csspart post-link - The link of a post's title.
 * @csspart date - A post's publication date.
 * @csspart excerpt - A post's excerpt.
 * @csspart article - The opened post.
 * @csspart content - The opened post's text.
 * @csspart tags - The opened post's tags.
 * @csspart back - The "Back to all posts" link.
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @csspart retry-button - The error state's retry button.
 *
 * @cssproperty --carstrel-post-min-width - Minimum width of a post in the list (default 16rem).
 * @cssproperty --carstrel-color-text - Text colour (default: the page's).
 * @cssproperty --carstrel-color-muted - Dates and excerpts (default: the text colour, faded).
 * @cssproperty --carstrel-radius - Corner radius of covers.
 * @cssproperty --carstrel-font-family - Font (default: inherited from the page).
 *
 * @fires carstrel-post-open - A post was opened (`detail: { id, slug, title, href }`); cancelable:
 *   `preventDefault()` keeps the page where it is.
 * @fires carstrel-error - Loading failed (`detail: { status, error }`).
 */
export class CarstrelBlog extends CarstrelElement {
  /** Its own requests tell it whether the proxy is in test mode: no probe of its own (test-mode.ts). */
  static readonly probesTestMode = false;

  static override styles = [...CarstrelElement.styles, rootReset, pageTone, styles, loadErrorStyles];

  /** Its attributes and state, as a static table (not decorators: no page loads decorator code). */
  static override properties: PropertyDeclarations = {
    limit: { type: Number },
    hrefTemplate: { attribute: 'href-template' },
    urlParam: { attribute: 'url-param' },
    locale: {},
    label: {},
    openKey: { state: true, attribute: false },
  };

  /** Number of posts listed, 1 to 100 (default 6). */
  limit = 6;
  /** Link of a post: a template with `{slug}` and `{id}`. Default: the post opens in place. */
  hrefTemplate = '';
  /** Query parameter naming the open post (default `post`). */
  urlParam = 'post';
  /** Locale of dates (BCP 47). Default: the element's language. */
  locale = '';
  /** Accessible name of the list (default "Blog posts"). */
  label = '';

  /** Slug (or id) of the post open in place, from the page URL. */
  private openKey = '';

  private stopUrl?: () => void;
  /** Where focus goes after the next render: the opened post, or the link of the post just closed. */
  private focusTarget?: { kind: 'post' } | { kind: 'link'; slug: string };

  private readonly posts = new ServedTask(this, 'posts', {
    task: ([, limit]: readonly [string, number], { signal }) => loadPosts(this.client, limit, signal),
    args: () => [this.client.base, clampLimit(this.limit)] as const,
    onError: (e) => this.report(e),
  });

  /** A post opened by URL that is not among the listed ones: looked up through the pages. */
  private readonly lookup = new Task(this, {
    task: ([, key]: readonly [string, string], { signal }) =>
      key ? findPost(this.client, key, signal) : Promise.resolve(undefined),
    args: () => [this.client.base, this.unlistedKey] as const,
    onError: (e) => this.report(e),
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.stopUrl = onUrlChange(() => this.readUrl());
    this.readUrl();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopUrl?.();
  }

  private readUrl(): void {
    this.openKey = readParams('', [this.urlParam])[this.urlParam] ?? '';
  }

  private report(e: unknown): void {
    const err = loadErrorOf(e);
    emit(this, new CarstrelErrorEvent({ status: err.status, error: err.envelope }));
  }

  /** The open post's key when the listed posts are loaded and do not include it. */
  private get unlistedKey(): string {
    if (!this.openKey || this.posts.status !== TaskStatus.COMPLETE) return '';
    return this.listed(this.openKey) ? '' : this.openKey;
  }

  private listed(key: string): Post | undefined {
    return this.posts.value?.posts.find((p) => p.slug === key || p.id === key);
  }

  /** Loads the posts again (the error state's "Try again"). */
  retry(): void {
    void (this.unlistedKey && this.lookup.status === TaskStatus.ERROR ? this.lookup.run() : this.posts.run());
  }

  private get t() {
    return this.messages(blogMessages);
  }

  private formatDate(iso: string): string {
    const locale = safeLocale(this.locale || this.closest('[lang]')?.getAttribute('lang') || navigator.language);
    return new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(new Date(iso));
  }

  protected override updated(): void {
    const target = this.focusTarget;
    if (!target) return;
    const el =
      target.kind === 'post'
        ? this.renderRoot.querySelector<HTMLElement>('[part~="article"] [part~="title"]')
        : this.renderRoot.querySelector<HTMLElement>(`[part~="post-link"][data-slug="${CSS.escape(target.slug)}"]`);
    if (!el) return;
    this.focusTarget = undefined;
    el.focus();
    el.scrollIntoView?.({ block: 'nearest', behavior: scrollBehavior() });
  }

  override render(): TemplateResult {
    const pending = this.posts.status === TaskStatus.INITIAL || this.posts.status === TaskStatus.PENDING;
    const looking = this.lookup.status === TaskStatus.PENDING;
    const t = this.t;
    return html`<div part="base" class="carstrel-root">
      <p class="visually-hidden" role="status">${pending || looking ? t(this.openKey ? 'opening' : 'loading') : ''}</p>
      ${this.openKey ? this.renderOpen() : this.renderList()}
    </div>`;
  }

  private renderList(): TemplateResult {
    return this.posts.render({
      initial: () => this.renderSkeleton(),
      pending: () => this.renderSkeleton(),
      complete: (list) => this.renderPosts(list),
      error: (e) => this.renderError(loadErrorOf(e)),
    });
  }

  private renderOpen(): TemplateResult {
    const post = this.listed(this.openKey) ?? (this.unlistedKey ? this.lookup.value : undefined);
    if (post) return this.renderArticle(post);
    if (this.posts.status === TaskStatus.ERROR) return this.renderList();
    if (this.lookup.status === TaskStatus.ERROR) return this.renderError(loadErrorOf(this.lookup.error));
    if (this.posts.status !== TaskStatus.COMPLETE || this.lookup.status !== TaskStatus.COMPLETE)
      return this.renderSkeleton(1);
    return html`<div part="empty" class="empty">
      <p>${this.t('notFound')}</p>
      ${this.renderBack()}
    </div>`;
  }

  private renderSkeleton(count = Math.min(clampLimit(this.limit), 6)): TemplateResult {
    return html`<ul class="list skeleton" aria-hidden="true">
      ${Array.from({ length: count }, () => html`<li class="post"><span class="bone cover-bone"></span></li>`)}
    </ul>`;
  }

  private renderPosts(list: PostList): TemplateResult {
    if (list.posts.length === 0) {
      return html`<div part="empty" class="empty">
        <slot name="empty"><p>${this.t('empty')}</p></slot>
      </div>`;
    }
    return html`<ul part="list" class="list" role="list" aria-label=${this.label || this.t('label')}>
      ${list.posts.map((p) => this.renderPost(p))}
    </ul>`;
  }

  private hrefOf(post: Post): string | undefined {
    return this.hrefTemplate
      ? postHref(post, this.hrefTemplate)
      : urlWith('', [this.urlParam], { [this.urlParam]: post.slug || post.id });
  }

  private renderPost(post: Post): TemplateResult {
    const href = this.hrefOf(post);
    return html`<li part="post" class="post">
      ${
        post.cover
          ? html`<img part="cover" class="cover" src=${post.cover} alt="" width="800" height="420" loading="lazy" />`
          : nothing
      }
      <h3 part="title" class="title">
        <a
          part="post-link"
          class="stretch"
          href=${href ?? nothing}
          data-slug=${post.slug || post.id}
          @click=${(e: MouseEvent) => this.onPostClick(e, post, href)}
          >${post.title}</a
        >
      </h3>
      ${this.renderDate(post)}
      <p part="excerpt" class="excerpt">${post.excerpt}</p>
    </li>`;
  }

  private renderDate(post: Post): TemplateResult | typeof nothing {
    if (!post.published) return nothing;
    return html`<p class="meta muted">
      <time part="date" datetime=${post.published}>${this.formatDate(post.published)}</time>
    </p>`;
  }

  private onPostClick(e: MouseEvent, post: Post, href: string | undefined): void {
    const proceed = emit(this, new CarstrelPostOpenEvent({ id: post.id, slug: post.slug, title: post.title, href }));
    if (!proceed) {
      e.preventDefault();
      return;
    }
    const modified = e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey;
    if (!href || this.hrefTemplate || modified) return;
    e.preventDefault();
    this.focusTarget = { kind: 'post' };
    navigateWithinPage(href, 'push');
  }

  private renderArticle(post: Post): TemplateResult {
    const t = this.t;
    return html`<article part="article" class="article" aria-labelledby="post-title">
      ${this.renderBack()}
      <h3 part="title" class="title article-title" id="post-title" tabindex="-1">${post.title}</h3>
      <p class="meta muted">
        ${
          post.published
            ? html`<time part="date" datetime=${post.published}>${this.formatDate(post.published)}</time>`
            : nothing
        }
        ${post.author ? html`<span>${t('by', { author: post.author })}</span>` : nothing}
      </p>
      ${
        post.cover
          ? html`<img part="cover" class="cover" src=${post.cover} alt="" width="800" height="420" />`
          : nothing
      }
      <div part="content" class="content">${post.paragraphs.map((p) => html`<p>${p}</p>`)}</div>
      ${
        post.tags.length
          ? html`<ul part="tags" class="tags" aria-label=${t('tags')}>
              ${post.tags.map((tag) => html`<li>${tag}</li>`)}
            </ul>`
          : nothing
      }
    </article>`;
  }

  private renderBack(): TemplateResult {
    return html`<a part="back" class="back" href=${urlWith('', [this.urlParam], {})} @click=${this.onBackClick}
      ><span aria-hidden="true">← </span>${this.t('back')}</a
    >`;
  }

  private onBackClick(e: MouseEvent): void {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    this.focusTarget = { kind: 'link', slug: this.openKey };
    navigateWithinPage((e.currentTarget as HTMLAnchorElement).href, 'push');
  }

  private renderError(err: LoadError): TemplateResult {
    return renderLoadError(err, this.t, () => this.retry());
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'carstrel-blog': CarstrelBlog;
  }
}

defineElement('carstrel-blog', CarstrelBlog);
