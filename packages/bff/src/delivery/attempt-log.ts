import type { SentRequest } from '../model.ts';
import { LOGGED_BODY_CHARS, type OutgoingRequest } from '../outbound/client.ts';
import { MASKED, SENSITIVE_HEADER } from '../outbound/headers.ts';
import { hideUserInfo } from '../outbound/urls.ts';

/** How much of an attempt's headers (request or answer, all values together) the log keeps. */
export const LOGGED_HEADER_CHARS = 8192;

/**
 * The transformation's variables are readable only with ManageTransformations, but the log is
 * read with ViewBase: a value long enough to be a key is masked wherever a transformation put it
 * (URL, headers, body) and wherever a receiver echoed it. Shorter ones ("#ops") stay readable.
 * The connection's own secrets are masked the same way.
 */
const SECRET_LENGTH = 8;

/**
 * What the attempt log keeps of one attempt: where it went and what went out (no user info,
 * credentials already masked by the connector layer, variable values masked here), what came
 * back (credential-like headers and variable values masked), each within the log's caps, so that
 * no endpoint's settings make an attempt's row large.
 */
export function attemptLog(variables: Record<string, string>, connection: readonly string[] = []) {
  // The longest first: a secret that contains another is masked whole.
  const secrets = [...new Set([...Object.values(variables), ...connection])]
    .filter((v) => v.length >= SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  const hide = (text: string) => secrets.reduce((t, s) => t.replaceAll(s, MASKED), text);

  function headers(all: Record<string, string>, masked = (_name: string) => false): Record<string, string> {
    let room = LOGGED_HEADER_CHARS;
    return Object.fromEntries(
      Object.entries(all).map(([name, value]) => {
        const shown = masked(name) ? MASKED : hide(value);
        const kept = shown.slice(0, Math.max(0, room));
        room -= name.length + kept.length;
        return [name, kept === shown ? kept : `${kept}…`];
      }),
    );
  }

  return {
    url: (url: string) => hide(hideUserInfo(url)),
    request: (sent: OutgoingRequest): SentRequest => {
      const body = hide(sent.body);
      return {
        method: sent.method,
        headers: headers(sent.headers),
        body: body.slice(0, LOGGED_BODY_CHARS),
        bodyTruncated: body.length > LOGGED_BODY_CHARS,
      };
    },
    response: hide,
    /** A receiver's headers: a cookie it set or a token it answered masked as any credential is. */
    responseHeaders: (answered: Record<string, string>) => headers(answered, (name) => SENSITIVE_HEADER.test(name)),
  };
}
