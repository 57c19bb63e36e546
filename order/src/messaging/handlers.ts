import type { Handlers } from '@saga/saga-runtime';
import type { ContractOf } from '@saga/schemas';
import type { OrderDeps } from '../application/order-decisions';
import { reactToOutcome } from '../application/react-to-outcome';

/**
 * The order service's part of the saga (group `order-service`): payment charged confirms the
 * order; a declined payment or a rejected reservation cancels it with that reason.
 */
export const orderHandlers = (deps: OrderDeps): Handlers<ContractOf<'order'>> => ({
  'payment.completed': ({ value: { orderId, amountCents } }, unit) =>
    reactToOutcome(unit, deps, { type: 'PaymentCompleted', orderId, amountCents }),
  'payment.declined': ({ value: { orderId, amountCents, detail } }, unit) =>
    reactToOutcome(unit, deps, { type: 'PaymentDeclined', orderId, amountCents, detail }),
  'inventory.rejected': ({ value: { orderId, reason, detail } }, unit) =>
    reactToOutcome(unit, deps, { type: 'InventoryRejected', orderId, reason, detail }),
});
