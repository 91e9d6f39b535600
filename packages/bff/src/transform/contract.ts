import { headerProblem } from '../outbound/headers.ts';
import { isHttpUrl } from '../outbound/urls.ts';
import { type ConsoleEntry, positionIn, TransformError } from './errors.ts';

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

/**
 * Headers a transformation may set, in number and in characters (names and values). Receivers
 * refuse more: Apache allows 100 header fields, nginx 32 KiB of headers by default.
 */
export const MAX_HEADERS = 100;
export const MAX_HEADER_CHARS = 32 * 1024;

export function webhookJson(input: WebhookInput): string {
  return `{"method":"POST","url":${JSON.stringify(input.url)},"eventType":${JSON.stringify(input.eventType)},"payload":${
    input.payloadJson
  },"headers":{},"cancel":false,"env":${JSON.stringify(input.env)},"transformationsParams":${JSON.stringify(
    input.transformationsParams,
  )}}`;
}

/** A value of the handler's result: a short string as itself; else its text when it is a string, and how it reads. */
type Field = string | { value?: string; shown: string };
const textOf = (field: Field) => (typeof field === 'string' ? field : field.value);
/** How it reads in a message: a short string as its JSON. */
const shownOf = (field: Field) => (typeof field === 'string' ? JSON.stringify(field) : field.shown);
interface Logged {
  console: ConsoleEntry[];
  dropped: number;
}
/** What the runner of bootstrap.ts answers (checked by parseAnswer). */
type SandboxAnswer = Logged &
  (
    | {
        ok: false;
        kind: 'runtime' | 'invalid_output' | 'output_too_large';
        name: string;
        message: string;
        stack: string;
      }
    | {
        ok: true;
        method: Field;
        url: Field;
        /** Name and value (null when it is no string) of each header, none past a limit; or what stood for them. */
        headers: [string, string | null][] | Field;
        headerCount: number;
        headerChars: number;
        cancel: boolean;
        /** JSON text, or null when the payload has none (undefined, a function). */
        payload: string | null;
      }
  );

export interface ReadContext {
  /** The URL the handler was given: it was checked when the endpoint was saved. */
  inputUrl: string;
  maxPayloadBytes: number;
  memoryMb: number;
  durationMs: number;
}

/** Turns the sandbox's answer into a checked result, or the TransformError that says what is wrong with it. */
export function readResult(text: unknown, context: ReadContext): TransformResult {
  const raw = parseAnswer(text);
  const console = raw.dropped
    ? [...raw.console, { level: 'warn' as const, message: `… ${raw.dropped} more console lines dropped` }]
    : raw.console;
  if (!raw.ok) {
    const position = positionIn(raw.stack);
    // The only allocation failure code can catch: ArrayBuffers over the limit are refused, not fatal.
    if (raw.name === 'RangeError' && raw.message === 'Array buffer allocation failed') {
      throw new TransformError(
        'memory',
        memoryMessage(context.memoryMb, 'RangeError: Array buffer allocation failed'),
        position,
        console,
      );
    }
    throw new TransformError(raw.kind, `${raw.name}: ${raw.message}`, position, console);
  }
  const invalid = (message: string) => new TransformError('invalid_output', message, null, console);

  const method = textOf(raw.method)?.toUpperCase();
  if (!METHODS.includes(method as HttpMethod)) {
    throw invalid(`webhook.method must be "POST", "PUT" or "PATCH", got ${shownOf(raw.method)}`);
  }
  const url = textOf(raw.url);
  // The endpoint's own URL was checked when it was saved; only a URL the code wrote needs parsing.
  if (url === undefined || (url !== context.inputUrl && (url.length > 65_536 || !isHttpUrl(url)))) {
    throw invalid(`webhook.url must be an absolute http:// or https:// URL, got ${shownOf(raw.url)}`);
  }
  const headers = readHeaders(raw, invalid);
  if (raw.payload === null) throw invalid('webhook.payload is missing');
  const size = Buffer.byteLength(raw.payload);
  if (size > context.maxPayloadBytes) {
    throw new TransformError(
      'output_too_large',
      `webhook.payload is ${size} bytes, over the limit of ${context.maxPayloadBytes}`,
      null,
      console,
    );
  }
  return {
    method: method as HttpMethod,
    url,
    headers,
    payload: raw.payload,
    cancel: raw.cancel,
    console,
    durationMs: context.durationMs,
  };
}

export const memoryMessage = (memoryMb: number, cause?: string) =>
  `The transformation used more than ${memoryMb} MB of memory${cause ? ` (${cause})` : ''}`;

/** The runner's answer, checked field by field (on every run: no schema library's allocations). */
function parseAnswer(text: unknown): SandboxAnswer {
  let raw: Record<string, unknown> | undefined;
  try {
    raw = typeof text === 'string' ? JSON.parse(text) : undefined;
  } catch {
    // Not expected from the runner: reported as Patchbay's fault below.
  }
  if (isRecord(raw) && isCount(raw.dropped) && Array.isArray(raw.console) && raw.console.every(isEntry)) {
    if (raw.ok === false && FAILURES.includes(raw.kind as never) && isString(raw.name, raw.message, raw.stack)) {
      return raw as unknown as SandboxAnswer;
    }
    const { method, url, headers } = raw;
    if (
      raw.ok === true &&
      isField(method) &&
      isField(url) &&
      (isField(headers) || (Array.isArray(headers) && headers.every(isHeader))) &&
      isCount(raw.headerCount) &&
      isCount(raw.headerChars) &&
      typeof raw.cancel === 'boolean' &&
      (raw.payload === null || typeof raw.payload === 'string')
    ) {
      return raw as unknown as SandboxAnswer;
    }
  }
  throw new TransformError('internal', INTERNAL_MESSAGE);
}

const FAILURES = ['runtime', 'invalid_output', 'output_too_large'] as const;
const LEVELS: readonly string[] = ['log', 'info', 'warn', 'error', 'debug'];
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (...values: unknown[]) => values.every((v) => typeof v === 'string');
const isCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
const isEntry = (v: unknown) => isRecord(v) && LEVELS.includes(v.level as string) && typeof v.message === 'string';
const isField = (v: unknown): v is Field =>
  typeof v === 'string' ||
  (isRecord(v) && typeof v.shown === 'string' && (v.value === undefined || typeof v.value === 'string'));
const isHeader = (v: unknown) =>
  Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && (v[1] === null || typeof v[1] === 'string');

/** What a customer reads when the engine itself failed; the cause is logged, not shown. */
export const INTERNAL_MESSAGE = 'Patchbay could not run this transformation: an internal error, which was logged';

function readHeaders(
  raw: Extract<SandboxAnswer, { ok: true }>,
  invalid: (message: string) => TransformError,
): Record<string, string> {
  if (!Array.isArray(raw.headers))
    throw invalid(`webhook.headers must be an object of strings, got ${shownOf(raw.headers)}`);
  if (raw.headerCount > MAX_HEADERS) {
    throw invalid(`webhook.headers has ${raw.headerCount} headers, over the limit of ${MAX_HEADERS}`);
  }
  if (raw.headerChars > MAX_HEADER_CHARS) {
    throw invalid(`webhook.headers come to ${raw.headerChars} characters, over the limit of ${MAX_HEADER_CHARS}`);
  }
  for (const [name, value] of raw.headers) {
    const problem = headerProblem(name, value);
    if (problem) throw invalid(`webhook.headers: ${problem}`);
  }
  // Defined, not assigned: a header named "__proto__" stays a header.
  return Object.fromEntries(raw.headers) as Record<string, string>;
}
