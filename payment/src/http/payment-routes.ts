import { createRoute } from '@hono/zod-openapi';
import { createRouter, problemResponses, type ServiceDeps } from '@saga/saga-runtime';
import { findPaymentByOrder } from '../db/payments';
import type { Payment } from '../domain/payment';
import { PaymentList, PaymentQuery } from './payment-schemas';

export type PaymentRouteDeps = Pick<ServiceDeps<unknown>, 'database'>;

const listPayments = createRoute({
  method: 'get',
  path: '/payments',
  description: 'The payments of an order: none until its stock is reserved, then exactly one.',
  request: { query: PaymentQuery },
  responses: {
    200: { content: { 'application/json': { schema: PaymentList } }, description: 'Payments of the order' },
    ...problemResponses(400),
  },
});

export function paymentRoutes(deps: PaymentRouteDeps) {
  const router = createRouter();
  router.openapi(listPayments, async (c) => {
    const { orderId } = c.req.valid('query');
    const payment = await findPaymentByOrder(deps.database.db, orderId);
    return c.json(payment ? [toJson(payment)] : [], 200);
  });
  return router;
}

function toJson(payment: Payment) {
  return {
    paymentId: payment.paymentId,
    orderId: payment.orderId,
    customerId: payment.customerId,
    amountCents: payment.amountCents,
    status: payment.status,
    reason: payment.reason,
    createdAt: payment.createdAt.toISOString(),
  };
}
