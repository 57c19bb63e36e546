import { context } from '@opentelemetry/api';
import { contextFrom, inSpan } from '@saga/saga-runtime';
import { type TimeOutOrderDeps, timeOutOrder } from '../application/time-out-order';
import { overdueOrders } from '../db/orders';

/**
 * The saga deadline's timer: it finds the orders that may be overdue and asks for each to be
 * timed out. The deadline lives in the database, so it survives restarts.
 */
export async function sweepOverdueOrders(deps: TimeOutOrderDeps, batch = 100): Promise<number> {
  const overdue = await overdueOrders(deps.database.db, deps.clock(), batch);
  for (const { orderId, traceContext } of overdue) {
    // Continue the trace of the request that placed the order: the timeout is part of its saga.
    await context.with(contextFrom(traceContext ?? {}), () =>
      inSpan('saga deadline', { attributes: { 'order.id': orderId } }, () => timeOutOrder(deps, orderId)),
    );
  }
  return overdue.length;
}

/** Sweeps every `intervalMs`; returns the stop function bootService calls on shutdown. */
export function startDeadlineSweeper(deps: TimeOutOrderDeps, intervalMs = 1000): () => Promise<void> {
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
