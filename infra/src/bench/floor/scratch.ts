import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { postgres as server, urls } from '../../stack/settings';

/** The scratch database of `pnpm bench floor`, beside the services' own. */
export const floorDatabase = 'bench_floor';

/** One connection through the Unix-domain socket, as a service connects: loopback TCP costs more per statement. */
export const connectFloor = () =>
  postgres(`${urls.postgres}/${floorDatabase}`, {
    host: server.socketDirectory,
    max: 1,
    onnotice: () => undefined,
  });

/** About 200 bytes of JSON, the size of a saga event. */
export const record = (seq: number): string =>
  JSON.stringify({ sagaId: randomUUID(), step: 'reserve', seq, ts: Date.now(), pad: 'x'.repeat(97) });
