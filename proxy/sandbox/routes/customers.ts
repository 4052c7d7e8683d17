/** Customer management: list, stats, get, patch — all scoped to the calling dealer. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Customer, CustomerPatchResult, CustomerStatsSummary } from '../../../src/api/types.js';
import type { SandboxContext, SandboxEnv } from '../context.js';
import { mustGet } from '../data/lookup.js';
import { segmentOf, type CustomerRec } from '../data/people.js';
import { errors } from '../errors.js';
import { ok, paged } from '../http.js';
import { jsonBody, scope } from '../middleware.js';
import type { Tenant } from '../store.js';
import { check, customerPatchBody, oneOf, pagination, uuidParam } from '../validation.js';
import { userView } from './auth.js';

const DAY = 86_400_000;
const SORT_BY = ['createdDate', 'totalSpent', 'lastPurchaseDate', 'leadScore'] as const;

const customerQuery = z.object({
  ...pagination(20),
  search: z.string().max(200, 'must be at most 200 characters').optional(),
  segment: oneOf(['new', 'regular', 'vip', 'at_risk'] as const).optional(),
  sortBy: oneOf(SORT_BY).default('createdDate'),
  sortOrder: oneOf(['ASC', 'DESC'] as const, true).default('DESC'),
});

function customerView(ctx: SandboxContext, c: CustomerRec, withNotes: boolean): Customer {
  const user = mustGet(ctx.var.sandbox.store.world(ctx.var.key.environment).userById, c.userId, 'user');
  return {
    id: c.id,
    user: userView(user),
    stats: {
      totalPurchases: c.totalPurchases,
      totalSpent: c.totalSpent,
      lastPurchaseDate: c.lastPurchaseDate,
      totalVehiclesPurchased: c.totalVehiclesPurchased,
      totalVehiclesRented: c.totalVehiclesRented,
    },
    classification: {
      leadScore: c.leadScore,
      lifecycleStage: c.lifecycleStage,
      customerSegment: c.segment,
      isVip: c.isVip,
    },
    preferences: c.preferences,
    tags: c.tags,
    ...(withNotes ? { notes: c.notes } : {}),
    createdDate: c.createdDate,
  };
}

function customerOf(t: Tenant, id: string): CustomerRec {
  const c = t.customers.get(id.toLowerCase());
  if (!c) throw errors.notFound('customer', id);
  return c;
}

function matchesSearch(ctx: SandboxContext, c: CustomerRec, needle: string): boolean {
  const u = mustGet(ctx.var.sandbox.store.world(ctx.var.key.environment).userById, c.userId, 'user');
  return [u.firstName, u.lastName, `${u.firstName} ${u.lastName}`, u.email].some((s) =>
    s.toLowerCase().includes(needle),
  );
}

/**
 * `/external/customers`: dealer-only (the proxy never forwards it). Handlers name the context `ctx`
 * because `c` is a customer here.
 */
export const customers = new Hono<SandboxEnv>()
  .get('/', scope('customers:read'), (ctx) => {
    const q = check(customerQuery, ctx.var.query, 'param');
    const needle = q.search?.trim().toLowerCase();
    const rows = [...ctx.var.tenant.customers.values()].filter(
      (c) => (!q.segment || c.segment === q.segment) && (!needle || matchesSearch(ctx, c, needle)),
    );
    const dir = q.sortOrder === 'ASC' ? 1 : -1;
    const key = (c: CustomerRec): number | string | null =>
      q.sortBy === 'createdDate'
        ? c.createdDate
        : q.sortBy === 'lastPurchaseDate'
          ? c.lastPurchaseDate
          : q.sortBy === 'totalSpent'
            ? c.totalSpent
            : c.leadScore;
    rows.sort((a, b) => {
      const [ka, kb] = [key(a), key(b)];
      if (ka === null || kb === null) return ka === kb ? a.id.localeCompare(b.id) : ka === null ? 1 : -1; // nulls last
      return dir * (ka < kb ? -1 : ka > kb ? 1 : 0) || a.id.localeCompare(b.id);
    });
    return paged(
      rows.map((c) => customerView(ctx, c, false)),
      q,
    );
  })
  .get('/stats/summary', scope('customers:read'), (ctx) => {
    const all = [...ctx.var.tenant.customers.values()];
    const count = (seg: CustomerRec['segment']) => all.filter((c) => c.segment === seg).length;
    const totalRevenue = all.reduce((s, c) => s + c.totalSpent, 0);
    const summary: CustomerStatsSummary = {
      totalCustomers: all.length,
      vipCustomers: all.filter((c) => c.isVip).length,
      totalRevenue,
      averageSpent: all.length ? Math.round(totalRevenue / all.length) : 0,
      totalTransactions: all.reduce((s, c) => s + c.totalPurchases, 0),
      averageLeadScore: all.length ? Math.round(all.reduce((s, c) => s + c.leadScore, 0) / all.length) : 0,
      newCustomersLast30Days: all.filter((c) => Date.now() - Date.parse(c.createdDate) <= 30 * DAY).length,
      segmentBreakdown: { new: count('new'), regular: count('regular'), vip: count('vip'), atRisk: count('at_risk') },
    };
    return ok(summary);
  })
  .get('/:id', scope('customers:read'), (ctx) => {
    const { id } = check(z.object({ id: uuidParam }), ctx.req.param(), 'param');
    return ok(customerView(ctx, customerOf(ctx.var.tenant, id), true));
  })
  .patch('/:id', scope('customers:write'), jsonBody, (ctx) => {
    const { id } = check(z.object({ id: uuidParam }), ctx.req.param(), 'param');
    const patch = check(customerPatchBody, ctx.var.body, 'field');
    if (Object.values(patch).every((v) => v === undefined)) throw errors.emptyPatch();
    const c = customerOf(ctx.var.tenant, id);
    if (patch.notes !== undefined) c.notes = patch.notes;
    if (patch.tags !== undefined) c.tags = [...new Set(patch.tags)];
    if (patch.preferences !== undefined) c.preferences = patch.preferences;
    if (patch.isVip !== undefined) c.isVip = patch.isVip;
    c.segment = segmentOf(c);
    const result: CustomerPatchResult = {
      id: c.id,
      notes: c.notes,
      tags: c.tags,
      preferences: c.preferences,
      isVip: c.isVip,
      customerSegment: c.segment,
    };
    return ok(result);
  });
