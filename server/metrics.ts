import type { IncomingMessage, ServerResponse } from 'node:http';
import { and, isNull, sql } from 'drizzle-orm';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { auditObservers } from '../db/audit.ts';
import { type Db, poolStats } from '../db/client.ts';
import { timestamptz } from '../db/rows.ts';
import { clocks } from '../db/schema.ts';
import type { AuditEvent } from '../domain/audit.ts';
import { sameSecret } from './http.ts';

/**
 * Prometheus metrics (prom-client) at /metrics, for a scraper holding HUB_METRICS_TOKEN: requests by operation and
 * outcome with their latency, steps taken by code, audit appends by action, open and overdue clocks, and the
 * process's own (memory, CPU, event loop).
 */
export function createMetrics(db?: Db) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hub_' });
  const requests = new Counter({
    name: 'hub_requests_total',
    help: 'GraphQL requests by operation and outcome',
    labelNames: ['operation', 'outcome'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'hub_request_duration_seconds',
    help: 'GraphQL request latency through the gateway',
    labelNames: ['outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const steps = new Counter({
    name: 'hub_steps_total',
    help: 'Procedure steps taken, by step code',
    labelNames: ['step'],
    registers: [registry],
  });
  const appends = new Counter({
    name: 'hub_audit_appends_total',
    help: 'Audit log entries appended, by action',
    labelNames: ['action'],
    registers: [registry],
  });
  const observe = (events: AuditEvent[]) => {
    for (const event of events) {
      appends.inc({ action: event.action });
      if (event.action === 'STEP_TAKEN') steps.inc({ step: event.detail.code });
    }
  };
  auditObservers.add(observe);
  if (db && poolStats(db)) {
    new Gauge({
      name: 'hub_db_pool_connections',
      help: 'PostgreSQL connections of this process: total, idle, and callers waiting for one',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const stats = poolStats(db);
        for (const state of ['total', 'idle', 'waiting'] as const) this.set({ state }, stats?.[state] ?? 0);
      },
    });
  }
  if (db) {
    new Gauge({
      name: 'hub_clocks_open',
      help: 'Open statutory duties: overdue, running, or waiting for a year’s calendar',
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        const now = timestamptz(new Date());
        const [row] = await db
          .select({
            overdue: sql<number>`count(*) filter (where ${clocks.dueAt} < ${now})::int`,
            running: sql<number>`count(*) filter (where ${clocks.dueAt} >= ${now} or (${clocks.dueAt} is null and ${clocks.pendingReason} is null))::int`,
            pending: sql<number>`count(*) filter (where ${clocks.pendingReason} is not null)::int`,
          })
          .from(clocks)
          .where(and(isNull(clocks.closedAt), sql`not ${clocks.optional}`));
        for (const state of ['overdue', 'running', 'pending'] as const) this.set({ state }, row?.[state] ?? 0);
      },
    });
  }
  return {
    /** One request seen by the gateway. */
    request(operation: string | null | undefined, outcome: string, seconds: number) {
      const name = operation && /^\w{1,64}$/.test(operation) ? operation : 'unnamed';
      requests.inc({ operation: name, outcome });
      latency.observe({ outcome }, seconds);
    },
    stop: () => auditObservers.delete(observe),
    /** GET /metrics with the scraper's token; nothing at all when no token is configured. */
    route(token: string | undefined) {
      return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
        if (url.pathname !== '/metrics') return false;
        if (!token) return false;
        if (!sameSecret(req.headers.authorization, `Bearer ${token}`)) {
          res.writeHead(401, { 'www-authenticate': 'Bearer' });
          res.end();
          return true;
        }
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(await registry.metrics());
        return true;
      };
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
