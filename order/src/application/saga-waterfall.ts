import { AppError } from '@saga/saga-runtime';
import { fetchTrace } from '../jaeger/jaeger-query';
import { traceWaterfall, type Waterfall } from '../jaeger/trace-waterfall';

/** The saga's waterfall, or in one line why there is none: the timeline page renders either way. */
export type SagaWaterfall = Waterfall | { missing: string };

export interface SagaWaterfallDeps {
  jaegerQueryUrl: string;
}

/** Asked of Jaeger only when someone opens the page, never on the saga's path. */
export async function sagaWaterfall(deps: SagaWaterfallDeps, traceId: string | null): Promise<SagaWaterfall> {
  if (!traceId) return { missing: 'no trace recorded for this saga yet' };
  try {
    return traceWaterfall(await fetchTrace(deps.jaegerQueryUrl, traceId));
  } catch (error) {
    if (error instanceof AppError) return { missing: error.detail };
    throw error;
  }
}
