import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SessionSealer, cookieName, readCookie, sessionCookie, splitAuthResult } from '../../../proxy/lib/session.js';

describe('phase: sessionCookie', () => {
  it('is httpOnly with the chosen SameSite; Secure + __Host- on https; Partitioned when cross-site', () => {
    assert.equal(
      sessionCookie('v', 3600, { secure: false, sameSite: 'Lax' }),
      'carstrel_session=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600',
    );
    assert.equal(
      sessionCookie('v', 3600, { secure: true, sameSite: 'None' }),
      '__Host-carstrel_session=v; Path=/; HttpOnly; SameSite=None; Max-Age=3600; Secure; Partitioned',
    );
    assert.match(sessionCookie('', 0, { secure: false, sameSite: 'Lax' }), /Max-Age=0/);
  });
  it('reads its cookie among others', () => {
    assert.equal(readCookie('a=1; carstrel_session=xyz; b=2', cookieName(false)), 'xyz');
    assert.equal(readCookie('a=1', cookieName(false)), undefined);
    assert.equal(readCookie(undefined, 'x'), undefined);
  });
});

describe('phase: splitAuthResult', () => {
  it('takes the tokens out and leaves the user for the browser', () => {
    const { tokens, publicBody } = splitAuthResult({
      statusCode: 201,
      data: {
        isNewCustomer: true,
        access_token: 'AT',
        refresh_token: 'RT',
        expires_in: 900,
        token_type: 'Bearer',
        user: { id: 'u1', email: 'a@b.c' },
      },
    });
    assert.deepEqual(tokens, { accessToken: 'AT', refreshToken: 'RT', expiresIn: 900 });
    assert.deepEqual(publicBody, {
      statusCode: 201,
      data: { isNewCustomer: true, expires_in: 900, token_type: 'Bearer', user: { id: 'u1', email: 'a@b.c' } },
    });
    assert.doesNotMatch(JSON.stringify(publicBody), /AT|RT/);
  });
  it('passes bodies without tokens through unchanged', () => {
    const b = { statusCode: 401, message: 'Invalid credentials' };
    assert.equal(splitAuthResult(b).publicBody, b);
    assert.equal(splitAuthResult(b).tokens, undefined);
  });
});

describe('SessionSealer', () => {
  it('seals tokens so only the same secret opens them; the cookie does not show the token', async () => {
    const s = new SessionSealer('x'.repeat(32));
    const sealed = await s.seal({ accessToken: 'eyJ.secret.token', expiresIn: 60 });
    assert.doesNotMatch(sealed, /secret/);
    assert.equal(await s.open(sealed), 'eyJ.secret.token');
    assert.equal(await new SessionSealer('y'.repeat(32)).open(sealed), undefined);
    assert.equal(await s.open(sealed.slice(0, -2) + 'AA'), undefined, 'tampered');
    assert.equal(await s.open('garbage'), undefined);
  });
  it('refuses an expired session', async () => {
    const s = new SessionSealer('x'.repeat(32));
    const sealed = await s.seal({ accessToken: 't', expiresIn: 1 });
    await new Promise((r) => setTimeout(r, 2100));
    assert.equal(await s.open(sealed), undefined);
  });
});
