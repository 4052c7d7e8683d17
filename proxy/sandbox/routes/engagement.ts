/** Engagement: newsletter, blogs, contact form, test drives (contract decision D12). */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import type { SandboxEnv } from '../context.js';
import { errors } from '../errors.js';
import { json, ok, paged } from '../http.js';
import { idempotent, jsonBody, scope } from '../middleware.js';
import { check, contactBody, newsletterBody, pagination, testDriveBody } from '../validation.js';
import { vehicleOf } from './vehicles.js';

const blogQuery = z.object(pagination(20));

/** Newsletter, blogs, the contact form and test drives. */
export const engagement = new Hono<SandboxEnv>()
  .post('/newsletter/subscribe', scope('engagement'), jsonBody, idempotent, (c) => {
    const { email } = check(newsletterBody, c.var.body, 'field');
    const t = c.var.tenant;
    // Idempotent: subscribing twice changes nothing; the message tells the two cases apart.
    if (t.newsletter.has(email)) return ok({ email, subscribed: true }, 200, 'Already subscribed');
    t.newsletter.set(email, {
      dealerId: t.dealer.id,
      environment: t.environment,
      email,
      subscribedDate: new Date().toISOString(),
    });
    return ok({ email, subscribed: true }, 200, 'Successfully subscribed');
  })
  .post('/newsletter/unsubscribe', scope('engagement'), jsonBody, idempotent, (c) => {
    const { email } = check(newsletterBody, c.var.body, 'field');
    c.var.tenant.newsletter.delete(email);
    return json({ statusCode: 200, message: 'Successfully unsubscribed', data: { email, subscribed: false } });
  })
  .get('/blogs', scope('engagement'), (c) => {
    const q = check(blogQuery, c.var.query, 'param');
    const posts = [...c.var.tenant.blogs]
      .sort((a, b) => b.publishedDate.localeCompare(a.publishedDate))
      .map(({ coverPath, ...post }) => ({ ...post, coverImageUrl: c.var.media(coverPath) }));
    return paged(posts, q);
  })
  .post('/contact/submit', scope('engagement'), jsonBody, idempotent, (c) => {
    const body = check(contactBody, c.var.body, 'field');
    const t = c.var.tenant;
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
  })
  .post('/test-drives', scope('engagement'), jsonBody, idempotent, (c) => {
    const body = check(testDriveBody, c.var.body, 'field');
    const t = c.var.tenant;
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
  });
