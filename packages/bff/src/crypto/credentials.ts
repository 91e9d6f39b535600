import type { Clock } from '../clock.ts';
import type { Credentials } from '../model.ts';
import type { Store, StoredCredentials } from '../store/types.ts';
import type { Cipher } from './cipher.ts';

export type CredentialService = ReturnType<typeof createCredentialService>;

/** An endpoint's credentials, with the kind whose they are: that kind says where they may go. */
export interface HeldCredentials {
  kind: string;
  credentials: Credentials;
}

/** What makes credentials for an endpoint that has none: its kind (a catalog module). */
interface NewCredentialsOf {
  kind: string;
  hint(credentials: Credentials): Record<string, string>;
}

/** The AAD that binds an endpoint's credentials to that endpoint. */
const aad = (endpointId: string) => `endpoint-credentials:${endpointId}`;

/**
 * Connected services' credentials, encrypted at rest. They are decrypted only to make a
 * delivery or refresh a token, and never leave the BFF: the API shows the masked `hint`.
 * A secret delivery URL (an incoming webhook) is one of them, under `url`; so is the user info
 * a URL came with, as a Basic pair (`username`, `password`).
 */
export function createCredentialService(deps: { store: Store; cipher: Cipher; clock: Clock }) {
  const { store, cipher, clock } = deps;

  const decrypt = (stored: StoredCredentials) =>
    JSON.parse(cipher.decrypt(stored.ciphertext, aad(stored.endpointId))) as Credentials;

  const open = (stored: StoredCredentials | undefined): HeldCredentials | undefined =>
    stored && { kind: stored.kind, credentials: decrypt(stored) };

  const read = async (endpointId: string) => open(await store.credentials.get(endpointId));

  async function put(endpointId: string, kind: string, credentials: Credentials, hint: Record<string, string>) {
    await store.credentials.put({
      endpointId,
      kind,
      ciphertext: cipher.encrypt(JSON.stringify(credentials), aad(endpointId)),
      hint,
      updatedAt: clock.now(),
    });
  }

  return {
    read,
    /** Credentials as read already (with others, for a batch of deliveries), decrypted. */
    open,
    /**
     * Replaces the endpoint's credentials. A secret delivery URL already kept for it stays, unless
     * `credentials` brings its own: an OAuth connect saves the channel after the endpoint sealed its URL.
     */
    async save(endpointId: string, kind: string, credentials: Credentials, hint: Record<string, string>) {
      const url = credentials.url ?? (await read(endpointId))?.credentials.url;
      await put(endpointId, kind, url === undefined ? credentials : { ...credentials, url }, hint);
    },
    /**
     * Keeps `part` with the endpoint's credentials, over what they held of it: a secret delivery
     * URL of `module`'s service, or the user name and password a URL came with. None yet: they
     * are made as `module`'s. `hint` overrides what the kind's own hint would show.
     */
    async seal(endpointId: string, module: NewCredentialsOf, part: Credentials, hint: Record<string, string> = {}) {
      const stored = await store.credentials.get(endpointId);
      const credentials = { ...(stored && decrypt(stored)), ...part };
      const shown = { ...(stored?.hint ?? module.hint(credentials)), ...hint };
      await put(endpointId, stored?.kind ?? module.kind, credentials, shown);
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
