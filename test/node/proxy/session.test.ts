import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EncryptJWT } from 'jose';
import {
  MAX_REVOKED,
  SessionSealer,
  cookieName,
  readCookie,
  sessionCookie,
  splitAuthResult,
} from '../../../proxy/lib/session.js';

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
  it("names each dealer's cookie after its tenant, so two dealers' sessions never mix", () => {
    assert.equal(cookieName(false, 'acme'), 'carstrel_session_acme');
    assert.equal(cookieName(true, 'acme'), '__Host-carstrel_session_acme');
    assert.match(
      sessionCookie('v', 60, { secure: false, sameSite: 'Lax', tenant: 'acme' }),
      /^carstrel_session_acme=v;/,
    );
  });
  it('reads its cookie among others', () => {
    assert.equal(readCookie('a=1; carstrel_session=xyz; b=2', cookieName(false)), 'xyz');
    assert.equal(readCookie('a=1;  carstrel_session = xyz ;b=2', cookieName(false)), 'xyz', 'spaces trimmed');
    assert.equal(readCookie('=carstrel_session; carstrel_session=v', 'carstrel_session'), 'v', 'a part without a name');
    assert.equal(readCookie('carstrel_session', 'carstrel_session'), undefined, 'a name without a value');
    assert.equal(readCookie('carstrel_session!', 'carstrel_session'), undefined, 'a part without = is no pair');
    assert.equal(readCookie('x_carstrel_session=1', 'carstrel_session'), undefined);
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
    assert.deepEqual(tokens, { accessToken: 'AT', expiresIn: 900 }, 'the refresh token is not kept at all');
    assert.deepEqual(publicBody, {
      statusCode: 201,
      data: { isNewCustomer: true, expires_in: 900, token_type: 'Bearer', user: { id: 'u1', email: 'a@b.c' } },
    });
    assert.doesNotMatch(JSON.stringify(publicBody), /AT|RT/);
  });
  it('defaults the lifetime to an hour when expires_in is missing or not a positive number', () => {
    for (const expires_in of [undefined, 0, -5, '900'])
      assert.equal(splitAuthResult({ data: { access_token: 'AT', expires_in } }).tokens?.expiresIn, 3600);
    assert.equal(splitAuthResult({ data: { access_token: 'AT', expires_in: 1 } }).tokens?.expiresIn, 1);
  });
  it('passes bodies without tokens through unchanged', () => {
    for (const b of [null, 'text', 7, { data: null }, { data: 'x' }, { data: { access_token: 5 } }, { data: {} }]) {
      assert.equal(splitAuthResult(b).publicBody, b);
      assert.equal(splitAuthResult(b).tokens, undefined);
    }
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
    let now = Date.now();
    const s = new SessionSealer('x'.repeat(32), () => now);
    const sealed = await s.seal({ accessToken: 't', expiresIn: 60 });
    now += 59_000;
    assert.equal(await s.open(sealed), 't', 'still live just before');
    now += 2_000;
    assert.equal(await s.open(sealed), undefined);
  });
  it('holds the access token and a random session id only: no refresh token, each seal a new id', async () => {
    const s = new SessionSealer('x'.repeat(32));
    const a = await s.session(await s.seal({ accessToken: 't', expiresIn: 60 }));
    const b = await s.session(await s.seal({ accessToken: 't', expiresIn: 60 }));
    assert.ok(a && b);
    assert.equal(a.accessToken, 't');
    assert.match(a.sid, /^[0-9a-f-]{36}$/);
    assert.notEqual(a.sid, b.sid);
    assert.ok(Math.abs(a.expiresAt - (Date.now() + 60_000)) < 2000, 'expires with the token');
  });
});

describe('SessionSealer.session: only the shape the proxy seals', () => {
  it('refuses a cookie sealed with the right key but without a string token, a session id or an expiry', async () => {
    const secret = 'x'.repeat(32);
    const key = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret)));
    const s = new SessionSealer(secret);
    const seal = (claims: Record<string, unknown>, exp = true) => {
      const jwt = new EncryptJWT(claims).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).setIssuedAt();
      return (exp ? jwt.setExpirationTime('1h') : jwt).encrypt(key);
    };
    assert.equal((await s.session(await seal({ at: 't', sid: 's1' })))?.accessToken, 't', 'the well-formed one opens');
    for (const [claims, exp] of [
      [{ sid: 's1' }, true],
      [{ at: 5, sid: 's1' }, true],
      [{ at: 't' }, true],
      [{ at: 't', sid: 7 }, true],
      [{ at: 't', sid: 's1' }, false],
    ] as const)
      assert.equal(await s.session(await seal(claims, exp)), undefined, JSON.stringify(claims));
  });
});

describe('SessionSealer.revoke (logout)', () => {
  it('makes the cookie and every copy of it useless, and leaves other sessions alone', async () => {
    const s = new SessionSealer('x'.repeat(32));
    const mine = await s.seal({ accessToken: 'mine', expiresIn: 600 });
    const other = await s.seal({ accessToken: 'other', expiresIn: 600 });
    assert.equal(await s.revoke(mine), true);
    assert.equal(await s.open(mine), undefined);
    assert.equal(await s.session(mine), undefined);
    assert.equal(await s.open(other), 'other');
    assert.equal(await s.revoke(mine), false, 'nothing left to revoke');
    assert.equal(await s.revoke(undefined), false);
    assert.equal(await s.revoke('forged'), false);
    assert.equal(s.revokedCount, 1);
  });
  it('forgets a revoked session once it would have expired anyway (bounded memory)', async () => {
    let now = Date.now();
    const s = new SessionSealer('x'.repeat(32), () => now);
    await s.revoke(await s.seal({ accessToken: 'a', expiresIn: 10 }));
    await s.revoke(await s.seal({ accessToken: 'b', expiresIn: 100 }));
    assert.equal(s.revokedCount, 2);
    now += 11_000;
    assert.equal(s.revokedCount, 1);
    now += 100_000;
    assert.equal(s.revokedCount, 0);
  });
  it('forgets it at the very moment its cookie expires (the cookie is refused from then on anyway)', async () => {
    let now = 1_800_000_000_000;
    const s = new SessionSealer('x'.repeat(32), () => now);
    const cookie = await s.seal({ accessToken: 'a', expiresIn: 10 });
    await s.revoke(cookie);
    now += 9_999;
    assert.equal(s.revokedCount, 1);
    now += 1;
    assert.equal(await s.open(cookie), undefined);
    assert.equal(s.revokedCount, 0);
  });
  it('keeps at most MAX_REVOKED, forgetting the one closest to its own expiry first', async () => {
    assert.equal(MAX_REVOKED, 100_000);
    const s = new SessionSealer('x'.repeat(32));
    const revoked = (s as unknown as { revoked: Map<string, number> }).revoked;
    const far = Date.now() + 3_600_000;
    for (let i = 0; i < MAX_REVOKED; i++) revoked.set(`sid-${i}`, far + i);
    revoked.set('sid-0', far - 1000);
    const cookie = await s.seal({ accessToken: 't', expiresIn: 600 });
    assert.equal(await s.revoke(cookie), true);
    assert.equal(revoked.size, MAX_REVOKED);
    assert.equal(revoked.has('sid-0'), false, 'the soonest to expire went');
    assert.equal(revoked.has('sid-1'), true);
    assert.equal(await s.open(cookie), undefined);
  });
});
