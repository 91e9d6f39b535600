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
import type { Store, StoredCredentials, TaskChange } from '../store/types.ts';
import { TransformError } from '../transform/errors.ts';
import { FILTERED_OUT, filterPassesJson } from '../transform/filter.ts';
import type { TransformService } from '../transform/service.ts';
import { attemptLog } from './attempt-log.ts';
import type { ConnectorRequests } from './connector-requests.ts';
import type { DeliveryMetrics } from './metrics.ts';
import type { OperationalEvents } from './operational-events.ts';
import { type AttemptOutcome, judge } from './retry-policy.ts';
import type { Decision, SettleBatcher, Settlement } from './settle-batch.ts';

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

/** A task's message, endpoint, the endpoint's connector and credentials, as the worker loaded them for its whole batch. */
export interface TaskRows {
  message: Message | undefined;
  endpoint: Endpoint | undefined;
  connector: Connector | undefined;
  credentials: StoredCredentials | undefined;
}

/**
 * Makes one attempt for one claimed task and records it; never throws for the endpoint's
 * faults, nor for ours while preparing or sending.
 */
export async function deliver(
  task: DeliveryTask,
  rows: TaskRows,
  deps: AttemptDeps,
  batch: SettleBatcher,
): Promise<void> {
  const { store, clock } = deps;
  const { message, endpoint } = rows;
  if (!message || !endpoint || endpoint.disabled) {
    // Gone or switched off since it was queued: no attempt (Svix sends nothing to disabled endpoints).
    const change: TaskChange = { task, status: AttemptStatus.Fail, attempts: task.attempts };
    await batch.settle({ task, attempt: null, streak: null, decide: () => ({ change, disable: null, events: [] }) });
    return;
  }
  if (!held(message)) {
    // Expunged (or expired) while this dispatch waited: nothing left to send, and the log says why.
    await outcome(
      task,
      cancel(task, endpoint, message, deps, "The message's payload expired or was expunged before it could be sent"),
      deps,
      batch,
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
    made = await attempt(message, endpoint, rows, deps);
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
  const settlement =
    made.kind === 'canceled'
      ? cancel(task, endpoint, message, deps, made.reason)
      : settle(task, endpoint, message, made, deps);
  await outcome(task, settlement, deps, batch);
}

/** Writes a delivery's outcome with the others finishing close to it. */
async function outcome(task: DeliveryTask, settlement: Settlement, deps: AttemptDeps, batch: SettleBatcher) {
  if (await batch.settle(settlement)) return;
  // Another claim has the task now: it makes (and records) the attempt, this one changes nothing.
  deps.logger.warn({ taskId: task.id }, 'lease ran out during a delivery; its outcome is dropped');
}

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

async function attempt(message: HeldMessage, endpoint: Endpoint, rows: TaskRows, deps: AttemptDeps): Promise<Made> {
  const { clock } = deps;
  const prepared = await prepare(message, endpoint, rows.connector?.transformation ?? null, deps);
  if (prepared.kind === 'canceled') return prepared;
  if (prepared.kind === 'failed')
    return { kind: 'sent', url: endpoint.url, sent: null, secrets: [], outcome: prepared.outcome, hint: null };
  // Credentials are added after signing: a receiver checks the signature, not the service's auth header.
  const signed = sign(prepared.request, message, endpoint, clock);
  const sent = await deps.connectorRequests.send(
    endpoint,
    rows.connector?.kind,
    signed,
    message.eventType,
    rows.credentials,
  );
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

function cancel(
  task: DeliveryTask,
  endpoint: Endpoint,
  message: Message,
  deps: AttemptDeps,
  reason = 'Canceled by the transformation',
): Settlement {
  const change: TaskChange = { task, status: AttemptStatus.Canceled, attempts: task.attempts + 1 };
  const attempt = record(task, endpoint, message, deps, {
    url: endpoint.url,
    response: reason,
    statusCode: 0,
    durationMs: 0,
    status: AttemptStatus.Canceled,
    sent: null,
    responseHeaders: null,
  });
  return { task, attempt, streak: null, decide: () => ({ change, disable: null, events: [] }) };
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

/**
 * The attempt made and what it changes, to be written together (a crash leaves both or
 * neither), with the operational events to raise in the same transaction.
 */
function settle(
  task: DeliveryTask,
  endpoint: Endpoint,
  message: Message,
  { url, sent, secrets, outcome, hint: retryAfterHint }: Sent,
  deps: AttemptDeps,
): Settlement {
  const now = deps.clock.now();
  const attempts = task.attempts + 1;
  const schedule = endpoint.retrySchedule ?? deps.settings.retrySchedule;
  const verdict = judge(outcome, attempts, schedule, now, deps.random, retryAfterHint);
  deps.metrics.deliverySeconds.observe(outcome.durationMs / 1000);
  deps.metrics.attempts.inc({
    outcome: verdict.kind === 'success' ? 'success' : outcome.kind === 'error' ? outcome.reason : 'http_error',
  });
  const attempt = record(task, endpoint, message, deps, {
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
  const ended = (status: typeof AttemptStatus.Success | typeof AttemptStatus.Fail): TaskChange => ({
    task,
    status,
    attempts,
  });

  if (verdict.kind === 'success') {
    return {
      task,
      attempt,
      streak: { failing: false, wasFailing: endpoint.failSince !== null },
      decide: () => ({
        change: ended(AttemptStatus.Success),
        disable: null,
        events: task.failingNotified ? [['message.attempt.recovered', about]] : [],
      }),
    };
  }
  const decide = (failSince: Date | null): Decision => {
    const since = failSince ?? now;
    const failingTooLong = now.getTime() - since.getTime() >= deps.settings.disableAfterMs;
    if (verdict.kind === 'disable-endpoint' || failingTooLong) {
      const days = Math.round(deps.settings.disableAfterMs / 86_400_000);
      const reason = verdict.kind === 'disable-endpoint' ? verdict.reason : `Every delivery failed for ${days} days`;
      return {
        change: ended(AttemptStatus.Fail),
        disable: {
          reason,
          event: {
            appId: endpoint.appId,
            endpointId: endpoint.id,
            endpointUid: endpoint.uid,
            failSince: since.toISOString(),
            trigger: 'automatic',
            reason,
          },
        },
        events: failingTooLong ? [['message.attempt.exhausted', about]] : [],
      };
    }
    if (verdict.kind === 'retry') {
      const failing = attempts >= FAILING_AFTER && !task.failingNotified;
      return {
        change: {
          task,
          attempts,
          status: AttemptStatus.Pending,
          retryAt: verdict.at,
          failingNotified: task.failingNotified || failing,
        },
        disable: null,
        events: failing ? [['message.attempt.failing', about]] : [],
      };
    }
    return {
      change: ended(AttemptStatus.Fail),
      disable: null,
      events: verdict.kind === 'exhausted' ? [['message.attempt.exhausted', about]] : [],
    };
  };
  return { task, attempt, streak: { failing: true, reason: failureReason(outcome) }, decide };
}

/** What a failed attempt came to, short enough for a status line: "401 Unauthorized", or the error. */
function failureReason(outcome: AttemptOutcome): string {
  if (outcome.kind === 'error') return outcome.message.slice(0, 200);
  const phrase = STATUS_CODES[outcome.status];
  return phrase ? `${outcome.status} ${phrase}` : `HTTP ${outcome.status}`;
}

function record(
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
): Attempt {
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
  return attempt;
}
