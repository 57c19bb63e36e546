import type { EventHandler } from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import { applyToPayment, type PaymentDeps } from './apply-to-payment';

/** Stock is set aside and priced: charge the customer the total, or decline if the balance falls short. */
export const onInventoryReserved =
  (deps: PaymentDeps): EventHandler<EventMap, 'inventory.reserved'> =>
  async (event, context) => {
    const { orderId, customerId, totalCents, currency } = event.value;
    await applyToPayment(
      context,
      customerId,
      { type: 'InventoryReserved', orderId, amountCents: totalCents, currency },
      deps,
    );
  };
