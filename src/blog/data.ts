import type { CarstrelClient } from '../api/client.js';
import type { Blog } from '../api/types.js';
import { safeHttpUrl } from '../shared/safe-url.js';

/** A post as the element shows it: every field checked, the cover only when http(s). */
export interface Post {
  id: string;
  slug: string;
  title: string;
  excerpt: string;
  /** Paragraphs of the content (blank lines separate them in the API). */
  paragraphs: string[];
  cover?: string;
  author: string;
  tags: string[];
  /** ISO date, or '' when the API's date is not a date. */
  published: string;
}

export interface PostList {
  posts: Post[];
  total: number;
}

/** Largest page the API serves, and a bound on pages when looking a post up. */
const PAGE_LIMIT = 100;
const MAX_PAGES = 20;

const text = (x: unknown): string => (typeof x === 'string' ? x : x == null ? '' : String(x));

function toPost(b: Blog): Post {
  const date = new Date(text(b.publishedDate));
  return {
    id: text(b.id),
    slug: text(b.slug),
    title: text(b.title),
    excerpt: text(b.excerpt),
    paragraphs: text(b.content)
      .split(/\r?\n\s*\r?\n/)
      .map((p) => p.trim())
      .filter(Boolean),
    cover: safeHttpUrl(b.coverImageUrl),
    author: text(b.author),
    tags: Array.isArray(b.tags) ? b.tags.map(text).filter(Boolean) : [],
    published: Number.isNaN(date.getTime()) ? '' : date.toISOString(),
  };
}

/** Newest first (the API's order, made certain); undated posts last. */
function newestFirst(posts: Post[]): Post[] {
  return [...posts].sort((a, b) => b.published.localeCompare(a.published));
}

export async function loadPosts(client: CarstrelClient, limit: number, signal: AbortSignal): Promise<PostList> {
  const res = await client.list<Blog>('/external/blogs', { page: 1, limit }, { signal });
  const data = Array.isArray(res.data) ? res.data : [];
  return { posts: newestFirst(data.map(toPost)).slice(0, limit), total: res.total ?? data.length };
}

/** Finds one post by slug or id through the list pages (the API has no single-post route). */
export async function findPost(client: CarstrelClient, key: string, signal: AbortSignal): Promise<Post | undefined> {
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await client.list<Blog>('/external/blogs', { page, limit: PAGE_LIMIT }, { signal });
    const hit = (res.data ?? []).find((b) => b.slug === key || b.id === key);
    if (hit) return toPost(hit);
    if (page >= (res.totalPages ?? 0)) break;
  }
  return undefined;
}

/** A post's link from a template with `{slug}` and `{id}` (URL-encoded); `undefined` unless http(s). */
export function postHref(post: Post, template: string, base = location.href): string | undefined {
  const filled = template.replace(/\{(slug|id)\}/g, (_m, key: 'slug' | 'id') => encodeURIComponent(post[key]));
  try {
    return safeHttpUrl(new URL(filled, base).href);
  } catch {
    return undefined;
  }
}
