import { isHttpUrl } from '../api/schemas.ts';
import { headerProblem } from '../domain/headers.ts';
import { type ConsoleEntry, positionIn, TransformError, type TransformErrorKind } from './errors.ts';

/** What a handler receives (Svix's `webhook` object), with the payload still as JSON text. */
export interface WebhookInput {
  url: string;
  eventType: string;
  /** The message payload, as stored: JSON text, spliced in without a parse. */
  payloadJson: string;
  /** The endpoint's variables: `webhook.env`, read-only. */
  env: Record<string, string>;
  /** From message create: `webhook.transformationsParams`, read-only. */
  transformationsParams: Record<string, unknown> | null;
}

export type HttpMethod = 'POST' | 'PUT' | 'PATCH';

export interface TransformResult {
  method: HttpMethod;
  url: string;
  /** Headers the handler set; they take precedence over the endpoint's own. */
  headers: Record<string, string>;
  /** The body to send, as JSON text. */
  payload: string;
  cancel: boolean;
  console: ConsoleEntry[];
  durationMs: number;
}

const METHODS: readonly HttpMethod[] = ['POST', 'PUT', 'PATCH'];

export function webhookJson(input: WebhookInput): string {
  return `{"method":"POST","url":${JSON.stringify(input.url)},"eventType":${JSON.stringify(input.eventType)},"payload":${
    input.payloadJson
  },"headers":{},"cancel":false,"env":${JSON.stringify(input.env)},"transformationsParams":${JSON.stringify(
    input.transformationsParams,
  )}}`;
}

interface RawResult {
  ok: boolean;
  kind?: TransformErrorKind;
  name?: string;
  message?: string;
  stack?: string;
  method?: unknown;
  url?: unknown;
  headers?: unknown;
  cancel?: unknown;
  payload?: string;
  console: ConsoleEntry[];
  dropped: number;
}

/** Turns the sandbox's answer into a checked result, or the error that says what is wrong with it. */
export function readResult(
  text: string,
  inputUrl: string,
  maxPayloadBytes: number,
  durationMs: number,
): TransformResult {
  const raw = JSON.parse(text) as RawResult;
  const console = raw.dropped
    ? [...raw.console, { level: 'warn' as const, message: `… ${raw.dropped} more console lines dropped` }]
    : raw.console;
  if (!raw.ok) {
    throw new TransformError(
      raw.kind ?? 'runtime',
      `${raw.name}: ${raw.message}`,
      positionIn(raw.stack ?? ''),
      console,
    );
  }
  const invalid = (message: string) => new TransformError('invalid_output', message, null, console);

  const method = typeof raw.method === 'string' ? raw.method.toUpperCase() : raw.method;
  if (!METHODS.includes(method as HttpMethod)) {
    throw invalid(`webhook.method must be "POST", "PUT" or "PATCH", got ${JSON.stringify(raw.method) ?? 'undefined'}`);
  }
  // The endpoint's own URL was checked when it was saved; only a URL the code wrote needs parsing.
  if (raw.url !== inputUrl && (typeof raw.url !== 'string' || raw.url.length > 65_536 || !isHttpUrl(raw.url))) {
    throw invalid(
      `webhook.url must be an absolute http:// or https:// URL, got ${JSON.stringify(raw.url) ?? 'undefined'}`,
    );
  }
  const headers = raw.headers ?? {};
  if (typeof headers !== 'object' || Array.isArray(headers))
    throw invalid('webhook.headers must be an object of strings');
  for (const [name, value] of Object.entries(headers)) {
    const problem = headerProblem(name, value);
    if (problem) throw invalid(`webhook.headers: ${problem}`);
  }
  if (raw.payload === undefined) throw invalid('webhook.payload is missing');
  const size = Buffer.byteLength(raw.payload);
  if (size > maxPayloadBytes) {
    throw new TransformError(
      'output_too_large',
      `webhook.payload is ${size} bytes, over the limit of ${maxPayloadBytes}`,
      null,
      console,
    );
  }
  return {
    method: method as HttpMethod,
    url: raw.url as string,
    headers: headers as Record<string, string>,
    payload: raw.payload,
    cancel: raw.cancel === true,
    console,
    durationMs,
  };
}
