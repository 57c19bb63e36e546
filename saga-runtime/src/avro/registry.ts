import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';

export interface RegistryConnection {
  url: string;
  /** HTTP basic auth (SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD), sent with every request. */
  auth?: { username: string; password: string } | undefined;
  retry?: ConstructorParameters<typeof SchemaRegistry>[0]['retry'];
}

/** The registry client the codec uses, with its credentials when the registry needs them. */
export function createSchemaRegistry({ url, auth, retry }: RegistryConnection): SchemaRegistry {
  return new SchemaRegistry({ host: url, ...(auth ? { auth } : {}), ...(retry ? { retry } : {}) });
}

/** The Authorization header for requests made without the client (the readiness probe). */
export function registryHeaders(auth: RegistryConnection['auth']): Record<string, string> {
  if (!auth) return {};
  return { Authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
}
