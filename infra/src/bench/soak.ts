import type { SoakSample } from './result';

/**
 * Takes a soak sample every `intervalSeconds` while the load runs. The reading itself is passed
 * in (RSS from the process monitor, the databases' size, the lag sampler's latest totals), so this
 * only keeps time; the slopes are fitted afterwards by `soakFigures`.
 */
export class SoakSampler {
  private readonly samples: SoakSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly read: () => Promise<Omit<SoakSample, 'second'>>,
    readonly intervalSeconds = 10,
  ) {}

  start(startedAt: number): void {
    const take = () => {
      const second = Math.round((Date.now() - startedAt) / 1000);
      this.reading = this.read().then(
        (sample) => this.samples.push({ second, ...sample }),
        () => undefined, // a missed sample leaves a gap; the fit needs no regular spacing
      );
    };
    take();
    this.timer = setInterval(take, this.intervalSeconds * 1000);
  }

  async stop(): Promise<{ intervalSeconds: number; samples: SoakSample[] }> {
    clearInterval(this.timer);
    await this.reading;
    return { intervalSeconds: this.intervalSeconds, samples: this.samples };
  }
}
