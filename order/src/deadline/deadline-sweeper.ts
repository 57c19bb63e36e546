import { context } from '@opentelemetry/api';
import { contextFrom, inSpan, type Logger, outboxPublisher, type ServiceDeps } from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import { overdueOrders } from '../db/orders';
import { applyToOrder, type Clock } from '../messaging/apply-to-order';

export interface DeadlineDeps extends Pick<ServiceDeps<unknown>, 'database' | 'outbox'>, Clock {
  logger: Logger;
}

/**
 * No saga stays PENDING forever: orders past their stored deadline are cancelled with TIMED_OUT
 * through the normal path (state + order.cancelled in one transaction), so inventory and payment
 * compensate. The deadline lives in the database, so it survives restarts; with two instances
 * both may look, and the row lock plus the PENDING check make the second look a no-op.
 */
export async function sweepOverdueOrders(deps: DeadlineDeps, batch = 100): Promise<number> {
  const overdue = await overdueOrders(deps.database.db, deps.clock(), batch);
  for (const { orderId, traceContext } of overdue) {
    // Continue the trace of the request that placed the order: the timeout is part of its saga.
    await context.with(contextFrom(traceContext ?? {}), () =>
      inSpan('saga deadline', { attributes: { 'order.id': orderId } }, () =>
        deps.database.db.transaction(async (tx) => {
          const publisher = outboxPublisher<EventMap>(tx, { ...deps.outbox, causation: null });
          const { events } = await applyToOrder(
            { tx, publish: publisher.publish },
            orderId,
            { type: 'DeadlinePassed' },
            deps,
          );
          if (events.length > 0)
            deps.logger.info('saga step', {
              order_id: orderId,
              event_type: 'order.cancelled',
              reason: 'TIMED_OUT',
            });
        }),
      ),
    );
  }
  return overdue.length;
}

/** Sweeps every `intervalMs`; returns the stop function bootService calls on shutdown. */
export function startDeadlineSweeper(deps: DeadlineDeps, intervalMs = 1000): () => Promise<void> {
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> = Promise.resolve();
  const tick = () => {
    sweeping = sweepOverdueOrders(deps)
      .catch((err: unknown) => deps.logger.warn('saga deadline sweep failed; retrying', { err }))
      .finally(() => {
        if (running) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, intervalMs);
  return async () => {
    running = false;
    clearTimeout(timer);
    await sweeping;
  };
}
