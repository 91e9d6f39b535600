import { systemClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { Cipher } from '../crypto/cipher.ts';
import { reencryptSecrets } from '../crypto/rotate.ts';
import { createLogger } from '../logger.ts';
import { encryptionKeys } from '../patchbay.ts';
import { openStore } from '../store/open.ts';
import { CommandError, type Env, EXIT, reason } from './command.ts';

/** `patchbay rotate-encryption-key`: see docs/operations.md, "Rotating the encryption key". */
export async function rotateEncryptionKeyCommand(env: Env): Promise<void> {
  const config = loadConfig(env);
  if (!config.encryptionKeys || config.encryptionKeys.length < 2) {
    throw new CommandError(
      'set PATCHBAY_ENCRYPTION_KEY to the new key and PATCHBAY_ENCRYPTION_KEYS_PREVIOUS to the old one',
      EXIT.config,
    );
  }
  const cipher = new Cipher(await encryptionKeys(config, createLogger('warn')));
  const store = await openStore(config.database).catch((err: unknown) => {
    throw new CommandError(`could not open the database: ${reason(err)}`, EXIT.unavailable);
  });
  try {
    const done = await reencryptSecrets({ store, cipher, clock: systemClock });
    process.stdout.write(
      `re-encrypted ${done.credentials} credential set(s), ${done.signingKeys} signing key(s) and ${done.integrationKeys} integration key(s) under key ${cipher.currentKeyId}\n`,
    );
  } finally {
    await store.close();
  }
}
