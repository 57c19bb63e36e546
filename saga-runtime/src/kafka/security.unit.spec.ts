import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createSchemaRegistry } from '../avro/registry';
import { connectionSecurityShape, loadConfig } from '../config';
import { registryReachable } from '../service/readiness';
import { describeKafkaFailure, kafkaSecurity, registryAuth } from './security';

const scram = kafkaSecurity(
  loadConfig(connectionSecurityShape, {
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: 'inventory',
    KAFKA_SASL_PASSWORD: 'not-in-any-message',
  }),
);

describe('kafkaSecurity', () => {
  it('is empty for a plaintext broker, and carries SASL and TLS when set', () => {
    expect(kafkaSecurity(loadConfig(connectionSecurityShape, {}))).toEqual({});
    expect(scram).toEqual({
      sasl: { mechanism: 'scram-sha-512', username: 'inventory', password: 'not-in-any-message' },
    });
    expect(kafkaSecurity(loadConfig(connectionSecurityShape, { KAFKA_SSL: 'true' }))).toEqual({ ssl: true });
    const thisFile = new URL(import.meta.url).pathname;
    const withCa = kafkaSecurity(
      loadConfig(connectionSecurityShape, { KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: thisFile }),
    );
    expect(withCa.ssl).toEqual({ ca: [expect.stringContaining("describe('kafkaSecurity'")] });
  });
});

describe('describeKafkaFailure', () => {
  const brokers = ['127.0.0.1:9092'];
  const kafkajsError = (name: string, message: string, extra: object = {}) =>
    Object.assign(new Error(message), { name, ...extra });

  it('names the user, the mechanism and the variables when SASL authentication fails', () => {
    const error = kafkajsError(
      'KafkaJSSASLAuthenticationError',
      'SASL SCRAM SHA512 authentication failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512',
    );
    expect(describeKafkaFailure(error, brokers, scram)).toBe(
      'Kafka SASL authentication failed for user inventory (SCRAM-SHA-512): check KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD',
    );
  });

  it('tells a mechanism the broker does not offer from a wrong password', () => {
    const error = kafkajsError(
      'KafkaJSSASLAuthenticationError',
      'SASL SCRAM-SHA-512 mechanism is not supported by the server',
    );
    expect(describeKafkaFailure(error, brokers, scram)).toBe(
      'Kafka at 127.0.0.1:9092 does not offer SASL SCRAM-SHA-512: check KAFKA_SASL_MECHANISM',
    );
  });

  it('names a refused ACL, a failed TLS handshake, or else the innermost cause, on one line', () => {
    const denied = kafkajsError('KafkaJSProtocolError', 'Not authorized', {
      type: 'GROUP_AUTHORIZATION_FAILED',
    });
    expect(describeKafkaFailure(denied, brokers, scram)).toBe(
      'Kafka at 127.0.0.1:9092 refused user inventory (GROUP_AUTHORIZATION_FAILED): its principal lacks an ACL for this',
    );
    const tls = kafkajsError('KafkaJSConnectionError', 'Connection error', {
      originalError: Object.assign(new Error('self-signed certificate'), {
        code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      }),
    });
    expect(describeKafkaFailure(tls, brokers, { ssl: true })).toBe(
      "Kafka TLS handshake with 127.0.0.1:9092 failed (DEPTH_ZERO_SELF_SIGNED_CERT): check KAFKA_SSL_CA_FILE and the broker's certificate",
    );
    const refused = kafkajsError('KafkaJSNumberOfRetriesExceeded', 'retries exceeded', {
      cause: new Error('connect ECONNREFUSED\n127.0.0.1:9092'),
    });
    expect(describeKafkaFailure(refused, brokers, {})).toBe(
      'cannot connect to Kafka at 127.0.0.1:9092: connect ECONNREFUSED 127.0.0.1:9092; if it requires TLS or SASL, set KAFKA_SSL or KAFKA_SASL_MECHANISM',
    );
  });
});

/**
 * A loopback server that answers like a registry behind basic auth. It proves that the client and
 * the readiness probe send the configured credentials, not that any real registry accepts them.
 */
describe('registry basic auth', () => {
  it('is sent by the schema client and the readiness probe, and its absence is refused', async () => {
    const seen: (string | undefined)[] = [];
    const server = createServer((request, response) => {
      seen.push(request.headers.authorization);
      const ok = request.headers.authorization === `Basic ${Buffer.from('svc:s3cret').toString('base64')}`;
      response.writeHead(ok ? 200 : 401, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
      response.end(ok ? JSON.stringify({ schema: '"string"', compatibilityLevel: 'BACKWARD' }) : '{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const auth = registryAuth(
        loadConfig(connectionSecurityShape, {
          SCHEMA_REGISTRY_USERNAME: 'svc',
          SCHEMA_REGISTRY_PASSWORD: 's3cret',
        }),
      );
      const client = createSchemaRegistry({ url, auth, retry: { retries: 0 } });
      await expect(client.getSchema(1)).resolves.toBeDefined();
      await expect(registryReachable({ url, auth })()).resolves.toBe(true);
      await expect(registryReachable({ url })()).resolves.toBe(false);
      await expect(createSchemaRegistry({ url, retry: { retries: 0 } }).getSchema(2)).rejects.toThrow();
      expect(seen.filter((header) => header !== undefined)).toHaveLength(2);
    } finally {
      server.close();
    }
  });
});
