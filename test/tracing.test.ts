import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing, traceStatements } from '../server/tracing.ts';
import { reportLead } from './leads.fixtures.ts';
import { MIB } from './procedure.ts';
import { startWorld, TOPOLOGIES, type World } from './world.ts';

/** One trace from the gateway through the subgraph to the database, in both topologies. */
describe('traces', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: ReturnType<typeof startTracing>;
  beforeAll(() => {
    tracing = startTracing(exporter, 'yibao-hub-test');
  });
  afterAll(() => tracing.stop());

  it.each(TOPOLOGIES)('follow a lead from the gateway to its INSERT (%s)', async (topology) => {
    const world: World = await startWorld(topology, { onConnect: traceStatements });
    try {
      // Spans still batched from the previous world (its stop reads the public feed) must not count here.
      await tracing.flush();
      exporter.reset();
      const input = reportLead();
      const created = await world.as(MIB.officer, 'mutation($input: LeadInput!) { createLead(input: $input) { id } }', {
        input,
      });
      expect(created.errors).toBeUndefined();
      await tracing.flush();
      const spans = exporter.getFinishedSpans();
      const gateway = spans.find((s) => s.attributes['hub.server'] === 'gateway');
      expect(gateway, 'a span for the gateway request').toBeDefined();
      const trace = spans.filter((s) => s.spanContext().traceId === gateway!.spanContext().traceId);
      const byId = new Map(trace.map((s) => [s.spanContext().spanId, s]));
      const ancestors = (span: ReadableSpan) => {
        const chain: ReadableSpan[] = [];
        for (let p = byId.get(span.parentSpanContext?.spanId ?? ''); p; p = byId.get(p.parentSpanContext?.spanId ?? ''))
          chain.push(p);
        return chain;
      };
      // The MIB subgraph's work hangs under the gateway's request (through Apollo Gateway's own fetch span).
      const mib = trace.find((s) => s.attributes['hub.server'] === 'mib');
      expect(mib, 'a span for the MIB subgraph').toBeDefined();
      expect(ancestors(mib!)).toContain(gateway);
      if (world.database.kind === 'postgres') {
        const insert = trace.find(
          (s) => s.name === 'db.query' && /insert into "mib"."leads"/i.test(String(s.attributes['db.query.text'])),
        );
        expect(insert, 'the INSERT of the lead').toBeDefined();
        expect(ancestors(insert!)).toContain(mib);
        // Statements are traced with their placeholders, never their values.
        const texts = trace.map((s) => String(s.attributes['db.query.text'] ?? '')).join('\n');
        expect(texts).not.toContain(input.subject.name);
      }
    } finally {
      await world.stop();
    }
  });
});
