/** What the console accepts from the browser, checked before anything reaches CarStrel (400 otherwise). */
import { z } from 'zod';
import type { CustomerPatchBody, CustomerQuery } from '../../src/api/types.js';
import { adminRefuse } from './errors.js';

const whole = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be a whole number from ${min} to ${max}`);

export const customerQuerySchema = z.strictObject({
  page: whole(1, 100_000).optional(),
  limit: whole(1, 100).optional(),
  search: z.string().max(200, 'must be at most 200 characters').optional(),
  segment: z.enum(['new', 'regular', 'vip', 'at_risk'], 'must be new, regular, vip or at_risk').optional(),
  sortBy: z
    .enum(
      ['createdDate', 'totalSpent', 'lastPurchaseDate', 'leadScore'],
      'must be createdDate, totalSpent, lastPurchaseDate or leadScore',
    )
    .optional(),
  sortOrder: z.enum(['ASC', 'DESC'], 'must be ASC or DESC').optional(),
});

export const customerPatchSchema = z
  .strictObject({
    notes: z.string('must be text or null').max(5000, 'must be at most 5000 characters').nullable().optional(),
    tags: z
      .array(
        z.string('must be text').trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters'),
        'must be a list of tags',
      )
      .max(50, 'must have at most 50 tags')
      .optional(),
    isVip: z.boolean('must be true or false').optional(),
    preferences: z.record(z.string(), z.unknown(), 'must be an object').optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'must change at least one of notes, tags, isVip');

export const customerIdSchema = z.string().regex(/^[0-9a-fA-F-]{36}$/, 'must be a customer id (a UUID)');

function check<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue.path.length ? `${where} "${issue.path.join('.')}"` : where;
  const message = issue.code === 'unrecognized_keys' ? `has unknown fields (${issue.keys.join(', ')})` : issue.message;
  throw adminRefuse.invalid(path, message);
}

export const checkQuery = (q: Record<string, string>): CustomerQuery =>
  check(customerQuerySchema, q, 'The query parameter');
export const checkPatch = (body: unknown): CustomerPatchBody => check(customerPatchSchema, body, 'The field');
export const checkId = (id: string): string => check(customerIdSchema, id, 'The id');
