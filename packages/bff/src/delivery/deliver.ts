import { STATUS_CODES } from 'node:http';
import type { Clock } from '../clock.ts';
import { DecryptionError } from '../crypto/cipher.ts';
import { webhookHeaders } from '../crypto/signature.ts';
import { newId } from '../ids.ts';
import type { Logger } from '../logger.ts';
import {
  type Attempt,
  AttemptStatus,
  type Connector,
  type DeliveryTask,
  type Endpoint,
  type Message,
  TriggerType,
} from '../model.ts';
import type { OutgoingRequest } from '../outbound/client.ts';
import { headersFor } from '../outbound/headers.ts';
import { withoutUserInfo } from '../outbound/urls.ts';
import type { Store } from '../store/types.ts';
import { TransformError } from '../transform/errors.ts';
import { FILTERED_OUT, filterPassesJson } from '../transform/filter.ts';
import type { TransformService } from '../transform/service.ts';
import { attemptLog } from './attempt-log.ts';
import type { ConnectorRequests } from './connector-requests.ts';
import type { DeliveryMetrics } from './metrics.ts';
import type { OperationalEvents, OperationalEventType } from './operational-events.ts';
import { type AttemptOutcome, judge } from './retry-policy.ts';

export interface RetrySettings {
  /** Seconds to wait after each failed attempt, unless the endpoint has its own schedule. */
  retrySchedule: readonly number[];
  /** An endpoint whose every delivery failed for this long is disabled. */
  disableAfterMs: number;
}

export interface AttemptDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  connectorRequests: ConnectorRequests;
  transforms: TransformService;
  events: OperationalEvents;
  metrics: DeliveryMetrics;
  settings: RetrySettings;
  random?: () => number;
}

/** Svix raises `message.attempt.failing` on the fourth failure of a message. */
const FAILING_AFTER = 4;

/** A task's message, endpoint and the endpoint's connector, as the worker loaded them for its whole batch. */
export interface TaskRows {
  message: Message | undefined;
  endpoint: Endpoint | undefined;
  connector: Connector | undefined;
}

/**
 * Makes one attempt for one claimed task and records it; never throws for the endpoint's
 * faults, nor for ours while preparing or sending.
 */
export async function deliver(task: DeliveryTask, rows: TaskRows, deps: AttemptDeps): Promise<void> {
  const { store, clock } = deps;
  const { message, endpoint } = rows;
  if (!message || !endpoint || endpoint.disabled) {
    // Gone or switched off since it was queued: no attempt (Svix sends nothing to disabled endpoints).
    await store.queue.finish(task, AttemptStatus.Fail, task.attempts, clock.now());
    return;
  }
  if (!held(message)) {
    // Expunged (or expired) while this dispatch waited: nothing left to send, and the log says why.
    await cancel(
      task,
      endpoint,
      message,
      deps,
      "The message's payload expired or was expunged before it could be sent",
    );
    return;
  }
  if (endpoint.throttleRate) {
    const waitMs = await store.throttle.take(endpoint.id, endpoint.throttleRate, clock.now());
    if (waitMs > 0) {
      await store.queue.release([task], new Date(clock.now().getTime() + waitMs), clock.now());
      return;
    }
  }
  let made: Made;
  try {
    made = await attempt(message, endpoint, rows.connector, deps);
  } catch (err) {
    // A fault of ours while preparing or sending (a credential that no longer decrypts, say)
    // is a failed attempt with its reason, retried like any other: no task stays claimed.
    deps.logger.error({ err, taskId: task.id, endpointId: endpoint.id }, 'could not make a delivery');
    made = {
      kind: 'sent',
      url: endpoint.url,
      sent: null,
      secrets: [],
      outcome: { kind: 'error', reason: 'internal', message: faultReason(err), durationMs: 0 },
      hint: null,
    };
  }
  try {
    if (made.kind === 'canceled') await cancel(task, endpoint, message, deps, made.reason);
    else await settle(task, endpoint, message, made, deps);
  } catch (err) {
    if (!(err instanceof LeaseLost)) throw err;
    // Another claim has the task now: it makes (and records) the attempt, this one changes nothing.
    deps.logger.warn({ taskId: task.id }, 'lease ran out during a delivery; its outcome is dropped');
  }
}

