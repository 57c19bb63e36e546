import { sql } from 'drizzle-orm';
import type { Tx } from './database';

/**
 * Takes the transaction's advisory lock on `key`, then reads under it: every handler of the key
 * waits here until the transaction holding it ends, where a row lock could not help because the
 * first event of a key has no row yet. Both statements are sent together (one round trip); the
 * server runs them in order, so the read waits for the lock.
 */
export async function readUnderKeyLock<T>(tx: Tx, key: string, read: () => Promise<T>): Promise<T> {
  // A drizzle query is sent only once something calls its `then`. Calling it here, before `read`
  // is asked for, puts the lock on the wire first: `Promise.all([lock, read()])` would let a read
  // that starts at once (an async function, an explicit `then`) overtake it and run unlocked.
  const locked = tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`).then(() => {});
  const [, result] = await Promise.all([locked, read()]);
  return result;
}
