import { describe, expect, it } from 'vitest';
import type { JaegerSpan, JaegerTrace } from './jaeger-query';
import { traceWaterfall } from './trace-waterfall';

const t0 = 1_767_225_600_000_000; // µs since the epoch

const span = (
  spanID: string,
  processID: string,
  startMs: number,
  durationMs: number,
  parent?: { refType: 'CHILD_OF' | 'FOLLOWS_FROM'; spanID: string },
  tags: JaegerSpan['tags'] = [],
): JaegerSpan => ({
  spanID,
  operationName: `op ${spanID}`,
  references: parent ? [parent] : [],
  startTime: t0 + startMs * 1000,
  duration: durationMs * 1000,
  processID,
  tags,
});
const childOf = (spanID: string) => ({ refType: 'CHILD_OF' as const, spanID });
const followsFrom = (spanID: string) => ({ refType: 'FOLLOWS_FROM' as const, spanID });

const trace = (...spans: JaegerSpan[]): JaegerTrace => ({
  spans,
  processes: {
    p1: { serviceName: 'order' },
    p2: { serviceName: 'inventory' },
    p3: { serviceName: 'payment' },
  },
});
const summary = (t: JaegerTrace) =>
  traceWaterfall(t).rows.map((row) => [row.spanId, row.service, row.depth] as const);

describe('the waterfall of a saga’s trace', () => {
  it('given a request, its publish and a consumer’s process span, then each nests under its parent', () => {
    const waterfall = traceWaterfall(
      trace(
        span('process', 'p2', 30, 15, childOf('publish')),
        span('post', 'p1', 0, 8),
        span('publish', 'p1', 20, 7, childOf('post')),
      ),
    );
    expect(waterfall.rows.map((row) => [row.operation, row.service, row.depth])).toEqual([
      ['op post', 'order', 0],
      ['op publish', 'order', 1],
      ['op process', 'inventory', 2],
    ]);
  });

  it('given microsecond times, then offsets from the trace’s start and durations are in milliseconds', () => {
    const waterfall = traceWaterfall(
      trace(span('post', 'p1', 0, 8.375), span('process', 'p2', 30.5, 15.25, childOf('post'))),
    );
    expect(waterfall.rows.map((row) => [row.offsetMs, row.durationMs])).toEqual([
      [0, 8.375],
      [30.5, 15.25],
    ]);
    expect(waterfall.totalMs).toBe(45.75);
  });

  it('given a parent that is not in the trace, then the orphan is shown at depth 0', () => {
    expect(summary(trace(span('post', 'p1', 0, 8), span('orphan', 'p3', 5, 1, childOf('gone'))))).toEqual([
      ['post', 'order', 0],
      ['orphan', 'payment', 0],
    ]);
  });

  it('given only a FOLLOWS_FROM reference, then the span nests under that one', () => {
    expect(summary(trace(span('post', 'p1', 0, 8), span('later', 'p2', 10, 1, followsFrom('post'))))).toEqual(
      [
        ['post', 'order', 0],
        ['later', 'inventory', 1],
      ],
    );
  });

  it('given references that form a cycle, then every span still appears, the earliest as a root', () => {
    expect(summary(trace(span('b', 'p2', 2, 1, childOf('a')), span('a', 'p1', 1, 1, childOf('b'))))).toEqual([
      ['a', 'order', 0],
      ['b', 'inventory', 1],
    ]);
  });

  it('given a span with an error tag or an ERROR status code, then only those are marked as errors', () => {
    const waterfall = traceWaterfall(
      trace(
        span('ok', 'p1', 0, 1, undefined, [{ key: 'otel.status_code', value: 'OK' }]),
        span('thrown', 'p2', 1, 1, undefined, [{ key: 'error', value: true }]),
        span('status', 'p3', 2, 1, undefined, [{ key: 'otel.status_code', value: 'ERROR' }]),
      ),
    );
    expect(waterfall.rows.map((row) => [row.spanId, row.error])).toEqual([
      ['ok', false],
      ['thrown', true],
      ['status', true],
    ]);
  });

  it('given spans that start together, then they are ordered by start, and then parent before child', () => {
    expect(
      summary(
        trace(
          span('late', 'p1', 9, 1),
          span('child', 'p1', 3, 1, childOf('parent')),
          span('parent', 'p1', 3, 5),
          span('first', 'p1', 0, 1),
        ),
      ).map(([id]) => id),
    ).toEqual(['first', 'parent', 'child', 'late']);
  });

  it('given a trace without spans, then the waterfall is empty', () => {
    expect(traceWaterfall(trace())).toEqual({ totalMs: 0, rows: [] });
  });
});
