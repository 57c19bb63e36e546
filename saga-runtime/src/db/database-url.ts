/**
 * Where a `postgres://` URL connects. libpq lets `?host=/dir` name the directory of a Unix-domain
 * socket (the URL's host and port then only name the socket file, `.s.PGSQL.<port>`); postgres.js
 * does not read that parameter from a URL, and would send it to the server as a setting, so it is
 * taken out here and handed over as the `host` option.
 *
 * A local Postgres over its socket costs both ends less CPU per statement than over loopback TCP,
 * and a saga step is a handful of short statements.
 */
export interface DatabaseTarget {
  /** The URL without the socket parameter. */
  url: string;
  /** The socket's directory, when the URL names one. */
  socketDirectory?: string;
}

export function databaseTarget(url: string): DatabaseTarget {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return { url };
  const params = new URLSearchParams(url.slice(queryStart + 1));
  const host = params.get('host');
  if (host === null) return { url };
  if (!host.startsWith('/')) {
    throw new Error(`DATABASE_URL: ?host= must name a socket directory (an absolute path), got "${host}"`);
  }
  params.delete('host');
  const rest = params.toString();
  return { url: url.slice(0, queryStart) + (rest ? `?${rest}` : ''), socketDirectory: host };
}
