import { randomUUID } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { testStack } from '../testing/test-stack';
import { startTracing } from './tracing';

const jaegerQuery = testStack.jaegerQuery();

describe('tracing', () => {
  const serviceName = `tracing-test-${randomUUID().slice(0, 8)}`;
  const tracing = startTracing(serviceName, {
    ...process.env,
    OTEL_SERVICE_NAME: serviceName,
    OTEL_EXPORTER_OTLP_ENDPOINT: testStack.otlpEndpoint(),
  });
  afterAll(() => tracing.shutdown());

  it('exports a span over OTLP that Jaeger then serves through its query API', async () => {
    const marker = randomUUID();
    const traceId = trace.getTracer('test').startActiveSpan('exported-span', (span) => {
      span.setAttribute('test.marker', marker);
      span.end();
      return span.spanContext().traceId;
    });
    await tracing.flush();

    const found = await poll(async () => {
      const response = await fetch(`${jaegerQuery}/api/traces/${traceId}`);
      if (!response.ok) return undefined;
      const body = (await response.json()) as JaegerTraces;
      return body.data?.[0];
    });
    const span = found.spans.find((s) => s.operationName === 'exported-span');
    expect(span?.tags).toContainEqual(expect.objectContaining({ key: 'test.marker', value: marker }));
    expect(Object.values(found.processes).map((p) => p.serviceName)).toContain(serviceName);
  });

  it('puts the trace and span ids on every log line written inside a span, through the pino instrumentation', async () => {
    // Loaded after the SDK started, as in a service, where tracing registers before main runs.
    const { createLogger } = await import('../logger');
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({
      service: serviceName,
      stream: { write: (line: string) => void lines.push(JSON.parse(line)) },
    });
    const ids = trace.getTracer('test').startActiveSpan('logging-span', (span) => {
      logger.info('inside');
      span.end();
      return span.spanContext();
    });
    logger.info('outside');
    expect(lines[0]).toMatchObject({ msg: 'inside', trace_id: ids.traceId, span_id: ids.spanId });
    expect(lines[1]).toMatchObject({ msg: 'outside' });
    expect(lines[1]).not.toHaveProperty('trace_id');
  });
});

interface JaegerTraces {
  data?: {
    spans: { operationName: string; tags: { key: string; value: unknown }[] }[];
    processes: Record<string, { serviceName: string }>;
  }[];
}

async function poll<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for Jaeger');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
