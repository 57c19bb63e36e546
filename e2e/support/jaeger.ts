import { urls } from '@saga/infra/settings';
import { eventually } from './eventually';

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: 'CHILD_OF' | 'FOLLOWS_FROM'; spanID: string; traceID: string }[];
  tags: { key: string; value: unknown }[];
  processID: string;
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

/** The trace Jaeger's query API finds for `order.id=<orderId>`, once it holds spans of `services`. */
export function traceOfOrder(orderId: string, services: string[]): Promise<JaegerTrace> {
  const tags = encodeURIComponent(JSON.stringify({ 'order.id': orderId }));
  return eventually(
    async () => {
      const search = await fetch(
        `${urls.jaegerQuery}/api/traces?service=order&tags=${tags}&lookback=1h&limit=20`,
      );
      const found = ((await search.json()) as { data: JaegerTrace[] | null }).data ?? [];
      const traceId = found[0]?.traceID;
      if (!traceId) return undefined;
      const full = (
        (await (await fetch(`${urls.jaegerQuery}/api/traces/${traceId}`)).json()) as { data: JaegerTrace[] }
      ).data[0];
      const seen = new Set(Object.values(full?.processes ?? {}).map((p) => p.serviceName));
      return full && services.every((service) => seen.has(service)) ? full : undefined;
    },
    30_000,
    `a trace of order ${orderId} spanning ${services.join(', ')}`,
  );
}

export const serviceOf = (trace: JaegerTrace, span: JaegerSpan) =>
  trace.processes[span.processID]?.serviceName;
export const tag = (span: JaegerSpan, key: string) => span.tags.find((t) => t.key === key)?.value;
