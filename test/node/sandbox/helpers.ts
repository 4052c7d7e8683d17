/** Shared helpers for the sandbox tests: a running sandbox, HTTP calls, contract validation. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { startSandbox, type SandboxOptions } from '../../../proxy/sandbox/index.js';

export const CONTRACT_PATH = fileURLToPath(new URL('../../../proxy/contract/carstrel.openapi.yaml', import.meta.url));
export const contract = parse(readFileSync(CONTRACT_PATH, 'utf8')) as OpenApiDoc;

export interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components: { responses: Record<string, ResponseObj>; schemas: Record<string, unknown> };
}
export interface Operation {
  operationId: string;
  'x-scope'?: string;
  'x-sandbox-only'?: boolean;
  responses: Record<string, ResponseObj | { $ref: string }>;
  requestBody?: unknown;
  parameters?: unknown[];
}
interface ResponseObj {
  content?: Record<string, { schema: unknown }>;
  headers?: unknown;
}

export const KEY = 'sk_test_sandbox';
export const KEY2 = 'sk_test_sandbox2';
export const LIVE_KEY = 'sk_live_sandbox';
export const PUBLIC_KEY = 'sk_test_sandbox_public';

// ------------------------------------------------------------------ ajv against the contract
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

function makeAjv(validateFormats: boolean): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats });
  addFormats(ajv);
  ajv.addSchema({ $id: 'contract', components: contract.components });
  return ajv;
}
const strictAjv = makeAjv(true);
const shapeAjv = makeAjv(false);

/** Rewrites local `#/components/...` refs so they resolve against the registered contract. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema && typeof schema === 'object') {
    return Object.fromEntries(
      Object.entries(schema).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `contract${v}` : rebase(v),
      ]),
    );
  }
  return schema;
}

export interface OperationRef {
  path: string;
  method: string;
  op: Operation;
}

export const operations: OperationRef[] = Object.entries(contract.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
);

export function operation(operationId: string): OperationRef {
  const found = operations.find((o) => o.op.operationId === operationId);
  if (!found) throw new Error(`no operation ${operationId} in the contract`);
  return found;
}

export function responseSchema(operationId: string, status: number): unknown {
  const { op } = operation(operationId);
  let res = op.responses[String(status)];
  if (!res) throw new Error(`${operationId} does not document status ${status}`);
  if ('$ref' in res) res = contract.components.responses[res.$ref.split('/').pop()!]!;
  const schema = res.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${operationId} ${status} has no JSON schema`);
  return schema;
}

/** Validates `body` as the contract's response of `operationId` with `status`; returns error text or ''. */
export function contractErrors(
  operationId: string,
  status: number,
  body: unknown,
  opts: { formats?: boolean } = {},
): string {
  const ajv = opts.formats === false ? shapeAjv : strictAjv;
  const validate = ajv.compile(rebase(responseSchema(operationId, status)) as object);
  return validate(body) ? '' : ajv.errorsText(validate.errors, { dataVar: 'body' });
}

export function componentErrors(name: string, body: unknown): string {
  const validate = strictAjv.compile({ $ref: `contract#/components/schemas/${name}` });
  return validate(body) ? '' : strictAjv.errorsText(validate.errors, { dataVar: 'body' });
}

// ------------------------------------------------------------------ a sandbox and calls
export interface Called {
  status: number;
  headers: Headers;
  /** The parsed JSON (undefined when the body is not JSON), typed as `JSON.parse` types it: the tests read it freely. */
  body: ReturnType<typeof JSON.parse>;
  text: string;
}

export async function withSandbox(opts: SandboxOptions = {}) {
  const running = await startSandbox({ port: 0, ...opts });
  const call = async (
    method: string,
    path: string,
    init: { key?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<Called> => {
    const headers: Record<string, string> = { ...init.headers };
    const key = init.key === undefined ? KEY : init.key;
    if (key !== null) headers['x-api-key'] = key;
    let body: string | undefined = init.rawBody;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(running.url + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  };
  return { ...running, call };
}

export type SandboxHandle = Awaited<ReturnType<typeof withSandbox>>;
