import type { Executor, Tx } from '@saga/saga-runtime';
import { eq } from 'drizzle-orm';
import type { Payment } from '../domain/payment';
import { cancelledOrders, payments } from './schema';

export async function findPaymentByOrder(db: Executor, orderId: string): Promise<Payment | null> {
  const [row] = await db.select().from(payments).where(eq(payments.orderId, orderId));
  return row ?? null;
}

export async function insertPayment(tx: Tx, payment: Payment): Promise<void> {
  await tx.insert(payments).values(payment);
}

export async function savePayment(tx: Tx, payment: Payment): Promise<void> {
  await tx
    .update(payments)
    .set({ status: payment.status, reason: payment.reason, updatedAt: payment.updatedAt })
    .where(eq(payments.paymentId, payment.paymentId));
}

export async function isOrderCancelled(db: Executor, orderId: string): Promise<boolean> {
  const [row] = await db
    .select({ orderId: cancelledOrders.orderId })
    .from(cancelledOrders)
    .where(eq(cancelledOrders.orderId, orderId));
  return row !== undefined;
}

export async function recordCancellation(tx: Tx, orderId: string, cancelledAt: Date): Promise<void> {
  await tx.insert(cancelledOrders).values({ orderId, cancelledAt }).onConflictDoNothing();
}
