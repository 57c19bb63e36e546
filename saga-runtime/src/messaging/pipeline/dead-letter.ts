import { classifyError } from '../../errors';
import type { Logger } from '../../logger';
import { deadLetterHeaders } from '../headers';
import { ProcessingAbandoned, type RawMessage, RunFailure, type RunStep } from '../message';
import type { Publish } from '../publish';

export interface DeadLetterOptions {
  publish: Publish;
  /** The group's dead-letter topic. */
  topic: string;
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

/**
 * What retry gave up on goes to the dead-letter topic, byte for byte as received, with the reason
 * and origin in headers; the consumer then moves on instead of wedging the partition. Only a
 * message that failed alone is given up on: in a longer run it is isolated first.
 */
export function deadLetter(options: DeadLetterOptions): RunStep {
  const now = options.now ?? (() => new Date());
  return (next) => async (run) => {
    try {
      await next(run);
    } catch (error) {
      const failure = RunFailure.at(0, error);
      const message = run[failure.index];
      if (run.length !== 1 || !message || failure.cause instanceof ProcessingAbandoned) throw failure;
      const { code, retryable } = classifyError(failure.cause);
      if (retryable) throw failure;
      const reason = failure.cause instanceof Error ? failure.cause.message : String(failure.cause);
      const [landed] = await options.publish([
        {
          topic: options.topic,
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            [deadLetterHeaders.errorCode]: code,
            [deadLetterHeaders.errorMessage]: reason.slice(0, 2000),
            [deadLetterHeaders.originalTopic]: message.topic,
            [deadLetterHeaders.originalPartition]: String(message.partition),
            [deadLetterHeaders.originalOffset]: message.offset,
            [deadLetterHeaders.consumerGroup]: options.groupId,
            [deadLetterHeaders.attempts]: String(failure.attempts),
            [deadLetterHeaders.failedAt]: now().toISOString(),
          },
        },
      ]);
      await options.onDeadLettered?.(message, code, {
        partition: landed?.partition ?? 0,
        offset: landed?.offset ?? '-1',
      });
      options.logger.error('message dead-lettered', {
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
        code,
        err: failure.cause,
      });
    }
  };
}
