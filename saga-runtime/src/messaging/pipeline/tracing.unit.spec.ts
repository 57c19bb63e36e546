import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import type { RawMessage } from '../message';
import { linksOf, tracing } from './tracing';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
});
afterAll(() => {
  trace.disable();
  context.disable();
  propagation.disable();
});

const parentTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const parentSpanId = '00f067aa0ba902b7';
const message: RawMessage = {
  topic: 'payment.completed',
  partition: 2,
  offset: '17',
  key: Buffer.from('7c0f0d8e-4b8e-4b39-9a3c-2d3f1f0e9b11'),
  value: Buffer.from('x'),
  headers: {
    traceparent: `00-${parentTraceId}-${parentSpanId}-01`,
    'event-id': 'e-9',
    'event-type': 'payment.completed',
  },
  timestamp: '0',
  control: { heartbeat: async () => {}, isActive: () => true },
};

describe('tracing', () => {
  it('given a traceparent header, then it continues that trace in the traceparent header, as a CONSUMER span active while the handler runs', async () => {
    exporter.reset();
    let activeTraceId: string | undefined;
    await tracing('order-service')(message, async () => {
      activeTraceId = trace.getSpan(context.active())?.spanContext().traceId;
    });

    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('payment.completed process');
    expect(span?.kind).toBe(SpanKind.CONSUMER);
    expect(span?.spanContext().traceId).toBe(parentTraceId);
    expect(span?.parentSpanContext?.spanId).toBe(parentSpanId);
    expect(activeTraceId).toBe(parentTraceId);
    expect(span?.attributes).toMatchObject({
      'messaging.destination.name': 'payment.completed',
      'messaging.destination.partition.id': '2',
      'messaging.kafka.offset': 17,
      'messaging.consumer.group.name': 'order-service',
      'order.id': '7c0f0d8e-4b8e-4b39-9a3c-2d3f1f0e9b11',
      'event.id': 'e-9',
      'event.type': 'payment.completed',
    });
  });

  it('given the handler fails, then the span is marked failed and the error rethrown', async () => {
    exporter.reset();
    const failure = AppError.poison('EVENT_INVALID', 'bad');
    await expect(tracing('g')(message, async () => Promise.reject(failure))).rejects.toBe(failure);
    const [span] = exporter.getFinishedSpans();
    expect(span?.status.code).toBe(2);
    expect(span?.events.map((e) => e.name)).toContain('exception');
  });

  it('given the messages of a run, then linksOf links to the trace of each that has one', () => {
    const untraced = { ...message, headers: {} };
    expect(linksOf([message, untraced]).map((link) => link.context)).toEqual([
      expect.objectContaining({ traceId: parentTraceId, spanId: parentSpanId }),
    ]);
  });
});
