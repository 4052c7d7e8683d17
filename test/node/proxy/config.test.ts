import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDotEnv, parseFlags } from '../../../proxy/lib/cli.js';
import { ConfigError, loadConfig, exactOrigin, SETTINGS } from '../../../proxy/lib/config.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    return e.problems;
  }
  return [];
}

describe('configuration checked at start-up', () => {
  it('defaults to the sandbox on 127.0.0.1:8787 with rate limiting on', () => {
    const c = loadConfig({});
    assert.equal(c.mode, 'sandbox');
    assert.equal(c.port, 8787);
    assert.equal(c.host, '127.0.0.1');
    assert.notEqual(c.rateLimit, 'off');
  });
  it('a key switches to live mode against the default upstream', () => {
    const c = loadConfig({ CARSTREL_API_KEY: 'sk_live_abc123' });
    assert.equal(c.mode, 'live');
    assert.equal(c.apiUrl, 'https://api.carstrel.com');
  });
  it('reports every problem at once, each saying how to fix it', () => {
    const p = problems({
      CARSTREL_API_KEY: 'pk_nope',
      PORT: '99999',
      CARSTREL_ALLOWED_ORIGINS: 'https://ok.example,*, https://x.example/path',
      CARSTREL_RATE_LIMIT: 'fast',
      CARSTREL_COOKIE_SAMESITE: 'sometimes',
      CARSTREL_SESSION_SECRET: 'short',
    });
    assert.equal(p.length, 7, p.join('\n'));
    assert.ok(p.some((m) => /CARSTREL_API_KEY must look like sk_live_/.test(m)));
    assert.ok(p.some((m) => /PORT="99999"/.test(m)));
    assert.ok(p.some((m) => /no path, no wildcard/.test(m)));
  });
  it('refuses a plain-http upstream except loopback, and an upstream with a path', () => {
    assert.equal(problems({ CARSTREL_API_KEY: 'sk_live_a1', CARSTREL_API_URL: 'http://api.carstrel.com' }).length, 1);
    assert.equal(problems({ CARSTREL_API_KEY: 'sk_live_a1', CARSTREL_API_URL: 'http://127.0.0.1:4010' }).length, 0);
    assert.equal(
      problems({ CARSTREL_API_KEY: 'sk_live_a1', CARSTREL_API_URL: 'https://api.carstrel.com/v2' }).length,
      1,
    );
  });
  it('parses rate limits and origins', () => {
    assert.equal(loadConfig({ CARSTREL_RATE_LIMIT: 'off' }).rateLimit, 'off');
    assert.deepEqual(loadConfig({ CARSTREL_RATE_LIMIT: 'post=5' }).rateLimit, { get: 600, post: 5, auth: 10 });
    assert.deepEqual(
      loadConfig({ CARSTREL_ALLOWED_ORIGINS: 'https://a.example, http://b.example:8080/' }).allowedOrigins,
      ['https://a.example', 'http://b.example:8080'],
    );
    assert.equal(exactOrigin('https://*.dealer.example'), undefined);
  });
  it('every setting has a flag and help text', () => {
    for (const s of SETTINGS) {
      assert.match(s.flag, /^--[a-z-]+$/);
      assert.ok(s.help.length > 10);
    }
  });
});

describe('CLI flags and .env', () => {
  it('maps --flag value and --flag=value onto setting names', () => {
    assert.deepEqual(parseFlags(['--port', '9000', '--api-key=sk_test_x1', '--rate-limit=off']).env, {
      PORT: '9000',
      CARSTREL_API_KEY: 'sk_test_x1',
      CARSTREL_RATE_LIMIT: 'off',
    });
    assert.equal(parseFlags(['--help']).help, true);
    assert.throws(() => parseFlags(['--prot', '1']), /Unknown option "--prot"/);
  });
  it('reads KEY=value lines with quotes and comments', () => {
    assert.deepEqual(parseDotEnv('# c\nPORT=9000\nexport HOST="0.0.0.0"\nCARSTREL_LOG=off # quiet\n\nBAD LINE'), {
      PORT: '9000',
      HOST: '0.0.0.0',
      CARSTREL_LOG: 'off',
    });
  });
});
