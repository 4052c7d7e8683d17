/**
 * The forms' styles nested under their element's tag (scopeToTag in src/forms/light-dom-styles.ts),
 * so that nothing leaks to the dealer's page. That the browser applies them only inside the element
 * is checked in src/forms/forms.test.ts (Chromium, Firefox, WebKit).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CSSResult } from 'lit';
import { scopeToTag } from '../../../src/forms/light-dom-styles.js';

const sheet = (cssText: string) => ({ cssText }) as CSSResult;

describe('forms light-DOM styles: scopeToTag', () => {
  it('nests every sheet, in order, under the tag', () => {
    assert.equal(
      scopeToTag('carstrel-login', [sheet('.a { color: red; }'), sheet('.b { color: blue; }')]),
      'carstrel-login {\n.a { color: red; }\n.b { color: blue; }\n}',
    );
    assert.equal(scopeToTag('carstrel-x', []), 'carstrel-x {\n\n}');
  });
  it('rewrites :host to & and :host(x) to &x, every occurrence', () => {
    assert.equal(
      scopeToTag('carstrel-x', [
        sheet(':host { display: block; } :host([hidden]) { display: none; } :host(.dark) a, :host { c: d; }'),
      ]),
      'carstrel-x {\n& { display: block; } &[hidden] { display: none; } &.dark a, & { c: d; }\n}',
    );
  });
  it('leaves names that only start with host alone', () => {
    assert.equal(
      scopeToTag('t', [sheet(':hostile { a: b; } .host { c: d; }')]),
      't {\n:hostile { a: b; } .host { c: d; }\n}',
    );
  });
});
