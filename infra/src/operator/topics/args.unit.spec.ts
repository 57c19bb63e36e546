import { describe, expect, it } from 'vitest';
import { defaultLast, parseTopicsArgs, UsageError } from './args';

describe('pnpm topics arguments', () => {
  it('given no arguments, then it lists the topics', () => {
    expect(parseTopicsArgs([])).toEqual({ command: 'list' });
  });

  it('given tail and a topic alone, then it reads the last messages of each partition and stops', () => {
    expect(parseTopicsArgs(['tail', 'order.created'])).toEqual({
      command: 'tail',
      topic: 'order.created',
      key: undefined,
      fromBeginning: false,
      last: defaultLast,
      follow: false,
    });
  });

  it('given every tail option, then each is kept', () => {
    expect(
      parseTopicsArgs(['tail', 'order.created', '--key', 'o-1', '--last', '0', '--follow']),
    ).toMatchObject({
      key: 'o-1',
      last: 0,
      follow: true,
    });
    expect(parseTopicsArgs(['tail', 'order.created', '--from-beginning'])).toMatchObject({
      fromBeginning: true,
    });
  });

  it.each([
    [['list'], 'unknown command "list"'],
    [['tail'], 'tail needs a topic'],
    [['tail', 'a', 'b'], 'unexpected argument "b"'],
    [['--follow'], '--follow applies to tail only'],
    [['tail', 'a', '--since', 'now'], "Unknown option '--since'"],
    [['tail', 'a', '--key'], "Option '--key <value>' argument missing"],
    [['tail', 'a', '--last', 'ten'], '--last must be a whole number, got "ten"'],
    [['tail', 'a', '--last', '5', '--from-beginning'], '--from-beginning and --last exclude each other'],
  ])('given %j, then it is refused as a usage error on one line: %s', (argv, message) => {
    expect(() => parseTopicsArgs(argv)).toThrow(new UsageError(message));
  });
});
