import { z } from 'zod';
import type { Credentials } from '../model.ts';
import type { OutgoingRequest, SendOutcome } from '../outbound/client.ts';
import type { Service } from '../outbound/routing.ts';
import type { UrlCheck } from '../outbound/urls.ts';
import type { OAuthProvider } from './oauth.ts';

/**
 * One field of a connect form as the widget renders it (the portal's catalog answers this
 * schema, so the widget's type is generated from it).
 */
export const ConnectFieldOut = z.object({
  name: z.string(),
  label: z.string(),
  type: z.enum(['text', 'password', 'url', 'email', 'select']),
  required: z.boolean(),
  /** A regular expression (JavaScript source) the value must match. */
  pattern: z.string().optional(),
  help: z.string().optional(),
  placeholder: z.string().optional(),
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
});

/** A field of a kind's connect form, and where its value goes: encrypted credentials, or the endpoint's transformation variables. */
export type ConnectField = z.output<typeof ConnectFieldOut> & { target: 'credentials' | 'variables' };

export type ConnectSpec =
  | { type: 'oauth'; provider: OAuthProvider; fields: ConnectField[] }
  | { type: 'api-key'; fields: ConnectField[] }
  | { type: 'url'; fields: ConnectField[]; urlPattern: UrlCheck; instructions: string[] }
  | { type: 'custom'; fields: ConnectField[] };

/** What verifying credentials found: fine (perhaps with more learned, like a region), or the field at fault. */
/**
 * What checking a connect form's values with the service found. A refusal names the form's field
 * and what kind it is, so that clients can say it in their own words: the service refused the
 * value (the default), could not be reached to check it, or is somewhere Patchbay may not go.
 */
export type Verification =
  | { ok: true; credentials?: Credentials }
  | { ok: false; field: string; message: string; problem?: 'rejected' | 'unreachable' | 'blocked' };

/** What a kind may use while connecting. */
export interface KindContext {
  /**
   * A GET with the SSRF guard and timeouts of deliveries, routed like them: kinds use the
   * services' real URLs, and a configured base URL (a local fake) takes their place.
   */
  get(url: string, headers: Record<string, string>): Promise<SendOutcome>;
}

/** Everything Patchbay knows about one kind of connector. */
export interface ConnectorKindModule {
  /** Svix's `ConnectorKind` name. */
  kind: string;
  name: string;
  /** A small inline SVG. */
  logo: string;
  connect: ConnectSpec;
  /** The starting point for the customer's transformation; null when the service takes any payload. */
  defaultTransformation: string | null;
  /**
   * The services this kind's credentials may be sent to, and nowhere else. Absent: the endpoint's
   * URL is the customer's own (Custom, Windmill), and the credentials go only to its origin.
   */
  services?: readonly Service[];
  /**
   * The delivery URL is itself the secret (an incoming webhook): it is kept encrypted with the
   * credentials and shown masked, with this many path segments left whole.
   */
  secretUrl?: { visibleSegments: number };
  /** The delivery URL for credentials entered in a form (api-key, url and custom kinds). */
  endpointUrl?(credentials: Credentials): string;
  /** A cheap check of the credentials with the service, before anything is saved. */
  verify?(credentials: Credentials, ctx: KindContext): Promise<Verification>;
  /**
   * Adds the credentials to a delivery (an Authorization header, a body the service needs);
   * answers `request` itself when it adds nothing (a Custom connection without authentication).
   */
  authorize?(request: OutgoingRequest, credentials: Credentials, eventType: string): OutgoingRequest;
  /** Seconds the service asked to wait after a 429 beyond a Retry-After header (a body field, a reset time). */
  retryAfter?(outcome: SendOutcome, now: Date): number | null;
  /** Which parts of the credentials may be shown, masked. */
  hint(credentials: Credentials): Record<string, string>;
}

/** `re_…abcd`: enough to recognise a key, never enough to use it. */
export function mask(value: string | undefined): string {
  if (!value) return '';
  return value.length <= 8 ? '••••' : `${value.slice(0, 3)}…${value.slice(-4)}`;
}

const PROBE: OutgoingRequest = { url: 'https://probe.invalid/', method: 'POST', headers: {}, body: '{}' };

