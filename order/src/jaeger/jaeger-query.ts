import { AppError } from '@saga/saga-runtime';
import { z } from 'zod';

// Jaeger is written in Go, which may send an empty list as null.
const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((items) => items ?? []);

// The part of Jaeger's query API JSON (`GET /api/traces/{traceId}`) the waterfall reads; Jaeger
// sends more, which is dropped.
const JaegerSpanSchema = z.object({
  spanID: z.string(),
  operationName: z.string(),
  references: list(z.object({ refType: z.string(), spanID: z.string() })),
  /** Microseconds since the epoch. */
  startTime: z.number(),
  /** Microseconds. */
  duration: z.number(),
  processID: z.string(),
  tags: list(z.object({ key: z.string(), value: z.unknown() })),
});

const JaegerTraceSchema = z.object({
  spans: z.array(JaegerSpanSchema),
  processes: z.record(z.string(), z.object({ serviceName: z.string() })),
});

const JaegerAnswerSchema = z.object({ data: z.array(JaegerTraceSchema).nullable() });

export type JaegerSpan = z.infer<typeof JaegerSpanSchema>;
export type JaegerTrace = z.infer<typeof JaegerTraceSchema>;

// A person waits for this while the page loads: better the page without its waterfall than a page
// that hangs on a slow Jaeger.
const timeoutMs = 2000;

/**
 * One trace from Jaeger's query API. Every way of not getting it is an AppError whose detail says
 * in one line, fit for the page, why: TRACE_NOT_IN_JAEGER, JAEGER_UNREACHABLE, JAEGER_FAILED or
 * JAEGER_UNREADABLE.
 */
export async function fetchTrace(queryUrl: string, traceId: string): Promise<JaegerTrace> {
  const jaeger = shown(queryUrl);
  const { status, text } = await get(`${jaeger}/api/traces/${encodeURIComponent(traceId)}`, jaeger);
  const notInJaeger = AppError.notFound('TRACE_NOT_IN_JAEGER', `trace ${traceId} is not in Jaeger yet`);
  if (status === 404) throw notInJaeger;
  if (status !== 200)
    throw AppError.transient('JAEGER_FAILED', `Jaeger at ${jaeger} answered HTTP ${status}`);
  const answer = JaegerAnswerSchema.safeParse(parsedJson(text));
  if (!answer.success) {
    throw new AppError({
      code: 'JAEGER_UNREADABLE',
      status: 502,
      detail: `Jaeger at ${jaeger} answered with something other than a trace`,
    });
  }
  const trace = answer.data.data?.[0];
  if (!trace) throw notInJaeger;
  return trace;
}

async function get(url: string, jaeger: string): Promise<{ status: number; text: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, text: await response.text() };
  } catch (cause) {
    const timedOut = cause instanceof Error && cause.name === 'TimeoutError';
    throw AppError.transient(
      'JAEGER_UNREACHABLE',
      timedOut
        ? `Jaeger at ${jaeger} did not answer within ${timeoutMs} ms`
        : `Jaeger is unreachable at ${jaeger}`,
      cause,
    );
  }
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The URL as the page may show it: credentials, if any, stay out. */
function shown(queryUrl: string): string {
  const url = new URL(queryUrl);
  url.username = '';
  url.password = '';
  return url.href.replace(/\/$/, '');
}
