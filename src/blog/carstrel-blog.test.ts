/// <reference types="mocha" />
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Blog, ListEnvelope } from '../api/types.js';
import type { CarstrelPostOpenEvent } from '../shared/events.js';
import { apiBase, faults, resetSandbox, until, $, $$ } from '../testing/browser.js';
import { watchFetch } from '../testing/fetch-stub.js';
import { withParam } from '../testing/listing.js';
import './carstrel-blog.js';
import type { CarstrelBlog } from './carstrel-blog.js';

/** The test page's own URL (web-test-runner's session parameters must survive every test). */
const PAGE_URL = location.href;

async function apiPosts(limit = 100): Promise<Blog[]> {
  const res = await fetch(`${apiBase()}/external/blogs?limit=${limit}`);
  return ((await res.json()) as ListEnvelope<Blog>).data;
}

async function settled(el: CarstrelBlog): Promise<void> {
  await until(
    () => $(el, '[part="list"], [part="article"], [part="empty"], [part="error"]'),
    8000,
    'the blog to settle',
  );
  await el.updateComplete;
}

const links = (el: CarstrelBlog) => $$<HTMLAnchorElement>(el, 'a[part="post-link"]');
const titles = (el: CarstrelBlog) => links(el).map((a) => a.textContent);

describe('carstrel-blog', () => {
  let hostile: Blog;
  before(async () => {
    await resetSandbox();
    hostile = (await apiPosts()).find((p) => p.title.includes('<script>'))!;
  });
  afterEach(async () => {
    history.replaceState(null, '', PAGE_URL);
    await faults({ latencyMs: 0, down: false, errorRate: 0 });
  });

  it('loading state: placeholders and a polite "Loading posts" status, accessible', async () => {
    await faults({ latencyMs: 1200 });
    const el = await fixture<CarstrelBlog>(html`<carstrel-blog api=${apiBase()} limit="5"></carstrel-blog>`);
    expect($$(el, '.skeleton li')).to.have.length(5);
    expect($(el, '[role="status"]')!.textContent).to.equal('Loading posts…');
    await expect(el).to.be.accessible();
    await faults({ latencyMs: 0 });
    await settled(el);
    expect($(el, '[role="status"]')!.textContent).to.equal('');
  });

  it('lists `limit` posts newest first, each with title link, date, cover and excerpt; accessible', async () => {
    const el = await fixture<CarstrelBlog>(html`<carstrel-blog api=${apiBase()} limit="3"></carstrel-blog>`);
    await settled(el);
    const newest = (await apiPosts()).sort((a, b) => b.publishedDate.localeCompare(a.publishedDate)).slice(0, 3);
    expect(titles(el)).to.deep.equal(newest.map((p) => p.title));
    const first = $$(el, '[part="post"]')[0];
    expect(first.querySelector('time')!.getAttribute('datetime')).to.equal(
      new Date(newest[0].publishedDate).toISOString(),
    );
    expect(first.querySelector('time')!.textContent).to.match(/^[A-Z][a-z]+ \d{1,2}, \d{4}$/);
    expect(first.querySelector<HTMLImageElement>('[part="cover"]')!.src).to.equal(newest[0].coverImageUrl);
    expect(first.querySelector('[part="cover"]')!.getAttribute('alt')).to.equal('');
    expect(first.querySelector('[part="excerpt"]')!.textContent).to.equal(newest[0].excerpt);
    expect(new URL(links(el)[0].href).searchParams.get('post')).to.equal(newest[0].slug);
    expect($(el, '[part="list"]')!.getAttribute('aria-label')).to.equal('Blog posts');
    await expect(el).to.be.accessible();
  });

  it('shows markup in API text as literal text: nothing parsed, nothing stripped', async () => {
    const el = await fixture<CarstrelBlog>(html`<carstrel-blog api=${apiBase()} limit="20"></carstrel-blog>`);
    await settled(el);
    const link = links(el).find((a) => a.dataset.slug === hostile.slug)!;
    expect(link.textContent).to.equal(hostile.title);
    expect(link.textContent).to.contain('<script>alert("xss-blog-title")</script> & "friends"');
    const post = link.closest('[part="post"]')!;
    expect(post.querySelector('[part="excerpt"]')!.textContent).to.equal(hostile.excerpt);
    expect($$(el, 'script, iframe, b')).to.have.length(0);
    expect($$(el, 'img').every((img) => img.getAttribute('part') === 'cover')).to.equal(true);

    link.click(); // opens in place: no page load
    await until(() => $(el, '[part="article"]'), 4000, 'the post');
    const paragraphs = $$(el, '[part="content"] p').map((p) => p.textContent);
    expect(paragraphs).to.deep.equal(hostile.content.split('\n\n'));
    expect(paragraphs[1]).to.contain(`<a href="javascript:alert('xss-blog-link')">read the small print</a>`);
    expect($$(el, '[part="tags"] li').map((li) => li.textContent)).to.include('<b>offers</b>');
    expect($$<HTMLAnchorElement>(el, 'a').every((a) => /^https?:/.test(a.href))).to.equal(true);
    expect($$(el, 'script, iframe, b')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('keyboard journey: open a post in place, read it, go back to the list with focus restored; Back/Forward work', async () => {
    const opened: CarstrelPostOpenEvent[] = [];
    const el = await fixture<CarstrelBlog>(
      html`<carstrel-blog
        api=${apiBase()}
        limit="4"
        @carstrel-post-open=${(e: CarstrelPostOpenEvent) => opened.push(e)}
      ></carstrel-blog>`,
    );
    await settled(el);
    const start = document.createElement('button');
    start.textContent = 'start';
    el.before(start);
    try {
      start.focus();
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Tab' });
      const second = links(el)[1];
      expect(el.shadowRoot!.activeElement).to.equal(second);
      const slug = second.dataset.slug!;
      const title = second.textContent;
      await sendKeys({ press: 'Enter' });
      await until(() => $(el, '[part="article"]'), 4000, 'the post');
      await el.updateComplete;
      expect(new URL(location.href).searchParams.get('post')).to.equal(slug);
      expect(opened.map((e) => e.detail.slug)).to.deep.equal([slug]);
      const heading = $(el, '[part="article"] [part="title"]')!;
      expect(heading.textContent).to.equal(title);
      expect(el.shadowRoot!.activeElement).to.equal(heading);
      expect($$(el, '[part="content"] p').length).to.be.greaterThan(0);
      await expect(el).to.be.accessible();

      await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ up: 'Shift' });
      expect(el.shadowRoot!.activeElement).to.equal($(el, '[part="back"]'));
      await sendKeys({ press: 'Enter' });
      await until(() => $(el, '[part="list"]'), 4000, 'the list');
      await el.updateComplete;
      expect(new URL(location.href).searchParams.has('post')).to.equal(false);
      expect(el.shadowRoot!.activeElement).to.equal(links(el)[1]);

      history.back();
      await until(() => $(el, '[part="article"]'), 4000, 'the post again after Back');
      expect($(el, '[part="article"] [part="title"]')!.textContent).to.equal(title);
    } finally {
      start.remove();
    }
  });

  it('opens the post named in the page URL, even one past `limit`; an unknown one says so; accessible', async () => {
    history.replaceState(null, '', withParam(PAGE_URL, 'post', hostile.slug));
    const el = await fixture<CarstrelBlog>(html`<carstrel-blog api=${apiBase()} limit="2"></carstrel-blog>`);
    await until(() => $(el, '[part="article"]'), 8000, 'the post');
    expect($(el, '[part="article"] [part="title"]')!.textContent).to.equal(hostile.title);
    await expect(el).to.be.accessible();

    history.replaceState(null, '', withParam(PAGE_URL, 'post', 'no-such-post'));
    const gone = await fixture<CarstrelBlog>(html`<carstrel-blog api=${apiBase()} limit="2"></carstrel-blog>`);
    await until(() => $(gone, '[part="empty"]'), 8000, 'the not-found state');
    expect($(gone, '[part="empty"] p')!.textContent).to.equal('This post is no longer available.');
    expect($(gone, '[part="back"]')).to.not.equal(null);
    await expect(gone).to.be.accessible();
  });

  it('href-template links each post to another page; carstrel-post-open is cancelable', async () => {
    const el = await fixture<CarstrelBlog>(
      html`<carstrel-blog
        api=${apiBase()}
        limit="2"
        href-template="/news/{slug}?id={id}"
        @carstrel-post-open=${(e: Event) => e.preventDefault()}
      ></carstrel-blog>`,
    );
    await settled(el);
    const [post] = await apiPosts(1);
    const url = new URL(links(el)[0].href);
    expect(url.pathname).to.equal(`/news/${post.slug}`);
    expect(url.searchParams.get('id')).to.equal(post.id);
    links(el)[0].click();
    await el.updateComplete;
    expect(location.href).to.equal(PAGE_URL);
    expect($(el, '[part="article"]')).to.equal(null);
  });

  it('empty state: no posts shows the slot content; accessible', async () => {
    const original = window.fetch;
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) =>
      new URL(String(input), location.href).pathname === '/external/blogs'
        ? new Response(JSON.stringify({ statusCode: 200, data: [], total: 0, page: 1, limit: 6, totalPages: 0 }), {
            headers: { 'content-type': 'application/json' },
          })
        : original(input, init);
    try {
      const el = await fixture<CarstrelBlog>(
        html`<carstrel-blog api=${apiBase()}><p slot="empty">Our first post is coming.</p></carstrel-blog>`,
      );
      await settled(el);
      const slot = $<HTMLSlotElement>(el, 'slot[name="empty"]')!;
      expect(slot.assignedElements()[0].textContent).to.equal('Our first post is coming.');
      await expect(el).to.be.accessible();
    } finally {
      window.fetch = original;
    }
  });

  it('error state: the envelope message in an alert, carstrel-error, a retry that recovers; accessible', async () => {
    const net = watchFetch();
    net.fail('/external/blogs');
    try {
      const errors: Event[] = [];
      const el = await fixture<CarstrelBlog>(
        html`<carstrel-blog api=${apiBase()} @carstrel-error=${(e: Event) => errors.push(e)}></carstrel-blog>`,
      );
      await settled(el);
      expect($(el, '[part="error"]')!.getAttribute('role')).to.equal('alert');
      expect($(el, '[part="error"] p')!.textContent).to.equal(
        'The dealer service is unavailable. Try again in a moment.',
      );
      expect(errors).to.have.length(1);
      await expect(el).to.be.accessible();
      net.heal();
      $<HTMLButtonElement>(el, '[part="retry-button"]')!.click();
      await until(() => links(el).length === 6, 8000, 'posts after retry');
      await expect(el).to.be.accessible();
    } finally {
      net.restore();
    }
  });

  it('rate-limited: says when to try again (Retry-After) above a retry button; accessible', async () => {
    const net = watchFetch();
    net.fail('/external/blogs', 429, { 'retry-after': '7' });
    try {
      const el = await fixture<CarstrelBlog>(html`<carstrel-blog api=${apiBase()}></carstrel-blog>`);
      await settled(el);
      expect($(el, '[part="error"] p')!.textContent).to.equal('Too many requests. Try again in 7 s.');
      expect($(el, '[part="retry-button"]')!.textContent.trim()).to.equal('Try again');
      expect(getComputedStyle($(el, '[part="error"]')!).borderTopStyle, 'the error box is outlined').to.equal('solid');
      await expect(el).to.be.accessible();
    } finally {
      net.restore();
    }
  });

  it('speaks French: list name and dates', async () => {
    const el = await fixture<CarstrelBlog>(html`<carstrel-blog api=${apiBase()} lang="fr" limit="1"></carstrel-blog>`);
    await settled(el);
    expect($(el, '[part="list"]')!.getAttribute('aria-label')).to.equal('Articles du blog');
    expect($(el, 'time')!.textContent).to.match(/^\d{1,2} [a-zéû]+ \d{4}$/);
  });

  it('on a dark page, text follows the page colour and stays legible (axe contrast)', async () => {
    const box = await fixture<HTMLElement>(
      html`<div style="background: #121417; color: rgb(235, 237, 240); padding: 1rem">
        <carstrel-blog api=${apiBase()} limit="2"></carstrel-blog>
      </div>`,
    );
    const el = box.querySelector('carstrel-blog')!;
    await settled(el);
    expect(getComputedStyle(links(el)[0]).color).to.equal('rgb(235, 237, 240)');
    expect(getComputedStyle($(el, '[part="excerpt"]')!).color).to.equal('rgb(235, 237, 240)');
    await expect(box).to.be.accessible();
  });
});
