import type { Logger } from '../logger';

export interface PartitionOffset {
  topic: string;
  partition: number;
  /** The next offset to read, i.e. one past the last handled message. */
  offset: string;
}

export interface OffsetCommitterOptions {
  /** One OffsetCommit request for every partition given. */
  commit(offsets: PartitionOffset[]): Promise<void>;
  logger: Logger;
  intervalMs: number;
  now?: () => number;
}

/**
 * Collects the offsets of handled messages (whose transactions have committed) and commits them
 * for all partitions at once, at most every `intervalMs`. Committing after every fetch cost a
 * broker round trip per partition per batch, on the path to the next fetch; deferring it only
 * widens what a crash redelivers, which the inbox skips.
 */
export function offsetCommitter(options: OffsetCommitterOptions) {
  const now = options.now ?? Date.now;
  const pending = new Map<string, PartitionOffset>();
  let lastCommit = now();
  let inFlight: Promise<void> = Promise.resolve();

  async function commitPending(): Promise<void> {
    if (pending.size === 0) return;
    const offsets = [...pending.values()];
    pending.clear();
    lastCommit = now();
    try {
      await options.commit(offsets);
    } catch (error) {
      if (lostMembership(error)) {
        // The partitions may be someone else's now; the new owner reads from the last committed
        // offset and the inbox skips what we already applied.
        options.logger.warn('group membership lost while committing offsets; rejoining');
        return;
      }
      options.logger.warn('committing offsets failed; retrying with the next commit', { err: error });
      for (const entry of offsets) {
        const key = keyOf(entry);
        if (!pending.has(key)) pending.set(key, entry);
      }
    }
  }

  /** Commits now, after any commit already under way. */
  function flush(): Promise<void> {
    inFlight = inFlight.then(commitPending);
    return inFlight;
  }

  return {
    handled(topic: string, partition: number, offset: string): void {
      const entry = { topic, partition, offset: (BigInt(offset) + 1n).toString() };
      pending.set(keyOf(entry), entry);
    },
    flush,
    flushIfDue(): Promise<void> {
      return now() - lastCommit >= options.intervalMs ? flush() : Promise.resolve();
    },
  };
}

const keyOf = ({ topic, partition }: PartitionOffset) => `${topic}\u0000${partition}`;

const membershipErrors = new Set([
  'UNKNOWN_MEMBER_ID',
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'NOT_COORDINATOR_FOR_GROUP',
]);

function lostMembership(error: unknown): boolean {
  for (
    let current = error as { type?: string; cause?: unknown; message?: string } | undefined;
    current;
    current = current.cause as typeof current
  ) {
    if (current.type && membershipErrors.has(current.type)) return true;
    if (/not aware of this member|rebalanc|generation/i.test(current.message ?? '')) return true;
  }
  return false;
}
