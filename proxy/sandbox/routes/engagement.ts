/** Engagement: newsletter, blogs, contact form, test drives (contract decision D12). */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { errors } from '../errors.js';
import { json, ok, paged } from '../http.js';
import { check, contactBody, newsletterBody, pagination, testDriveBody } from '../validation.js';
import { vehicleOf } from './vehicles.js';
import type { Route } from './types.js';

const blogQuery = z.object(pagination(20));

export const engagementRoutes: Route[] = [
  {
    method: 'POST',
    path: '/external/newsletter/subscribe',
    scope: 'engagement',
    handle: (ctx) => {
      const { email } = check(newsletterBody, ctx.body, 'field');
      const t = ctx.tenant;
      // Idempotent: subscribing twice changes nothing; the message tells the two cases apart.
      if (t.newsletter.has(email)) return ok({ email, subscribed: true }, 200, 'Already subscribed');
      t.newsletter.set(email, {
        dealerId: t.dealer.id,
        environment: t.environment,
        email,
        subscribedDate: new Date().toISOString(),
      });
      return ok({ email, subscribed: true }, 200, 'Successfully subscribed');
    },
  },
  {
    method: 'POST',
    path: '/external/newsletter/unsubscribe',
    scope: 'engagement',
    handle: (ctx) => {
      const { email } = check(newsletterBody, ctx.body, 'field');
      ctx.tenant.newsletter.delete(email);
      return json({ statusCode: 200, message: 'Successfully unsubscribed', data: { email, subscribed: false } });
    },
  },
  {
    method: 'GET',
    path: '/external/blogs',
    scope: 'engagement',
    handle: (ctx) => {
      const q = check(blogQuery, ctx.query, 'param');
      const posts = [...ctx.tenant.blogs]
        .sort((a, b) => b.publishedDate.localeCompare(a.publishedDate))
        .map(({ coverPath, ...post }) => ({ ...post, coverImageUrl: ctx.media(coverPath) }));
      return paged(posts, q);
    },
  },
  {
    method: 'POST',
    path: '/external/contact/submit',
    scope: 'engagement',
    handle: (ctx) => {
      const body = check(contactBody, ctx.body, 'field');
      const t = ctx.tenant;
      const referenceId = randomUUID();
      t.contacts.push({
        dealerId: t.dealer.id,
        environment: t.environment,
        referenceId,
        name: body.name,
        email: body.email,
        subject: body.subject || null,
        message: body.message,
        createdDate: new Date().toISOString(),
      });
      return ok({ success: true, message: 'Message sent', referenceId }, 201);
    },
  },
  {
    method: 'POST',
    path: '/external/test-drives',
    scope: 'engagement',
    handle: (ctx) => {
      const body = check(testDriveBody, ctx.body, 'field');
      const t = ctx.tenant;
      const vehicle = vehicleOf(t, body.vehicleId);
      if (vehicle.status === 'sold') throw errors.vehicleSold(vehicle.id);
      const record = {
        dealerId: t.dealer.id,
        environment: t.environment,
        id: randomUUID(),
        vehicleId: vehicle.id,
        name: body.name,
        email: body.email,
        phone: body.phone ?? null,
        preferredDate: body.preferredDate ?? null,
        status: 'pending' as const,
        createdDate: new Date().toISOString(),
      };
      t.testDrives.push(record);
      return ok(
        {
          id: record.id,
          vehicleId: record.vehicleId,
          status: record.status,
          preferredDate: record.preferredDate,
          createdDate: record.createdDate,
        },
        201,
      );
    },
  },
];
