/**
 * The single-file build: `proxy/build.mjs` bundles the proxy and the sandbox into one file that
 * plain `node` runs from a directory without node_modules; the CLI checks its configuration.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, before, after } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('single-file build and CLI', () => {
  let dir: string;
  let file: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'proxy-build-'));
    file = join(dir, 'dist', 'proxy', 'carstrel-proxy.mjs');
    const r = spawnSync(process.execPath, [join(root, 'proxy', 'build.mjs'), '--outfile', file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is one executable file with a node shebang', () => {
    assert.ok(readFileSync(file, 'utf8').startsWith('#!/usr/bin/env node\n'));
    assert.ok(statSync(file).mode & 0o100);
  });

  it('--help lists every setting', () => {
    const r = spawnSync(process.execPath, [file, '--help'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0);
    for (const name of [
      'PORT',
      'CARSTREL_API_KEY',
      'CARSTREL_API_URL',
      'CARSTREL_ALLOWED_ORIGINS',
      'CARSTREL_RATE_LIMIT',
      'CARSTREL_DATA_DIR',
      '--dotenv',
    ]) {
      assert.ok(r.stdout.includes(name), name);
    }
  });

  it('refuses a bad configuration with every problem and how to fix it (exit 2)', () => {
    const r = spawnSync(process.execPath, [file, '--port=http', '--allowed-origins=*'], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, CARSTREL_API_KEY: 'not-a-key' },
    });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /CARSTREL_API_KEY must look like sk_live_/);
    assert.match(r.stderr, /PORT="http"/);
    assert.match(r.stderr, /no wildcard/);
    assert.doesNotMatch(r.stderr, /not-a-key/, 'the bad key itself is not echoed');
  });

  it('runs without node_modules: sandbox mode from an empty directory, .env honoured', async () => {
    const child = spawn(process.execPath, [file, '--dotenv', join(dir, 'missing.env')], {
      cwd: dir,
      env: { PATH: process.env.PATH },
    });
    const code = await new Promise((r) => child.once('exit', r));
    assert.equal(code, 2, 'a named --dotenv that does not exist is refused');

    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, '.env'), 'PORT=0\nSANDBOX_PORT=0\nCARSTREL_LOG=off\n');
    const proc = spawn(process.execPath, [file], {
      cwd: dir,
      env: { PATH: process.env.PATH },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const first = await new Promise<string>((resolve, reject) => {
        let out = '';
        proc.stdout.on('data', (c) => {
          out += c;
          if (out.includes('demo:')) resolve(out);
        });
        proc.once('exit', (c) => reject(new Error(`exited ${c}: ${out}`)));
      });
      assert.match(first.split('\n')[0], /SANDBOX mode/);
      const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(first)![1];
      const r = await fetch(`${url}/external/engine-types`);
      assert.equal(r.status, 200);
      assert.deepEqual((await r.json()).data.includes('ELECTRIC'), true);
    } finally {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    }
  });
});
