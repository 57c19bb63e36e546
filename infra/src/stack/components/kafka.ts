import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { replicationFor } from '@saga/schemas';
import { Kafka, logLevel } from 'kafkajs';
import {
  kafkaSecurityProperties,
  refuseSecuringFormattedStorage,
  scramFormatArgs,
  stackKafkaSecurity,
} from '../kafka-security';
import { isPortOpen, StackError } from '../proc';
import { brokers, instanceDir, type KafkaNode, kafkaNodes, repoRoot, versions } from '../settings';
import type { Component } from './component';
import { javaComponent } from './java';

const run = promisify(execFile);
const classpath = join(versions.kafkaLibs, '*');
const log4j = `-Dlog4j2.configurationFile=${join(repoRoot, 'infra/config/kafka-log4j2.properties')}`;
const clustered = brokers > 1;
const { replicationFactor, minInsyncReplicas } = replicationFor(brokers);

const dataDir = (node: KafkaNode) => join(node.home, 'data');
const propertiesFile = (node: KafkaNode) => join(node.home, 'server.properties');

// A single node finds its one controller through the bootstrap list and formats itself as the
// whole quorum (`--standalone`); a cluster's nodes name all the voters, fixed at format time.
const quorum = clustered
  ? `controller.quorum.voters=${kafkaNodes.map((node) => `${node.id}@127.0.0.1:${node.controllerPort}`).join(',')}`
  : `controller.quorum.bootstrap.servers=127.0.0.1:${kafkaNodes[0]!.controllerPort}`;

// Combined broker+controller nodes in KRaft mode; topics only ever come from the project's list.
// Internal topics are replicated as the project's own (schemas/src/topics.ts, `replicationFor`).
const serverProperties = (node: KafkaNode) => `
process.roles=broker,controller
node.id=${node.id}
${quorum}
listeners=PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}
advertised.listeners=PLAINTEXT://127.0.0.1:${node.port}
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=${dataDir(node)}
auto.create.topics.enable=false
num.partitions=6
default.replication.factor=${replicationFactor}
min.insync.replicas=${minInsyncReplicas}
offsets.topic.replication.factor=${replicationFactor}
offsets.topic.num.partitions=12
transaction.state.log.replication.factor=${replicationFactor}
transaction.state.log.min.isr=${minInsyncReplicas}
share.coordinator.state.topic.replication.factor=${replicationFactor}
share.coordinator.state.topic.min.isr=${minInsyncReplicas}
group.initial.rebalance.delay.ms=0
message.max.bytes=1048588
`;

// Three JVMs share two cores and the rest of the stack: each gets half the heap the single node has.
const heap = clustered ? ['-Xms128m', '-Xmx384m'] : ['-Xms256m', '-Xmx768m'];

/** The ids of the live brokers, as the node at `port` sees them; none when it does not answer. */
export async function brokersAnswering(port: number): Promise<number[]> {
  const admin = new Kafka({
    clientId: 'stack-health',
    brokers: [`127.0.0.1:${port}`],
    logLevel: logLevel.NOTHING,
    ...stackKafkaSecurity(),
    connectionTimeout: 1000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.map((broker) => broker.nodeId);
  } catch {
    return [];
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

function kafkaNode(node: KafkaNode): Component {
  return javaComponent({
    name: node.name,
    url: `127.0.0.1:${node.port}`,
    ports: [node.port, node.controllerPort],
    java: { minimum: 17, purpose: 'Kafka' },
    async prepare(java) {
      mkdirSync(node.home, { recursive: true });
      const formatted = existsSync(join(dataDir(node), 'meta.properties'));
      refuseSecuringFormattedStorage(formatted, dataDir(node));
      writeFileSync(propertiesFile(node), serverProperties(node) + kafkaSecurityProperties());
      if (!formatted) await formatStorage(java, node);
      return {
        args: [
          ...heap,
          '-XX:+UseG1GC',
          '-Djava.awt.headless=true',
          log4j,
          '-cp',
          classpath,
          'kafka.Kafka',
          propertiesFile(node),
        ],
      };
    },
    // Healthy: its broker serves, registered with the quorum.
    healthy: async () => (await brokersAnswering(node.port)).includes(node.id),
    // A cluster's first node waits for a quorum that the next ones make: its controller listening
    // is as far as it gets alone. `up` then waits for every broker (`clusterFormed`).
    ...(clustered ? { started: () => isPortOpen(node.controllerPort) } : {}),
    startTimeoutMs: 90_000,
  });
}

/** The instance's Kafka: one node named `kafka`, or the cluster's `kafka-1`, `kafka-2`, … */
export const kafka: Component[] = kafkaNodes.map(kafkaNode);

/** Every node's broker registered and serving: what `up` and a restarted node wait for. */
export async function clusterFormed(): Promise<boolean> {
  const answers = await Promise.all(kafkaNodes.map((node) => brokersAnswering(node.port)));
  return answers.every((ids) => kafkaNodes.every((node) => ids.includes(node.id)));
}

/** All nodes of a cluster share one id; the first to be formatted picks it. */
function clusterId(): string {
  const file = join(instanceDir, 'kafka-cluster-id');
  if (clustered && existsSync(file)) return readFileSync(file, 'utf8').trim();
  // Kafka's cluster id is 16 random bytes, base64url without padding.
  const id = randomBytes(16).toString('base64url');
  if (clustered) writeFileSync(file, `${id}\n`);
  return id;
}

async function formatStorage(java: string, node: KafkaNode): Promise<void> {
  try {
    await run(java, [
      log4j,
      '-cp',
      classpath,
      'kafka.tools.StorageTool',
      'format',
      ...(clustered ? [] : ['--standalone']),
      // One argument: an id may begin with a dash, which the tool would take for an option.
      `--cluster-id=${clusterId()}`,
      '-c',
      propertiesFile(node),
      ...scramFormatArgs(),
    ]);
  } catch (error) {
    const shown = String(error).replace(/password=[^\]]*/g, 'password=***');
    throw new StackError(`${node.name}: formatting the storage in ${dataDir(node)} failed: ${shown}`);
  }
}
