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
 * Opens the account with `opening` the first time the customer is seen, then row-locks it for the
 * rest of the transaction: every charge and refund of one customer is decided one at a time.
 */
export async function lockOrOpenAccount(tx: Tx, opening: Account): Promise<Account> {
  await tx.insert(accounts).values(opening).onConflictDoNothing({ target: accounts.customerId });
  const [row] = await tx
    .select()
    .from(accounts)
    .where(eq(accounts.customerId, opening.customerId))
    .for('update');
  // Accounts are never deleted, so only a bug gets here.
  if (!row) throw AppError.internal(new Error(`account ${opening.customerId} vanished while opening it`));
  return row;
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
