import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { sortableId } from '../ids.ts';
import type { ApiKey } from '../model.ts';
import type { Store } from '../store/types.ts';

/** What every key made here starts with, so other credentials never cost a database read. */
export const API_KEY_PREFIX = 'pbk_';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export type ApiKeys = ReturnType<typeof createApiKeys>;

/**
 * The vendor's API keys beside PATCHBAY_API_KEY (`patchbay api-key`). A key is 256 random bits,
 * so its SHA-256 is all that is kept: a leaked database gives no key. There is no cache: a
 * revoked key is refused by the next request.
 */
export function createApiKeys({ store, clock }: { store: Store; clock: Clock }) {
  return {
    /** A new key, answered only here. */
    async create(name: string): Promise<{ key: string; apiKey: ApiKey }> {
      const trimmed = name.trim();
      if (trimmed.length === 0 || trimmed.length > 128) {
        throw new ValidationError([{ loc: ['name'], msg: 'must be 1 to 128 characters', type: 'value_error' }]);
      }
      const now = clock.now();
      const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
      const apiKey: ApiKey = {
        id: `key_${sortableId(now.getTime())}`,
        name: trimmed,
        hash: sha256(key),
        createdAt: now,
        revokedAt: null,
      };
      await store.apiKeys.insert(apiKey);
      return { key, apiKey };
    },

    list: () => store.apiKeys.list(),

    async revoke(id: string): Promise<void> {
      if (!(await store.apiKeys.revoke(id, clock.now()))) throw new NotFoundError(`No active API key ${id}`);
    },

    /** Whether `credential` is a key made here and not revoked. */
    async verify(credential: string): Promise<boolean> {
      if (!credential.startsWith(API_KEY_PREFIX)) return false;
      const hash = sha256(credential);
      const found = await store.apiKeys.findActive(hash);
      // The lookup already matched; the comparison keeps the check constant-time over the digests.
      return found !== undefined && timingSafeEqual(Buffer.from(found.hash), Buffer.from(hash));
    },
  };
}
