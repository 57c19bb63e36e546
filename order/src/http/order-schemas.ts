import { z } from '@hono/zod-openapi';
import { PlainText } from '@saga/saga-runtime';

const Item = z
  .object({
    sku: PlainText(1, 64).openapi({ example: 'SKU-COFFEE' }),
    quantity: z.number().int().min(1).max(1000).openapi({ example: 2 }),
  })
  .strict();

export const PlaceOrderBody = z
  .object({
    customerId: PlainText(1, 64).openapi({ example: 'alice' }),
    items: z
      .array(Item)
      .min(1)
      .max(50)
      .refine((items) => new Set(items.map((item) => item.sku)).size === items.length, {
        message: 'each sku may appear only once',
      }),
    currency: z.literal('USD').default('USD'),
  })
  .strict()
  .openapi('PlaceOrder');

export const OrderStatusSchema = z.enum(['PENDING', 'CONFIRMED', 'CANCELLED']);

export const OrderSchema = z
  .object({
    orderId: z.uuid(),
    customerId: z.string(),
    status: OrderStatusSchema,
    items: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
    totalCents: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Charged total in minor units, once known' }),
    currency: z.string(),
    cancellationReason: z
      .enum(['OUT_OF_STOCK', 'UNKNOWN_SKU', 'PAYMENT_DECLINED', 'CUSTOMER_CANCELLED', 'TIMED_OUT'])
      .nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi('Order');

export const AcceptedSchema = z
  .object({ orderId: z.uuid(), status: z.literal('PENDING') })
  .openapi('OrderAccepted');

export const ListQuery = z
  .object({
    customerId: PlainText(1, 64).optional(),
    status: OrderStatusSchema.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional().openapi({ description: 'nextCursor of the previous page' }),
  })
  .strict();

export const OrderPage = z
  .object({ orders: z.array(OrderSchema), nextCursor: z.string().nullable() })
  .openapi('OrderPage');
