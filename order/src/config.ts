import { baseConfigShape, envDuration } from '@saga/saga-runtime';
import { saga } from '@saga/schemas';
import { z } from 'zod';

export const configShape = {
  ...baseConfigShape({ name: 'order', defaultPort: saga.order.port }),
  /** A saga still PENDING this long after submission is cancelled with TIMED_OUT. */
  SAGA_DEADLINE_SECONDS: z.coerce.number().int().min(1).default(300),
  /** Where people open Jaeger; used to link a saga's timeline to its trace. */
  JAEGER_UI_URL: z.url().default('http://localhost:16686'),
  /**
   * Where the service itself reads a saga's trace (Jaeger's query API) for the timeline page's
   * waterfall; unlike JAEGER_UI_URL, an address the service reaches, e.g. jaeger:16686 in compose.
   */
  JAEGER_QUERY_URL: z.url().default('http://127.0.0.1:16686'),
  /** How much history the saga timeline keeps: older events are pruned and not recorded again. */
  TIMELINE_RETENTION: envDuration('30d'),
};