/** A task's lease ran out and another claim took it: thrown to roll back what its outcome would record. */
class LeaseLost extends Error {}

/** An attempt made: where it went, what went out (null if nothing did), what came of it, the service's retry hint. */
interface Sent {
  kind: 'sent';
  url: string;
  sent: OutgoingRequest | null;
  /** The connection's secret values, masked wherever the log would show them. */
  secrets: string[];
  outcome: AttemptOutcome;
  hint: number | null;
}

/** Canceled: by the transformation, or (`reason` says) by the endpoint's filter. */
type Made = Sent | { kind: 'canceled'; reason?: string };

/** A message whose payload is still there to send. */
type HeldMessage = Message & { payload: string };
const held = (message: Message): message is HeldMessage => message.payload !== null;

async function attempt(
  message: HeldMessage,
  endpoint: Endpoint,
  connector: Connector | undefined,
  deps: AttemptDeps,
): Promise<Made> {
  const { clock } = deps;
  const prepared = await prepare(message, endpoint, connector?.transformation ?? null, deps);
  if (prepared.kind === 'canceled') return prepared;
  if (prepared.kind === 'failed')
    return { kind: 'sent', url: endpoint.url, sent: null, secrets: [], outcome: prepared.outcome, hint: null };
  // Credentials are added after signing: a receiver checks the signature, not the service's auth header.
  const signed = sign(prepared.request, message, endpoint, clock);
  const sent = await deps.connectorRequests.send(endpoint, connector?.kind, signed, message.eventType);
  return {
    kind: 'sent',
    url: sent.url,
    sent: sent.sent,
    secrets: sent.secrets,
    outcome: sent.outcome,
    hint: sent.retryAfter,
  };
}

/** What the attempt log says of a fault of ours: enough to act on, nothing of what failed inside. */
function faultReason(err: unknown): string {
  if (err instanceof DecryptionError) {
    return `The connection's stored credentials cannot be decrypted (${err.message}): connect it again`;
  }
  return `Patchbay could not prepare this delivery (${err instanceof Error ? err.name : 'unknown error'})`;
}

async function cancel(
  task: DeliveryTask,
  endpoint: Endpoint,
  message: Message,
  deps: AttemptDeps,
  reason = 'Canceled by the transformation',
): Promise<void> {
  const { store, clock } = deps;
  await store.transaction(async () => {
    if (!(await store.queue.finish(task, AttemptStatus.Canceled, task.attempts + 1, clock.now())))
      throw new LeaseLost();
    await record(task, endpoint, message, deps, {
      url: endpoint.url,
      response: reason,
      statusCode: 0,
      durationMs: 0,
      status: AttemptStatus.Canceled,
      sent: null,
      responseHeaders: null,
    });
  });
}

type Prepared =
  | { kind: 'ready'; request: OutgoingRequest }
  | { kind: 'canceled'; reason?: string }
  /** The transformation failed: recorded as a failed attempt, without sending. */
  | { kind: 'failed'; outcome: AttemptOutcome };

