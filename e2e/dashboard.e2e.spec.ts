import { dashboard, seriesQueried } from '@saga/infra/grafana-dashboard';
import { serviceNames } from '@saga/infra/services';
import { describe, expect, it } from 'vitest';
import { exposes, families } from './support/metrics';
import { story } from './support/shop';

const { system, shop } = story();

describe('Someone opens the Grafana dashboard of docker compose', () => {
  it('has every metric its panels query served by one of the four services, once a saga has ended', async () => {
    await shop.confirmedOrder({ available: 5, priceCents: 700, balance: 5_000 });

    const exposed = new Map<string, string>();
    for (const name of serviceNames) {
      for (const [family, type] of families((await system[name].get<string>('/metrics')).body)) {
        exposed.set(family, type);
      }
    }

    const queried = seriesQueried();
    expect(queried.length, `${dashboard.title} queries nothing`).toBeGreaterThan(0);
    expect(queried.filter((series) => !exposes(exposed, series))).toEqual([]);
  });
});
