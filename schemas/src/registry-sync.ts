import avro from 'avsc';
import { eventTopics, schemas } from './generated';
import { subjectFor } from './subject';

// Talks to the registry's Confluent-compatible API with plain fetch: the kafkajs client's register()
// first compares per-subject config, which gets in the way of reporting a refused change plainly.

export const defaultRegistryUrl = 'http://127.0.0.1:8081/apis/ccompat/v7';
export const registryUrlFromEnv = (): string => process.env.SCHEMA_REGISTRY_URL ?? defaultRegistryUrl;

export interface SubjectSchema {
  subject: string;
  /** Avro schema as JSON text, exactly as registered. */
  schema: string;
}

export type CheckResult =
  | { subject: string; compatible: true }
  | { subject: string; compatible: false; reasons: string[] };

export type RegisterResult =
  | { subject: string; ok: true; id: number }
  | { subject: string; ok: false; reason: string };

/** Every event topic's value schema under its subject, taken from the generated copy of schemas/avro. */
export const localSubjects = (): SubjectSchema[] =>
  eventTopics.map((topic) => ({ subject: subjectFor(topic), schema: JSON.stringify(schemas[topic]) }));

export const checkAll = (registryUrl = registryUrlFromEnv()): Promise<CheckResult[]> =>
  checkSubjects(registryUrl, localSubjects());

export const registerAll = (registryUrl = registryUrlFromEnv()): Promise<RegisterResult[]> =>
  registerSubjects(registryUrl, localSubjects());

/** Would each schema be accepted as the next version of its subject? A subject not yet registered always is. */
export function checkSubjects(
  registryUrl: string,
  entries: readonly SubjectSchema[],
): Promise<CheckResult[]> {
  return Promise.all(entries.map((entry) => checkOne(registryUrl, entry)));
}

/** Registers each schema under its subject; the registry returns the existing id for a schema it already has. */
export async function registerSubjects(
  registryUrl: string,
  entries: readonly SubjectSchema[],
): Promise<RegisterResult[]> {
  const results: RegisterResult[] = [];
  // One at a time, so a refused subject does not leave the rest half-registered in an unknown order.
  for (const { subject, schema } of entries) {
    const response = await call(registryUrl, 'POST', `/subjects/${encodeURIComponent(subject)}/versions`, {
      schema,
    });
    const body = (await response.json()) as { id?: number; message?: string };
    if (response.status === 409) {
      results.push({ subject, ok: false, reason: body.message ?? 'incompatible with the latest version' });
    } else if (response.ok && typeof body.id === 'number') {
      results.push({ subject, ok: true, id: body.id });
    } else {
      throw new Error(`registering ${subject}: HTTP ${response.status} ${JSON.stringify(body)}`);
    }
  }
  return results;
}

async function checkOne(registryUrl: string, { subject, schema }: SubjectSchema): Promise<CheckResult> {
  const path = `/compatibility/subjects/${encodeURIComponent(subject)}/versions/latest?verbose=true`;
  const response = await call(registryUrl, 'POST', path, { schema });
  // Confluent answers 404 for an unknown subject, Apicurio answers compatible; both mean "new, fine".
  if (response.status === 404) return { subject, compatible: true };
  const body = (await response.json()) as { is_compatible?: boolean; messages?: string[] };
  if (!response.ok || typeof body.is_compatible !== 'boolean') {
    throw new Error(`checking ${subject}: HTTP ${response.status} ${JSON.stringify(body)}`);
  }
  if (body.is_compatible) return { subject, compatible: true };
  // Apicurio ignores verbose=true and never says why, so explain it the way a reader would hit it.
  const reasons = body.messages?.length ? body.messages : [await explain(registryUrl, subject, schema)];
  return { subject, compatible: false, reasons };
}

async function explain(registryUrl: string, subject: string, schema: string): Promise<string> {
  const response = await call(registryUrl, 'GET', `/subjects/${encodeURIComponent(subject)}/versions/latest`);
  const latest = (await response.json()) as { schema?: string; version?: number };
  if (!response.ok || latest.schema === undefined) return 'the registry gave no reason';
  try {
    const reader = avro.Type.forSchema(JSON.parse(schema));
    reader.createResolver(avro.Type.forSchema(JSON.parse(latest.schema)));
    return 'the registry gave no reason';
  } catch (error) {
    return `cannot read data written with version ${latest.version}: ${(error as Error).message}`;
  }
}

// A registry that needs basic auth gets the services' own variables (README, "Configuration").
function authorization(env = process.env): Record<string, string> {
  const { SCHEMA_REGISTRY_USERNAME: user, SCHEMA_REGISTRY_PASSWORD: password } = env;
  return user && password
    ? { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` }
    : {};
}

function call(registryUrl: string, method: string, path: string, body?: object): Promise<Response> {
  return fetch(`${registryUrl}${path}`, {
    method,
    headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json', ...authorization() },
    ...(body && { body: JSON.stringify(body) }),
  });
}
