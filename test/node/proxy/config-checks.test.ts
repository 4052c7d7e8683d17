/**
 * Start-up configuration (proxy/lib/config.ts, cli.ts), setting by setting: each bad value is refused
 * with a message that names the setting and says how to fix it, each good one is taken as given, and
 * an unset one gets its documented default. What an operator sees when the proxy will not start.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDotEnv, parseFlags } from '../../../proxy/lib/cli.js';
import { ConfigError, exactOrigin, loadConfig } from '../../../proxy/lib/config.js';

const LIVE = { CARSTREL_API_KEY: 'sk_live_abc123' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /^Invalid proxy configuration:\n {2}- /);
    assert.equal(e.name, 'ConfigError');
    return e.problems;
  }
  return [];
}

/** The one problem a configuration has (fails when there is none, or more than one). */
function problem(env: Record<string, string>): string {
  const p = problems(env);
  assert.equal(p.length, 1, p.join('\n'));
  return p[0];
}

describe('what an operator sees', () => {
  it('the error lists every problem, one per line', () => {
    try {
      loadConfig({ PORT: 'x', CARSTREL_LOG: 'loud' });
      assert.fail('no ConfigError');
    } catch (e) {
      assert.ok(e instanceof ConfigError);
      assert.equal(
        e.message,
        'Invalid proxy configuration:\n  - PORT="x" must be a whole number from 0 to 65535.\n  - CARSTREL_LOG="loud" must be json or off.',
      );
    }
  });
  it('every flag of the proxy sets the setting it names (--help lists them)', () => {
    // Flag, a valid value other than the default, and what it turns into.
    const cases: Array<[string, string, (c: ReturnType<typeof loadConfig>) => unknown, unknown]> = [
      ['--port', '9001', (c) => c.port, 9001],
      ['--host', '0.0.0.0', (c) => c.host, '0.0.0.0'],
      ['--operator-token', 'o'.repeat(24), (c) => c.operatorToken, 'o'.repeat(24)],
      ['--allowed-origins', 'https://a.example', (c) => c.allowedOrigins, ['https://a.example']],
      ['--public-url', 'https://cars.example', (c) => c.publicUrl, 'https://cars.example'],
      ['--rate-limit', 'off', (c) => c.rateLimit, 'off'],
      ['--trust-proxy', '2', (c) => c.trustProxy, 2],
      ['--upstream-timeout-ms', '3000', (c) => c.upstreamTimeoutMs, 3000],
      ['--body-limit', '2048', (c) => c.bodyLimit, 2048],
      ['--cache-max-entries', '5', (c) => c.cacheMaxEntries, 5],
      ['--cache-ttl', '60', (c) => c.cacheTtl, 60],
      ['--cache-list-ttl', '0', (c) => c.cacheListTtl, 0],
      ['--session-secret', 's'.repeat(32), (c) => c.sessionSecret, 's'.repeat(32)],
      ['--cookie-samesite', 'strict', (c) => c.cookieSameSite, 'Strict'],
      ['--data-dir', '/var/lib/cs', (c) => c.dataDir, '/var/lib/cs'],
      ['--lead-queue-max', '7', (c) => c.leadQueueMax, 7],
      ['--lead-queue-bytes', '100000', (c) => c.leadQueueBytes, 100000],
      ['--widgets-dir', '/srv/w', (c) => c.widgetsDir, '/srv/w'],
      ['--demo-dir', '/srv/d', (c) => c.demoDir, '/srv/d'],
      ['--sandbox-port', '4099', (c) => c.sandboxPort, 4099],
      ['--log', 'off', (c) => c.log, 'off'],
      ['--bearer-fallback', 'on', (c) => c.bearerFallback, true],
      ['--header-timeout-ms', '900', (c) => c.headerTimeoutMs, 900],
      ['--max-connections', '3', (c) => c.maxConnections, 3],
    ];
    for (const [flag, value, read, expected] of cases)
      assert.deepEqual(read(loadConfig(parseFlags([flag, value]).env)), expected, flag);
    assert.equal(loadConfig(parseFlags(['--api-key', 'sk_live_f1']).env).apiKey, 'sk_live_f1');
    assert.equal(loadConfig(parseFlags(['--tenants', 't.json']).env).tenantsFile, 't.json');
    const viaUrl = loadConfig(parseFlags(['--api-key', 'sk_live_f1', '--api-url', 'http://127.0.0.1:9']).env);
    assert.equal(viaUrl.apiUrl, 'http://127.0.0.1:9');
  });
});

