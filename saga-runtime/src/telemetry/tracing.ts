import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export interface Tracing {
  /** Exports what is buffered; tests call it before asking Jaeger. */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * What a service talks through and what its logs need: HTTP in and out, fetch, and pino (trace and
 * span ids on every line written inside a span). The bundle's other instrumentations are for
 * libraries we do not use. Messaging spans are ours (the relay's publish, the pipeline's tracing
 * step): the relay publishes a batch of rows from many traces at once, which the kafkajs
 * instrumentation's per-call spans cannot express.
 */
export const defaultInstrumentations = ['http', 'undici', 'pino'] as const;

/**
 * Starts the OpenTelemetry SDK. Configured by the standard variables: OTEL_SERVICE_NAME,
 * OTEL_EXPORTER_OTLP_ENDPOINT (default http://localhost:4318), OTEL_TRACES_SAMPLER[_ARG], and
 * OTEL_NODE_ENABLED_INSTRUMENTATIONS / OTEL_NODE_DISABLED_INSTRUMENTATIONS (default: the list above).
 * Must run before the instrumented libraries (http, pino) are loaded.
 */
export function startTracing(defaultServiceName: string, env: NodeJS.ProcessEnv = process.env): Tracing {
  const processor = new BatchSpanProcessor(new OTLPTraceExporter(), { scheduledDelayMillis: 500 });
  // The bundle reads its variables from process.env itself; ours only fills in the default.
  process.env.OTEL_NODE_ENABLED_INSTRUMENTATIONS ||=
    env.OTEL_NODE_ENABLED_INSTRUMENTATIONS || defaultInstrumentations.join(',');
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME ?? defaultServiceName }),
    spanProcessors: [processor],
    instrumentations: [getNodeAutoInstrumentations()],
  });
  sdk.start();
  return {
    flush: () => processor.forceFlush(),
    shutdown: () => sdk.shutdown(),
  };
}
