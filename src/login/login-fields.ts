/**
 * The fields of the login and registration forms (names, types and `autocomplete` tokens that
 * password managers rely on) and the request bodies built from them. Passwords are `secret`:
 * never kept in the draft.
 */
import type { LoginBody, RegisterBody } from '../api/types.js';
import { trimmed, type FieldSpec, type Values } from '../forms/form-options.js';
import { emailField, phoneField } from '../forms/person-fields.js';
import { maxLength, minLength, required } from '../forms/validators.js';
import type { Translate } from '../shared/i18n.js';
import type { LoginMessageKey } from './messages.js';

type T = Translate<LoginMessageKey>;

export function loginFields(t: T): FieldSpec[] {
  return [
    emailField(t('email'), 'username'),
    {
      name: 'password',
      label: t('password'),
      type: 'password',
      autocomplete: 'current-password',
      required: true,
      secret: true,
      validators: [required(), maxLength(128)],
    },
  ];
}

export function registerFields(t: T): FieldSpec[] {
  return [
    {
      name: 'firstName',
      label: t('firstName'),
      autocomplete: 'given-name',
      required: true,
      validators: [required(), maxLength(100)],
    },
    {
      name: 'lastName',
      label: t('lastName'),
      autocomplete: 'family-name',
      required: true,
      validators: [required(), maxLength(100)],
    },
    emailField(t('email'), 'username'),
    {
      name: 'password',
      label: t('password'),
      type: 'password',
      autocomplete: 'new-password',
      required: true,
      secret: true,
      hint: t('newPasswordHint'),
      validators: [required(), minLength(8), maxLength(128)],
    },
    phoneField(t('phone')),
  ];
}

/** The password is sent as typed (spaces included); names and addresses are trimmed. */
export function loginBody(values: Values): LoginBody {
  return { email: trimmed(values, 'email'), password: values.password ?? '' };
}

export function registerBody(values: Values): RegisterBody {
  const body: RegisterBody = {
    ...loginBody(values),
    firstName: trimmed(values, 'firstName'),
    lastName: trimmed(values, 'lastName'),
  };
  const mobile = trimmed(values, 'phone');
  if (mobile) body.phone = { mobile };
  return body;
}
