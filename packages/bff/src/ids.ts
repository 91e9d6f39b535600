import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_LENGTH = 27;

let lastMs = -1;
let lastRandom = 0n;

/**
 * 160 bits in 27 base62 characters, like Svix's KSUIDs: 48 bits of milliseconds, then 112
 * random bits that count up within one millisecond, so ids sort in creation order and can
 * serve as pagination cursors.
 */
export function sortableId(nowMs: number): string {
  let random: bigint;
  if (nowMs === lastMs) {
    random = lastRandom + 1n;
  } else {
    random = BigInt(`0x${randomBytes(14).toString('hex')}`) >> 1n; // headroom for counting up
    lastMs = nowMs;
  }
  lastRandom = random;
  return base62((BigInt(nowMs) << 112n) | random);
}

function base62(number: bigint): string {
  let value = number;
  let out = '';
  while (value > 0n) {
    out = ALPHABET[Number(value % 62n)] + out;
    value /= 62n;
  }
  return out.padStart(ID_LENGTH, '0');
}

export type IdPrefix = 'app' | 'ep' | 'msg' | 'atmpt' | 'trtmpl' | 'qtask' | 'integ';

export const newId = (prefix: IdPrefix, nowMs: number) => `${prefix}_${sortableId(nowMs)}`;

/**
 * The lowest id made at `ms` (`first`) or the highest (`last`): ids sort in creation order, so
 * everything made from one time to another lies between two such bounds (an index range).
 */
export const idBound = (prefix: IdPrefix, ms: number, end: 'first' | 'last') =>
  `${prefix}_${base62(end === 'first' ? BigInt(ms) << 112n : ((BigInt(ms) + 1n) << 112n) - 1n)}`;
