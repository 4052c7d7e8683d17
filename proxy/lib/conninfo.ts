/**
 * Client-address adapters (Hono's `GetConnInfo`): how a runtime tells the app who is connected.
 * Node passes `getConnInfo` from `@hono/node-server/conninfo` (the socket address); the trust-proxy
 * rule (`clientAddress` in phases.ts) is applied on top, the same on every runtime.
 */
import type { GetConnInfo } from 'hono/conninfo';

/** Cloudflare Workers: the platform's own `CF-Connecting-IP` (a client cannot set it). */
export const cloudflareConnInfo: GetConnInfo = (c) => ({ remote: { address: c.req.header('cf-connecting-ip') } });

/** A runtime that says nothing about the connection (tests calling `app.fetch` directly). */
export const unknownConnInfo: GetConnInfo = () => ({ remote: {} });
