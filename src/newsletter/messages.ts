import type { Catalogue } from '../shared/i18n.js';

const en = {
  heading: 'Newsletter',
  intro: 'New arrivals and offers from the dealer, by email.',
  unsubscribeHeading: 'Unsubscribe from the newsletter',
  unsubscribeIntro: 'Confirm the address that should stop receiving the newsletter.',
  email: 'Email',
  subscribe: 'Subscribe',
  unsubscribe: 'Unsubscribe',
  toUnsubscribe: 'Unsubscribe instead',
  toSubscribe: 'Subscribe instead',
  subscribedTitle: 'You are subscribed',
  subscribedBody: '{email} will receive the newsletter.',
  alreadyTitle: 'Already subscribed',
  alreadyBody: '{email} was already subscribed; nothing changed.',
  unsubscribedTitle: 'You are unsubscribed',
  unsubscribedBody: '{email} will no longer receive the newsletter.',
  queuedTitle: 'Subscription received',
};

const fr: Record<keyof typeof en, string> = {
  heading: 'Lettre d’information',
  intro: 'Les nouveautés et les offres du concessionnaire, par e-mail.',
  unsubscribeHeading: 'Se désabonner de la lettre d’information',
  unsubscribeIntro: 'Confirmez l’adresse qui ne doit plus recevoir la lettre.',
  email: 'E-mail',
  subscribe: 'S’abonner',
  unsubscribe: 'Se désabonner',
  toUnsubscribe: 'Se désabonner plutôt',
  toSubscribe: 'S’abonner plutôt',
  subscribedTitle: 'Vous êtes abonné',
  subscribedBody: '{email} recevra la lettre d’information.',
  alreadyTitle: 'Déjà abonné',
  alreadyBody: '{email} était déjà abonné ; rien n’a changé.',
  unsubscribedTitle: 'Vous êtes désabonné',
  unsubscribedBody: '{email} ne recevra plus la lettre d’information.',
  queuedTitle: 'Abonnement reçu',
};

export const newsletterMessages: Catalogue<keyof typeof en> = { en, fr };
