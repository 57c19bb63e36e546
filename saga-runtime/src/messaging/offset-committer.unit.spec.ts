import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { offsetCommitter, type PartitionOffset } from './offset-committer';

function setup(failWith?: () => unknown) {
  let clock = 1_000;
  const commits: PartitionOffset[][] = [];
  const logged: string[] = [];
  let failures = failWith ? 1 : 0;
  let startFailing = () => {};
  const failingStarted = new Promise<void>((resolve) => {
    startFailing = resolve;
  });
  const committer = offsetCommitter({
    commit: async (offsets) => {
      if (failures > 0) {
        failures -= 1;
        startFailing();
        await new Promise((resolve) => setImmediate(resolve));
        throw failWith!();
      }
      commits.push(offsets);
    },
    logger: createLogger({
      service: 'test',
      stream: { write: (line: string) => logged.push(JSON.parse(line).msg) > 0 },
    }),
    intervalMs: 500,
    now: () => clock,
  });
  return { committer, commits, logged, failingStarted, advance: (ms: number) => (clock += ms) };
}

describe('offset committer', () => {
  it('given offsets handled on several partitions, when flushed, commits the next offset of each in one request', async () => {
    const { committer, commits } = setup();
    committer.handled('a', 0, '4');
    committer.handled('a', 0, '7');
    committer.handled('a', 1, '2');
    committer.handled('b', 0, '9');
    await committer.flush();
    expect(commits).toEqual([
      [
        { topic: 'a', partition: 0, offset: '8' },
        { topic: 'a', partition: 1, offset: '3' },
        { topic: 'b', partition: 0, offset: '10' },
      ],
    ]);
  });

  it('given nothing new was handled, when flushed, sends no request', async () => {
    const { committer, commits } = setup();
    committer.handled('a', 0, '1');
    await committer.flush();
    await committer.flush();
    expect(commits).toHaveLength(1);
  });

  it('commits only once the interval has passed since the last commit', async () => {
    const { committer, commits, advance } = setup();
    committer.handled('a', 0, '1');
    advance(499);
    await committer.flushIfDue();
    expect(commits).toHaveLength(0);
    advance(1);
    await committer.flushIfDue();
    expect(commits).toEqual([[{ topic: 'a', partition: 0, offset: '2' }]]);
  });

  it('given a commit fails, keeps its offsets for the next one unless a newer offset came meanwhile', async () => {
    const { committer, commits, logged, failingStarted } = setup(() => new Error('broker not available'));
    committer.handled('a', 0, '1');
    committer.handled('a', 1, '5');
    const failing = committer.flush();
    await failingStarted;
    committer.handled('a', 1, '6');
    await failing;
    await committer.flush();
    expect(commits).toEqual([
      [
        { topic: 'a', partition: 1, offset: '7' },
        { topic: 'a', partition: 0, offset: '2' },
      ],
    ]);
    expect(logged).toEqual(['committing offsets failed; retrying with the next commit']);
  });

  it('given the group moved on without us, drops the offsets: the new owner rereads and the inbox skips', async () => {
    const { committer, commits, logged } = setup(() =>
      Object.assign(new Error('The coordinator is not aware of this member'), { type: 'UNKNOWN_MEMBER_ID' }),
    );
    committer.handled('a', 0, '1');
    await committer.flush();
    await committer.flush();
    expect(commits).toEqual([]);
    expect(logged).toEqual(['group membership lost while committing offsets; rejoining']);
  });
});
