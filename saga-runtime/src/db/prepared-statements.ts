import type postgres from 'postgres';

type Unsafe = postgres.Sql['unsafe'];
type Callback = (client: postgres.Sql) => unknown;

/**
 * The client drizzle is given: every statement it sends with parameters is a named prepared
 * statement, cached on its connection.
 *
 * drizzle asks postgres.js for an unnamed statement unless a query is given a name, and
 * postgres.js sends an unnamed statement with parameters in two round trips (Parse/Describe to
 * learn the parameters' types, then Bind/Execute), parsed and planned by the server every time.
 * Prepared, a statement costs one round trip from its second execution on, and Postgres plans it
 * once per connection. postgres.js prepares again by itself when a migration invalidates a plan.
 *
 * Statements without parameters keep the simple protocol (migrations send several at once).
 */
export function preparingStatements(sql: postgres.Sql): postgres.Sql {
  const unsafe: Unsafe = (query, args, options) =>
    Array.isArray(args) && args.length > 0
      ? sql.unsafe(query, args, { ...options, prepare: true })
      : sql.unsafe(query, args, options);
  // A transaction's (or savepoint's) client is a new function: it prepares as well.
  const wrapping =
    (method: 'begin' | 'savepoint') =>
    (...args: unknown[]) => {
      const callback = args.pop() as Callback;
      const inner = (sql as unknown as Record<typeof method, (...all: unknown[]) => unknown>)[method];
      return inner.call(sql, ...args, (client: postgres.Sql) => callback(preparingStatements(client)));
    };
  const begin = wrapping('begin');
  const savepoint = wrapping('savepoint');
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === 'unsafe') return unsafe;
      if (property === 'begin') return begin;
      if (property === 'savepoint') return savepoint;
      return Reflect.get(target, property, receiver);
    },
  });
}
