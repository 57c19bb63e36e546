import { describe, expect, it } from 'vitest';
import { committing } from './after-commit';

describe('committing', () => {
  it('runs what the transaction registered once it resolved, in order, and returns its result', async () => {
    const ran: string[] = [];
    const result = await committing(async (afterCommit) => {
      afterCommit(() => ran.push('first'));
      afterCommit(() => ran.push('second'));
      expect(ran).toEqual([]);
      return 'committed';
    });
    expect(result).toBe('committed');
    expect(ran).toEqual(['first', 'second']);
  });

  it('runs nothing of a transaction that rejected, so a retry counts once', async () => {
    const ran: string[] = [];
    const attempt = (fails: boolean) =>
      committing(async (afterCommit) => {
        afterCommit(() => ran.push('counted'));
        if (fails) throw new Error('serialization failure');
      });
    await expect(attempt(true)).rejects.toThrow('serialization failure');
    await attempt(false);
    expect(ran).toEqual(['counted']);
  });
});
