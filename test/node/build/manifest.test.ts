/**
 * custom-elements.json is generated from the elements' JSDoc (`npm run build:manifest`), so the
 * docs, IDE completion and CMS integrations are never written twice. Each element must document
 * its summary, attributes, CSS parts, custom properties and events there.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ELEMENT_MODULES } from '../../../src/elements.js';

interface Decl {
  tagName?: string;
  summary?: string;
  attributes?: Array<{ name: string }>;
  cssParts?: unknown[];
  cssProperties?: unknown[];
  events?: Array<{ name: string }>;
}

function declarations(): Map<string, Decl> {
  const manifest = JSON.parse(readFileSync('dist/custom-elements.json', 'utf8')) as {
    modules: Array<{ declarations?: Decl[] }>;
  };
  const out = new Map<string, Decl>();
  for (const m of manifest.modules) for (const d of m.declarations ?? []) if (d.tagName) out.set(d.tagName, d);
  return out;
}

for (const tag of Object.keys(ELEMENT_MODULES)) {
  test(`custom-elements.json documents <${tag}>`, () => {
    const d = declarations().get(tag);
    assert.ok(d, `<${tag}> is missing from custom-elements.json`);
    assert.ok(d.summary && d.summary.length > 10, `<${tag}> needs an @summary`);
    const attrs = (d.attributes ?? []).map((a) => a.name);
    assert.ok(attrs.includes('api'), `<${tag}> documents the api attribute (got ${attrs.join(', ')})`);
    assert.ok((d.cssParts ?? []).length > 0, `<${tag}> documents its ::part()s (@csspart)`);
    assert.ok((d.cssProperties ?? []).length > 0, `<${tag}> documents its --carstrel-* properties (@cssproperty)`);
    assert.ok(
      (d.events ?? []).some((e) => e.name.startsWith('carstrel-')),
      `<${tag}> documents its events (@fires)`,
    );
  });
}
