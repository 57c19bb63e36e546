import { z } from '@hono/zod-openapi';

const TimelineEvent = z.object({
  eventId: z.uuid(),
  type: z.string().openapi({ example: 'inventory.reserved' }),
  producer: z.string(),
  topic: z.string(),
  partition: z.number().int(),
  offset: z.number().int(),
  occurredAt: z.iso.datetime(),
  causationId: z.uuid().nullable(),
  traceId: z.string().nullable(),
});

export const TimelineSchema = z
  .object({
    orderId: z.uuid(),
    status: z.enum(['PENDING', 'CONFIRMED', 'CANCELLED']),
    traceId: z.string().nullable(),
    jaegerUrl: z.string().nullable().openapi({ description: 'The saga’s trace in Jaeger' }),
    events: z.array(TimelineEvent).openapi({ description: 'Every event of the saga, each after its cause' }),
  })
  .openapi('SagaTimeline');
export type Timeline = z.infer<typeof TimelineSchema>;
