import type { JaegerSpan, JaegerTrace } from './jaeger-query';

/** One span of a trace as the waterfall draws it. */
export interface WaterfallRow {
  spanId: string;
  service: string;
  operation: string;
  /** Since the start of the trace's earliest span. */
  offsetMs: number;
  durationMs: number;
  /** How deeply the span nests; 0 for a root, and for a span whose parent is not in the trace. */
  depth: number;
  error: boolean;
}

export interface Waterfall {
  /** From the earliest start to the latest end of a span: the scale of every bar. */
  totalMs: number;
  rows: WaterfallRow[];
}

/** A trace from Jaeger as rows in time order, a parent before the children that start with it. */
export function traceWaterfall(trace: JaegerTrace): Waterfall {
  const { spans } = trace;
  if (spans.length === 0) return { totalMs: 0, rows: [] };
  const start = spans.reduce((min, span) => Math.min(min, span.startTime), Infinity);
  const end = spans.reduce((max, span) => Math.max(max, span.startTime + span.duration), -Infinity);
  const depths = depthsOf(spans);
  const rows = spans.map((span) => ({
    spanId: span.spanID,
    service: trace.processes[span.processID]?.serviceName ?? span.processID,
    operation: span.operationName,
    offsetMs: (span.startTime - start) / 1000,
    durationMs: span.duration / 1000,
    depth: depths.get(span.spanID) ?? 0,
    error: failed(span),
  }));
  return {
    totalMs: (end - start) / 1000,
    rows: rows.sort((a, b) => a.offsetMs - b.offsetMs || a.depth - b.depth),
  };
}

/** The span a span nests under: the one it is a CHILD_OF, else one it FOLLOWS_FROM, if in the trace. */
function parentOf(span: JaegerSpan, inTrace: Set<string>): string | undefined {
  const candidates = span.references.filter((ref) => ref.spanID !== span.spanID && inTrace.has(ref.spanID));
  return (candidates.find((ref) => ref.refType === 'CHILD_OF') ?? candidates[0])?.spanID;
}

/**
 * Depths by walking down from the roots. Spans whose references form a cycle (only in a corrupt or
 * forged trace) hang under no root: the earliest of each cycle is taken as a root of its own, so
 * no span is lost and none nests forever.
 */
function depthsOf(spans: JaegerSpan[]): Map<string, number> {
  const inTrace = new Set(spans.map((span) => span.spanID));
  const children = new Map<string, JaegerSpan[]>();
  const roots: JaegerSpan[] = [];
  for (const span of spans) {
    const parent = parentOf(span, inTrace);
    if (parent === undefined) roots.push(span);
    else children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const depths = new Map<string, number>();
  const byStart = [...spans].sort((a, b) => a.startTime - b.startTime);
  for (const root of [...roots, ...byStart]) {
    const queue: [JaegerSpan, number][] = [[root, 0]];
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [span, depth] = next;
      if (depths.has(span.spanID)) continue;
      depths.set(span.spanID, depth);
      for (const child of children.get(span.spanID) ?? []) queue.push([child, depth + 1]);
    }
  }
  return depths;
}

/** OpenTelemetry's error status, as Jaeger tags it. */
function failed(span: JaegerSpan): boolean {
  return span.tags.some(
    ({ key, value }) =>
      (key === 'error' && (value === true || value === 'true')) ||
      (key === 'otel.status_code' && value === 'ERROR'),
  );
}
