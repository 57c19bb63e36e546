import type { Kafka } from 'kafkajs';
import { type RegistryConnection, registryHeaders } from '../avro/registry';

/** Asks the broker for cluster metadata through a long-lived admin client. */
export function kafkaReachable(kafka: Kafka): () => Promise<boolean> {
  const admin = kafka.admin();
  let connected: Promise<void> | undefined;
  return async () => {
    try {
      connected ??= admin.connect();
      await connected;
      const cluster = await withTimeout(admin.describeCluster(), 2000);
      return cluster.brokers.length > 0;
    } catch {
      connected = undefined;
      return false;
    }
  };
}

export function registryReachable({ url, auth }: RegistryConnection): () => Promise<boolean> {
  const headers = registryHeaders(auth);
  return async () => {
    const response = await fetch(`${url.replace(/\/$/, '')}/config`, {
      headers,
      signal: AbortSignal.timeout(2000),
    });
    return response.ok;
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms}ms`)), ms)),
  ]);
}
