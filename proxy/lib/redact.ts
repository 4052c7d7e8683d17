/**
 * Key redaction: wherever the dealer's key would leave the proxy (a response body, a header value,
 * a log line, an error message), it is replaced by `[redacted]`, in plain text and in the escaped
 * forms a client could undo: JSON / JavaScript escapes (`\u0073`, `\x73`, doubled backslashes),
 * percent-encoding (`%73`, `%2573`) and HTML character references (`&#115;`, `&#x73;`), mixed
 * freely character by character, with hex digits in either case.
 *
 * Bodies take a fast path: the native byte search for the plain key (anchored at its rarest byte,
 * bytes.ts), then a scan for the bytes every escaped form needs (`\`, `%`, `&`); only a body holding
 * one of them is decoded and searched.
 */
import { indexOfByte, indexOfNeedle, needle, type Needle } from './bytes.js';

export const REDACTED = '[redacted]';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Hex digits in either case: `7[bB]`. */
function anyCaseHex(hex: string): string {
  return [...hex].map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d)).join('');
}

/** Every way one ASCII character of the key may be written. */
function charForms(ch: string): string {
  const code = ch.charCodeAt(0);
  const hex = anyCaseHex(code.toString(16).padStart(2, '0'));
  const literal = ch.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  return `(?:${literal}|\\\\+[uU]00${hex}|\\\\+[xX]${hex}|%(?:25)*${hex}|&#0*${code};?|&#[xX]0*${hex};?)`;
}

// Stryker disable next-line StringLiteral: the first call builds the pattern whatever key this names (there is none yet).
let cachedKey = '';
let cachedPattern: RegExp | undefined;
let cachedNeedle: Needle = needle(new Uint8Array());

/** The pattern that finds `key` in any of its forms (global). */
export function keyPattern(key: string): RegExp {
  if (key !== cachedKey || !cachedPattern) {
    cachedKey = key;
    cachedPattern = new RegExp([...key].map(charForms).join(''), 'g');
    cachedNeedle = needle(encoder.encode(key));
  }
  cachedPattern.lastIndex = 0;
  return cachedPattern;
}

function plainKey(key: string): Needle {
  keyPattern(key);
  return cachedNeedle;
}

/** `text` with every form of `key` replaced. An empty key redacts nothing. */
export function redactText(text: string, key: string): string {
  if (!key) return text;
  return text.replace(keyPattern(key), REDACTED);
}

/** True when `text` holds `key` in any form. */
export function containsKey(text: string, key: string): boolean {
  return key !== '' && keyPattern(key).test(text);
}

// Stryker disable ConditionalExpression,UnaryOperator: fast paths only. Decoding and searching a body that holds
// no key gives the same bytes back (`redacted === text`), so every mutant of these shortcuts behaves the same.

/** True when the body may hold an escaped form: it has `\`, `%` or `&`, one of which each form needs. */
function mayHoldEscapes(body: Uint8Array): boolean {
  return indexOfByte(body, 0x5c) !== -1 || indexOfByte(body, 0x25) !== -1 || indexOfByte(body, 0x26) !== -1;
}

/**
 * Phase "redact key": the body with every form of the key replaced. Returns the very same buffer
 * when there is nothing to redact (the common case costs a few native byte scans).
 */
export function redactKey(body: Uint8Array, key: string): Uint8Array {
  if (!key) return body;
  if (indexOfNeedle(body, plainKey(key)) === -1 && !mayHoldEscapes(body)) return body;
  // Stryker restore ConditionalExpression,UnaryOperator
  const text = decoder.decode(body);
  const redacted = redactText(text, key);
  return redacted === text ? body : encoder.encode(redacted);
}
