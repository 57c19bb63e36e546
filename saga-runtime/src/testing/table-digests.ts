import type postgres from 'postgres';

/**
 * Each table's row count and a digest of all its rows, to compare a database before and after
 * (a replay, a redelivery) without listing the rows themselves.
 */
export async function tableDigests(
  sql: postgres.Sql,
  tables: readonly string[],
): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const table of tables) {
    // When the relay marks a row published is its own bookkeeping: the events are what count.
    const rows =
      table === 'outbox'
        ? `(select id, event_id, topic, message_key, payload, headers from outbox)`
        : `"${table}"`;
    const [row] = await sql.unsafe(
      `select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${rows} t`,
    );
    digests[table] = `${row?.n} rows, ${row?.digest}`;
  }
  return digests;
}
