import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionError';
  }
}

/** A key's id: a short digest, so a ciphertext names the key that made it without revealing it. */
export const keyId = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8);

/**
 * AES-256-GCM for secrets at rest. Each value gets a random 96-bit nonce; the associated data
 * binds the ciphertext to what it belongs to (an endpoint, a signing key), so a ciphertext
 * copied onto another row does not decrypt. The text form `v1.<key id>.<nonce>.<ciphertext+tag>`
 * names its key, so old keys can stay in the ring for reading while new values use the current one.
 */
export class Cipher {
  readonly #current: { id: string; key: Buffer };
  readonly #ring: Map<string, Buffer>;

  /** `keys[0]` encrypts; every key decrypts. Each must be 32 bytes. */
  constructor(keys: Buffer[]) {
    if (keys.length === 0) throw new Error('Cipher needs at least one key');
    for (const key of keys) if (key.length !== 32) throw new Error('encryption keys must be 32 bytes');
    this.#ring = new Map(keys.map((key) => [keyId(key), key]));
    const first = keys[0] as Buffer;
    this.#current = { id: keyId(first), key: first };
  }

  get currentKeyId(): string {
    return this.#current.id;
  }

  encrypt(plaintext: string, associatedData: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#current.key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(associatedData));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [VERSION, this.#current.id, nonce.toString('base64url'), sealed.toString('base64url')].join('.');
  }

  decrypt(text: string, associatedData: string): string {
    const [version, id, nonce, sealed] = text.split('.');
    if (version !== VERSION || !id || !nonce || !sealed) throw new DecryptionError('not a Patchbay ciphertext');
    const key = this.#ring.get(id);
    if (!key) throw new DecryptionError(`encrypted with key ${id}, which is not configured`);
    const bytes = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new DecryptionError('the ciphertext was altered, or belongs to something else');
    }
  }

  /** Whether `text` was made with an old key and should be encrypted again. */
  isStale(text: string): boolean {
    return text.split('.')[1] !== this.#current.id;
  }
}