describe('whole-number settings', () => {
  it('takes a value at either bound, trimmed, and refuses one past it, naming the range', () => {
    assert.equal(loadConfig({ PORT: '0' }).port, 0);
    assert.equal(loadConfig({ PORT: ' 65535 ' }).port, 65535);
    assert.equal(problem({ PORT: '65536' }), 'PORT="65536" must be a whole number from 0 to 65535.');
    assert.equal(loadConfig({ CARSTREL_UPSTREAM_TIMEOUT_MS: '100' }).upstreamTimeoutMs, 100);
    assert.match(problem({ CARSTREL_UPSTREAM_TIMEOUT_MS: '99' }), /from 100 to 120000/);
    assert.equal(loadConfig({ CARSTREL_TRUST_PROXY: '10' }).trustProxy, 10);
    assert.match(problem({ CARSTREL_TRUST_PROXY: '11' }), /CARSTREL_TRUST_PROXY="11"/);
  });
  it('refuses what is not a whole number, and takes the default for an empty value', () => {
    for (const raw of ['-1', '1.5', '1e3', 'x12', '12x'])
      assert.match(problem({ CARSTREL_BODY_LIMIT: raw }), /CARSTREL_BODY_LIMIT=".*" must be a whole number/, raw);
    assert.equal(loadConfig({ CARSTREL_BODY_LIMIT: '  ' }).bodyLimit, 65536);
  });
  it('has the documented defaults', () => {
    const c = loadConfig({});
    assert.deepEqual(
      {
        trustProxy: c.trustProxy,
        upstreamTimeoutMs: c.upstreamTimeoutMs,
        bodyLimit: c.bodyLimit,
        cacheMaxEntries: c.cacheMaxEntries,
        cacheTtl: c.cacheTtl,
        cacheListTtl: c.cacheListTtl,
        leadQueueMax: c.leadQueueMax,
        leadQueueBytes: c.leadQueueBytes,
        sandboxPort: c.sandboxPort,
        headerTimeoutMs: c.headerTimeoutMs,
        maxConnections: c.maxConnections,
        dataDir: c.dataDir,
        log: c.log,
        bearerFallback: c.bearerFallback,
        cookieSameSite: c.cookieSameSite,
        apiKey: c.apiKey,
        apiUrl: c.apiUrl,
      },
      {
        trustProxy: 0,
        upstreamTimeoutMs: 8000,
        bodyLimit: 65536,
        cacheMaxEntries: 2000,
        cacheTtl: 300,
        cacheListTtl: 10,
        leadQueueMax: 10_000,
        leadQueueBytes: 32 * 1024 * 1024,
        sandboxPort: 4010,
        headerTimeoutMs: 10_000,
        maxConnections: 1024,
        dataDir: '.carstrel',
        log: 'json',
        bearerFallback: false,
        cookieSameSite: 'Lax',
        apiKey: 'sk_test_sandbox',
        apiUrl: '',
      },
    );
  });
  it('takes each setting from its own name', () => {
    const c = loadConfig({
      HOST: ' 0.0.0.0 ',
      CARSTREL_CACHE_MAX_ENTRIES: '0',
      CARSTREL_CACHE_TTL: '86400',
      CARSTREL_CACHE_LIST_TTL: '3600',
      CARSTREL_LEAD_QUEUE_MAX: '1',
      CARSTREL_LEAD_QUEUE_BYTES: '70000',
      SANDBOX_PORT: '4011',
      CARSTREL_HEADER_TIMEOUT_MS: '500',
      CARSTREL_MAX_CONNECTIONS: '0',
      CARSTREL_DATA_DIR: ' /var/lib/carstrel ',
      CARSTREL_WIDGETS_DIR: ' /srv/widgets ',
      CARSTREL_DEMO_DIR: '/srv/demo',
    });
    assert.equal(c.host, '0.0.0.0');
    assert.equal(c.cacheMaxEntries, 0);
    assert.equal(c.cacheTtl, 86400);
    assert.equal(c.cacheListTtl, 3600);
    assert.equal(c.leadQueueMax, 1);
    assert.equal(c.leadQueueBytes, 70000);
    assert.equal(c.sandboxPort, 4011);
    assert.equal(c.headerTimeoutMs, 500);
    assert.equal(c.maxConnections, 0);
    assert.equal(c.dataDir, '/var/lib/carstrel');
    assert.equal(c.widgetsDir, '/srv/widgets');
    assert.equal(c.demoDir, '/srv/demo');
    assert.equal(loadConfig({ CARSTREL_DEMO_DIR: ' /srv/demo ' }).demoDir, '/srv/demo');
    assert.equal(loadConfig({ CARSTREL_WIDGETS_DIR: ' ' }).widgetsDir, undefined);
    assert.equal(loadConfig({ HOST: ' ' }).host, '127.0.0.1');
  });
});

