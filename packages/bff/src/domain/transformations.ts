import type { Clock } from '../clock.ts';
import { attemptLog } from '../delivery/attempt-log.ts';
import { NotFoundError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { Endpoint, EndpointFilter, EventType, Message } from '../model.ts';
import { withoutUserInfo } from '../outbound/urls.ts';
import type { Store, TransformationVersion } from '../store/types.ts';
import type { TransformResult } from '../transform/contract.ts';
import { TransformError, type TransformErrorKind } from '../transform/errors.ts';
import { filterPassesJson } from '../transform/filter.ts';
import { type TransformService, VENDOR_SCOPE } from '../transform/service.ts';
import { exampleOf } from './dispatches.ts';
import { visibleWith } from './feature-flags.ts';
import type { Principal } from './principal.ts';

export interface SimulateInput {
  code: string;
  eventType: string;
  payload: Record<string, unknown>;
  url: string;
  variables?: Record<string, string> | null;
  transformationsParams?: Record<string, unknown> | null;
  /** The application whose code this is; none: the vendor's (a connector's). */
  appId?: string;
}

/** Versions kept per endpoint: the newest this many, older ones removed as new ones come. */
export const MAX_VERSIONS = 50;

/** A dry run's real messages: the endpoint's newest this many whose payloads are still held. */
export const DRY_RUN_MESSAGES = 20;
/** …and at most this many examples, one per subscribed event type. */
export const DRY_RUN_EXAMPLES = 10;
/** …looked for among the first this many of the event types named. */
export const DRY_RUN_EXAMPLE_LOOKUPS = 100;
/** What one dry run may ask of the sandbox at most: two runs (new code, current code) per sample. */
export const DRY_RUN_MAX_RUNS = 2 * (DRY_RUN_MESSAGES + DRY_RUN_EXAMPLES);
/**
 * Failures that cost the sandbox its whole limit (a loop, a memory bomb, a crash): after this
 * many, a code's remaining runs are skipped, so a hostile dry run costs a few runs' time, not 30.
 */
export const DRY_RUN_COSTLY_FAILURES = 3;
/** How much of each output a dry run answers with (the diff is of what the customer can read). */
export const DRY_RUN_OUTPUT_CHARS = 16_384;

const COSTLY: ReadonlySet<TransformErrorKind> = new Set(['timeout', 'memory', 'crash']);

/**
 * Who saved a transformation, as its version says: the portal session's id (`portal` for a
 * token issued without one), or `vendor` for the API key.
 */
export function authorOf(principal: Principal): string {
  if (principal.kind === 'vendor') return 'vendor';
  return principal.sessionId ?? 'portal';
}

/** What one code did with one sample. */
export type DryRunOutcome =
  | {
      status: 'ok';
      method: string;
      url: string;
      headers: Record<string, string>;
      /** The body as JSON text, cut at {@link DRY_RUN_OUTPUT_CHARS}. */
      payload: string;
      truncated: boolean;
    }
  | { status: 'canceled' }
  | { status: 'error'; kind: TransformErrorKind; line: number | null; column: number | null; reason: string }
  /** The endpoint's filter let it through to no code: it would not be delivered. */
  | { status: 'filtered' }
  /** Not run: this code had failed costly too often already in this dry run. */
  | { status: 'skipped' };

export interface DryRunResult {
  /** A message of the endpoint's, or an event type's example. */
  source: 'message' | 'example';
  msgId: string | null;
  eventType: string;
  /** The payload as the code got it (cut as outputs are): the diff's left side when a code sends it unchanged. */
  input: string;
  new: DryRunOutcome;
  current: DryRunOutcome;
}

/** What a dry run is run on: a held message or an example. */
export interface DryRunSample {
  source: 'message' | 'example';
  msgId: string | null;
  eventType: string;
  payloadJson: string;
  transformationsParams: Record<string, unknown> | null;
}

export interface DryRunInput {
  appId: string;
  endpoint: Endpoint;
  /** The code as edited. */
  code: string;
  /** What delivers today: the endpoint's code when enabled, else its connector's default; null: none (sent as is). */
  currentCode: string | null;
  samples: DryRunSample[];
  /** The payload filter to try (as edited, or the endpoint's); a sample it stops is `filtered` and runs neither code. */
  filter: EndpointFilter | null;
}

const cut = (text: string) => ({
  payload: text.slice(0, DRY_RUN_OUTPUT_CHARS),
  truncated: text.length > DRY_RUN_OUTPUT_CHARS,
});

/** A dry run's samples: the held messages (newest first), then one example per event type that has one. */
export function dryRunSamples(messages: readonly Message[], eventTypes: readonly EventType[]): DryRunSample[] {
  const held = messages
    .filter((m) => m.payload !== null)
    .slice(0, DRY_RUN_MESSAGES)
    .map((m) => ({
      source: 'message' as const,
      msgId: m.id,
      eventType: m.eventType,
      payloadJson: m.payload as string,
      transformationsParams: m.transformationsParams,
    }));
  const examples = eventTypes
    .flatMap((e) => {
      const example = exampleOf(e.schemas, 0);
      return example ? [{ name: e.name, example }] : [];
    })
    .slice(0, DRY_RUN_EXAMPLES)
    .map(({ name, example }) => ({
      source: 'example' as const,
      msgId: null,
      eventType: name,
      payloadJson: JSON.stringify(example),
      transformationsParams: null,
    }));
  return [...held, ...examples];
}

export type Transformations = ReturnType<typeof createTransformations>;

/** Transformation rules the API needs: check code before it is saved, try it out, keep its versions. */
export function createTransformations({
  engine,
  store,
  clock,
}: {
  engine: TransformService;
  store: Store;
  clock: Clock;
}) {
  /**
   * Runs the code on every sample, one at a time, as a simulation does (the scratch isolate,
   * the same limits); the answer holds the variables' values masked as the attempt log holds them.
   */
  async function runAll(
    appId: string,
    endpoint: Endpoint,
    code: string | null,
    samples: DryRunSample[],
    passed: boolean[],
  ): Promise<DryRunOutcome[]> {
    const { variables } = endpoint.transformation;
    const log = attemptLog(variables);
    // As a delivery runs it: without user info a row may hold from before it was moved into the credentials.
    const target = withoutUserInfo(endpoint.url);
    const outcomes: DryRunOutcome[] = [];
    let costly = 0;
    for (const [i, sample] of samples.entries()) {
      if (!passed[i]) {
        outcomes.push({ status: 'filtered' });
        continue;
      }
      if (code === null) {
        // No code: delivered as it came.
        outcomes.push({
          status: 'ok',
          method: 'POST',
          url: log.url(target),
          headers: {},
          ...cut(log.response(sample.payloadJson)),
        });
        continue;
      }
      if (costly >= DRY_RUN_COSTLY_FAILURES) {
        outcomes.push({ status: 'skipped' });
        continue;
      }
      try {
        const r = await engine.simulate(appId, code, {
          url: target,
          eventType: sample.eventType,
          payloadJson: sample.payloadJson,
          env: variables,
          transformationsParams: sample.transformationsParams,
        });
        outcomes.push(
          r.cancel
            ? { status: 'canceled' }
            : {
                status: 'ok',
                method: r.method,
                url: log.url(r.url),
                headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, log.response(v)])),
                ...cut(log.response(r.payload)),
              },
        );
      } catch (err) {
        if (!(err instanceof TransformError)) throw err;
        if (COSTLY.has(err.kind)) costly++;
        outcomes.push({
          status: 'error',
          kind: err.kind,
          line: err.line,
          column: err.column,
          reason: log.response(err.extra.error.reason),
        });
      }
    }
    return outcomes;
  }

  /**
   * The event types a dry run takes examples of: `names` (those the customer chose, else the
   * endpoint's), or every one when it subscribes to all; only those the caller may see.
   */
  async function subscribed(names: readonly string[] | null, flags: readonly string[] | null): Promise<EventType[]> {
    const visible = visibleWith(flags);
    if (names === null) {
      const page = await store.eventTypes.list({
        limit: 250,
        order: 'ascending',
        includeArchived: false,
        featureFlags: flags,
      });
      return page.data;
    }
    const found: EventType[] = [];
    // A bounded number of lookups, however many types the endpoint subscribes to.
    for (const name of names.slice(0, DRY_RUN_EXAMPLE_LOOKUPS)) {
      const eventType = await store.eventTypes.get(name);
      if (eventType && !eventType.archived && visible(eventType) && exampleOf(eventType.schemas, 0))
        found.push(eventType);
      if (found.length >= DRY_RUN_EXAMPLES) break;
    }
    return found;
  }

  return {
    /**
     * What a dry run of `endpoint` runs on: its newest held messages and the examples of the
     * event types `eventTypes` names (undefined: the endpoint's), as `flags` lets the caller see them.
     */
    async samples(
      endpoint: Endpoint,
      eventTypes: readonly string[] | null | undefined,
      flags: readonly string[] | null,
    ): Promise<DryRunSample[]> {
      const page = await store.messages.list(endpoint.appId, {
        limit: DRY_RUN_MESSAGES,
        order: 'descending',
        endpointId: endpoint.id,
      });
      const types = await subscribed(eventTypes === undefined ? endpoint.eventTypes : eventTypes, flags);
      return dryRunSamples(
        page.data.map((d) => d.message),
        types,
      );
    },
    /**
     * Rejects with a 422 TransformError, with the position, unless `code` parses and declares
     * `handler`. `appId`: the application whose code this is; none: the vendor's (a connector's).
     */
    check(code: string, appId?: string): Promise<void> {
      return engine.validate(appId ?? VENDOR_SCOPE, code);
    },
    simulate(input: SimulateInput): Promise<TransformResult> {
      return engine.simulate(input.appId ?? VENDOR_SCOPE, input.code, {
        url: input.url,
        eventType: input.eventType,
        payloadJson: JSON.stringify(input.payload),
        env: input.variables ?? {},
        transformationsParams: input.transformationsParams ?? null,
      });
    },

    /**
     * Records a save of `code` as the endpoint's newest version, dropping those beyond
     * {@link MAX_VERSIONS}. Call inside the save's transaction, so both are written or neither.
     */
    async recordVersion(endpoint: Endpoint, code: string, author: string): Promise<void> {
      const now = clock.now();
      await store.transformationVersions.insert(
        {
          id: newId('trver', now.getTime()),
          appId: endpoint.appId,
          endpointId: endpoint.id,
          code,
          author,
          createdAt: now,
        },
        MAX_VERSIONS,
      );
    },
    versions: (endpoint: Endpoint) => store.transformationVersions.list(endpoint.appId, endpoint.id, MAX_VERSIONS),
    async version(endpoint: Endpoint, id: string): Promise<TransformationVersion> {
      const version = await store.transformationVersions.get(endpoint.appId, endpoint.id, id);
      if (!version) throw new NotFoundError('Transformation version not found');
      return version;
    },

    /**
     * Runs the edited code and the current one on the same samples, so the customer sees what
     * would change before saving. The filter, if any, is asked first, once per sample, for
     * both codes, as a delivery asks it before the transformation.
     */
    async dryRun(input: DryRunInput): Promise<DryRunResult[]> {
      const { appId, endpoint, samples, filter } = input;
      const passed = samples.map((sample) => filter === null || filterPassesJson(filter, sample.payloadJson));
      const edited = await runAll(appId, endpoint, input.code, samples, passed);
      const current = await runAll(appId, endpoint, input.currentCode, samples, passed);
      const hide = attemptLog(endpoint.transformation.variables).response;
      return samples.map((s, i) => ({
        source: s.source,
        msgId: s.msgId,
        eventType: s.eventType,
        input: cut(hide(s.payloadJson)).payload,
        new: edited[i] as DryRunOutcome,
        current: current[i] as DryRunOutcome,
      }));
    },
  };
}
