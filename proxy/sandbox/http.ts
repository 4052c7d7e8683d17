/** Small HTTP helpers shared by the sandbox handlers: JSON answers, envelopes, body reading. */
import { readLimited } from '../lib/body.js';
import { errors } from './errors.js';

export const BODY_LIMIT = 64 * 1024;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

export function ok<T>(data: T, status = 200, message?: string): Response {
  return json({ statusCode: status, ...(message ? { message } : {}), data }, status);
}

export interface Page {
  page: number;
  limit: number;
}

/** A page of `items` in the list envelope. */
export function paged<T>(items: T[], { page, limit }: Page): Response {
  const start = (page - 1) * limit;
  return json({
    statusCode: 200,
    message: 'data has been received',
    data: items.slice(start, start + limit),
    total: items.length,
    page,
    limit,
    totalPages: Math.ceil(items.length / limit),
  });
}

/** An unpaginated list in the list envelope (total only). */
export function listed<T>(items: T[]): Response {
  return json({ statusCode: 200, message: 'data has been received', data: items, total: items.length });
}

/**
 * Reads a JSON object body: 415 unless Content-Type is JSON, 413 over the limit (checked while
 * streaming, not trusting Content-Length), 400 for malformed JSON or a non-object.
 */
export async function readJsonObject(req: Request, limit = BODY_LIMIT): Promise<Record<string, unknown>> {
  const type = req.headers.get('content-type') ?? '';
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > limit) throw errors.bodyTooLarge(limit);
  const text = await readText(req, limit);
  if (!/^application\/(.+\+)?json\b/i.test(type.trim())) {
    throw errors.notJson(type);
  }
  if (!text.trim()) throw errors.malformedJson('the body is empty');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw errors.malformedJson((e as Error).message.slice(0, 120));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw errors.bodyNotObject();
  return value as Record<string, unknown>;
}

async function readText(req: Request, limit: number): Promise<string> {
  const body = await readLimited(req.body, limit);
  if (!body) throw errors.bodyTooLarge(limit);
  return new TextDecoder().decode(body);
}