describe('the key, the tenants file and the upstream', () => {
  it('a tenants file alone is live with no root key; with a key too, it is refused', () => {
    const c = loadConfig({ CARSTREL_TENANTS: ' tenants.json ' });
    assert.equal(c.mode, 'live');
    assert.equal(c.apiKey, '');
    assert.equal(c.tenantsFile, 'tenants.json');
    assert.match(
      problem({ ...LIVE, CARSTREL_TENANTS: 'tenants.json' }),
      /CARSTREL_TENANTS and CARSTREL_API_KEY are both set/,
    );
    assert.equal(loadConfig({ CARSTREL_TENANTS: ' ' }).mode, 'sandbox');
  });
  it('the key is trimmed and must have the sk_live_/sk_test_ shape', () => {
    assert.equal(loadConfig({ CARSTREL_API_KEY: ' sk_test_Ab9 ' }).apiKey, 'sk_test_Ab9');
    for (const key of ['sk_live_', 'sk_prod_abc', 'xsk_live_abc', 'sk_live_abc-def'])
      assert.match(problem({ CARSTREL_API_KEY: key }), /Dashboard → Integrations → API Keys/, key);
  });
  it('the upstream: trimmed, an origin only, https or loopback http, each refusal saying why', () => {
    assert.equal(loadConfig({ ...LIVE, CARSTREL_API_URL: ' https://api.example/ ' }).apiUrl, 'https://api.example');
    assert.equal(loadConfig({ ...LIVE, CARSTREL_API_URL: 'http://localhost:4010' }).apiUrl, 'http://localhost:4010');
    assert.equal(loadConfig({ ...LIVE, CARSTREL_API_URL: '' }).apiUrl, 'https://api.carstrel.com');
    assert.match(problem({ ...LIVE, CARSTREL_API_URL: 'not a url' }), /CARSTREL_API_URL="not a url" is not a URL/);
    assert.match(problem({ ...LIVE, CARSTREL_API_URL: 'ftp://api.example' }), /must use https .*never sent in clear/);
    for (const url of ['https://u:p@api.example', 'https://api.example/?v=2', 'https://api.example/#x'])
      assert.match(problem({ ...LIVE, CARSTREL_API_URL: url }), /must be an origin only/, url);
    assert.equal(problems({ ...LIVE, CARSTREL_API_URL: 'http://[::1]:4010' }).length, 0);
    assert.equal(loadConfig({ ...LIVE, CARSTREL_API_URL: '   ' }).apiUrl, 'https://api.carstrel.com');
    assert.equal(
      problem({ ...LIVE, CARSTREL_API_URL: ' http://api.example ' }),
      'CARSTREL_API_URL="http://api.example" must use https (plain http only for 127.0.0.1/localhost), so the key is never sent in clear.',
    );
    assert.match(problem({ ...LIVE, CARSTREL_API_URL: 'https://user@api.example' }), /must be an origin only/);
    // Loopback is the exception for plain http only, not for any scheme; and a scheme that is not a
    // web one is refused for that, not also as "not an origin".
    for (const url of ['ws://127.0.0.1:4010', 'ftp://localhost', 'carstrel://api.example'])
      assert.match(problem({ ...LIVE, CARSTREL_API_URL: url }), /must use https/, url);
  });
  it('the operator token: at least 24 characters, no spaces', () => {
    const token = 'a'.repeat(24);
    assert.equal(loadConfig({ CARSTREL_OPERATOR_TOKEN: ` ${token} ` }).operatorToken, token);
    assert.match(problem({ CARSTREL_OPERATOR_TOKEN: token.slice(1) }), /CARSTREL_OPERATOR_TOKEN must be at least 24/);
    assert.match(problem({ CARSTREL_OPERATOR_TOKEN: `${token} ${token}` }), /without spaces/);
    assert.equal(loadConfig({ CARSTREL_OPERATOR_TOKEN: ' ' }).operatorToken, undefined);
  });
  it('the session secret: at least 32 characters', () => {
    assert.equal(loadConfig({ CARSTREL_SESSION_SECRET: 's'.repeat(32) }).sessionSecret, 's'.repeat(32));
    assert.match(problem({ CARSTREL_SESSION_SECRET: 's'.repeat(31) }), /CARSTREL_SESSION_SECRET must be at least 32/);
    assert.equal(loadConfig({ CARSTREL_SESSION_SECRET: ' ' }).sessionSecret, undefined);
  });
});

