import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

/**
 * Each secret's key, made once: given raw bytes, `createHmac` first checks whether they are a
 * KeyObject or a CryptoKey, which costs Node 24 about 20 µs (a failed brand check builds an
 * exception), several times the HMAC itself. Bounded: past the cap the cache starts over
 * (an endpoint's next delivery makes its key again), so rotated-out secrets do not pile up.
 */
export const MAX_SIGNING_KEYS = 4096;
const keys = new Map<string, KeyObject>();

function keyOf(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size >= MAX_SIGNING_KEYS) keys.clear();
    key = createSecretKey(Buffer.from(secret.replace(/^whsec_/, ''), 'base64'));
    keys.set(secret, key);
  }
  return key;
}

/**
 * The Standard Webhooks signature header: `v1,<base64 HMAC-SHA256 of id.timestamp.body>` for
 * each secret (several during a rotation), space-separated. The key is the base64 after `whsec_`.
 */
export function signatureHeader(
  secrets: readonly string[],
  id: string,
  timestampSeconds: number,
  body: string,
): string {
  const content = `${id}.${timestampSeconds}.${body}`;
  return secrets
    .map((secret) => `v1,${createHmac('sha256', keyOf(secret)).update(content).digest('base64')}`)
    .join(' ');
}

/** The Standard Webhooks headers of one message: its id, the time in seconds, and its signature with each secret. */
export function webhookHeaders(
  id: string,
  now: Date,
  body: string,
  secrets: readonly string[],
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatureHeader(secrets, id, timestamp, body),
  };
}
