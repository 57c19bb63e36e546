import { afterEach, describe, expect, it, vi } from 'vitest';
import { elapsed, runLines, withProgress } from './progress';

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('first-run progress', () => {
  it('given a command, then each line it prints on either stream reaches the callback, and its exit code and output come back', async () => {
    const lines: string[] = [];
    const { code, output } = await runLines(
      'sh',
      ['-c', 'echo "Downloaded one"; echo "go: downloading two" >&2; printf last; exit 3'],
      (line) => lines.push(line),
    );
    expect(code).toBe(3);
    expect(lines.sort()).toEqual(['Downloaded one', 'go: downloading two', 'last']);
    expect(output).toContain('go: downloading two');
  });

  it('given a long step, then it says it started, how far it got every interval, and when it was done', async () => {
    vi.useFakeTimers();
    const said: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      said.push(String(chunk).trim());
      return true;
    });
    let files = 0;
    let finish: () => void = () => {};
    const step = withProgress(
      'fetching jars',
      () => new Promise<void>((resolve) => (finish = resolve)),
      () => (files > 0 ? `${files} files` : undefined),
      15_000,
    );
    await vi.advanceTimersByTimeAsync(15_000);
    files = 12;
    await vi.advanceTimersByTimeAsync(15_000);
    files = 20;
    finish();
    await step;
    expect(said).toEqual([
      'stack: fetching jars (first run only)',
      'stack: fetching jars: 15s so far',
      'stack: fetching jars: 30s so far, 12 files',
      'stack: fetching jars: done in 30s, 20 files',
    ]);
  });

  it('given durations, then they read as seconds, or minutes and seconds', () => {
    expect(elapsed(4_400)).toBe('4s');
    expect(elapsed(130_000)).toBe('2m10s');
  });
});
