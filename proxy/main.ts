/**
 * `carstrel-proxy` CLI: configuration from flags, then the environment, then an optional `.env`
 * (in that order of precedence), checked at start-up; `--help` lists every setting.
 */
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { hashPasswordCommand } from './admin/hash-password.js';
import { parseDotEnv, parseFlags } from './lib/cli.js';
import { ConfigError, SETTINGS } from './lib/config.js';
import { startProxy } from './server.js';

const HELP = `carstrel-proxy: the dealer's key-holding edge in front of CarStrel.

Usage: carstrel-proxy [--flag value | --flag=value]...   (or the environment variables below)
       carstrel-proxy hash-password [--pbkdf2]   (reads the console password on stdin, prints
                                CARSTREL_ADMIN_PASSWORD_HASH: scrypt, or PBKDF2-SHA256 with --pbkdf2)

Without CARSTREL_API_KEY the proxy runs the CarStrel sandbox in-process (demo data, key
sk_test_sandbox) and says so on its first lines. With a key it forwards to CARSTREL_API_URL.

Settings (flag / environment variable):
${SETTINGS.map((s) => `  ${s.flag.padEnd(24)} ${s.name}\n${' '.repeat(27)}${s.help}`).join('\n')}
  --dotenv <path>          Read settings from this file instead of ./.env (KEY=value lines).
  --help                   Show this help.

Precedence: flags > environment > .env file > defaults.
Routes: GET /carstrel.js, /chunks/*, /external/... (allow-listed CarStrel API), POST /session/logout,
GET /healthz, / (demo pages), /admin (the dealer console, on with CARSTREL_ADMIN_PASSWORD_HASH).
Leads queued while CarStrel is down live in CARSTREL_DATA_DIR.
Many dealers: CARSTREL_TENANTS=tenants.json serves each dealer under /d/<id>/ (and at the root for
its hosts); SIGHUP or saving the file reloads it. GET /metrics (Prometheus) and the detail of
/healthz answer on loopback or with Authorization: Bearer <CARSTREL_OPERATOR_TOKEN>.
`;

async function main(): Promise<void> {
  if (process.argv[2] === 'hash-password') {
    process.exitCode = await hashPasswordCommand(process.stdin, (t) => process.stdout.write(t), process.argv.slice(3));
    return;
  }
  let flags;
  try {
    flags = parseFlags(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  if (flags.help) {
    process.stdout.write(HELP);
    return;
  }
  const envPath = resolve(flags.envFile ?? '.env');
  if (flags.envFile && !existsSync(envPath)) {
    process.stderr.write(`--dotenv ${flags.envFile} does not exist.\n`);
    process.exit(2);
  }
  const fromFile = existsSync(envPath) ? parseDotEnv(readFileSync(envPath, 'utf8')) : {};
  const env = { ...fromFile, ...process.env, ...flags.env };
  try {
    const proxy = await startProxy(env);
    const stop = () => {
      proxy.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
      setTimeout(() => process.exit(1), 5000).unref();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // Many dealers: re-read the tenants file (a broken one keeps the running configuration).
    const { reload } = proxy;
    if (reload) process.on('SIGHUP', () => void reload());
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nRun with --help to see every option.\n`);
      process.exit(2);
    }
    process.stderr.write(`carstrel-proxy could not start: ${(err as Error).message}\n`);
    process.exit(1);
  }
}

void main();