/** Applies the endpoint's filter, then runs the transformation (the endpoint's code, else its connector's default, else none). */
async function prepare(
  message: HeldMessage,
  endpoint: Endpoint,
  connectorCode: string | null,
  deps: AttemptDeps,
): Promise<Prepared> {
  // A row saved before user info was moved into the credentials may still hold some: the
  // sandbox never sees it, the connector layer adds it.
  const url = withoutUserInfo(endpoint.url);
  const plain: OutgoingRequest = {
    url,
    method: 'POST',
    headers: { ...endpoint.headers },
    body: message.payload,
  };
  // Recorded as a cancel that says so: nothing sent, not retried, in the log.
  if (endpoint.filter && !filterPassesJson(endpoint.filter, message.payload))
    return { kind: 'canceled', reason: FILTERED_OUT };
  const { transformation } = endpoint;
  if (!transformation.enabled) return { kind: 'ready', request: plain };
  const code = transformation.code ?? connectorCode;
  if (!code) return { kind: 'ready', request: plain };
  try {
    const result = await deps.transforms.run(endpoint.appId, endpoint.id, code, {
      url,
      eventType: message.eventType,
      payloadJson: message.payload,
      env: transformation.variables,
      transformationsParams: message.transformationsParams,
    });
    deps.metrics.transformSeconds.observe(result.durationMs / 1000);
    if (result.cancel) return { kind: 'canceled' };
    return {
      kind: 'ready',
      request: {
        url: result.url,
        method: result.method,
        // Sent elsewhere by the transformation: not with the sensitive headers given for the endpoint's origin.
        headers: { ...headersFor(endpoint.headers, url, result.url), ...result.headers },
        body: result.payload,
      },
    };
  } catch (err) {
    if (!(err instanceof TransformError)) throw err;
    return {
      kind: 'failed',
      outcome: { kind: 'error', reason: 'transform', message: `Transformation failed: ${err.message}`, durationMs: 0 },
    };
  }
}

/** Adds the Standard Webhooks headers, signed with every secret still valid (two during a rotation). */
function sign(request: OutgoingRequest, message: Message, endpoint: Endpoint, clock: Clock): OutgoingRequest {
  const now = clock.now();
  const secrets = [endpoint.secret, ...endpoint.previousSecrets.filter((s) => s.expiresAt > now).map((s) => s.secret)];
  return { ...request, headers: { ...request.headers, ...webhookHeaders(message.id, now, request.body, secrets) } };
}

