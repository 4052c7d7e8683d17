import type { Catalogue } from '../shared/i18n.js';

/** Messages shared by every CarStrel form (validation, states, submission). Same keys in every language. */
const en = {
  required: 'Fill in this field.',
  email: 'Enter an email address like name@example.com.',
  phone: 'Enter a phone number of 5 to 32 digits, spaces, +, -, ( or ).',
  minLength: 'Use at least {min} characters.',
  maxLength: 'Use at most {max} characters.',
  date: 'Enter a date like 2030-12-31.',
  dateInPast: 'Choose today or a later date.',
  number: 'Enter a whole number from {min} to {max}.',
  consent: 'Tick this box to agree. Without your consent nothing is sent.',
  consentField: 'Consent',
  privacy: 'Privacy policy',
  newTab: '(opens in a new tab)',
  optional: '(optional)',
  fixFields: '{count} field(s) need attention: {fields}.',
  sending: 'Sending…',
  done: 'Sent.',
  queued: 'Received. The dealer’s system is busy right now; your request is saved and will be delivered automatically.',
  failed: 'Not sent: {message}',
  retry: 'Try again',
  retryIn: 'Too many requests. Try again in {seconds} s.',
  unavailable:
    'The dealer service is unavailable right now. Your details are kept on this page; try again in a moment.',
  reference: 'Reference: {id}',
  honeypot: 'Leave this field empty',
  startOver: 'Send another',
  draftRestored: 'We restored what you typed earlier.',
};

const fr: Record<keyof typeof en, string> = {
  required: 'Remplissez ce champ.',
  email: 'Saisissez une adresse e-mail comme nom@exemple.fr.',
  phone: 'Saisissez un numéro de 5 à 32 chiffres, espaces, +, -, ( ou ).',
  minLength: 'Utilisez au moins {min} caractères.',
  maxLength: 'Utilisez au plus {max} caractères.',
  date: 'Saisissez une date comme 2030-12-31.',
  dateInPast: 'Choisissez aujourd’hui ou une date ultérieure.',
  number: 'Saisissez un nombre entier de {min} à {max}.',
  consent: 'Cochez cette case pour donner votre accord. Sans votre consentement, rien n’est envoyé.',
  consentField: 'Consentement',
  privacy: 'Politique de confidentialité',
  newTab: '(s’ouvre dans un nouvel onglet)',
  optional: '(facultatif)',
  fixFields: '{count} champ(s) à corriger : {fields}.',
  sending: 'Envoi…',
  done: 'Envoyé.',
  queued:
    'Reçu. Le système du concessionnaire est occupé ; votre demande est enregistrée et sera transmise automatiquement.',
  failed: 'Non envoyé : {message}',
  retry: 'Réessayer',
  retryIn: 'Trop de demandes. Réessayez dans {seconds} s.',
  unavailable:
    'Le service du concessionnaire est indisponible. Vos informations restent sur cette page ; réessayez dans un instant.',
  reference: 'Référence : {id}',
  honeypot: 'Laissez ce champ vide',
  startOver: 'Envoyer une autre demande',
  draftRestored: 'Nous avons restauré ce que vous aviez saisi.',
};

export type FormMessageKey = keyof typeof en;

export const formMessages: Catalogue<FormMessageKey> = { en, fr };
