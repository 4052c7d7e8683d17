/**
 * Maps a 400 refusal back onto the form's fields. The upstream (and the sandbox, which mirrors it)
 * words validation errors NestJS-style: `message` is a sentence or a list of sentences that start
 * with or name the offending field ("email must be an email", "preferredDate must not be in the
 * past"). A structured `errors`/`details` list ({ field, message }) is used when present.
 */
import type { ErrorEnvelope } from '../api/types.js';

export interface MappedErrors {
  /** Field name → message, for fields the form has. */
  fields: Record<string, string>;
  /** What could not be tied to a field. */
  rest: string[];
}

type FieldMessage = [field: string, message: string];

/** The field a structured detail names (`field`, `property`, or a `path` such as `["phone", "mobile"]`). */
function fieldOf(detail: Record<string, unknown>): unknown {
  const { field, property, path } = detail;
  return field ?? property ?? (Array.isArray(path) ? path.join('.') : path);
}

/** `errors`, `details` or `fields` beside `message`: extensions some upstreams add to the envelope. */
function structured(envelope: Record<string, unknown>): FieldMessage[] {
  const list = envelope.errors ?? envelope.details ?? envelope.fields;
  if (Array.isArray(list)) {
    return list.flatMap((d: unknown): FieldMessage[] => {
      // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent (spreading null or a primitive gives no field and message either: skipped the same)
      if (typeof d !== 'object' || d === null) return [];
      const detail: Record<string, unknown> = { ...d };
      const field = fieldOf(detail);
      return typeof field === 'string' && typeof detail.message === 'string' ? [[field, detail.message]] : [];
    });
  }
  if (list && typeof list === 'object') {
    return Object.entries(list).flatMap(([k, v]: [string, unknown]): FieldMessage[] => {
      const m = Array.isArray(v) ? v.join(' ') : v;
      return typeof m === 'string' ? [[k, m]] : [];
    });
  }
  return [];
}

function sentences(message: unknown): string[] {
  const list = Array.isArray(message) ? message : [message];
  return list
    .filter((m): m is string => typeof m === 'string')
    .flatMap((m) => m.split(/[;\n]/))
    .map((m) => m.trim())
    .filter(Boolean);
}

/** `preferredDate` is also recognised as "preferred date" / "preferred_date". */
function mentions(sentence: string, field: string): boolean {
  const spaced = field.replace(/([a-z])([A-Z])/g, '$1[ _-]?$2');
  return new RegExp(`(^|[^A-Za-z0-9])${spaced}([^A-Za-z0-9]|$)`, 'i').test(sentence);
}

export function mapServerErrors(envelope: ErrorEnvelope, fieldNames: readonly string[]): MappedErrors {
  const out: MappedErrors = { fields: {}, rest: [] };
  const add = (field: string | undefined, message: string) => {
    if (field && !(field in out.fields)) out.fields[field] = message;
    else if (!field) out.rest.push(message);
  };
  for (const [field, message] of structured(envelope)) {
    add(
      fieldNames.find((f) => f === field || field.endsWith(`.${f}`)),
      message,
    );
  }
  if (Object.keys(out.fields).length === 0) {
    // Longest names first, so that `preferredDate` wins over `date` in "preferred date must not be in the past".
    const byLength = [...fieldNames].sort((a, b) => b.length - a.length);
    for (const s of sentences(envelope.message))
      add(
        byLength.find((f) => mentions(s, f)),
        s,
      );
  }
  return out;
}
