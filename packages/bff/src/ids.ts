import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_LENGTH = 27;

let lastMs = -1;
let lastRandom = 0n;

// Entropy is drawn a block at a time (as Node's randomUUID does): one getrandom call and a
// hex string per id were most of an id's cost.
const ENTROPY_BLOCK = 14 * 128;
let entropy = Buffer.alloc(0);
let used = 0;

/** 112 fresh random bits. */
function random112(): bigint {
  if (used + 14 > entropy.length) {
    entropy = randomBytes(ENTROPY_BLOCK);
    used = 0;
  }
  const bits = (entropy.readBigUInt64BE(used) << 48n) | BigInt(entropy.readUIntBE(used + 8, 6));
  used += 14;
  return bits;
}

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
    random = random112() >> 1n; // headroom for counting up
    lastMs = nowMs;
  }
  lastRandom = random;
  return base62((BigInt(nowMs) << 112n) | random);
}

// Eight base62 digits at a time fit a Number: four BigInt divisions per id instead of 27.
const CHUNK_DIGITS = 8;
const CHUNK = 62n ** BigInt(CHUNK_DIGITS);

/** `number` (below 62^27, as 160 bits are) in 27 base62 digits, zero-padded. */
function base62(number: bigint): string {
  let value = number;
  let out = '';
  while (out.length < ID_LENGTH) {
    let chunk = Number(value % CHUNK);
    value /= CHUNK;
    for (let i = 0; i < CHUNK_DIGITS; i++) {
      out = ALPHABET[chunk % 62] + out;
      chunk = Math.floor(chunk / 62);
    }
  }
  return out.slice(-ID_LENGTH);
}

export type IdPrefix = 'app' | 'ep' | 'msg' | 'atmpt' | 'trtmpl' | 'qtask' | 'integ' | 'trver';

export const newId = (prefix: IdPrefix, nowMs: number) => `${prefix}_${sortableId(nowMs)}`;

/**
 * The lowest id made at `ms` (`first`) or the highest (`last`): ids sort in creation order, so
 * everything made from one time to another lies between two such bounds (an index range).
 */
export const idBound = (prefix: IdPrefix, ms: number, end: 'first' | 'last') =>
  `${prefix}_${base62(end === 'first' ? BigInt(ms) << 112n : ((BigInt(ms) + 1n) << 112n) - 1n)}`;
