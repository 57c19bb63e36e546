/**
 * One batch at a time, each as large as what arrived meanwhile: what is submitted while a batch is
 * under way waits for the next one, and everything submitted in the same turn (the runs of one
 * fetch, partition by partition) joins it. `processBatch` answers every item it settles itself and
 * must not throw; the items it returns were not touched and go first into the next batch.
 */
export function groupCommit<T>(processBatch: (batch: T[]) => Promise<T[]>): (item: T) => void {
  const queue: T[] = [];
  let draining = false;

  async function drain(): Promise<void> {
    while (queue.length > 0) queue.unshift(...(await processBatch(queue.splice(0))));
    draining = false;
  }

  return (item) => {
    queue.push(item);
    if (draining) return;
    draining = true;
    // On the next turn: the other partitions' runs of the same fetch are on their way.
    setImmediate(() => void drain());
  };
}
