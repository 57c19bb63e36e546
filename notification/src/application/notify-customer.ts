import { type HandlerContext, handleWithDecider, type ServiceDeps } from '@saga/saga-runtime';
import type { EventMap, ProducedBy } from '@saga/schemas';
import { notificationStore } from '../db/notifications';
import { notificationAbout, notificationDecider, type Outcome } from '../domain/notification';

export type NotificationDeps = Pick<ServiceDeps<unknown>, 'clock' | 'newId'>;

/**
 * Decide → store, inside the consumer's transaction. Sending is simulated by the log line; a real
 * sender would pick stored SENT rows up after commit (as the relay does the outbox), so a
 * rolled-back transaction never emails anyone. A SUPPRESSED one is recorded only, with a line of
 * its own.
 */
export async function notifyCustomer(
  unit: Pick<HandlerContext<EventMap, ProducedBy<'notification'>>, 'tx' | 'publish' | 'logger'>,
  deps: NotificationDeps,
  outcome: Outcome,
): Promise<void> {
  const { before, state: told } = await handleWithDecider(
    unit,
    notificationDecider,
    notificationStore,
    outcome,
    {
      now: deps.clock(),
      newId: deps.newId,
    },
  );
  const notification = notificationAbout(told, outcome);
  const fields = { order_id: notification.orderId, kind: notification.kind };
  if (told === before) {
    unit.logger.info('notification already sent; event ignored', fields);
    return;
  }
  if (notification.delivery === 'SUPPRESSED') {
    const later = told.find((sent) => sent.notificationId === notification.suppressedBy);
    unit.logger.info('notification not sent; a later outcome was sent already', {
      ...fields,
      suppressed_by: notification.suppressedBy,
      later_kind: later?.kind,
    });
    return;
  }
  unit.logger.info('notification sent', {
    ...fields,
    channel: notification.channel,
    customer_id: notification.customerId,
  });
}
