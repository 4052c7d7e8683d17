import type { Catalogue } from '../shared/i18n.js';

/** Strings of `carstrel-blog`. */
export const blogMessages = {
  en: {
    label: 'Blog posts',
    loading: 'Loading posts…',
    opening: 'Opening the post…',
    empty: 'No posts yet. Check back soon.',
    retry: 'Try again',
    retryIn: 'Too many requests. Try again in {seconds} s.',
    back: 'Back to all posts',
    by: 'By {author}',
    tags: 'Tags',
    notFound: 'This post is no longer available.',
    shown: 'Showing the post “{title}”.',
  },
  fr: {
    label: 'Articles du blog',
    loading: 'Chargement des articles…',
    opening: 'Ouverture de l’article…',
    empty: 'Aucun article pour le moment. Revenez bientôt.',
    retry: 'Réessayer',
    retryIn: 'Trop de requêtes. Réessayez dans {seconds} s.',
    back: 'Retour à tous les articles',
    by: 'Par {author}',
    tags: 'Mots-clés',
    notFound: 'Cet article n’est plus disponible.',
    shown: 'Article « {title} » affiché.',
  },
} satisfies Catalogue<string>;

export type BlogKey = keyof (typeof blogMessages)['en'];
