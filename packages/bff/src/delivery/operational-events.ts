import type { Clock } from '../clock.ts';
import { webhookHeaders } from '../crypto/signature.ts';
import { newId } from '../ids.ts';
import type { Logger } from '../logger.ts';
import type { OutboundClient } from '../outbound/client.ts';

/** Svix's operational webhook types that Patchbay sends. */
export type OperationalEventType =
  | 'endpoint.disabled'
  | 'message.attempt.failing'
  | 'message.attempt.exhausted'
  | 'message.attempt.recovered';

export interface OperationalEvents {
  emit(type: OperationalEventType, data: Record<string, unknown>): void;
  /** Waits (up to `deadlineMs`) for events still being sent. */
  close(deadlineMs?: number): Promise<void>;
}

/** Waits between the tries of one operational webhook. */
const BACKOFF_MS = [0, 1000, 5000];

/**
 * Tells the vendor what happens to its customers' endpoints, so none is disabled silently:
 * every event is logged, and, when an operational webhook URL is configured, sent there signed
 * with Standard Webhooks headers (`{type, timestamp, data}`, as Svix), with a few quick retries.
 */
export function createOperationalEvents(deps: {
  logger: Logger;
  clock: Clock;
  client: OutboundClient;
  target: { url: string; secret: string } | null;
}): OperationalEvents {
  const { logger, clock, client, target } = deps;
  const inFlight = new Set<Promise<void>>();

  async function send(type: OperationalEventType, body: string, id: string): Promise<void> {
    if (!target) return;
    for (const [i, wait] of BACKOFF_MS.entries()) {
      if (wait) await new Promise((resolve) => setTimeout(resolve, wait).unref());
      const outcome = await client.send({
        url: target.url,
        method: 'POST',
        body,
        headers: webhookHeaders(id, clock.now(), body, [target.secret]),
      });
      if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) return;
      logger.warn(
        { type, id, try: i + 1, status: outcome.kind === 'response' ? outcome.status : outcome.reason },
        'operational webhook not accepted',
      );
    }
    logger.error({ type, id }, 'operational webhook given up');
  }

  return {
    emit(type, data) {
      const id = newId('msg', clock.now().getTime());
      logger.warn({ operationalEvent: type, ...data }, `operational event ${type}`);
      const body = JSON.stringify({ type, timestamp: clock.now().toISOString(), data });
      const sending = send(type, body, id).catch((err: unknown) =>
        logger.error({ err, type }, 'operational webhook failed'),
      );
      inFlight.add(sending);
      void sending.finally(() => inFlight.delete(sending));
    },
    async close(deadlineMs = 5000) {
      const deadline = new Promise((resolve) => setTimeout(resolve, deadlineMs).unref());
      await Promise.race([Promise.all(inFlight), deadline]);
    },
  };
}
