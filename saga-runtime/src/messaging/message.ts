/** A Kafka record as the middleware chain sees it, before decoding. */
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

export type MessageHandler = (message: RawMessage) => Promise<void>;
/**
 * Applies a run of messages together; resolves to how many, from the start, it applied (and
 * committed). The first one it did not apply goes through the one-message chain.
 */
export type BatchHandler = (messages: RawMessage[]) => Promise<number>;
/** Watermill-style: wraps the next handler; retry, inbox, dead-lettering are each one of these. */
export type Middleware = (next: MessageHandler) => MessageHandler;

export function compose(middlewares: Middleware[], handler: MessageHandler): MessageHandler {
  return middlewares.reduceRight((next, middleware) => middleware(next), handler);
}

/** Thrown when processing is abandoned because the consumer stops; the offset stays uncommitted. */
export class ProcessingAbandoned extends Error {
  override name = 'ProcessingAbandoned';
}
