// `node --import @saga/saga-runtime/telemetry/register main.ts`: tracing starts before main.ts
// imports http or kafkajs, which is when auto-instrumentation patches them.
import { startTracing } from './tracing';

startTracing(process.env.OTEL_SERVICE_NAME ?? 'saga-service');
