/**
 * The 31 operations of the CarStrel external API (proxy/contract/carstrel.openapi.yaml, sandbox-only
 * routes left out) as one table: what the client sends for each. Request and response types come
 * from the generated `src/api/schema.ts` (`npm run gen:types`), never written by hand.
 */
import type { operations } from '../../src/api/schema.js';

/** How a method takes its input: `list` (query), `get` (id), `post` (body), `patch` (id + body), `none`. */
export type OperationShape = 'list' | 'get' | 'post' | 'patch' | 'none';

export interface OperationSpec {
  method: 'GET' | 'POST' | 'PATCH';
  /** Path with at most one `{param}`. */
  path: string;
  shape: OperationShape;
  /** A shopper's lead: sent with an Idempotency-Key and retried with the same key. */
  lead?: true;
  /** Needs the customer's `Authorization: Bearer <access_token>` besides the API key. */
  bearer?: true;
}

export const OPERATIONS = {
  listBrands: { method: 'GET', path: '/external/brands', shape: 'list' },
  getBrand: { method: 'GET', path: '/external/brands/{id}', shape: 'get' },
  listBrandModels: { method: 'GET', path: '/external/brands/{brandId}/models', shape: 'get' },
  listModels: { method: 'GET', path: '/external/models', shape: 'list' },
  getModel: { method: 'GET', path: '/external/models/{id}', shape: 'get' },
  listBodyTypes: { method: 'GET', path: '/external/body-types', shape: 'none' },
  getBodyType: { method: 'GET', path: '/external/body-types/{id}', shape: 'get' },
  listEngines: { method: 'GET', path: '/external/engines', shape: 'none' },
  getEngine: { method: 'GET', path: '/external/engines/{id}', shape: 'get' },
  listEngineTypes: { method: 'GET', path: '/external/engine-types', shape: 'none' },
  listTransmissionTypes: { method: 'GET', path: '/external/transmission-types', shape: 'none' },
  listDrivetrainTypes: { method: 'GET', path: '/external/drivetrain-types', shape: 'none' },
  listGenerations: { method: 'GET', path: '/external/generations', shape: 'list' },
  getGeneration: { method: 'GET', path: '/external/generations/{id}', shape: 'get' },
  listTrims: { method: 'GET', path: '/external/trims', shape: 'list' },
  getTrim: { method: 'GET', path: '/external/trims/{id}', shape: 'get' },
  listVehicles: { method: 'GET', path: '/external/vehicles', shape: 'list' },
  getVehicleStats: { method: 'GET', path: '/external/vehicles/stats/summary', shape: 'none' },
  getVehicle: { method: 'GET', path: '/external/vehicles/{id}', shape: 'get' },
  register: { method: 'POST', path: '/external/auth/register', shape: 'post', lead: true },
  login: { method: 'POST', path: '/external/auth/login', shape: 'post' },
  me: { method: 'GET', path: '/external/auth/me', shape: 'none', bearer: true },
  listCustomers: { method: 'GET', path: '/external/customers', shape: 'list' },
  getCustomerStats: { method: 'GET', path: '/external/customers/stats/summary', shape: 'none' },
  getCustomer: { method: 'GET', path: '/external/customers/{id}', shape: 'get' },
  updateCustomer: { method: 'PATCH', path: '/external/customers/{id}', shape: 'patch' },
  subscribeNewsletter: { method: 'POST', path: '/external/newsletter/subscribe', shape: 'post', lead: true },
  unsubscribeNewsletter: { method: 'POST', path: '/external/newsletter/unsubscribe', shape: 'post', lead: true },
  listBlogs: { method: 'GET', path: '/external/blogs', shape: 'list' },
  submitContact: { method: 'POST', path: '/external/contact/submit', shape: 'post', lead: true },
  createTestDrive: { method: 'POST', path: '/external/test-drives', shape: 'post', lead: true },
} as const satisfies Record<string, OperationSpec>;

export type OperationName = keyof typeof OPERATIONS;

// ------------------------------------------------------------------ types from the contract

type Op<N extends OperationName> = operations[N];
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Responses<N extends OperationName> = Op<N>['responses'];

/** The success body (the envelope with `data`) of an operation. */
export type ResultOf<N extends OperationName> = JsonOf<
  Responses<N> extends { 200: infer R } ? R : Responses<N> extends { 201: infer R } ? R : never
>;
/** The query parameters of an operation. */
export type QueryOf<N extends OperationName> = NonNullable<Op<N>['parameters']['query']>;
/** The JSON request body of an operation. */
export type BodyOf<N extends OperationName> = JsonOf<NonNullable<Op<N>['requestBody']>>;

/** Per call: an abort signal, the Idempotency-Key of a lead (one is generated otherwise), extra headers. */
export interface CallOptions {
  signal?: AbortSignal;
  idempotencyKey?: string;
  headers?: Record<string, string>;
}

/** `me`: the customer's access token (from `login` or `register`) is required. */
export interface BearerOptions extends CallOptions {
  token: string;
}

type Method<N extends OperationName> = (typeof OPERATIONS)[N]['shape'] extends 'list'
  ? (query?: QueryOf<N>, options?: CallOptions) => Promise<ResultOf<N>>
  : (typeof OPERATIONS)[N]['shape'] extends 'get'
    ? (id: string, options?: CallOptions) => Promise<ResultOf<N>>
    : (typeof OPERATIONS)[N]['shape'] extends 'post'
      ? (body: BodyOf<N>, options?: CallOptions) => Promise<ResultOf<N>>
      : (typeof OPERATIONS)[N]['shape'] extends 'patch'
        ? (id: string, body: BodyOf<N>, options?: CallOptions) => Promise<ResultOf<N>>
        : N extends 'me'
          ? (options: BearerOptions) => Promise<ResultOf<N>>
          : (options?: CallOptions) => Promise<ResultOf<N>>;

/** One typed method per operation, named after its operationId. */
export type CarstrelOperations = { [N in OperationName]: Method<N> };
