import type { Producer } from 'kafkajs';
import { classifyError } from '../../errors';
import type { Logger } from '../../logger';
import { type Middleware, ProcessingAbandoned, type RawMessage } from '../message';
import { attemptsHeader } from './retry';

export const deadLetterHeaders = {
  errorCode: 'dlq-error-code',
  errorMessage: 'dlq-error-message',
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  consumerGroup: 'dlq-consumer-group',
  attempts: 'dlq-attempts',
  failedAt: 'dlq-failed-at',
} as const;

export interface DeadLetterOptions {
  producer: Producer;
  groupId: string;
  logger: Logger;
  now?: () => Date;
  /** Called once the message is safely in the dead-letter topic, with where it landed. */
  onDeadLettered?(
    message: RawMessage,
    code: string,
    position: { partition: number; offset: string },
  ): Promise<void> | void;
}

export const deadLetterTopic = (groupId: string) => `${groupId}.dlq`;

/**
 * What the retry middleware gave up on goes to `<group>.dlq`, byte for byte as received, with
 * the reason and origin in headers; the consumer then moves on instead of wedging the partition.
 */
export function deadLetter(options: DeadLetterOptions): Middleware {
  const now = options.now ?? (() => new Date());
  return (next) => async (message) => {
    try {
      await next(message);
    } catch (error) {
      if (error instanceof ProcessingAbandoned) throw error;
      const classified = classifyError(error);
      if (classified.retryable) throw error;
      const code = classified.code;
      const reason = error instanceof Error ? error.message : String(error);
      const { [attemptsHeader]: attempts = '1', ...originalHeaders } = message.headers;
      const [landed] = await options.producer.send({
        topic: deadLetterTopic(options.groupId),
        messages: [
          {
            key: message.key,
            value: message.value,
            headers: {
              ...originalHeaders,
              [deadLetterHeaders.errorCode]: code,
              [deadLetterHeaders.errorMessage]: reason.slice(0, 2000),
              [deadLetterHeaders.originalTopic]: message.topic,
              [deadLetterHeaders.originalPartition]: String(message.partition),
              [deadLetterHeaders.originalOffset]: message.offset,
              [deadLetterHeaders.consumerGroup]: options.groupId,
              [deadLetterHeaders.attempts]: attempts,
              [deadLetterHeaders.failedAt]: now().toISOString(),
            },
          },
        ],
      });
      await options.onDeadLettered?.(message, code, {
        partition: landed?.partition ?? 0,
        offset: landed?.baseOffset ?? '-1',
      });
      options.logger.error('message dead-lettered', {
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
        code,
        err: error,
      });
    }
  };
}
