/** What a header set by a customer (on an endpoint, or by a transformation) may be. */
export const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Headers Patchbay sets itself, or that would break the HTTP exchange if a customer set them. */
export const RESERVED_HEADER =
  /^(host|content-length|transfer-encoding|connection|keep-alive|upgrade|te|trailer|proxy-.*|webhook-.*)$/i;

/**
 * What HTTP lets a header value hold (RFC 9110 field-value: tab, visible ASCII, obs-text), as
 * undici checks it when sending: line breaks or NUL would smuggle in another header, and
 * anything else would only fail at every delivery.
 */
export const SAFE_HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** The first thing wrong with a header, or undefined when it may be sent. */
export function headerProblem(name: string, value: unknown): string | undefined {
  if (!HEADER_NAME.test(name)) return `"${name}" is not a valid HTTP header name`;
  if (RESERVED_HEADER.test(name)) return `"${name}" is set by Patchbay and cannot be overridden`;
  if (typeof value !== 'string') return `the value of "${name}" must be a string`;
  if (!SAFE_HEADER_VALUE.test(value))
    return `the value of "${name}" may hold only tab, printable ASCII and Latin-1 characters (no line breaks)`;
  if (value.length > 8192) return `the value of "${name}" is longer than 8192 characters`;
  return undefined;
}

/** Header names whose values look like credentials: never read back, and masked in the attempt log. */
export const SENSITIVE_HEADER =
  /^(authorization|cookie|set-cookie)$|token|secret|key|auth|password|credential|signature|session/i;

/**
 * An endpoint's headers as they may go to `to`: whole on the origin of `from` (where they were
 * given for), elsewhere without the sensitive ones, which no session reads back (the vendor's
 * key, say), so that no session can have them sent to a server of its own.
 */
export function headersFor(headers: Record<string, string>, from: string, to: string): Record<string, string> {
  const origin = (url: string) => URL.parse(url)?.origin ?? null;
  // Most transformations keep the URL: the same string is the same origin, without parsing it twice.
  if (from === to || origin(from) === origin(to)) return headers;
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !SENSITIVE_HEADER.test(name)));
}

/** What the attempt log and the API show in place of a credential's value. */
export const MASKED = '••••';

/** HTTP Basic credentials as an Authorization value (RFC 7617: `user:password`, UTF-8, base64). */
export const basicAuth = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
