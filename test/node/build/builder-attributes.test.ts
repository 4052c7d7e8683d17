/**
 * The snippet builder's list of elements and attributes (src/builder/attributes.generated.ts) is
 * generated from custom-elements.json (`npm run gen:builder`): it must say what the manifest says,
 * and cover every shopper element.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
// @ts-expect-error: a plain ES module of the build, without type declarations
import { builderElements } from '../../../build/builder-attributes.mjs';
import { ELEMENTS } from '../../../src/builder/attributes.generated.js';
import { ELEMENT_MODULES } from '../../../src/elements.js';

const manifest: unknown = JSON.parse(readFileSync('dist/custom-elements.json', 'utf8'));

test('attributes.generated.ts is what custom-elements.json says (regenerate: npm run gen:builder)', () => {
  assert.deepEqual(ELEMENTS, (builderElements as (m: unknown) => unknown)(manifest));
});

test('the builder knows every shopper element, never `api`, and lists the choices of union types', () => {
  assert.deepEqual(Object.keys(ELEMENTS).sort(), Object.keys(ELEMENT_MODULES).sort());
  for (const [tag, el] of Object.entries(ELEMENTS)) {
    assert.ok(el.attributes.length > 0, tag);
    assert.ok(!el.attributes.some((a) => a.name === 'api'), tag);
  }
  const brands = ELEMENTS['carstrel-brands'].attributes.find((a) => a.name === 'group');
  assert.deepEqual(brands?.choices, ['brand', 'body-type']);
  const pageSize = ELEMENTS['carstrel-inventory'].attributes.find((a) => a.name === 'page-size');
  assert.deepEqual({ kind: pageSize?.kind, default: pageSize?.default }, { kind: 'number', default: '12' });
});
