/**
 * A real, throw-away WordPress for the plugin's end-to-end test: Debian's `wordpress` package (6.1)
 * served by PHP's built-in server through a router script, on a private MariaDB (its own datadir
 * and socket, `--skip-networking`, run as `mysql`), all started here and stopped by `stop()`.
 * Nothing system-wide runs: the only file written outside a temporary folder is Debian's per-site
 * config, `/etc/wordpress/config-carstrel-test-<port>.php`, removed again by `stop()`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { freePort } from '../e2e/support.js';

export const WP_ROOT = '/usr/share/wordpress';
const DEBIAN_CONFIG_DIR = '/etc/wordpress';
const PACKAGES = 'wordpress php-cli php-mysql mariadb-server';

export interface WordPress {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Runs PHP with WordPress loaded (as on a request to this site); returns what it printed. */
  php(code: string): string;
  /** WordPress's debug log (notices, warnings, fatal errors) so far. */
  debugLog(): string;
  stop(): Promise<void>;
}

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/** Why the WordPress test cannot run here (missing packages, not root), or undefined. */
export function wordpressMissing(): string | undefined {
  const missing = [
    ['php', 'php-cli'],
    ['mariadbd', 'mariadb-server'],
    ['mariadb-install-db', 'mariadb-server'],
  ].filter(([cmd]) => !has(cmd));
  if (!existsSync(join(WP_ROOT, 'wp-settings.php'))) missing.push(['', 'wordpress']);
  if (missing.length || spawnSync('php', ['-r', 'exit(function_exists("mysqli_connect") ? 0 : 1);']).status !== 0) {
    const names = [...new Set(missing.map(([, pkg]) => pkg))].join(', ') || 'php-mysql';
    return `WordPress test skipped: Debian packages missing (${names}); install them with \`apt-get install -y --no-install-recommends ${PACKAGES}\` (.ci/run does).`;
  }
  if (process.getuid?.() !== 0)
    return 'WordPress test skipped: needs root (MariaDB runs as `mysql`, Debian reads /etc/wordpress).';
  return undefined;
}

function run(cmd: string, args: string[], input?: string): string {
  const res = spawnSync(cmd, args, { input, encoding: 'utf8', timeout: 120_000 });
  if (res.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
  return res.stdout;
}

function waitFor(check: () => boolean, what: string, log: () => string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      try {
        if (check()) return resolve();
      } catch (error) {
        return reject(error instanceof Error ? error : new Error(String(error)));
      }
      if (Date.now() > deadline) return reject(new Error(`${what} not ready in ${ms / 1000} s:\n${log()}`));
      setTimeout(tick, 200);
    };
    tick();
  });
}

/** Stops a child started with `detached: true` and everything in its process group (php -S workers). */
function stopChild(child: ChildProcess): Promise<void> {
  const signal = (sig: NodeJS.Signals): void => {
    try {
      if (child.pid) process.kill(-child.pid, sig);
    } catch {
      /* already gone */
    }
  };
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      signal('SIGTERM');
      return resolve();
    }
    child.once('exit', () => {
      signal('SIGTERM');
      resolve();
    });
    signal('SIGTERM');
    setTimeout(() => signal('SIGKILL'), 10_000).unref();
  });
}

/** A classic theme, just enough for a page: head, the page's content, footer. */
const THEME_STYLE = '/*\nTheme Name: CarStrel Test\n*/\n';
const THEME_INDEX = `<?php ?><!doctype html>
<html <?php language_attributes(); ?>><head><meta charset="utf-8"><?php wp_head(); ?></head>
<body><main><?php while ( have_posts() ) : the_post(); ?><h1><?php the_title(); ?></h1><?php the_content(); ?><?php endwhile; ?></main>
<?php wp_footer(); ?></body></html>
`;

