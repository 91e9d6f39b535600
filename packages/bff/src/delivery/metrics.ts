import { Counter, collectDefaultMetrics, Gauge, Histogram, type Registry } from 'prom-client';
import type { Clock } from '../clock.ts';
import type { DeliveryQueue, Store } from '../store/types.ts';

/** Latency buckets in seconds, from a fast local call to a slow remote one. */
const SECONDS_BUCKETS = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export type DeliveryMetrics = ReturnType<typeof deliveryMetrics>;

/** What each attempt records, in the Patchbay instance's own registry (not prom-client's global one). */
export function deliveryMetrics(registry: Registry) {
  const registers = [registry];
  return {
    attempts: new Counter({
      name: 'patchbay_attempts_total',
      help: 'Delivery attempts by outcome',
      labelNames: ['outcome'] as const,
      registers,
    }),
    deliverySeconds: new Histogram({
      name: 'patchbay_delivery_duration_seconds',
      help: 'Time from sending a delivery to its answer',
      buckets: SECONDS_BUCKETS,
      registers,
    }),
    transformSeconds: new Histogram({
      name: 'patchbay_transform_duration_seconds',
      help: 'Time one transformation run took',
      buckets: SECONDS_BUCKETS,
      registers,
    }),
  };
}

/** The queue's state, read when scraped. */
export function queueGauges(registry: Registry, read: { queue: DeliveryQueue; clock: Clock; inFlight: () => number }) {
  const gauge = (name: string, help: string, value: () => Promise<number> | number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(await value());
      },
    });
  gauge('patchbay_queue_depth', 'Deliveries waiting to be made', async () => (await read.queue.depth()).pending);
  gauge('patchbay_queue_oldest_age_seconds', 'How overdue the oldest waiting delivery is', async () => {
    const { oldestDue } = await read.queue.depth();
    return oldestDue ? Math.max(0, (read.clock.now().getTime() - oldestDue.getTime()) / 1000) : 0;
  });
  gauge('patchbay_deliveries_in_flight', 'Deliveries being sent by this process', read.inFlight);
}

/**
 * What the process costs: prom-client's process metrics (CPU seconds, memory, event loop) and
 * the statements it sent to the database, so a rate can be turned into cores and round trips.
 */
export function costMetrics(registry: Registry, store: Pick<Store, 'statements'>) {
  collectDefaultMetrics({ register: registry });
  let counted = 0;
  new Counter({
    name: 'patchbay_db_statements_total',
    help: 'Statements sent to the database by this process, BEGIN and COMMIT included',
    registers: [registry],
    collect() {
      const sent = store.statements();
      this.inc(sent - counted);
      counted = sent;
    },
  });
}
