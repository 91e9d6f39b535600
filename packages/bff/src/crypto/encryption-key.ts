import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The encryption key when PATCHBAY_ENCRYPTION_KEY is not set: made once and kept in the data
 * directory, so a restart can still read what it stored. Whoever can read that file can read
 * the credentials: production sets the variable from a secret store instead.
 */
export async function loadOrCreateKeyFile(dataDir: string): Promise<{ key: Buffer; created: boolean; file: string }> {
  const file = path.join(dataDir, 'encryption.key');
  try {
    return { key: Buffer.from((await readFile(file, 'utf8')).trim(), 'base64'), created: false, file };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = randomBytes(32);
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return { key, created: true, file };
}
