import { systemClock } from './clock.ts';
import { ConfigError, loadConfig } from './config.ts';
import { Cipher } from './crypto/cipher.ts';
import { reencryptSecrets } from './crypto/rotate.ts';
import { createLogger } from './logger.ts';
import { encryptionKeys } from './patchbay.ts';
import { openStore } from './store/open.ts';

// `npm run rotate-encryption-key`: see docs/operations.md, "Rotating the encryption key".
try {
  const config = loadConfig(process.env);
  if (!config.encryptionKeys || config.encryptionKeys.length < 2) {
    process.stderr.write(
      'rotate-encryption-key: set PATCHBAY_ENCRYPTION_KEY to the new key and PATCHBAY_ENCRYPTION_KEYS_PREVIOUS to the old one\n',
    );
    process.exit(64);
  }
  const cipher = new Cipher(await encryptionKeys(config, createLogger('warn')));
  const store = await openStore(config.database);
  try {
    const done = await reencryptSecrets({ store, cipher, clock: systemClock });
    process.stdout.write(
      `re-encrypted ${done.credentials} credential set(s) and ${done.signingKeys} signing key(s) under key ${cipher.currentKeyId}\n`,
    );
  } finally {
    await store.close();
  }
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`rotate-encryption-key: ${err.message}\n`);
  process.exit(78);
}
