import type { Executor, Tx } from '@saga/saga-runtime';
import { AppError } from '@saga/saga-runtime/errors';
import { eq } from 'drizzle-orm';
import { type Account, openAccount } from '../domain/payment';
import { accounts } from './schema';

export async function findAccount(db: Executor, customerId: string): Promise<Account | null> {
  const [row] = await db.select().from(accounts).where(eq(accounts.customerId, customerId));
  return row ?? null;
}

/**
 * Row-locks the customer's account for the rest of the transaction, opening it with `opening` the
 * first time the customer is seen: every charge and refund of one customer is decided one at a
 * time. The account nearly always exists, so the lock is tried first.
 */
export async function lockOrOpenAccount(tx: Tx, opening: Account): Promise<Account> {
  const locked = await lockAccount(tx, opening.customerId);
  if (locked) return locked;
  await tx.insert(accounts).values(opening).onConflictDoNothing({ target: accounts.customerId });
  const opened = await lockAccount(tx, opening.customerId);
  // Accounts are never deleted, so only a bug gets here.
  if (!opened) throw AppError.internal(new Error(`account ${opening.customerId} vanished while opening it`));
  return opened;
}

async function lockAccount(tx: Tx, customerId: string): Promise<Account | null> {
  const [row] = await tx.select().from(accounts).where(eq(accounts.customerId, customerId)).for('update');
  return row ?? null;
}

export async function saveAccount(tx: Tx, account: Account): Promise<void> {
  await tx
    .update(accounts)
    .set({ balanceCents: account.balanceCents, updatedAt: account.updatedAt })
    .where(eq(accounts.customerId, account.customerId));
}

/** The admin override: the balance becomes `balanceCents`, opening the account if need be. */
export async function setBalance(
  db: Executor,
  customerId: string,
  balanceCents: number,
  now: Date,
): Promise<{ account: Account; created: boolean }> {
  const [inserted] = await db
    .insert(accounts)
    .values(openAccount(customerId, balanceCents, now))
    .onConflictDoNothing({ target: accounts.customerId })
    .returning();
  if (inserted) return { account: inserted, created: true };
  const [updated] = await db
    .update(accounts)
    .set({ balanceCents, updatedAt: now })
    .where(eq(accounts.customerId, customerId))
    .returning();
  if (!updated) throw AppError.internal(new Error(`account ${customerId} vanished while setting it`));
  return { account: updated, created: false };
}
