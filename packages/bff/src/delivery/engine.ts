import type { Registry } from 'prom-client';
import { createKindRouting } from '../catalog/routing.ts';
import type { Clock } from '../clock.ts';
import type { Config, DeliveryConfig } from '../config.ts';
import type { Cipher } from '../crypto/cipher.ts';
import { createCredentialService } from '../crypto/credentials.ts';
import type { Logger } from '../logger.ts';
import { OutboundClient } from '../outbound/client.ts';
import { checkDestinationOnSave, type Resolver, systemResolver } from '../outbound/ssrf.ts';
import type { Store } from '../store/types.ts';
import type { TransformService } from '../transform/service.ts';
import { VERSION } from '../version.ts';
import { BackgroundTaskRunner } from './background-tasks.ts';
import { createConnectorRequests } from './connector-requests.ts';
import { createHousekeeping } from './housekeeping.ts';
import { costMetrics, deliveryMetrics, queueGauges } from './metrics.ts';
import { createOperationalEvents } from './operational-events.ts';
import { purgeKind } from './purge-task.ts';
import { replayKinds } from './replay-tasks.ts';
import { createRetentionCleaner } from './retention.ts';
import { appStatsKind, eventTypeAggregateKind } from './stats-tasks.ts';
import { DeliveryWorker } from './worker.ts';

export type DeliveryEngine = ReturnType<typeof createDeliveryEngine>;

/**
 * The most requests one delivery makes, each within the timeout: an OAuth connection may refresh
 * its token before sending, and once more (then send again) on a 401.
 */
export const REQUESTS_PER_DELIVERY = 4;

/** Wires the delivery engine: HTTP client with SSRF guard, worker, operational events, metrics. */
export function createDeliveryEngine(deps: {
  store: Store;
  clock: Clock;
  logger: Logger;
  transforms: TransformService;
  /** The Patchbay instance's Prometheus registry. */
  metrics: Registry;
  config: DeliveryConfig;
  cipher: Cipher;
  oauth: Config['oauth'];
  serviceBaseUrls: Config['serviceBaseUrls'];
  resolve?: Resolver;
  random?: () => number;
}) {
  const { store, clock, logger, config } = deps;
  const resolve = deps.resolve ?? systemResolver;
  const userAgent = `Patchbay/${VERSION}`;
  const client = new OutboundClient({
    allowPrivateNetworks: config.allowPrivateNetworks,
    resolve,
    timeoutMs: config.timeoutMs,
    userAgent,
  });
  const events = createOperationalEvents({
    store,
    clock,
    logger,
    retentionMs: config.retentionMs,
    wake: () => worker.notify(),
  });
  const routing = createKindRouting(deps.serviceBaseUrls, config.privateOrigins);
  const connectorRequests = createConnectorRequests({
    credentials: createCredentialService({ store, cipher: deps.cipher, clock }),
    tokens: { client, routing, apps: deps.oauth },
    clock,
    logger,
  });
  const worker = new DeliveryWorker(
    {
      store,
      clock,
      logger,
      connectorRequests,
      transforms: deps.transforms,
      events,
      metrics: deliveryMetrics(deps.metrics),
      settings: { retrySchedule: config.retrySchedule, disableAfterMs: config.disableAfterMs },
      ...(deps.random ? { random: deps.random } : {}),
    },
    {
      concurrency: config.concurrency,
      perEndpoint: config.perEndpointConcurrency,
      // Longer than a whole delivery may take, with time to record the outcome, so only a dead
      // worker's claims expire: a delivery is at most REQUESTS_PER_DELIVERY requests.
      leaseMs: REQUESTS_PER_DELIVERY * config.timeoutMs + Math.min(15_000, config.timeoutMs),
      pollMs: 1000,
    },
  );
  queueGauges(deps.metrics, { queue: store.queue, clock, inFlight: () => worker.inFlight });
  costMetrics(deps.metrics, store);
  const housekeeping = createHousekeeping({ store, clock, logger });
  const tasks = new BackgroundTaskRunner(
    {
      store,
      clock,
      logger,
      kinds: [...replayKinds(store), purgeKind(store), appStatsKind(store), eventTypeAggregateKind(store)],
      queued: () => worker.notify(),
      events,
    },
    // A batch takes milliseconds: a lease of 15 s expires only for a dead (or stalled) runner, and
    // a stalled one's batch is rolled back when it finds its lease taken, so none is done twice.
    { pollMs: 1000, leaseMs: 15_000, perRound: 8 },
  );
  const retention = createRetentionCleaner({ store, clock, logger, retentionMs: config.retentionMs });

  return {
    worker,
    /** Started with the worker (patchbay.ts): removes abandoned drafts. */
    housekeeping,
    /** Started with the worker (patchbay.ts): runs recoveries and replays. */
    tasks,
    /** The runner looks at once instead of at its next poll; call after a task was created. */
    wakeTasks: () => tasks.notify(),
    /** Started with the worker (patchbay.ts): removes what is past its retention. */
    retention,
    /** The deployment's retention (`PATCHBAY_RETENTION_DAYS`), a message's payload's unless it says otherwise. */
    retentionMs: config.retentionMs,
    events,
    client,
    routing,
    /** The deployment's retry schedule (an endpoint may have its own), for the log's "attempt 2 of 8". */
    retrySchedule: config.retrySchedule,
    /** The save-time SSRF check (off when private networks are allowed, or for a configured or allowed origin). */
    checkDestination: (url: string) =>
      config.allowPrivateNetworks || routing.route(url).trusted
        ? Promise.resolve(null)
        : checkDestinationOnSave(url, resolve),
    async close(deadlineMs?: number) {
      await housekeeping.stop();
      await tasks.stop();
      await retention.stop();
      await worker.stop(deadlineMs);
      await client.close();
    },
  };
}
