import type { Clock } from '../clock.ts';
import type { Store } from '../store/types.ts';
import type { Cipher } from './cipher.ts';
import { createCredentialService } from './credentials.ts';
import { integrationKeyAad } from './secrets.ts';

/**
 * Re-encrypts every secret at rest under the cipher's current key: endpoint credentials and
 * Patchbay's portal signing key and integration keys. Run with the new key as PATCHBAY_ENCRYPTION_KEY and the old
 * one(s) in PATCHBAY_ENCRYPTION_KEYS_PREVIOUS; once it reports, the old keys can go.
 */
export async function reencryptSecrets(deps: { store: Store; cipher: Cipher; clock: Clock }) {
  const credentials = await createCredentialService(deps).reencryptAll();
  let signingKeys = 0;
  for (const key of await deps.store.portalKeys.listOwn()) {
    const sealed = (key.privateJwk as { sealed?: string } | null)?.sealed;
    if (!sealed || !deps.cipher.isStale(sealed)) continue;
    const aad = `portal-signing-key:${key.kid}`;
    await deps.store.portalKeys.updatePrivate(key.kid, {
      sealed: deps.cipher.encrypt(deps.cipher.decrypt(sealed, aad), aad),
    });
    signingKeys++;
  }
  let integrationKeys = 0;
  for (const integration of await deps.store.integrations.all()) {
    if (!deps.cipher.isStale(integration.keyCiphertext)) continue;
    const aad = integrationKeyAad(integration.id);
    const key = deps.cipher.decrypt(integration.keyCiphertext, aad);
    await deps.store.integrations.update({ ...integration, keyCiphertext: deps.cipher.encrypt(key, aad) });
    integrationKeys++;
  }
  return { credentials, signingKeys, integrationKeys };
}
