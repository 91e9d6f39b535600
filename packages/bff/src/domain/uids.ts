import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import type { IdPrefix } from '../ids.ts';

/** Every prefix of Patchbay's ids (a record, so that a new prefix cannot be forgotten here). */
const ID_PREFIXES: Record<IdPrefix, true> = {
  app: true,
  ep: true,
  msg: true,
  atmpt: true,
  trtmpl: true,
  qtask: true,
  integ: true,
  trver: true,
};
const ID_LIKE = new RegExp(`^(${Object.keys(ID_PREFIXES).join('|')})_`);

/**
 * Whether a value reads as one of Patchbay's ids. Such a value is never a uid (Svix refuses a uid
 * with its id's prefix), so an id or a uid always names exactly one resource.
 */
export const looksLikeId = (value: string) => ID_LIKE.test(value);
export const INVALID_UID_PREFIX = 'Uids are not allowed to have the same prefix as an id (app_, ep_, msg_, …)';

/** What a PUT's path names: its resource's id prefix, the path parameter, and the resource's name for a 404. */
export interface UpsertPath {
  prefix: IdPrefix;
  param: string;
  what: string;
}

/**
 * The uid to make a resource under when its path names none (Svix's upsert, app-portal-access):
 * the path itself. An id of the resource's own kind is never made up (404), and a path that reads
 * as another resource's id is no uid (422).
 */
export function uidAt(path: string, at: UpsertPath): string {
  if (path.startsWith(`${at.prefix}_`)) {
    throw new NotFoundError(`${at.what} not found: a new one is made only under a uid, never under an id`);
  }
  if (looksLikeId(path)) {
    throw new ValidationError([
      { loc: ['path', at.param], msg: INVALID_UID_PREFIX, type: 'value_error.invalid_uid_prefix' },
    ]);
  }
  return path;
}

/**
 * PUT (Svix's upsert) at `path`: replaces what `find` finds, leaving it the body's uid, else the
 * path's when the path named it by that uid (so the same PUT finds it again rather than making
 * another), else none (PUT replaces); or, when nothing is found, creates it under the body's uid
 * or the path's ({@link uidAt}). Two first PUTs at once both create; the one whose insert lost to
 * the other's uid replaces what the other made, as if it had come second.
 */
export async function upsert<T extends { uid: string | null }>(
  path: string,
  at: UpsertPath,
  bodyUid: string | null | undefined,
  ops: {
    find: () => Promise<T | undefined>;
    replace: (existing: T, uid: string | null) => Promise<T>;
    create: (uid: string) => Promise<T>;
  },
): Promise<{ value: T; created: boolean }> {
  const replace = (existing: T) => ops.replace(existing, bodyUid ?? (existing.uid === path ? path : null));
  const existing = await ops.find();
  if (existing) return { value: await replace(existing), created: false };
  try {
    const pathUid = uidAt(path, at);
    return { value: await ops.create(bodyUid ?? pathUid), created: true };
  } catch (err) {
    const twin = err instanceof ConflictError ? await ops.find() : undefined;
    if (!twin) throw err;
    return { value: await replace(twin), created: false };
  }
}