describe('origins, cookies, limits and switches', () => {
  it('exactOrigin takes a scheme, host and port only', () => {
    assert.equal(exactOrigin('https://a.example/'), 'https://a.example');
    assert.equal(exactOrigin('http://a.example:8080'), 'http://a.example:8080');
    for (const bad of [
      'ftp://a.example',
      'https://u:p@a.example',
      'https://a.example/?q',
      'https://a.example/#h',
      'https://a.example/x',
      'HTTPS://A.example',
      'https://a.example:443',
      'not an origin',
    ])
      assert.equal(exactOrigin(bad), undefined, bad);
  });
  it('the public URL must be an exact origin', () => {
    assert.equal(loadConfig({ CARSTREL_PUBLIC_URL: ' https://cars.example ' }).publicUrl, 'https://cars.example');
    assert.match(problem({ CARSTREL_PUBLIC_URL: 'https://cars.example/x' }), /CARSTREL_PUBLIC_URL=.* exact origin/);
    assert.equal(loadConfig({ CARSTREL_PUBLIC_URL: ' ' }).publicUrl, undefined);
  });
  it('allowed origins: empty entries are skipped, a bad one is named', () => {
    assert.deepEqual(loadConfig({ CARSTREL_ALLOWED_ORIGINS: ' , https://a.example,,' }).allowedOrigins, [
      'https://a.example',
    ]);
    assert.match(problem({ CARSTREL_ALLOWED_ORIGINS: 'https://a.example/x' }), /entry "https:\/\/a.example\/x"/);
  });
  it('SameSite: lax, strict or none in any case; none needs an https public URL', () => {
    assert.equal(loadConfig({ CARSTREL_COOKIE_SAMESITE: ' Strict ' }).cookieSameSite, 'Strict');
    assert.equal(loadConfig({ CARSTREL_COOKIE_SAMESITE: 'LAX' }).cookieSameSite, 'Lax');
    assert.equal(loadConfig({ CARSTREL_COOKIE_SAMESITE: 'none' }).cookieSameSite, 'None');
    assert.match(
      problem({ CARSTREL_COOKIE_SAMESITE: 'some' }),
      /CARSTREL_COOKIE_SAMESITE="some" must be lax, strict or none/,
    );
    assert.match(
      problem({ CARSTREL_COOKIE_SAMESITE: 'none', CARSTREL_PUBLIC_URL: 'http://cars.example' }),
      /SAMESITE=none needs the proxy on https/,
    );
    assert.equal(problems({ CARSTREL_COOKIE_SAMESITE: 'none', CARSTREL_PUBLIC_URL: 'https://cars.example' }).length, 0);
    assert.equal(problems({ CARSTREL_COOKIE_SAMESITE: 'lax', CARSTREL_PUBLIC_URL: 'http://cars.example' }).length, 0);
  });
  it('rate limits: on and off in any case, each part ≥ 1, a bad one explained', () => {
    assert.deepEqual(loadConfig({ CARSTREL_RATE_LIMIT: ' ON ' }).rateLimit, { get: 600, post: 20, auth: 10 });
    assert.equal(loadConfig({ CARSTREL_RATE_LIMIT: 'Off' }).rateLimit, 'off');
    assert.deepEqual(loadConfig({ CARSTREL_RATE_LIMIT: 'GET=300, auth=5' }).rateLimit, { get: 300, post: 20, auth: 5 });
    assert.deepEqual(loadConfig({ CARSTREL_RATE_LIMIT: 'get=1,post=1,auth=1' }).rateLimit, {
      get: 1,
      post: 1,
      auth: 1,
    });
    for (const raw of ['get=0', 'get=5,put=3', 'get=-1', 'xget=5', 'get=5x'])
      assert.match(problem({ CARSTREL_RATE_LIMIT: raw }), /must be "on", "off" or like "get=600,post=20,auth=10"/, raw);
  });
  it('the lead queue must hold at least one full-size lead', () => {
    assert.match(
      problem({ CARSTREL_LEAD_QUEUE_BYTES: '2048', CARSTREL_BODY_LIMIT: '4096' }),
      /CARSTREL_LEAD_QUEUE_BYTES \(2048\) must be at least CARSTREL_BODY_LIMIT \(4096\)/,
    );
    assert.equal(problems({ CARSTREL_LEAD_QUEUE_BYTES: '4096', CARSTREL_BODY_LIMIT: '4096' }).length, 0);
  });
  it('log and bearer fallback: two values each, in any case', () => {
    assert.equal(loadConfig({ CARSTREL_LOG: ' OFF ' }).log, 'off');
    assert.equal(loadConfig({ CARSTREL_LOG: 'Json' }).log, 'json');
    assert.match(problem({ CARSTREL_LOG: 'verbose' }), /CARSTREL_LOG="verbose" must be json or off/);
    assert.equal(loadConfig({ CARSTREL_BEARER_FALLBACK: ' On ' }).bearerFallback, true);
    assert.equal(loadConfig({ CARSTREL_BEARER_FALLBACK: 'off' }).bearerFallback, false);
    assert.match(problem({ CARSTREL_BEARER_FALLBACK: 'yes' }), /CARSTREL_BEARER_FALLBACK="yes" must be on or off/);
  });
});

