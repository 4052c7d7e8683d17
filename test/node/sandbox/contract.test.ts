/** The contract itself: complete, in sync with the generated types, and true to the reference's examples. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ALL_SCOPES } from '../../../proxy/sandbox/data/dealers.js';
import { XSS_FIXTURES } from '../../../proxy/sandbox/data/inventory.js';
import { CONTRACT_PATH, contractErrors, componentErrors, operations } from './helpers.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const external = operations.filter((o) => o.path.startsWith('/external/'));

describe('contract', () => {
  it('describes all 31 external operations (16 metadata, 3 vehicle, 3 auth, 4 customer, 5 engagement)', () => {
    assert.equal(external.length, 31);
    const byTag = (tag: string) =>
      external.filter((o) => (o.op as unknown as { tags: string[] }).tags.includes(tag)).length;
    assert.deepEqual(
      [
        byTag('Vehicle Metadata'),
        byTag('Vehicle Listings'),
        byTag('Customer Authentication'),
        byTag('Customer Management'),
        byTag('Engagement & Forms'),
      ],
      [16, 3, 3, 4, 5],
    );
    assert.equal(new Set(external.map((o) => o.op.operationId)).size, 31, 'operationIds are unique');
  });

  it('gives every external operation a scope and the shared error responses', () => {
    for (const { path, method, op } of external) {
      assert.ok(ALL_SCOPES.includes(op['x-scope'] as never), `${method} ${path} x-scope`);
      for (const status of ['401', '403', '429', '500', '503'])
        assert.ok(op.responses[status], `${method} ${path} documents ${status}`);
      if (path.includes('{'))
        for (const s of ['400', '404']) assert.ok(op.responses[s], `${method} ${path} documents ${s}`);
      if (op.requestBody)
        for (const s of ['400', '413', '415']) assert.ok(op.responses[s], `${method} ${path} documents ${s}`);
    }
  });

  it('keeps sandbox-only routes outside /external, marked x-sandbox-only', () => {
    const sandboxOnly = operations.filter((o) => !o.path.startsWith('/external/'));
    assert.ok(sandboxOnly.length >= 4);
    for (const o of sandboxOnly) assert.equal(o.op['x-sandbox-only'], true, `${o.method} ${o.path}`);
  });

  it('is a structurally valid OpenAPI 3.1 document (redocly lint: no errors)', async () => {
    // @redocly/openapi-core is what openapi-typescript itself validates with (its dependency).
    const { lint, loadConfig } = await import('@redocly/openapi-core');
    const problems = await lint({ ref: CONTRACT_PATH, config: await loadConfig({}) });
    const errors = problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    assert.deepEqual(errors, []);
  });

  it('src/api/schema.ts is up to date with the YAML (run npm run gen:types)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'carstrel-gen-'));
    try {
      const out = join(dir, 'schema.ts');
      execFileSync(
        process.execPath,
        [join(root, 'node_modules/openapi-typescript/bin/cli.js'), CONTRACT_PATH, '-o', out],
        { stdio: 'pipe' },
      );
      assert.equal(
        readFileSync(join(root, 'src/api/schema.ts'), 'utf8'),
        readFileSync(out, 'utf8'),
        'src/api/schema.ts is stale: run npm run gen:types',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('no API key string reaches src/ through the generated types', () => {
    for (const file of ['src/api/schema.ts', 'src/api/types.ts']) {
      assert.doesNotMatch(readFileSync(join(root, file), 'utf8'), /sk_(live|test)_[A-Za-z0-9]/, file);
    }
  });

  it("the reference's own example responses have the contract's shapes", () => {
    const examples = JSON.parse(readFileSync(join(root, 'proxy/contract/reference-examples.json'), 'utf8')) as Record<
      string,
      { status: number; schema?: string; body: unknown }
    >;
    const checked = Object.entries(examples).filter(([name]) => !name.startsWith('_'));
    assert.ok(checked.length >= 31, 'an example per operation plus the 401 body');
    for (const [name, ex] of checked) {
      const problems = ex.schema
        ? componentErrors(ex.schema, ex.body)
        : contractErrors(name, ex.status, ex.body, { formats: false });
      assert.equal(problems, '', `${name}: ${problems}`);
    }
  });

  it('XSS fixtures keep the ids documented at the top of the seed file', () => {
    const header = readFileSync(join(root, 'proxy/sandbox/data/inventory.ts'), 'utf8').split('*/')[0];
    for (const fx of XSS_FIXTURES) assert.match(header, new RegExp(`${fx.id}\\s+slug \`${fx.slug}\``));
  });
});
