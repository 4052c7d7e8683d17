/**
 * Request validation with zod. Every failure becomes a 400 whose message names the parameter
 * (or body field) and says what is expected (contract decision D2).
 */
import { z } from 'zod';
import { errors } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;
const PHONE = /^[0-9+\-() .]{5,32}$/;

export const intIn = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d{1,9}$/, `must be an integer between ${min} and ${max}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `must be an integer between ${min} and ${max}`)
        .max(max, `must be an integer between ${min} and ${max}`),
    );

export const numberIn = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,12}(\.\d{1,4})?$/, `must be a number between ${min} and ${max}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `must be a number between ${min} and ${max}`)
        .max(max, `must be a number between ${min} and ${max}`),
    );

export const uuidParam = z.string().regex(UUID, 'must be a UUID (e.g. 3f2b8c1e-8a4d-4c55-9e2a-1b2c3d4e5f60)');

export const oneOf = <T extends string>(values: readonly T[], caseInsensitive = false) =>
  z
    .string()
    .transform((s) => (caseInsensitive ? (values.find((v) => v.toLowerCase() === s.toLowerCase()) ?? s) : s))
    .pipe(z.enum(values as [T, ...T[]], `must be one of ${values.join(', ')}`));

export const pagination = (defaultLimit: number) => ({
  page: intIn(1, 100_000).default(1),
  limit: intIn(1, 100).default(defaultLimit),
});

export const emailField = z
  .string('must be a string')
  .trim()
  .max(254, 'must be at most 254 characters')
  .regex(EMAIL, 'must be a valid email address')
  .transform((s) => s.toLowerCase());
const text = (min: number, max: number) =>
  z
    .string('must be a string')
    .trim()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`);
const phoneNumber = z
  .string('must be a string')
  .trim()
  .regex(PHONE, 'must be 5 to 32 characters of digits, spaces and + - ( )');

export const registerBody = z.object({
  email: emailField,
  password: z
    .string('must be a string')
    .min(8, 'must be at least 8 characters')
    .max(128, 'must be at most 128 characters'),
  firstName: text(1, 100),
  lastName: text(1, 100),
  phone: z
    .object(
      { mobile: phoneNumber.optional(), whatsapp: phoneNumber.optional() },
      'must be an object like { "mobile": "+1234567890" }',
    )
    .strict()
    .optional(),
});

export const loginBody = z.object({
  email: emailField,
  password: z.string('must be a string').min(1, 'must not be empty').max(128, 'must be at most 128 characters'),
});

export const newsletterBody = z.object({ email: emailField });

export const contactBody = z.object({
  name: text(1, 200),
  email: emailField,
  message: text(1, 5000),
  subject: text(0, 200).optional(),
});

export const testDriveBody = z.object({
  vehicleId: z.string('must be a string').regex(UUID, 'must be a UUID of a vehicle in your inventory'),
  name: text(1, 200),
  email: emailField,
  phone: phoneNumber.optional(),
  preferredDate: z
    .string('must be a string')
    .regex(
      /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/,
      'must be an ISO 8601 date such as 2026-12-01 or 2026-12-01T10:00:00Z',
    )
    .refine((s) => !Number.isNaN(Date.parse(s)), 'must be a real calendar date')
    .refine(
      (s) => Date.parse(s.length === 10 ? `${s}T23:59:59Z` : s) >= Date.now() - 86_400_000,
      'must be today or later',
    )
    .optional(),
});

export const customerPatchBody = z.object({
  notes: z.string('must be a string or null').max(5000, 'must be at most 5000 characters').nullable().optional(),
  tags: z
    .array(
      z.string('must be strings').trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters'),
      'must be an array of strings',
    )
    .max(50, 'must have at most 50 tags')
    .optional(),
  preferences: z.record(z.string(), z.unknown(), 'must be an object').optional(),
  isVip: z.boolean('must be true or false').optional(),
});

export const faultsBody = z.object({
  latencyMs: z
    .number('must be a number')
    .int('must be an integer')
    .min(0, 'must be between 0 and 60000')
    .max(60_000, 'must be between 0 and 60000')
    .optional(),
  down: z.boolean('must be true or false').optional(),
  errorRate: z
    .number('must be a number')
    .min(0, 'must be between 0 and 1')
    .max(1, 'must be between 0 and 1')
    .optional(),
});

/** Validates; the first issue becomes a 400 naming the parameter/field path. */
export function check<S extends z.ZodType>(schema: S, input: unknown, kind: 'param' | 'field'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = issue.path.length ? issue.path.map(String).join('.') : 'body';
  const message =
    issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined
      ? 'is required'
      : issue.code === 'unrecognized_keys'
        ? `may not contain ${issue.keys.join(', ')}`
        : issue.message;
  throw kind === 'param' ? errors.invalidParam(name, message) : errors.invalidField(name, message);
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v = input;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** Query string as a plain object; a parameter given twice is refused (ambiguous). */
export function queryObject(url: URL): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of url.searchParams) {
    if (k in out) throw errors.invalidParam(k, 'must be given only once');
    out[k] = v;
  }
  return out;
}
