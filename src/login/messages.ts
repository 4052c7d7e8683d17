import type { Catalogue } from '../shared/i18n.js';

const en = {
  label: 'Customer account',
  loginTab: 'Log in',
  registerTab: 'Register',
  email: 'Email',
  password: 'Password',
  newPasswordHint: 'At least 8 characters.',
  firstName: 'First name',
  lastName: 'Last name',
  phone: 'Mobile phone',
  logIn: 'Log in',
  createAccount: 'Create account',
  checking: 'Checking whether you are logged in…',
  signedInAs: 'Signed in as {name}',
  memberSince: 'Customer since {date}',
  logOut: 'Log out',
  loggedOut: 'You are logged out.',
  loggingOut: 'Logging out…',
  loggedIn: 'You are logged in as {name}.',
  welcomeNewCustomer: 'Welcome! Your existing CarStrel account is now linked to this dealer.',
  welcomeNewUser: 'Welcome! Your account is ready.',
  expired: 'Your session has expired. Log in again to continue.',
  wrongPassword: 'The email or password is not right. Check both and try again.',
  cookieRefused:
    'Your email and password are right, but your browser blocked this site’s sign-in cookie. Allow cookies for this site and try again.',
  loginInstead: 'Log in with this email instead',
  registrationQueued:
    'Registration received. The dealer’s system is busy; your account will be created shortly, then you can log in.',
  logoutFailed: 'Could not log out: {message}',
};

const fr: Record<keyof typeof en, string> = {
  label: 'Compte client',
  loginTab: 'Connexion',
  registerTab: 'Inscription',
  email: 'E-mail',
  password: 'Mot de passe',
  newPasswordHint: 'Au moins 8 caractères.',
  firstName: 'Prénom',
  lastName: 'Nom',
  phone: 'Téléphone mobile',
  logIn: 'Se connecter',
  createAccount: 'Créer le compte',
  checking: 'Vérification de votre connexion…',
  signedInAs: 'Connecté en tant que {name}',
  memberSince: 'Client depuis le {date}',
  logOut: 'Se déconnecter',
  loggedOut: 'Vous êtes déconnecté.',
  loggingOut: 'Déconnexion…',
  loggedIn: 'Vous êtes connecté en tant que {name}.',
  welcomeNewCustomer: 'Bienvenue ! Votre compte CarStrel existant est maintenant lié à ce concessionnaire.',
  welcomeNewUser: 'Bienvenue ! Votre compte est prêt.',
  expired: 'Votre session a expiré. Reconnectez-vous pour continuer.',
  wrongPassword: 'L’e-mail ou le mot de passe est incorrect. Vérifiez les deux et réessayez.',
  cookieRefused:
    'Votre e-mail et votre mot de passe sont corrects, mais votre navigateur a bloqué le cookie de connexion de ce site. Autorisez les cookies pour ce site et réessayez.',
  loginInstead: 'Se connecter avec cet e-mail',
  registrationQueued:
    'Inscription reçue. Le système du concessionnaire est occupé ; votre compte sera créé sous peu, vous pourrez alors vous connecter.',
  logoutFailed: 'Déconnexion impossible : {message}',
};

export type LoginMessageKey = keyof typeof en;

export const loginMessages: Catalogue<LoginMessageKey> = { en, fr };
