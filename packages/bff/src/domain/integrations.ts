import type { Clock } from '../clock.ts';
import type { Cipher } from '../crypto/cipher.ts';
import { integrationKeyAad as keyAad, newIntegrationKey as newKey } from '../crypto/secrets.ts';
import { NotFoundError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { Application, Integration } from '../model.ts';
import type { ListQuery, Store } from '../store/types.ts';

export interface IntegrationInput {
  name: string;
  featureFlags?: string[] | null;
}

export type Integrations = ReturnType<typeof createIntegrations>;

/**
 * An application's integrations (Svix's). Each is made with a key, which is kept sealed and
 * shown only by a rotation (Svix's public operations answer it nowhere else).
 */
export function createIntegrations({ store, clock, cipher }: { store: Store; clock: Clock; cipher: Cipher }) {
  async function get(app: Application, id: string): Promise<Integration> {
    const integration = await store.integrations.get(app.id, id);
    if (!integration) throw new NotFoundError('Integration not found');
    return integration;
  }

  return {
    get,
    list: (app: Application, query: ListQuery) => store.integrations.list(app.id, query),

    async create(app: Application, input: IntegrationInput): Promise<Integration> {
      const now = clock.now();
      const id = newId('integ', now.getTime());
      const integration: Integration = {
        id,
        appId: app.id,
        name: input.name,
        featureFlags: input.featureFlags ?? [],
        keyCiphertext: cipher.encrypt(newKey(), keyAad(id)),
        createdAt: now,
        updatedAt: now,
      };
      await store.integrations.insert(integration);
      return integration;
    },

    /** Svix's PUT replaces the fields; flags left out are none. */
    async update(app: Application, id: string, input: IntegrationInput): Promise<Integration> {
      const updated: Integration = {
        ...(await get(app, id)),
        name: input.name,
        featureFlags: input.featureFlags ?? [],
        updatedAt: clock.now(),
      };
      if (!(await store.integrations.update(updated))) throw new NotFoundError('Integration not found');
      return updated;
    },

    async delete(app: Application, id: string): Promise<void> {
      if (!(await store.integrations.delete(app.id, id))) throw new NotFoundError('Integration not found');
    },

    /** A new key, answered once; the previous one is revoked at once, as in Svix. */
    async rotateKey(app: Application, id: string): Promise<string> {
      const integration = await get(app, id);
      const key = newKey();
      const rotated = { ...integration, keyCiphertext: cipher.encrypt(key, keyAad(id)), updatedAt: clock.now() };
      if (!(await store.integrations.update(rotated))) throw new NotFoundError('Integration not found');
      return key;
    },
  };
}
