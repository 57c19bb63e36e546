import type postgres from 'postgres';
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
  /** Gives the leadership up (if held) and the connection back. */
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
      const reserved = await sql.reserve();
      return {
        async tryLead() {
          const [row] = await reserved<{ locked: boolean }[]>`
            select pg_try_advisory_lock(hashtextextended(${`outbox-relay:${service}`}, 0)) as locked`;
          return row?.locked === true;
        },
        async end() {
          await reserved`select pg_advisory_unlock_all()`.catch(() => {});
          reserved.release();
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
