import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The secret part of a webhook URL a fake hands out, derived from its public part instead of
 * kept in memory: a URL issued before the fake restarted is still accepted (a real service's
 * webhooks outlive its servers' restarts), and any other is refused. The key is per service and
 * fixed: these are fakes, and their URLs are no secret.
 */
export function signer(service: string) {
  const sign = (value: string) =>
    createHmac('sha256', `patchbay-fake-${service}`).update(value).digest('base64url').slice(0, 32);
  return {
    sign,
    verify: (value: string, signature: string) => {
      const expected = Buffer.from(sign(value));
      const given = Buffer.from(signature);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}
