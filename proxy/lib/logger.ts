/**
 * The proxy's log: one JSON line per request (method, path, status, duration and what happened
 * upstream: never a query, key, token or body) and error lines with the key redacted, in plain
 * and escaped forms (redact.ts).
 */
import { redactText } from './redact.js';

/** What a request's log line reports beyond method, path, status and duration. */
export interface RequestFacts {
  cache?: string;
  upstream?: number | 'timeout' | 'unreachable';
  lead?: string;
}

export interface RequestLine extends RequestFacts {
  method: string;
  path: string;
  status: number;
  ms: number;
}

export interface Logger {
  /** Absent when request logging is off (`CARSTREL_LOG=off`). */
  request?: (line: RequestLine) => void;
  /** Unexpected errors: always written, with the key redacted. */
  error: (message: string) => void;
}

/**
 * JSON lines to `sink`; `apiKey` is replaced wherever it would appear in an error message.
 * `fields` go on every line (a tenant's id in a multi-dealer deployment).
 */
export function jsonLogger(
  sink: ((line: string) => void) | undefined,
  requests: boolean,
  apiKey: string,
  fields: Record<string, string> = {},
): Logger {
  const time = () => new Date().toISOString();
  const redact = (message: string) => redactText(message, apiKey);
  return {
    request:
      sink && requests
        ? ({ method, path, status, ms, cache, upstream, lead }) => {
            const line: Record<string, unknown> = { time: time(), ...fields, method, path, status, ms };
            if (cache) line.cache = cache;
            line.upstream = upstream; // left out by JSON.stringify when undefined; 0 is written
            if (lead) line.lead = lead;
            sink(redact(JSON.stringify(line)));
          }
        : undefined,
    // Redacted before and after JSON encoding (which could write a key character as a \u escape).
    error: (message) =>
      sink?.(redact(JSON.stringify({ time: time(), ...fields, level: 'error', message: redact(message) }))),
  };
}
