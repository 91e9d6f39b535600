import type { IncomingHttpHeaders } from 'node:http';

/** A request as a fake sees it: parsed once, recorded as is. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The raw body text. */
  text: string;
  /** The body parsed by its content type: JSON, form fields, or undefined when it does not parse. */
  body: unknown;
  params: Record<string, string>;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Drop the connection instead of answering. */
  reset?: boolean;
}

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): FakeResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(value),
});

export const text = (status: number, value: string, headers: Record<string, string> = {}): FakeResponse => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
  body: value,
});

export const html = (status: number, value: string): FakeResponse => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: value,
});

export const empty = (status: number, headers: Record<string, string> = {}): FakeResponse => ({
  status,
  headers,
  body: '',
});

export const redirect = (location: string): FakeResponse => ({ status: 302, headers: { location }, body: '' });

export function parseBody(contentType: string | undefined, raw: string): unknown {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(raw));
  if (type === 'application/json' || type?.endsWith('+json')) {
    try {
      return JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export type Handler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

export interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

/** `route('POST', '/api/webhooks/:id/:token', h)`: `:name` matches one segment, `*name` the rest. */
export function route(method: string, path: string, handler: Handler): Route {
  const pattern = new RegExp(
    `^${path
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/:(\w+)/g, '(?<$1>[^/]+)')
      .replace(/\*(\w+)/g, '(?<$1>.+)')}/?$`,
  );
  return { method, pattern, handler };
}

/** The credentials of an `Authorization: Basic` header, or null. */
export function basicAuth(headers: IncomingHttpHeaders): { user: string; password: string } | null {
  const match = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString();
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export const bearer = (headers: IncomingHttpHeaders): string | null =>
  /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1] ?? null;

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
