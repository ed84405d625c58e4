import type { IncomingHttpHeaders } from 'node:http';
import {
  type Attributes,
  type Context,
  context,
  INVALID_SPAN_CONTEXT,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NodeTracerProvider,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-node';

/** Where traces go: nowhere unless asked (`OTEL_TRACES_EXPORTER`), since the hub reaches out to nothing by itself. */
export type TraceExporter = 'none' | 'otlp' | 'console';

const tracer = trace.getTracer('yibao-hub');
let tracing = false;

/** Whether spans are recorded in this process: without it, statements are not wrapped at all. */
export const isTracing = () => tracing;

/**
 * Starts recording spans for this process under `serviceName` (or OTEL_SERVICE_NAME): OTLP over HTTP to
 * OTEL_EXPORTER_OTLP_ENDPOINT (or _TRACES_ENDPOINT), the console, or an exporter of the caller's (tests).
 * Apollo Gateway's own spans (plan, fetch) join the same traces.
 */
export function startTracing(exporter: TraceExporter | SpanExporter, serviceName: string) {
  if (exporter === 'none') return { flush: async () => {}, stop: async () => {} };
  const spanExporter =
    exporter === 'otlp' ? new OTLPTraceExporter() : exporter === 'console' ? new ConsoleSpanExporter() : exporter;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME || serviceName }),
    spanProcessors: [new BatchSpanProcessor(spanExporter)],
  });
  provider.register();
  tracing = true;
  return {
    flush: () => provider.forceFlush(),
    stop: async () => {
      tracing = false;
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

/** Runs `work` in a span that is the parent of everything it starts, ended (with its error, if any) when it ends. */
export function inSpan<T>(
  name: string,
  options: { kind: SpanKind; attributes?: Attributes; parent?: Context },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  if (!tracing) return work(trace.wrapSpanContext(INVALID_SPAN_CONTEXT));
  return tracer.startActiveSpan(
    name,
    { kind: options.kind, attributes: options.attributes },
    options.parent ?? context.active(),
    async (span) => {
      try {
        return await work(span);
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** The trace an incoming request belongs to (its `traceparent`), or a new one. */
export const incomingTrace = (headers: IncomingHttpHeaders) => propagation.extract(ROOT_CONTEXT, headers);

/** Puts the current trace into an outgoing request's headers (`traceparent`). */
export function propagateTrace(headers: { set(name: string, value: string): void }) {
  propagation.inject(context.active(), headers, { set: (carrier, key, value) => carrier.set(key, value) });
}

type Query = (...args: unknown[]) => unknown;

/**
 * Each statement of a node-postgres client as a span under the request that ran it: the SQL text with its
 * placeholders (never the values, which may be personal data).
 */
export function traceStatements(client: { query: Query }) {
  const query = client.query;
  client.query = function (this: unknown, ...args: unknown[]) {
    const [config] = args;
    const text = typeof config === 'string' ? config : (config as { text?: string } | undefined)?.text;
    if (!tracing || !text) return query.apply(this, args);
    const span = tracer.startSpan('db.query', {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system.name': 'postgresql', 'db.query.text': text },
    });
    const end = (error?: unknown) => {
      if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      span.end();
    };
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as (error: unknown, result: unknown) => void;
      args[last] = (error: unknown, result: unknown) => {
        end(error);
        callback(error, result);
      };
      return query.apply(this, args);
    }
    const result = query.apply(this, args) as Promise<unknown> | undefined;
    if (result && typeof result.then === 'function') result.then(() => end(), end);
    else end();
    return result;
  };
}
