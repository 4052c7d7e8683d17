/** Customer authentication: register, login, me (contract decisions D10, D11). */
import { randomUUID } from 'node:crypto';
import type { AuthResult, CustomerUser, MeResult } from '../../../src/api/types.js';
import type { CustomerRec } from '../data/people.js';
import { errors } from '../errors.js';
import { ok } from '../http.js';
import { hashPassword, verifyPassword, type Tenant, type UserRec } from '../store.js';
import { bearerOf, issueTokens, verifyAccessToken } from '../tokens.js';
import { check, loginBody, registerBody } from '../validation.js';
import type { Route, RouteContext } from './types.js';

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
function linkNewCustomer(ctx: RouteContext, user: UserRec): CustomerRec {
  return ctx.store.link(ctx.tenant, {
    id: randomUUID(),
    dealerId: ctx.tenant.dealer.id,
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
  ctx: RouteContext,
  user: UserRec,
  customer: CustomerRec,
  flags: { isNewUser?: boolean; isNewCustomer: boolean },
): Promise<AuthResult> {
  return { ...flags, ...(await issueTokens(ctx.key, user.id, customer.id)), user: userView(user) };
}

export function customerOfToken(
  tenant: Tenant,
  ctx: RouteContext,
  userId: string,
): { user: UserRec; customer: CustomerRec } {
  const user = ctx.store.world(ctx.key.environment).userById.get(userId);
  const customer = user && tenant.customerByUser.get(user.id);
  if (!user || !customer) throw errors.invalidToken('its customer no longer exists (was the sandbox reset?)');
  return { user, customer };
}

export const authRoutes: Route[] = [
  {
    method: 'POST',
    path: '/external/auth/register',
    scope: 'auth',
    handle: async (ctx) => {
      const body = check(registerBody, ctx.body, 'field');
      const world = ctx.store.world(ctx.key.environment);
      const existing = world.users.get(body.email);
      if (!existing) {
        const user = ctx.store.addUser(world, {
          id: randomUUID(),
          email: body.email,
          firstName: body.firstName,
          lastName: body.lastName,
          ...(body.phone ? { phone: body.phone } : {}),
          passwordHash: hashPassword(body.password),
          createdDate: new Date().toISOString(),
        });
        return ok(
          await authResult(ctx, user, linkNewCustomer(ctx, user), { isNewUser: true, isNewCustomer: true }),
          201,
        );
      }
      if (!verifyPassword(body.password, existing.passwordHash)) throw errors.emailTakenOtherPassword();
      if (ctx.tenant.customerByUser.has(existing.id)) throw errors.alreadyCustomer();
      return ok(
        await authResult(ctx, existing, linkNewCustomer(ctx, existing), { isNewUser: false, isNewCustomer: true }),
        201,
      );
    },
  },
  {
    method: 'POST',
    path: '/external/auth/login',
    scope: 'auth',
    handle: async (ctx) => {
      const body = check(loginBody, ctx.body, 'field');
      const user = ctx.store.world(ctx.key.environment).users.get(body.email);
      // Unknown emails cost one KDF run too, so timing does not reveal which emails exist.
      if (!verifyPassword(body.password, user?.passwordHash ?? dummyHash())) throw errors.badCredentials();
      if (!user) throw errors.badCredentials();
      const existing = ctx.tenant.customerByUser.get(user.id);
      const customer = existing ?? linkNewCustomer(ctx, user);
      return ok(await authResult(ctx, user, customer, { isNewCustomer: !existing }));
    },
  },
  {
    method: 'GET',
    path: '/external/auth/me',
    scope: 'auth',
    handle: async (ctx) => {
      const claims = await verifyAccessToken(bearerOf(ctx.req), ctx.key);
      const { user, customer } = customerOfToken(ctx.tenant, ctx, claims.sub);
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
    },
  },
];
