import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const KSUID_EPOCH = 1_400_000_000;
const KSUID_LENGTH = 27;

/**
 * A KSUID in base62, as Svix's ids: 4 bytes of seconds then 16 random bytes, so ids sort by
 * creation time and can serve as pagination cursors.
 */
export function ksuid(nowMs: number): string {
  const bytes = Buffer.alloc(20);
  bytes.writeUInt32BE(Math.max(0, Math.floor(nowMs / 1000) - KSUID_EPOCH), 0);
  randomBytes(16).copy(bytes, 4);
  let value = BigInt(`0x${bytes.toString('hex')}`);
  let out = '';
  while (value > 0n) {
    out = ALPHABET[Number(value % 62n)] + out;
    value /= 62n;
  }
  return out.padStart(KSUID_LENGTH, '0');
}

export type IdPrefix = 'app' | 'ep' | 'msg' | 'atmpt' | 'trtmpl';

export const newId = (prefix: IdPrefix, nowMs: number) => `${prefix}_${ksuid(nowMs)}`;
