import type { HandlerContext } from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import { insertNotification } from '../db/notifications';
import { notificationFor, type Outcome } from '../domain/notification';

export interface Clock {
  clock(): Date;
  newId(): string;
}

/**
 * Decide → store, inside the consumer's transaction. Sending is simulated by the log line; a real
 * sender would pick stored rows up after commit (as the relay does the outbox), so a rolled-back
 * transaction never emails anyone.
 */
export async function sendNotification(
  context: Pick<HandlerContext<EventMap>, 'tx' | 'logger'>,
  outcome: Outcome,
  { clock, newId }: Clock,
): Promise<void> {
  const notification = notificationFor(outcome, { now: clock(), newId });
  const fields = { order_id: notification.orderId, kind: notification.kind };
  if (!(await insertNotification(context.tx, notification))) {
    // A second event for an outcome already notified, e.g. republished under a new event id.
    context.logger.info('notification already sent; event ignored', fields);
    return;
  }
  context.logger.info('notification sent', {
    ...fields,
    channel: notification.channel,
    customer_id: notification.customerId,
  });
}
