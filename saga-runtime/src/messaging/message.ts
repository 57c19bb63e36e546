/** A Kafka record as the pipeline sees it, before decoding. */
export interface RawMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  /** Broker timestamp, epoch ms as a string (kafkajs' representation). */
  timestamp: string;
  /** Liveness hooks of the batch being processed, so long retries keep the group membership. */
  control: MessageControl;
}

export interface MessageControl {
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping or the partition was revoked: stop retrying, do not commit. */
  isActive(): boolean;
}

/**
 * Handles a run of consecutive messages of one partition. Resolving means every message of the
 * run is handled (applied and committed, skipped, parked or dead-lettered): its offset may be
 * committed. Failing means throwing a `RunFailure`.
 */
export type RunHandler = (run: RawMessage[]) => Promise<void>;
/** Watermill-style: wraps the next handler; isolation, retry, dead-lettering are each one of these. */
export type RunStep = (next: RunHandler) => RunHandler;

export function compose(steps: RunStep[], handler: RunHandler): RunHandler {
  return steps.reduceRight((next, step) => step(next), handler);
}

/**
 * How a run fails: the messages before `index` are handled, the one at `index` failed with
 * `cause` after `attempts` tries, and those after it were not touched.
 */
export class RunFailure extends Error {
  override name = 'RunFailure';

  constructor(
    readonly index: number,
    override readonly cause: unknown,
    readonly attempts = 1,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }

  /** What the handler of `run.slice(offset)` threw, as a failure of the whole run. */
  static at(offset: number, error: unknown): RunFailure {
    if (!(error instanceof RunFailure)) return new RunFailure(offset, error);
    return offset === 0 ? error : new RunFailure(offset + error.index, error.cause, error.attempts);
  }
}

/** Thrown when processing is abandoned because the consumer stops; the offset stays uncommitted. */
export class ProcessingAbandoned extends Error {
  override name = 'ProcessingAbandoned';
}