async function settle(
  task: DeliveryTask,
  endpoint: Endpoint,
  message: Message,
  { url, sent, secrets, outcome, hint: retryAfterHint }: Sent,
  deps: AttemptDeps,
): Promise<void> {
  const { store, clock } = deps;
  const now = clock.now();
  const attempts = task.attempts + 1;
  const schedule = endpoint.retrySchedule ?? deps.settings.retrySchedule;
  const verdict = judge(outcome, attempts, schedule, now, deps.random, retryAfterHint);
  deps.metrics.deliverySeconds.observe(outcome.durationMs / 1000);
  deps.metrics.attempts.inc({
    outcome: verdict.kind === 'success' ? 'success' : outcome.kind === 'error' ? outcome.reason : 'http_error',
  });
  // The attempt and what it changes commit together: a crash leaves both or neither. The work
  // answers the operational events to raise, stored in the same transaction.
  const work = async () => {
    const events: [OperationalEventType, Record<string, unknown>][] = [];
    const fenced = (changed: boolean) => {
      if (!changed) throw new LeaseLost();
    };
    const attempt = await record(task, endpoint, message, deps, {
      url,
      response: outcome.kind === 'response' ? outcome.body : outcome.message,
      statusCode: outcome.kind === 'response' ? outcome.status : 0,
      durationMs: outcome.durationMs,
      status: verdict.kind === 'success' ? AttemptStatus.Success : AttemptStatus.Fail,
      // The SSRF guard refuses before connecting: nothing went out.
      sent: outcome.kind === 'error' && outcome.reason === 'blocked' ? null : sent,
      secrets,
      responseHeaders: outcome.kind === 'response' ? outcome.headers : null,
    });
    const about = {
      appId: endpoint.appId,
      msgId: message.id,
      msgEventId: message.eventId,
      endpointId: endpoint.id,
      lastAttempt: {
        id: attempt.id,
        timestamp: attempt.timestamp.toISOString(),
        responseStatusCode: attempt.responseStatusCode,
      },
    };

    if (verdict.kind === 'success') {
      fenced(await store.queue.finish(task, AttemptStatus.Success, attempts, now));
      // The message is there: a retry still waiting for it (or a second resend) would deliver it twice.
      await store.queue.settleOthers(task, now);
      if (endpoint.failSince) await store.endpoints.recordSuccess(endpoint.id);
      if (task.failingNotified) events.push(['message.attempt.recovered', about]);
      return events;
    }

    const failSince = await store.endpoints.recordFailure(endpoint.id, now, failureReason(outcome));
    const failingTooLong = now.getTime() - failSince.getTime() >= deps.settings.disableAfterMs;
    if (verdict.kind === 'disable-endpoint' || failingTooLong) {
      const days = Math.round(deps.settings.disableAfterMs / 86_400_000);
      const reason = verdict.kind === 'disable-endpoint' ? verdict.reason : `Every delivery failed for ${days} days`;
      fenced(await store.queue.finish(task, AttemptStatus.Fail, attempts, now));
      if (await store.endpoints.disable(endpoint.id, reason, now)) {
        events.push([
          'endpoint.disabled',
          {
            appId: endpoint.appId,
            endpointId: endpoint.id,
            endpointUid: endpoint.uid,
            failSince: failSince.toISOString(),
            trigger: 'automatic',
            reason,
          },
        ]);
      }
      if (failingTooLong) events.push(['message.attempt.exhausted', about]);
      return events;
    }
    if (verdict.kind === 'retry') {
      const failing = attempts >= FAILING_AFTER && !task.failingNotified;
      fenced(await store.queue.retryAt(task, attempts, verdict.at, task.failingNotified || failing, now));
      if (failing) events.push(['message.attempt.failing', about]);
      return events;
    }
    fenced(await store.queue.finish(task, AttemptStatus.Fail, attempts, now));
    if (verdict.kind === 'exhausted') events.push(['message.attempt.exhausted', about]);
    return events;
  };
  const raised = await store.transaction(async () => {
    const events = await work();
    for (const [type, data] of events) await deps.events.emit(type, data);
    return events.length;
  });
  if (raised) deps.events.wake();
}

/** What a failed attempt came to, short enough for a status line: "401 Unauthorized", or the error. */
function failureReason(outcome: AttemptOutcome): string {
  if (outcome.kind === 'error') return outcome.message.slice(0, 200);
  const phrase = STATUS_CODES[outcome.status];
  return phrase ? `${outcome.status} ${phrase}` : `HTTP ${outcome.status}`;
}

async function record(
  task: DeliveryTask,
  endpoint: Endpoint,
  message: Message,
  deps: AttemptDeps,
  fields: Pick<Attempt, 'url' | 'response' | 'status' | 'responseHeaders'> & {
    statusCode: number;
    durationMs: number;
    sent: OutgoingRequest | null;
    secrets?: string[];
  },
): Promise<Attempt> {
  const now = deps.clock.now();
  const log = attemptLog(endpoint.transformation.variables, fields.secrets);
  const attempt: Attempt = {
    id: newId('atmpt', now.getTime()),
    appId: endpoint.appId,
    msgId: message.id,
    endpointId: endpoint.id,
    // The log shows where it went, never user info written into the URL (a password, or a key as the user name).
    url: log.url(fields.url),
    response: log.response(fields.response),
    responseStatusCode: fields.statusCode,
    responseDurationMs: fields.durationMs,
    status: fields.status,
    triggerType: task.triggerType === TriggerType.Manual ? TriggerType.Manual : TriggerType.Scheduled,
    timestamp: now,
    taskId: task.id,
    attemptNumber: task.attempts + 1,
    request: fields.sent && log.request(fields.sent),
    responseHeaders: fields.responseHeaders && log.responseHeaders(fields.responseHeaders),
  };
  await deps.store.attempts.insert(attempt);
  return attempt;
}
