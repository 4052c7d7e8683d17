/**
 * `carstrel-widgets/proxy`: the proxy as a library, for a dealer who mounts it in their own server.
 *
 * - `startProxy(env)`: what the `carstrel-proxy` bin runs (Node HTTP server, lead outbox on disk,
 *   the embedded sandbox without a key), configured by the same environment variables.
 * - `createProxyApp(loadConfig(env), deps)`: the bare web-standard handler (`Request` → `Response`)
 *   to mount under any framework that speaks fetch (Hono, Next.js route handlers, Bun, Deno…).
 */
export { createProxyApp, type ProxyApp, type ProxyDeps } from './app.js';
export { ConfigError, loadConfig, SETTINGS, type ProxyConfig } from './lib/config.js';
export { startProxy, type RunningProxy, type StartOptions } from './server.js';