/** The router: serves wp-content from the private folder, runs WordPress's PHP with our config name. */
function router(contentDir: string, configName: string): string {
  return `<?php
$_SERVER['WORDPRESS_CONFIG'] = ${JSON.stringify(configName)};
$path = rawurldecode( parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) );
if ( strpos( $path, '..' ) !== false ) { http_response_code( 400 ); exit; }
if ( strpos( $path, '/wp-content/' ) === 0 ) {
  $file = ${JSON.stringify(contentDir)} . substr( $path, strlen( '/wp-content' ) );
  if ( ! is_file( $file ) || substr( $file, -4 ) === '.php' ) { http_response_code( 404 ); exit; }
  $types = array( 'js' => 'text/javascript', 'css' => 'text/css', 'json' => 'application/json', 'svg' => 'image/svg+xml', 'png' => 'image/png' );
  $ext = pathinfo( $file, PATHINFO_EXTENSION );
  header( 'Content-Type: ' . ( isset( $types[ $ext ] ) ? $types[ $ext ] : 'application/octet-stream' ) );
  readfile( $file );
  exit;
}
$root = ${JSON.stringify(WP_ROOT)};
if ( is_dir( $root . $path ) ) {
  if ( substr( $path, -1 ) !== '/' ) { header( 'Location: ' . $path . '/' ); exit; }
  $path .= 'index.php';
}
if ( ! is_file( $root . $path ) ) { $path = '/index.php'; }
if ( substr( $path, -4 ) !== '.php' ) { return false; }
$_SERVER['SCRIPT_NAME'] = $_SERVER['PHP_SELF'] = $path;
$_SERVER['SCRIPT_FILENAME'] = $root . $path;
chdir( dirname( $root . $path ) );
require $root . $path;
`;
}

/**
 * Starts MariaDB and PHP's server, installs WordPress (admin / `password`), unpacks `pluginZip`
 * into its plugins folder (not activated) and switches to a minimal classic theme.
 */
