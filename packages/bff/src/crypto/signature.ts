import { createHmac } from 'node:crypto';

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
    .map((secret) => {
      const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
      return `v1,${createHmac('sha256', key).update(content).digest('base64')}`;
    })
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