describe('CLI flags and .env, edge cases', () => {
  it('-h asks for help; --dotenv names the file; a flag without its value is refused', () => {
    assert.equal(parseFlags(['-h']).help, true);
    assert.equal(parseFlags([]).help, false);
    assert.equal(parseFlags(['--dotenv', 'prod.env']).envFile, 'prod.env');
    assert.equal(parseFlags(['--dotenv=.env.local', '--port=1']).envFile, '.env.local');
    assert.throws(() => parseFlags(['--port']), /Option --port needs a value, e\.g\. --port=…/);
    assert.deepEqual(parseFlags(['--api-url=https://a.example/?x=1']).env, {
      CARSTREL_API_URL: 'https://a.example/?x=1',
    });
  });
  it('.env: indented lines, several spaces after export, a quote on one side only, spaces before a comment', () => {
    assert.deepEqual(parseDotEnv('  PORT=1\nexport   HOST=h\nA="x\nB=x"\nC=x\'\nD=two   # note'), {
      PORT: '1',
      HOST: 'h',
      A: '"x',
      B: 'x"',
      C: "x'",
      D: 'two',
    });
  });
  it('.env: CRLF lines, single quotes, # kept inside quotes, lines that are not settings skipped', () => {
    assert.deepEqual(
      parseDotEnv("A='x # y'\r\nB = two words # note\r\n  # comment\r\n1BAD=x\r\nC=\"q\"\r\nD='half\nE=#all"),
      { A: 'x # y', B: 'two words', C: 'q', D: "'half", E: '#all' },
    );
  });
});
