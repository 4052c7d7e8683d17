/**
 * The shopper's own fields, declared once for every form that asks for them: name, email and phone
 * (contact, test drive, trade-in, newsletter, account). Each form gives the label in its language.
 */
import type { FieldSpec } from './form-options.js';
import { email, maxLength, phone, required } from './validators.js';

/** The shopper's full name, one field. */
export function nameField(label: string): FieldSpec {
  return { name: 'name', label, autocomplete: 'name', required: true, validators: [required(), maxLength(200)] };
}

/** The shopper's email; `username` where it names an account, so that password managers fill it. */
export function emailField(label: string, autocomplete: 'email' | 'username' = 'email'): FieldSpec {
  return { name: 'email', label, type: 'email', autocomplete, required: true, validators: [required(), email()] };
}

/** The shopper's phone, optional, with a hint on how to write it where the form gives one. */
export function phoneField(label: string, hint?: string): FieldSpec {
  return { name: 'phone', label, type: 'tel', autocomplete: 'tel', ...(hint ? { hint } : {}), validators: [phone()] };
}
