import type { Clock } from '../clock.ts';
import type { Cipher } from '../crypto/cipher.ts';
import type { Store } from '../store/types.ts';

export type CredentialService = ReturnType<typeof createCredentialService>;

/** The AAD that binds an endpoint's credentials to that endpoint. */
const aad = (endpointId: string) => `endpoint-credentials:${endpointId}`;

/**
 * Connected services' credentials, encrypted at rest. They are decrypted only to make a
 * delivery or refresh a token, and never leave the BFF: the API shows the masked `hint`.
 */
export function createCredentialService(deps: { store: Store; cipher: Cipher; clock: Clock }) {
  const { store, cipher, clock } = deps;
  return {
    async save(endpointId: string, kind: string, credentials: Record<string, string>, hint: Record<string, string>) {
      await store.credentials.put({
        endpointId,
        kind,
        ciphertext: cipher.encrypt(JSON.stringify(credentials), aad(endpointId)),
        hint,
        updatedAt: clock.now(),
      });
    },
    async read(endpointId: string): Promise<Record<string, string> | undefined> {
      const stored = await store.credentials.get(endpointId);
      return stored && (JSON.parse(cipher.decrypt(stored.ciphertext, aad(endpointId))) as Record<string, string>);
    },
    async hint(endpointId: string): Promise<{ kind: string; hint: Record<string, string> } | undefined> {
      const stored = await store.credentials.get(endpointId);
      return stored && { kind: stored.kind, hint: stored.hint };
    },
    /** Encrypts again, under the current key, everything stored under an older one; answers how many. */
    async reencryptAll(): Promise<number> {
      let count = 0;
      for (const stored of await store.credentials.all()) {
        if (!cipher.isStale(stored.ciphertext)) continue;
        const plaintext = cipher.decrypt(stored.ciphertext, aad(stored.endpointId));
        await store.credentials.put({ ...stored, ciphertext: cipher.encrypt(plaintext, aad(stored.endpointId)) });
        count++;
      }
      return count;
    },
  };
}
