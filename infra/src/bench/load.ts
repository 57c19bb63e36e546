import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SagaObserver } from './observer';
import { pickOutcome } from './stats';

export type Outcome = 'confirmed' | 'outOfStock' | 'declined';
export const expectedOutcome: Record<Outcome, string> = {
  confirmed: 'CONFIRMED',
  outOfStock: 'OUT_OF_STOCK',
  declined: 'PAYMENT_DECLINED',
};

const skus = Array.from({ length: 20 }, (_, n) => `BENCH-${String(n).padStart(2, '0')}`);
const scarceSku = 'BENCH-SCARCE';
const richCustomers = Array.from({ length: 200 }, (_, n) => `bench-rich-${n}`);
const poorCustomers = Array.from({ length: 20 }, (_, n) => `bench-poor-${n}`);
const any = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

export interface Submitted {
  orderId: string;
  outcome: Outcome;
  sentAt: number;
  acceptedAt: number;
}

export interface LoadRecorder {
  submitted: Submitted[];
  errors: Map<string, number>;
  offered: number;
}

/**
 * A keep-alive JSON client with a bounded socket pool, so the client never starves the machine of
 * ports. Given several instances' URLs, it sends each request to the next one in turn.
 */
export class OrderClient {
  private readonly agent: Agent;
  private readonly baseUrls: readonly string[];
  private turn = 0;

  constructor(baseUrls: string | readonly string[], sockets: number) {
    this.baseUrls = [baseUrls].flat();
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets });
  }

  send(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: string }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        `${this.baseUrls[this.turn++ % this.baseUrls.length]}${path}`,
        {
          method,
          agent: this.agent,
          headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...headers },
          timeout: 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('ETIMEDOUT')));
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The catalogue and customers the mix needs: plenty of stock and money, one sold-out product, broke customers. */
export async function seed(inventory: OrderClient, payment: OrderClient, adminToken: string): Promise<void> {
  const admin = { authorization: `Bearer ${adminToken}` };
  const check = (what: string, response: { status: number; body: string }) => {
    if (response.status >= 300)
      throw new Error(`seeding ${what} failed: ${response.status} ${response.body}`);
  };
  for (const sku of skus)
    check(
      sku,
      await inventory.send(
        'PUT',
        `/products/${sku}`,
        { name: `Bench ${sku}`, priceCents: 500, available: 1_000_000_000 },
        admin,
      ),
    );
  check(
    scarceSku,
    await inventory.send(
      'PUT',
      `/products/${scarceSku}`,
      { name: 'Bench sold out', priceCents: 500, available: 0 },
      admin,
    ),
  );
  await Promise.all([
    ...richCustomers.map(async (id) =>
      check(id, await payment.send('PUT', `/accounts/${id}`, { balanceCents: 1_000_000_000_000 }, admin)),
    ),
    ...poorCustomers.map(async (id) =>
      check(id, await payment.send('PUT', `/accounts/${id}`, { balanceCents: 0 }, admin)),
    ),
  ]);
}

function orderFor(outcome: Outcome) {
  const line = { sku: outcome === 'outOfStock' ? scarceSku : any(skus), quantity: 1 };
  return { customerId: outcome === 'declined' ? any(poorCustomers) : any(richCustomers), items: [line] };
}

/** Places one order of the drawn outcome; errors are counted by kind, never thrown. */
async function placeOne(
  client: OrderClient,
  mix: Record<Outcome, number>,
  recorder: LoadRecorder,
): Promise<Submitted | undefined> {
  const outcome = pickOutcome(mix);
  const sentAt = Date.now();
  const failed = (kind: string) => {
    recorder.errors.set(kind, (recorder.errors.get(kind) ?? 0) + 1);
    return undefined;
  };
  recorder.offered += 1;
  try {
    const response = await client.send('POST', '/orders', orderFor(outcome), {
      'idempotency-key': randomUUID(),
    });
    if (response.status !== 202) return failed(`HTTP ${response.status}`);
    const submitted = {
      orderId: (JSON.parse(response.body) as { orderId: string }).orderId,
      outcome,
      sentAt,
      acceptedAt: Date.now(),
    };
    recorder.submitted.push(submitted);
    return submitted;
  } catch (error) {
    return failed((error as { code?: string }).code ?? (error instanceof Error ? error.message : 'error'));
  }
}

/** Open loop: orders leave at `rate` per second whatever the system's state, as real customers would. */
export async function openLoop(
  client: OrderClient,
  options: { rate: number; until: number; mix: Record<Outcome, number> },
  recorder: LoadRecorder,
): Promise<void> {
  const start = Date.now();
  const inFlight = new Set<Promise<unknown>>();
  let sent = 0;
  while (Date.now() < options.until) {
    const due = Math.floor(((Date.now() - start) / 1000) * options.rate);
    for (; sent < due; sent++) {
      const request = placeOne(client, options.mix, recorder).finally(() => inFlight.delete(request));
      inFlight.add(request);
    }
    await sleep(5);
  }
  await Promise.all(inFlight);
}

/** Closed loop: `concurrency` customers, each placing its next order once the previous saga ended. */
export async function closedLoop(
  client: OrderClient,
  observer: SagaObserver,
  options: { concurrency: number; until: number; mix: Record<Outcome, number>; sagaTimeoutMs: number },
  recorder: LoadRecorder,
): Promise<void> {
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (Date.now() < options.until) {
        const submitted = await placeOne(client, options.mix, recorder);
        if (!submitted) {
          await sleep(100); // an error: back off a little rather than hammer
          continue;
        }
        const ended = await Promise.race([
          observer.terminal(submitted.orderId),
          sleep(options.sagaTimeoutMs, undefined),
        ]);
        if (!ended) observer.forget(submitted.orderId);
      }
    }),
  );
}