/** Whether `module`'s deliveries carry some of `credentials` (whatever `authorize` adds). */
export function attaches(module: ConnectorKindModule, credentials: Credentials): boolean {
  return module.authorize !== undefined && module.authorize(PROBE, credentials, '') !== PROBE;
}

/** A square monogram in the service's colour, for the kinds whose brand neither icon set has (logos.ts). */
export function monogram(letters: string, colour: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" role="img" aria-hidden="true"><rect width="32" height="32" rx="7" fill="${colour}"/><text x="16" y="21" font-family="system-ui,sans-serif" font-size="${letters.length > 1 ? 12 : 16}" font-weight="700" fill="#fff" text-anchor="middle">${letters}</text></svg>`;
}

/** A JSON body field, or undefined. */
export function bodyField(outcome: SendOutcome, field: string): unknown {
  if (outcome.kind !== 'response') return undefined;
  try {
    return (JSON.parse(outcome.body) as Record<string, unknown>)[field];
  } catch {
    return undefined;
  }
}

/** The API-key field most kinds ask for: a secret, kept in the credentials. */
export function apiKeyField(help: string, pattern?: string): ConnectField {
  return {
    name: 'apiKey',
    label: 'API key',
    type: 'password',
    required: true,
    ...(pattern ? { pattern } : {}),
    help,
    target: 'credentials',
  };
}

/** Adds `Authorization: Bearer <credentials[field]>`. */
export const bearer =
  (field: string) =>
  (request: OutgoingRequest, credentials: Credentials): OutgoingRequest => ({
    ...request,
    headers: { ...request.headers, authorization: `Bearer ${credentials[field]}` },
  });

/**
 * JavaScript that default transformations start with: a readable account of any event, so that
 * a default reads well for every event type a connector allows, whatever fields its payload has,
 * and never prints "undefined" or "[object Object]".
 */
export const EVENT_HELPERS = `// "invoice.paid" → "Invoice paid"
function titleOf(eventType) {
  const words = String(eventType).replace(/[._-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// A value as text: a person or thing by its name (and email), lists joined, "" for nothing.
function textOf(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" && !Number.isFinite(value)) return "";
  if (Array.isArray(value)) return value.map(textOf).filter(Boolean).join(", ");
  if (typeof value === "object") {
    const name = textOf(value.name ?? value.title ?? value.id);
    if (!value.email) return name;
    return name ? name + " <" + value.email + ">" : String(value.email);
  }
  return String(value);
}

// The payload's fields as [label, text] pairs, the empty ones left out: "invoice_id" → "Invoice id".
function factsOf(payload) {
  if (payload === null || typeof payload !== "object") return payload === undefined ? [] : [["Value", textOf(payload)]];
  return Object.entries(payload)
    .map(([key, value]) => [titleOf(key), textOf(value)])
    .filter(([, text]) => text !== "");
}
`;

/** JavaScript for defaults that act for a person (a contact, a recipient): who the event is about, and its flat properties. */
export const PERSON_HELPERS = `// The person an event is about: its user or customer (or the payload, if it has an email); null if none.
function personOf(payload) {
  const found = [payload?.user, payload?.customer, payload?.person].find((p) => p && typeof p === "object" && (p.email || p.id));
  const person = found ?? (payload && typeof payload === "object" && payload.email ? payload : null);
  if (!person) return null;
  const name = person.name ?? [person.firstname ?? person.first_name, person.lastname ?? person.last_name].filter(Boolean).join(" ");
  return { ...person, name: typeof name === "string" ? name : "" };
}

// The payload's plain fields (text, numbers, true/false) and its "properties", as one flat object.
function propertiesOf(payload) {
  const flat = {};
  const plain = (v) => typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));
  for (const source of [payload, payload?.properties]) {
    if (!source || typeof source !== "object" || Array.isArray(source)) continue;
    for (const [key, value] of Object.entries(source)) if (plain(value)) flat[key] = value;
  }
  return flat;
}
`;

/** JavaScript for defaults that send an email: the event as a small HTML document. */
export const EMAIL_HELPERS = `function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

// The event's title and its fields as a list.
function htmlOf(eventType, payload) {
  const items = factsOf(payload).map(([label, text]) => "<li><strong>" + escapeHtml(label) + ":</strong> " + escapeHtml(text) + "</li>");
  return "<h1>" + escapeHtml(titleOf(eventType)) + "</h1><ul>" + items.join("") + "</ul>";
}
`;
