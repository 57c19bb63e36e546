import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import {
  kafkaSecurityProperties,
  refuseSecuringFormattedStorage,
  scramFormatArgs,
  stackKafkaSecurity,
} from '../kafka-security';
import { StackError } from '../proc';
import { instanceDir, ports, repoRoot, urls, versions } from '../settings';
import { javaComponent } from './java';

const run = promisify(execFile);
const home = join(instanceDir, 'kafka');
const dataDir = join(home, 'data');
const propertiesFile = join(home, 'server.properties');
const classpath = join(versions.kafkaLibs, '*');
const log4j = `-Dlog4j2.configurationFile=${join(repoRoot, 'infra/config/kafka-log4j2.properties')}`;

// One combined broker+controller in KRaft mode; topics only ever come from the project's list.
const serverProperties = `
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:${ports.kafkaController}
listeners=PLAINTEXT://127.0.0.1:${ports.kafka},CONTROLLER://127.0.0.1:${ports.kafkaController}
advertised.listeners=PLAINTEXT://127.0.0.1:${ports.kafka}
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=${dataDir}
auto.create.topics.enable=false
num.partitions=6
offsets.topic.replication.factor=1
offsets.topic.num.partitions=12
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
message.max.bytes=1048588
`;

export const kafka = javaComponent({
  name: 'kafka',
  url: urls.kafka,
  ports: [ports.kafka, ports.kafkaController],
  java: { minimum: 17, purpose: 'Kafka' },
  async prepare(java) {
    mkdirSync(home, { recursive: true });
    const formatted = existsSync(join(dataDir, 'meta.properties'));
    refuseSecuringFormattedStorage(formatted, dataDir);
    writeFileSync(propertiesFile, serverProperties + kafkaSecurityProperties());
    if (!formatted) await formatStorage(java);
    return {
      args: [
        '-Xms256m',
        '-Xmx768m',
        '-XX:+UseG1GC',
        '-Djava.awt.headless=true',
        log4j,
        '-cp',
        classpath,
        'kafka.Kafka',
        propertiesFile,
      ],
    };
  },
  async healthy() {
    const admin = new Kafka({
      clientId: 'stack-health',
      brokers: [urls.kafka],
      logLevel: logLevel.NOTHING,
      ...stackKafkaSecurity(),
      connectionTimeout: 1000,
      retry: { retries: 0 },
    }).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      return cluster.brokers.length > 0;
    } catch {
      return false;
    } finally {
      await admin.disconnect().catch(() => {});
    }
  },
  startTimeoutMs: 90_000,
});

async function formatStorage(java: string): Promise<void> {
  // Kafka's cluster id is 16 random bytes, base64url without padding.
  const clusterId = randomBytes(16).toString('base64url');
  try {
    await run(java, [
      log4j,
      '-cp',
      classpath,
      'kafka.tools.StorageTool',
      'format',
      '--standalone',
      // Attached: an id that starts with "-" (one in 64) would otherwise be read as an option.
      `--cluster-id=${clusterId}`,
      '-c',
      propertiesFile,
      ...scramFormatArgs(),
    ]);
  } catch (error) {
    const shown = String(error).replace(/password=[^\]]*/g, 'password=***');
    throw new StackError(`kafka: formatting the storage in ${dataDir} failed: ${shown}`);
  }
}
