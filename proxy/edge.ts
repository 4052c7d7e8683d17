/**
 * Edge entry (Cloudflare Workers, Deno Deploy, Bun): the same web-standard app, with the runtime's
 * own `fetch` as the upstream client and the client address from `CF-Connecting-IP`. Configuration
 * comes from the platform's environment bindings under the same names. Differences from Node, by
 * design of those platforms: there is no embedded sandbox (set CARSTREL_API_KEY), static files come from the platform's asset hosting,
 * compression is done by the platform, and the lead store here is in memory: bind a durable one
 * (a Durable Object or a queue, see README "No lead lost") before relying on it.
 */
import { createProxyApp, type ProxyApp } from './app.js';
import { ConfigError, loadConfig } from './lib/config.js';
import { cloudflareConnInfo } from './lib/conninfo.js';

let app: ProxyApp | undefined;

export default {
  fetch(req: Request, env: Record<string, string | undefined>): Response | Promise<Response> {
    if (!app) {
      if (!env.CARSTREL_API_KEY)
        throw new ConfigError([
          'CARSTREL_API_KEY is required on an edge runtime (there is no embedded sandbox there).',
        ]);
      app = createProxyApp(loadConfig(env), { connInfo: cloudflareConnInfo, log: (line) => console.log(line) });
    }
    return app.fetch(req);
  },
};
