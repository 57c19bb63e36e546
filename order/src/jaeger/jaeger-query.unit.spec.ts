import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchTrace } from './jaeger-query';

// A stand-in for Jaeger's query API on a free port, one trace id per way it can answer.
const trace = {
  traceID: 'found',
  spans: [
    {
      traceID: 'found',
      spanID: 'a1',
      operationName: 'POST',
      references: null,
      startTime: 1_767_225_600_000_000,
      duration: 8000,
      processID: 'p1',
      tags: [{ key: 'http.method', type: 'string', value: 'POST' }],
      logs: [],
    },
  ],
  processes: { p1: { serviceName: 'order', tags: [] } },
};
const answers: Record<string, (response: ServerResponse) => void> = {
  found: (response) => response.end(JSON.stringify({ data: [trace], total: 0, errors: null })),
  gone: (response) => {
    response.statusCode = 404;
    response.end('{"data":null,"errors":[{"code":404,"msg":"trace not found"}]}');
  },
  empty: (response) => response.end('{"data":[]}'),
  broken: (response) => {
    response.statusCode = 500;
    response.end();
  },
  garbage: (response) => response.end('<html>not json</html>'),
  silent: () => {},
};
const server = createServer((request, response) => answers[request.url!.split('/').at(-1)!]!(response));
let jaeger = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jaeger = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("reading a saga's trace from Jaeger's query API", () => {
  it('given Jaeger has the trace, then its spans and processes come back, a null list read as empty', async () => {
    const found = await fetchTrace(jaeger, 'found');
    expect(found.processes).toEqual({ p1: { serviceName: 'order' } });
    expect(found.spans).toEqual([
      {
        spanID: 'a1',
        operationName: 'POST',
        references: [],
        startTime: 1_767_225_600_000_000,
        duration: 8000,
        processID: 'p1',
        tags: [{ key: 'http.method', value: 'POST' }],
      },
    ]);
  });

  it.each([
    ['404', 'gone', 'TRACE_NOT_IN_JAEGER', 'trace gone is not in Jaeger yet'],
    ['no trace in its data', 'empty', 'TRACE_NOT_IN_JAEGER', 'trace empty is not in Jaeger yet'],
    ['500', 'broken', 'JAEGER_FAILED', 'Jaeger at JAEGER answered HTTP 500'],
    [
      'something else than JSON',
      'garbage',
      'JAEGER_UNREADABLE',
      'Jaeger at JAEGER answered with something other than a trace',
    ],
    [
      'nothing for too long',
      'silent',
      'JAEGER_UNREACHABLE',
      'Jaeger at JAEGER did not answer within 2000 ms',
    ],
  ])('given Jaeger answers %s, then the error says why in one line', async (_, traceId, code, detail) => {
    await expect(fetchTrace(`${jaeger}/`, traceId)).rejects.toMatchObject({
      code,
      detail: detail.replace('JAEGER', jaeger),
    });
  });

  it('given nothing listens, then Jaeger is unreachable, and credentials in the URL are never shown', async () => {
    // Port 1 (tcpmux) is reserved and, in practice, never listened on.
    await expect(fetchTrace('http://reader:secret@127.0.0.1:1', 'found')).rejects.toMatchObject({
      code: 'JAEGER_UNREACHABLE',
      detail: 'Jaeger is unreachable at http://127.0.0.1:1',
    });
  });
});