export async function startWordPress(pluginZip: string): Promise<WordPress> {
  const dir = mkdtempSync(join(tmpdir(), 'carstrel-wp-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const configName = `carstrel-test-${port}`;
  const configFile = join(DEBIAN_CONFIG_DIR, `config-${configName}.php`);
  const children: ChildProcess[] = [];
  let out = '';
  const log = (): string => out;

  const stop = async (): Promise<void> => {
    for (const child of children.reverse()) await stopChild(child);
    rmSync(configFile, { force: true });
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    // MariaDB: private datadir and socket, no TCP, as the `mysql` user.
    const db = join(dir, 'db');
    const socket = join(dir, 'run', 'mysqld.sock');
    const mysql = run('id', ['-u', 'mysql']).trim();
    const mysqlGroup = run('id', ['-g', 'mysql']).trim();
    for (const d of [db, dirname(socket)]) {
      mkdirSync(d, { recursive: true });
      chownSync(d, Number(mysql), Number(mysqlGroup));
    }
    run('mariadb-install-db', [
      '--no-defaults',
      '--user=mysql',
      `--datadir=${db}`,
      '--auth-root-authentication-method=socket',
      '--skip-test-db',
    ]);
    const mariadb = spawn(
      'mariadbd',
      [
        '--no-defaults',
        '--user=mysql',
        `--datadir=${db}`,
        `--socket=${socket}`,
        `--pid-file=${join(dirname(socket), 'mysqld.pid')}`,
        '--skip-networking',
        '--innodb-buffer-pool-size=32M',
        '--performance-schema=off',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    children.push(mariadb);
    mariadb.stdout.on('data', (d: Buffer) => (out += d.toString()));
    mariadb.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const sql = (statements: string): boolean =>
      spawnSync('mariadb', ['--no-defaults', `--socket=${socket}`, '-uroot', '-e', statements]).status === 0;
    await waitFor(() => mariadb.exitCode === null && sql('SELECT 1'), 'MariaDB', log);
    if (
      !sql(
        "CREATE DATABASE wordpress; CREATE USER 'wordpress'@'localhost' IDENTIFIED BY 'wordpress'; GRANT ALL ON wordpress.* TO 'wordpress'@'localhost';",
      )
    ) {
      throw new Error('could not create the WordPress database');
    }

    // wp-content: a private folder with the plugin (from the zip) and the theme.
    const content = join(dir, 'wp-content');
    for (const d of ['plugins', 'themes/carstrel-test', 'uploads']) mkdirSync(join(content, d), { recursive: true });
    for (const [name, data] of Object.entries(unzipSync(readFileSync(pluginZip)))) {
      if (name.endsWith('/')) continue;
      mkdirSync(dirname(join(content, 'plugins', name)), { recursive: true });
      writeFileSync(join(content, 'plugins', name), data);
    }
    writeFileSync(join(content, 'themes/carstrel-test/style.css'), THEME_STYLE);
    writeFileSync(join(content, 'themes/carstrel-test/index.php'), THEME_INDEX);

    // Debian's wp-config.php reads /etc/wordpress/config-<WORDPRESS_CONFIG>.php.
    const salt = (): string => Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
    const defines: Record<string, string | boolean> = {
      DB_NAME: 'wordpress',
      DB_USER: 'wordpress',
      DB_PASSWORD: 'wordpress',
      DB_HOST: `localhost:${socket}`,
      WP_HOME: url,
      WP_SITEURL: url,
      WP_CONTENT_DIR: content,
      WP_CONTENT_URL: `${url}/wp-content`,
      WP_DEBUG: true,
      WP_DEBUG_DISPLAY: false,
      WP_DEBUG_LOG: join(dir, 'debug.log'),
      DISABLE_WP_CRON: true,
      AUTOMATIC_UPDATER_DISABLED: true,
      // No calls to wordpress.org from the admin screens; requests to this host (the proxy) still pass.
      WP_HTTP_BLOCK_EXTERNAL: true,
      AUTH_KEY: salt(),
      SECURE_AUTH_KEY: salt(),
      LOGGED_IN_KEY: salt(),
      NONCE_KEY: salt(),
      AUTH_SALT: salt(),
      SECURE_AUTH_SALT: salt(),
      LOGGED_IN_SALT: salt(),
      NONCE_SALT: salt(),
    };
    writeFileSync(
      configFile,
      '<?php\n' +
        Object.entries(defines)
          .map(([k, v]) => `define( '${k}', ${typeof v === 'boolean' ? String(v) : `'${v}'`} );`)
          .join('\n') +
        '\n',
    );

    const phpHeader = `<?php
$_SERVER['HTTP_HOST'] = '127.0.0.1:${port}';
$_SERVER['WORDPRESS_CONFIG'] = '${configName}';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_NAME'] = '127.0.0.1';
`;
    let scripts = 0;
    const php = (code: string, installing = false): string => {
      const file = join(dir, `cli-${++scripts}.php`);
      writeFileSync(
        file,
        phpHeader +
          (installing ? "define( 'WP_INSTALLING', true );\n" : '') +
          `require '${WP_ROOT}/wp-load.php';\n${code}\n`,
      );
      return run('php', [file]);
    };

    php(
      `require_once ABSPATH . 'wp-admin/includes/upgrade.php';
$r = wp_install( 'CarStrel Test Dealer', 'admin', 'admin@example.test', false, '', 'password' );
if ( empty( $r['user_id'] ) ) { fwrite( STDERR, 'install failed' ); exit( 1 ); }`,
      true,
    );
    php(`switch_theme( 'carstrel-test' ); update_option( 'permalink_structure', '' );`);

    writeFileSync(join(dir, 'router.php'), router(content, configName));
    const server = spawn('php', ['-S', `127.0.0.1:${port}`, '-t', WP_ROOT, join(dir, 'router.php')], {
      env: { PATH: process.env.PATH ?? '', PHP_CLI_SERVER_WORKERS: '4' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    children.push(server);
    server.stdout.on('data', (d: Buffer) => (out += d.toString()));
    server.stderr.on('data', (d: Buffer) => (out += d.toString()));
    let up = false;
    const probe = (): void => {
      fetch(`${url}/wp-login.php`)
        .then((r) => (up = r.ok))
        .catch(() => undefined);
    };
    await waitFor(
      () => {
        if (server.exitCode !== null) throw new Error(`php -S exited:\n${out}`);
        probe();
        return up;
      },
      'PHP server',
      log,
    );

    return {
      url,
      php: (code) => php(code),
      debugLog: () => (existsSync(join(dir, 'debug.log')) ? readFileSync(join(dir, 'debug.log'), 'utf8') : ''),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
