import { z } from '@hono/zod-openapi';

export const NotificationQuery = z
  .object({
    orderId: z
      .uuid({
        error: (issue) => (issue.input === undefined ? 'orderId is required' : 'orderId must be a UUID'),
      })
      .openapi({ description: 'The order whose notifications to list' }),
  })
  .strict();

export const NotificationSchema = z
  .object({
    notificationId: z.uuid(),
    orderId: z.uuid(),
    customerId: z.string(),
    kind: z.enum(['ORDER_CONFIRMED', 'ORDER_CANCELLED']),
    reason: z
      .enum(['OUT_OF_STOCK', 'UNKNOWN_SKU', 'PAYMENT_DECLINED', 'CUSTOMER_CANCELLED', 'TIMED_OUT'])
      .nullable()
      .openapi({ description: 'Why the order was cancelled; null for ORDER_CONFIRMED' }),
    channel: z.literal('email'),
    delivery: z.enum(['SENT', 'SUPPRESSED']).openapi({
      description:
        "SENT: the customer was told. SUPPRESSED: recorded but not sent, because a later outcome of the order (its cancellation) had been sent already; telling the earlier one afterwards would mislead. Notifications follow the order's own history.",
    }),
    createdAt: z.iso.datetime().openapi({ description: 'When it was sent or, if SUPPRESSED, recorded; UTC' }),
  })
  .openapi('Notification');

export const NotificationList = z.array(NotificationSchema).openapi('NotificationList');
