import {
  connectionSecurityShape,
  createKafka,
  ensureTopics,
  kafkaSecurity,
  loadConfig,
  waitForKafka,
} from '@saga/saga-runtime';
import { registerAll, registryUrlFromEnv, topics } from '@saga/schemas';

// The docker-compose `topics` step: creates every topic of the one declarative list
// (schemas/src/topics.ts) and registers every event schema under `<topic>-value`, then exits.
// Idempotent, like `pnpm stack up`'s provisioning: existing topics are left alone and the registry
// returns the existing id for a schema it already has. Exit code 1 means something was refused.
//
//   KAFKA_BROKERS             comma-separated, default 127.0.0.1:9092
//   SCHEMA_REGISTRY_URL       default http://127.0.0.1:8081/apis/ccompat/v7 (the local stack's Apicurio)
//   TOPIC_REPLICATION_FACTOR  default 1, for the single local broker
//   TOPIC_MIN_INSYNC_REPLICAS default 1; the cluster profile's 2 (infra/docker/cluster.env)
//   KAFKA_SSL…, KAFKA_SASL_…, SCHEMA_REGISTRY_USERNAME/PASSWORD  as the services read them (README, "Configuration")

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092')
  .split(',')
  .map((broker) => broker.trim())
  .filter((broker) => broker.length > 0);
const replicationFactor = Number(process.env.TOPIC_REPLICATION_FACTOR ?? '1');
const minInsyncReplicas = Number(process.env.TOPIC_MIN_INSYNC_REPLICAS ?? '1');
const registryUrl = registryUrlFromEnv();

async function main(): Promise<number> {
  if (
    !Number.isInteger(minInsyncReplicas) ||
    minInsyncReplicas < 1 ||
    minInsyncReplicas > replicationFactor
  ) {
    console.error(
      `TOPIC_MIN_INSYNC_REPLICAS must be 1 to the replication factor, got "${process.env.TOPIC_MIN_INSYNC_REPLICAS}"`,
    );
    return 2;
  }
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1) {
    console.error(
      `TOPIC_REPLICATION_FACTOR must be a positive integer, got "${process.env.TOPIC_REPLICATION_FACTOR}"`,
    );
    return 2;
  }
  const kafka = createKafka({
    clientId: 'provision',
    brokers,
    security: kafkaSecurity(loadConfig(connectionSecurityShape)),
  });
  // depends_on already waits for a healthy broker; this covers running the script by hand.
  await waitForKafka(kafka, 60_000);
  const created = await ensureTopics(kafka, topics, { replicationFactor, minInsyncReplicas });
  console.log(
    `topics: ${topics.length} declared, ${created.length} created${created.length ? ` (${created.join(', ')})` : ''}, on ${brokers.join(',')}`,
  );

  const results = await registerAll(registryUrl);
  for (const r of results) {
    if (r.ok) console.log(`schema ${r.subject}: id ${r.id}`);
    else console.error(`schema ${r.subject}: REFUSED, incompatible with its latest version: ${r.reason}`);
  }
  console.log(
    `schemas: ${results.filter((r) => r.ok).length} of ${results.length} registered at ${registryUrl}`,
  );
  return results.every((r) => r.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // fetch hides "connection refused" in error.cause.
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    console.error(`provisioning failed: ${error instanceof Error ? error.message : String(error)}${cause}`);
    process.exit(1);
  },
);
