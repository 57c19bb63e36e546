import { gunzipSync } from 'node:zlib';
import type postgres from 'postgres';

/** The schemas a service database holds: its tables, and drizzle's records of applied migrations. */
const schemas = ['public', 'drizzle'];

/**
 * A gzipped plain-text `pg_dump` as one script for the simple query protocol: psql's
 * meta-commands (`\restrict`, `\unrestrict`) are not SQL and are left out (every line starting with a
 * backslash: the fixtures hold no value with such a line).
 */
export function dumpScript(gzipped: Buffer): string {
  return gunzipSync(gzipped)
    .toString('utf8')
    .split('\n')
    .filter((line) => !line.startsWith('\\'))
    .join('\n');
}

const plain = <T extends object>(rows: readonly T[]): T[] => rows.map((row) => ({ ...row }));

/** What `information_schema` and `pg_catalog` say of the tables, columns, indexes, constraints and sequences. */
export async function describeSchema(sql: postgres.Sql) {
  return {
    tables: plain(
      await sql`select table_schema, table_name, table_type from information_schema.tables
      where table_schema in ${sql(schemas)} order by 1, 2`,
    ),
    columns: plain(
      await sql`select table_schema, table_name, column_name, ordinal_position, data_type,
      udt_name, is_nullable, column_default, character_maximum_length, numeric_precision, is_identity,
      is_generated from information_schema.columns where table_schema in ${sql(schemas)} order by 1, 2, 4`,
    ),
    indexes: plain(
      await sql`select schemaname, tablename, indexname, indexdef from pg_indexes
      where schemaname in ${sql(schemas)} order by 1, 2, 3`,
    ),
    constraints: plain(
      await sql`select n.nspname, c.relname, k.conname, k.contype, k.condeferrable,
      k.convalidated, pg_get_constraintdef(k.oid) as definition
      from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ${sql(schemas)} order by 1, 2, 3`,
    ),
    sequences: plain(
      await sql`select s.schemaname, s.sequencename, s.data_type, s.start_value,
      s.min_value, s.max_value, s.increment_by, s.cycle, s.cache_size, t.relname as owned_by_table,
      a.attname as owned_by_column
      from pg_sequences s
      join pg_class q on q.relname = s.sequencename
      join pg_namespace qn on qn.oid = q.relnamespace and qn.nspname = s.schemaname
      left join pg_depend d on d.objid = q.oid and d.classid = 'pg_class'::regclass and d.deptype in ('a', 'i')
      left join pg_class t on t.oid = d.refobjid
      left join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
      where s.schemaname in ${sql(schemas)} order by 1, 2`,
    ),
  };
}

/** Every row of every table, as JSON, per `schema.table`, in a stable order. */
export async function tableRows(sql: postgres.Sql): Promise<Record<string, unknown[]>> {
  const tables = await sql<{ name: string }[]>`select format('%I.%I', table_schema, table_name) as name
    from information_schema.tables where table_schema in ${sql(schemas)} and table_type = 'BASE TABLE'
    order by 1`;
  const result: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    const [row] = await sql.unsafe(`select coalesce(jsonb_agg(to_jsonb(t) order by to_jsonb(t)::text), '[]')
      as rows from ${name} t`);
    result[name] = row?.rows as unknown[];
  }
  return result;
}
