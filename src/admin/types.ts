/**
 * What the console's routes (`/admin/api/…`, proxy/admin/) answer, shared by the proxy and the
 * `carstrel-admin` element so the two cannot drift apart. CarStrel's own shapes come from the
 * contract (src/api/types.ts).
 */
import type { Customer, CustomerStatsSummary, VehicleStats } from '../api/types.js';

export interface CustomerPage {
  data: Customer[];
  total: number;
  page: number;
  limit: number;
  totalPages: number;
}

export interface ConsoleStats {
  customers: CustomerStatsSummary;
  vehicles: VehicleStats;
}

export interface OutboxSink {
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** When it was delivered or given up (ISO 8601). */
  at: string | null;
  /** Next attempt of a pending one (ISO 8601). */
  next: string | null;
  error: string | null;
}

export interface OutboxLead {
  reference: string;
  kind: string;
  receivedAt: string;
  sinks: Record<string, OutboxSink>;
}

export interface OutboxWaiting {
  reference: string;
  kind: string;
  receivedAt: string;
  attempts: number;
  nextAttempt: string;
}

export interface OutboxQueue {
  depth: number;
  upstream: 'up' | 'down';
  journal: { writable: boolean; error: string | null };
  sinks?: Record<string, { pending: number; failed: number; state: 'ok' | 'failing'; lastError: string | null }>;
}

export interface OutboxView {
  queue: OutboxQueue;
  /** Leads stored for CarStrel and not yet accepted by it. */
  waiting: OutboxWaiting[];
  leads: OutboxLead[];
}

export interface ConfigCheck {
  level: 'ok' | 'warning';
  message: string;
}

export interface ConsoleReport {
  health: {
    status: 'ok' | 'degraded';
    mode: string;
    upstream: { reachable: boolean; keyAccepted: boolean | null; status: number | null; latencyMs: number };
    queue: OutboxQueue;
  };
  config: Record<string, unknown>;
  checks: ConfigCheck[];
}
