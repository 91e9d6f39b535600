import { ConflictError } from '../errors.ts';
import { UniqueViolation } from '../store/types.ts';

/** Runs a store write, turning a unique-constraint violation into a 409 that says what clashed. */
export async function uniquely<T>(work: Promise<T>, what: string): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof UniqueViolation) throw new ConflictError('conflict', `${what} already exists`);
    throw err;
  }
}
