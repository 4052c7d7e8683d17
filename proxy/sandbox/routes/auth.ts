/** Customer authentication: register, login, me (contract decisions D10, D11). */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import type { AuthResult, CustomerUser, MeResult } from '../../../src/api/types.js';
import type { SandboxContext, SandboxEnv } from '../context.js';
import type { CustomerRec } from '../data/people.js';
import { errors } from '../errors.js';
import { ok } from '../http.js';
import { idempotent, jsonBody, scope } from '../middleware.js';
import { hashPassword, verifyPassword, type UserRec } from '../store.js';
import { bearerOf, issueTokens, verifyAccessToken } from '../tokens.js';
import { check, loginBody, registerBody } from '../validation.js';

let dummy: string | undefined;
const dummyHash = () => (dummy ??= hashPassword('not-a-password'));

export function userView(u: UserRec): CustomerUser {
  return {
    id: u.id,
    email: u.email,
    firstName: u.firstName,
    lastName: u.lastName,
    ...(u.phone ? { phone: u.phone } : {}),
    profileImageUrl: null,
  };
}

/** A fresh customer record linking a user to the calling dealer. */
function linkNewCustomer(c: SandboxContext, user: UserRec): CustomerRec {
  return c.var.sandbox.store.link(c.var.tenant, {
    id: randomUUID(),
    dealerId: c.var.tenant.dealer.id,
    userId: user.id,
    totalPurchases: 0,
    totalSpent: 0,
    lastPurchaseDate: null,
    totalVehiclesPurchased: 0,
    totalVehiclesRented: 0,
    leadScore: 20,
    lifecycleStage: 'PROSPECT',
    isVip: false,
    segment: 'new',
    preferences: {},
    tags: [],
    notes: null,
    createdDate: new Date().toISOString(),
    recorded: true,
  });
}

async function authResult(
  c: SandboxContext,
  user: UserRec,
  customer: CustomerRec,
  flags: { isNewUser?: boolean; isNewCustomer: boolean },
): Promise<AuthResult> {
  return { ...flags, ...(await issueTokens(c.var.key, user.id, customer.id)), user: userView(user) };
}

function customerOfToken(c: SandboxContext, userId: string): { user: UserRec; customer: CustomerRec } {
  const user = c.var.sandbox.store.world(c.var.key.environment).userById.get(userId);
  const customer = user && c.var.tenant.customerByUser.get(user.id);
  if (!user || !customer) throw errors.invalidToken('its customer no longer exists (was the sandbox reset?)');
  return { user, customer };
}

/** `/external/auth`: customers register and log in with the dealer, then read their profile. */
export const auth = new Hono<SandboxEnv>()
  .post('/register', scope('auth'), jsonBody, idempotent, async (c) => {
    const body = check(registerBody, c.var.body, 'field');
    const { store } = c.var.sandbox;
    const world = store.world(c.var.key.environment);
    const existing = world.users.get(body.email);
    if (!existing) {
      const user = store.addUser(world, {
        id: randomUUID(),
        email: body.email,
        firstName: body.firstName,
        lastName: body.lastName,
        ...(body.phone ? { phone: body.phone } : {}),
        passwordHash: hashPassword(body.password),
        createdDate: new Date().toISOString(),
      });
      return ok(await authResult(c, user, linkNewCustomer(c, user), { isNewUser: true, isNewCustomer: true }), 201);
    }
    if (!verifyPassword(body.password, existing.passwordHash)) throw errors.emailTakenOtherPassword();
    if (c.var.tenant.customerByUser.has(existing.id)) throw errors.alreadyCustomer();
    return ok(
      await authResult(c, existing, linkNewCustomer(c, existing), { isNewUser: false, isNewCustomer: true }),
      201,
    );
  })
  .post('/login', scope('auth'), jsonBody, idempotent, async (c) => {
    const body = check(loginBody, c.var.body, 'field');
    const user = c.var.sandbox.store.world(c.var.key.environment).users.get(body.email);
    // Unknown emails cost one KDF run too, so timing does not reveal which emails exist.
    if (!verifyPassword(body.password, user?.passwordHash ?? dummyHash())) throw errors.badCredentials();
    if (!user) throw errors.badCredentials();
    const existing = c.var.tenant.customerByUser.get(user.id);
    const customer = existing ?? linkNewCustomer(c, user);
    return ok(await authResult(c, user, customer, { isNewCustomer: !existing }));
  })
  .get('/me', scope('auth'), async (c) => {
    const claims = await verifyAccessToken(bearerOf(c.req.raw), c.var.key);
    const { user, customer } = customerOfToken(c, claims.sub);
    const me: MeResult = {
      user: userView(user),
      customer: {
        customerId: customer.id,
        lifecycleStage: customer.lifecycleStage,
        customerSegment: customer.segment,
        isVip: customer.isVip,
        totalPurchases: customer.totalPurchases,
        totalSpent: customer.totalSpent,
        memberSince: customer.createdDate,
      },
    };
    return ok(me);
  });
