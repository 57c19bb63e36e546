import postgres from 'postgres';
import { outboxChannel } from './outbox';

export interface OutboxRow {
  id: string;
  eventId: string;
  topic: string;
  key: string;
  payload: unknown;
  headers: Record<string, string>;
}

/** A database session that may hold the relay's leadership; it dies with its connection. */
export interface LeaderSession {
  tryLead(): Promise<boolean>;
  /** False once the session's connection has closed since it took the leadership. */
  leading(): boolean;
  /** Gives the leadership up (if held) and closes the connection. */
  end(): Promise<void>;
}

/** What the relay needs of the outbox table. */
export interface OutboxStore {
  session(): Promise<LeaderSession>;
  /**
   * Marks `sent` (what the relay published last) as published and returns the oldest rows still
   * unpublished after them, in id order: one statement per relay cycle.
   */
  unpublished(limit: number, sent?: string[]): Promise<OutboxRow[]>;
  /** Calls `wake` whenever an outbox write commits; resolves to the unsubscribe function. */
  listen(wake: () => void): Promise<() => Promise<void>>;
}

/**
 * The outbox in Postgres. Leadership is a session advisory lock per service (instances of one
 * service share a database server with others); writers notify `outbox` at commit.
 */
export function outboxStore(sql: postgres.Sql, service: string): OutboxStore {
  return {
    async session() {
      let held = false;
      // A client of one connection, as postgres.js builds its own LISTEN connection: the lock is
      // that connection's, and `onclose` says when it is gone. A connection reserved from the pool
      // would not do: released after the server dropped it, it goes back to the pool dead and
      // every later reserve gets it again (porsager/postgres#1199), so the relay never recovered.
      const own = postgres({
        ...sql.options,
        max: 1,
        idle_timeout: null,
        max_lifetime: null,
        fetch_types: false,
        onclose: () => {
          held = false;
        },
      } as unknown as postgres.Options<Record<string, never>>);
      return {
        async tryLead() {
          const [row] = await own<{ locked: boolean }[]>`
            select pg_try_advisory_lock(hashtextextended(${`outbox-relay:${service}`}, 0)) as locked`;
          held = row?.locked === true;
          return held;
        },
        leading: () => held,
        async end() {
          held = false;
          // Closing the connection gives the advisory lock up.
          await own.end({ timeout: 1 }).catch(() => {});
        },
      };
    },
    async unpublished(limit, sent = []) {
      const rows = await sql<
        {
          id: string;
          event_id: string;
          topic: string;
          message_key: string;
          payload: unknown;
          headers: Record<string, string>;
        }[]
      >`
        with marked as (update outbox set published_at = now() where id = any(${sent}::bigint[]))
        select id, event_id, topic, message_key, payload, headers from outbox
        where published_at is null and not (id = any(${sent}::bigint[])) order by id limit ${limit}`;
      return rows.map((row) => ({
        id: row.id,
        eventId: row.event_id,
        topic: row.topic,
        key: row.message_key,
        payload: row.payload,
        headers: row.headers,
      }));
    },
    async listen(wake) {
      const subscription = await sql.listen(outboxChannel, wake);
      return () => subscription.unlisten();
    },
  };
}
