/**
 * Work for once the transaction has committed, e.g. counting what it changed: counted inside the
 * transaction, a rollback would leave the count behind and a retry would count it twice. The
 * callback must not throw, since the transaction it follows is already durable.
 */
export type AfterCommit = (callback: () => void) => void;

/**
 * Runs `transaction` with an `AfterCommit`, then, once it has resolved (committed), what was
 * registered, in order. A transaction that rejects runs none of it: a retry registers its own.
 */
export async function committing<T>(transaction: (afterCommit: AfterCommit) => Promise<T>): Promise<T> {
  const callbacks: (() => void)[] = [];
  const result = await transaction((callback) => {
    callbacks.push(callback);
  });
  for (const callback of callbacks) callback();
  return result;
}
