import { groupLag } from '@saga/saga-runtime';
import type { Admin, Kafka } from 'kafkajs';
import postgres from 'postgres';
import { urls } from '../stack/settings';

/** Samples every group's total lag every two seconds, keeping the highest seen. */
export class LagSampler {
  private readonly admin: Admin;
  private readonly max = new Map<string, number>();
  private readonly latestTotals = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<unknown> = Promise.resolve();

  constructor(
    kafka: Kafka,
    private readonly groups: string[],
  ) {
    this.admin = kafka.admin();
  }

  async start(): Promise<void> {
    await this.admin.connect();
    this.timer = setInterval(() => {
      this.sampling = this.sample().catch(() => undefined);
    }, 2000);
  }

  async stop(): Promise<Record<string, { max: number; final: number }>> {
    clearInterval(this.timer);
    await this.sampling;
    const final = await this.sample();
    await this.admin.disconnect();
    return Object.fromEntries(
      this.groups.map((group) => [group, { max: this.max.get(group) ?? 0, final: final.get(group) ?? 0 }]),
    );
  }

  /** Each group's total lag at the latest sample (taken every two seconds). */
  latest(): Record<string, number> {
    return Object.fromEntries(this.latestTotals);
  }

  private async sample(): Promise<Map<string, number>> {
    const totals = new Map<string, number>();
    for (const group of this.groups) {
      const total = (await groupLag(this.admin, group)).reduce((sum, row) => sum + row.lag, 0);
      totals.set(group, total);
      this.latestTotals.set(group, total);
      this.max.set(group, Math.max(this.max.get(group) ?? 0, total));
    }
    return totals;
  }
}

/** One query on a short-lived connection to the maintenance database. */
async function withPostgres<T>(query: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(`${urls.postgres}/postgres`, { max: 1, onnotice: () => undefined });
  try {
    return await query(sql);
  } finally {
    await sql.end();
  }
}

/** Committed transactions so far in the services' databases, as Postgres counts them. */
export function committedTransactions(databases: string[]): Promise<number> {
  return withPostgres(async (sql) => {
    // The statistics collector publishes with a delay; ask for a fresh snapshot.
    await sql`select pg_stat_clear_snapshot()`;
    const [row] = await sql<{ total: string }[]>`
      select coalesce(sum(xact_commit), 0)::text as total from pg_stat_database where datname in ${sql(databases)}`;
    return Number(row?.total ?? 0);
  });
}

/** pg_database_size of the given databases together, MB. */
export function databaseSizeMb(databases: string[]): Promise<number> {
  return withPostgres(async (sql) => {
    const [row] = await sql<{ bytes: string }[]>`
      select coalesce(sum(pg_database_size(datname)), 0)::text as bytes from pg_database where datname in ${sql(databases)}`;
    return Math.round((Number(row?.bytes ?? 0) / 2 ** 20) * 100) / 100;
  });
}

/** A one-line progress bar redrawn in place (a plain line per update when not on a terminal). */
export class Progress {
  private draws = 0;

  constructor(
    private readonly seconds: number,
    private readonly startedAt: number,
    private readonly counts: () => { accepted: number; completed: number; errors: number },
  ) {}

  draw(): void {
    const elapsed = Math.min(this.seconds, (Date.now() - this.startedAt) / 1000);
    const width = 30;
    const filled = Math.round((elapsed / this.seconds) * width);
    const { accepted, completed, errors } = this.counts();
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${elapsed.toFixed(0)}/${this.seconds} s  accepted ${accepted}  completed ${completed}  in flight ${accepted - completed}  errors ${errors}`;
    if (process.stdout.isTTY) process.stdout.write(`\r${line}\x1b[K`);
    else if (this.draws++ % 5 === 0) process.stdout.write(`${line}\n`);
  }

  done(): void {
    this.draw();
    if (process.stdout.isTTY) process.stdout.write('\n');
  }
}
