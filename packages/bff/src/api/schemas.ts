import { z } from 'zod';
import { ValidationError } from '../errors.ts';
import { isHttpUrl } from '../outbound/urls.ts';
import { FILTER_LIMITS, FILTER_OPERATORS, filterProblems } from '../transform/filter.ts';

/** Building blocks shared by every resource's schemas, with Svix's patterns and limits. */

export const UID_PATTERN = /^[a-zA-Z0-9\-_.]+$/;
export const uid = z.string().min(1).max(256).regex(UID_PATTERN, 'may contain only letters, digits, - _ and .');
export const eventTypeName = z
  .string()
  .min(1)
  .max(256)
  .regex(UID_PATTERN, 'may contain only letters, digits, - _ and .');
export const featureFlags = z
  .array(z.string().max(256).regex(UID_PATTERN, 'may contain only letters, digits, - _ and .'))
  .max(25)
  .refine(unique, 'must not repeat a value');
export const channels = z
  .array(
    z
      .string()
      .min(1)
      .max(128)
      .regex(/^[a-zA-Z0-9\-_.:+]+$/, 'may contain only letters, digits and - _ . : +'),
  )
  .min(1)
  .max(10)
  .refine(unique, 'must not repeat a value');
export const stringMap = (maxEntries = 100) =>
  z
    .record(z.string().max(256), z.string().max(8192))
    .refine((m) => Object.keys(m).length <= maxEntries, `may have at most ${maxEntries} entries`);
export const throttleRate = z.number().int().min(1).max(65_535);
export const httpUrl = z.string().max(65_536).refine(isHttpUrl, 'must be an absolute http:// or https:// URL');
export const transformationCode = z.string().min(10).max(51_200);
export const timestamp = z.iso.datetime({ offset: true });

export function unique(values: readonly unknown[]): boolean {
  return new Set(values).size === values.length;
}

/** Svix's list query: `limit` (1..250), `iterator`, `order`. */
export const listQuery = (defaultOrder: 'ascending' | 'descending') =>
  z.object({
    limit: z.coerce.number().int().min(1).max(250).default(50),
    iterator: z.string().max(300).nullish(),
    order: z.enum(['ascending', 'descending']).default(defaultOrder),
  });

/** A query parameter holding a list, as the SDKs send it (comma-separated) or repeated. */
export const csv = <T extends z.ZodType<string>>(item: T) =>
  z.preprocess(
    (value) =>
      (Array.isArray(value) ? value : [value])
        .flatMap((v) => String(v).split(','))
        .map((v) => v.trim())
        .filter(Boolean),
    z.array(item).max(100),
  );

export const queryDate = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
export const queryBoolean = z.enum(['true', 'false']).transform((value) => value === 'true');

/** Svix's paginated answer around an item schema. */
export const listResponse = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    iterator: z.string().nullable(),
    prevIterator: z.string().nullable(),
    done: z.boolean(),
  });

/** Validates a path parameter that names something new (an upsert), so a bad name is a 422, not a 404. */
export function pathParam<T>(schema: z.ZodType<T>, params: Record<string, string>, name: string): T {
  const result = schema.safeParse(params[name]);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({
      loc: ['path', name],
      msg: issue.message,
      type: `value_error.${issue.code}`,
    })),
  );
}

/**
 * A Patchbay extension: the payload filter, a JSON Logic rule of the operators the evaluator
 * supports, each problem said at its place in the rule (`loc: ['body', 'filter', 'and', 0, …]`).
 */
export const endpointFilter = z
  .record(z.string(), z.unknown())
  .superRefine((rule, ctx) => {
    for (const p of filterProblems(rule)) ctx.addIssue({ code: 'custom', path: p.loc, message: p.msg });
  })
  .meta({
    description: `Patchbay extension: a JSON Logic rule on the payload (operators: ${FILTER_OPERATORS.join(' ')}; at most ${FILTER_LIMITS.maxNodes} operators and values, ${FILTER_LIMITS.maxDepth} deep, ${FILTER_LIMITS.maxBytes} bytes). A message it does not pass is not sent: its attempt says it was filtered out. Null: every message.`,
  });
