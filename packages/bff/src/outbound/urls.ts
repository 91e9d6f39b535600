/** URL checks that hold wherever a URL comes from: a form, an endpoint, a transformation's output. */

export function isHttpUrl(value: string): boolean {
  const url = URL.parse(value);
  return (url?.protocol === 'http:' || url?.protocol === 'https:') && url.hostname !== '';
}

/** Whether `hostname` is one of `hosts` (a leading "." for any subdomain). */
export function onHosts(hosts: readonly string[], hostname: string): boolean {
  return hosts.some((h) => (h.startsWith('.') ? hostname.endsWith(h) && hostname.length > h.length : hostname === h));
}

/** What a pasted URL must be; `source` is a regular expression a client may check first. */
export interface UrlCheck {
  readonly source: string;
  test(url: string): boolean;
}

/** An https URL with a path on one of `hosts`, judged on the parsed URL so no spelling trick passes. */
export function httpsUrlOn(hosts: readonly string[]): UrlCheck {
  const names = hosts.map((h) => (h.startsWith('.') ? `[^/?#@\\\\]+${h}` : h).replaceAll('.', '\\.'));
  return {
    source: `^https://(${names.join('|')})(:\\d+)?/.+`,
    test(url) {
      const parsed = URL.parse(url);
      return parsed?.protocol === 'https:' && parsed.pathname.length > 1 && onHosts(hosts, parsed.hostname);
    },
  };
}

/** `https://hooks.slack.com/services/T0…/…`: where a secret URL points, never enough to use it. */
export function maskUrl(url: string, visibleSegments: number): string {
  const parsed = URL.parse(url);
  if (!parsed) return '…';
  const segments = parsed.pathname.split('/').filter(Boolean);
  const hidden = segments.slice(visibleSegments);
  const shown = [
    ...segments.slice(0, visibleSegments),
    ...(hidden.length ? [`${(hidden[0] as string).slice(0, 2)}…`] : []),
    ...(hidden.length > 1 || parsed.search ? ['…'] : []),
  ];
  return `${parsed.protocol}//${parsed.host}/${shown.join('/')}`;
}

/** A URL's user name and password, decoded (`https://user:pass@host`, sent as Basic authentication), or null. */
export function userInfo(url: string): { username: string; password: string } | null {
  if (!mayHoldUserInfo(url)) return null;
  const parsed = URL.parse(url);
  if (!parsed || (!parsed.username && !parsed.password)) return null;
  return { username: decoded(parsed.username), password: decoded(parsed.password) };
}

/**
 * The URL parser takes user info only from before an `@`: a URL without one has none, and is
 * not parsed for it (a delivery asked several times per attempt, each a parse).
 */
const mayHoldUserInfo = (url: string) => url.includes('@');

/** A stray `%` in user info is the character itself, not an error at every delivery. */
function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The URL with `username` for its user info and no password; as it is when it has none. */
function withUserName(url: string, username: string): string {
  if (!mayHoldUserInfo(url)) return url;
  const parsed = URL.parse(url);
  if (!parsed || (!parsed.username && !parsed.password)) return url;
  parsed.username = username;
  parsed.password = '';
  return parsed.href;
}

/** The URL without its user info: where it points, with what it authenticates with kept apart. */
export const withoutUserInfo = (url: string) => withUserName(url, '');

/**
 * The URL with its user info masked, user name and password alike (an API key is often the
 * user name, sent as Basic with no password): what a test panel or an attempt log may show of it.
 */
export const hideUserInfo = (url: string) => withUserName(url, '***');
