import { z } from '@hono/zod-openapi';
import { PlainText } from '@saga/saga-runtime';

export const CustomerIdParam = z.object({
  customerId: PlainText(1, 64).openapi({ param: { name: 'customerId', in: 'path' }, example: 'alice' }),
});

export const AccountSchema = z
  .object({
    customerId: z.string(),
    balanceCents: z.number().int().openapi({ description: 'Balance in cents', example: 100_000 }),
    currency: z.literal('USD'),
  })
  .openapi('Account');

export const SetBalanceBody = z
  .object({
    balanceCents: z
      .number()
      .int()
      .min(0)
      .max(1_000_000_000_000)
      .openapi({ description: 'The new balance, in cents', example: 250_000 }),
  })
  .strict()
  .openapi('SetBalance');

export const PaymentQuery = z
  .object({
    orderId: z
      .uuid({ error: 'orderId must be a UUID' })
      .openapi({ example: '0f8fad5b-d9cb-469f-a165-70867728950e' }),
  })
  .strict();

export const PaymentSchema = z
  .object({
    paymentId: z.uuid(),
    orderId: z.uuid(),
    customerId: z.string(),
    amountCents: z.number().int().openapi({ description: 'Amount charged or attempted, in cents' }),
    status: z.enum(['COMPLETED', 'DECLINED', 'REFUNDED']),
    reason: z.enum(['PAYMENT_DECLINED']).nullable().openapi({ description: 'Why it was declined' }),
    createdAt: z.iso.datetime(),
  })
  .openapi('Payment');

export const PaymentList = z.array(PaymentSchema).openapi('PaymentList');
