import { startDetached, waitFor } from '../proc';
import type { Component } from './component';
import { fetchFromMaven, mavenFetched } from './maven';
import { findJava } from './prerequisites';

/** How a JVM component starts: the arguments after `java`, and where and with what it runs. */
export interface JavaLaunch {
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * A component that runs on the machine's JDK from the jars Maven fetched (Kafka, Apicurio
 * Registry): both share the install step, the Java lookup and the detached start, and differ only
 * in how they are launched and probed.
 */
export function javaComponent(spec: {
  name: string;
  url: string;
  ports: number[];
  /** The oldest Java it runs on, and what to call it when none is found. */
  java: { minimum: number; purpose: string };
  /** Prepares its files, then says how to launch it with the `java` binary found. */
  prepare(java: string): Promise<JavaLaunch>;
  /** Runs once it is healthy, before `start` resolves. */
  afterStart?(): Promise<void>;
  healthy(): Promise<boolean>;
  /**
   * What `start` waits for, when it is less than `healthy`: a cluster's node cannot be healthy
   * before enough of the others run, and they start one after the other.
   */
  started?(): Promise<boolean>;
  /** How long `start` waits for `healthy` before it gives up and points at the log: JVMs start slowly. */
  startTimeoutMs: number;
}): Component {
  return {
    name: spec.name,
    url: spec.url,
    ports: spec.ports,
    installed: mavenFetched,
    install: fetchFromMaven,
    async start() {
      const java = await findJava(spec.java.minimum, spec.java.purpose);
      const { args, ...options } = await spec.prepare(java);
      const pid = startDetached(spec.name, java, args, options);
      await waitFor(spec.name, spec.started ?? spec.healthy, { timeoutMs: spec.startTimeoutMs, pid });
      await spec.afterStart?.();
      return pid;
    },
    healthy: spec.healthy,
  };
}
