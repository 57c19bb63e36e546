import type { HandlerMap } from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import type { Clock } from './apply-to-order';
import { onInventoryRejected } from './inventory-rejected';
import { onPaymentCompleted } from './payment-completed';
import { onPaymentDeclined } from './payment-declined';

/** The order service's part of the saga (group `order-service`). */
export const orderHandlers = (deps: Clock): HandlerMap<EventMap> => ({
  'payment.completed': onPaymentCompleted(deps),
  'payment.declined': onPaymentDeclined(deps),
  'inventory.rejected': onInventoryRejected(deps),
});
