import type { Catalogue } from '../shared/i18n.js';

const en = {
  heading: 'Contact us',
  name: 'Your name',
  email: 'Email',
  subject: 'Subject',
  message: 'Message',
  send: 'Send message',
  sentTitle: 'Message sent',
  sentBody: 'Thank you. The dealer will reply by email.',
  queuedTitle: 'Message received',
};

const fr: Record<keyof typeof en, string> = {
  heading: 'Nous contacter',
  name: 'Votre nom',
  email: 'E-mail',
  subject: 'Objet',
  message: 'Message',
  send: 'Envoyer le message',
  sentTitle: 'Message envoyé',
  sentBody: 'Merci. Le concessionnaire vous répondra par e-mail.',
  queuedTitle: 'Message reçu',
};

export const contactMessages: Catalogue<keyof typeof en> = { en, fr };
