import { BadRequestError, ValidationError } from '../errors.ts';

/** The most event types one import (OpenAPI or environment) may write. */
export const MAX_IMPORTED_EVENT_TYPES = 1000;

/** How deep `$ref`s may nest, and how many schema nodes the inlined schemas may hold in all: a cycle or a bomb is a 422. */
const MAX_REF_DEPTH = 32;
const MAX_NODES = 200_000;

type Loc = (string | number)[];
type Json = Record<string, unknown>;

/** One webhook of the spec as an event type's fields, still to be validated (at `loc`) as an EventTypeIn. */
export interface SpecEventType {
  loc: Loc;
  fields: Json;
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const problem = (loc: Loc, msg: string, type = 'value_error') => new ValidationError([{ loc, msg, type }]);

/**
 * The spec as Svix takes it: `spec` (an object) or `specRaw` (a string), exactly one. Svix also
 * parses `specRaw` as YAML; Patchbay reads JSON only and says so (docs/api.md).
 */
export function specOf(spec: Json | null | undefined, specRaw: string | null | undefined): Json {
  if ((spec == null) === (specRaw == null))
    throw new BadRequestError('bad_request', 'Give exactly one of spec and specRaw');
  if (spec != null) return spec;
  let parsed: unknown;
  try {
    parsed = JSON.parse(specRaw as string);
  } catch {
    throw problem(['body', 'specRaw'], 'must be a JSON document (Patchbay does not read YAML: send it as JSON)');
  }
  if (!isObject(parsed)) throw problem(['body', 'specRaw'], 'must be a JSON object');
  return parsed;
}

/**
 * The event types an OpenAPI document's webhooks describe, as Svix reads them: each entry of
 * `webhooks` (OpenAPI 3.1; `x-webhooks` before it) is an event type of that name, its `post`
 * operation's description (or summary), `deprecated`, `x-svix-group-name` and
 * `x-svix-feature-flags`, and its JSON request body's schema as version "1", with local `$ref`s
 * inlined (the event type must stand alone once stored).
 */
export function eventTypesFromSpec(spec: Json, at: Loc): SpecEventType[] {
  const webhooks = spec.webhooks ?? spec['x-webhooks'];
  const webhooksAt = [...at, spec.webhooks !== undefined ? 'webhooks' : 'x-webhooks'];
  if (webhooks === undefined) return [];
  if (!isObject(webhooks)) throw problem(webhooksAt, 'must be an object of webhooks by name');
  const names = Object.keys(webhooks);
  if (names.length > MAX_IMPORTED_EVENT_TYPES)
    throw problem(webhooksAt, `may describe at most ${MAX_IMPORTED_EVENT_TYPES} webhooks`, 'value_error.too_many');
  const budget = { nodes: 0 };
  return names.map((name) => {
    const loc = [...webhooksAt, name];
    const item = resolve(spec, webhooks[name], loc, budget);
    const post = isObject(item) ? resolve(spec, item.post, [...loc, 'post'], budget) : undefined;
    if (!isObject(post)) throw problem(loc, 'must be a path item with a post operation');
    const body = resolve(spec, post.requestBody, [...loc, 'post', 'requestBody'], budget);
    const content = isObject(body) && isObject(body.content) ? body.content['application/json'] : undefined;
    const schema = isObject(content) ? content.schema : undefined;
    return {
      loc,
      fields: {
        name,
        description: post.description ?? post.summary ?? '',
        deprecated: post.deprecated ?? false,
        archived: false,
        schemas: schema === undefined ? null : { '1': inline(spec, schema, [...loc, 'post', 'requestBody'], budget) },
        groupName: post['x-svix-group-name'] ?? null,
        featureFlags: post['x-svix-feature-flags'] ?? null,
      },
    };
  });
}

/** The value a local `$ref` (`#/components/…`) points at, followed through chains of refs. */
function resolve(spec: Json, value: unknown, loc: Loc, budget: { nodes: number }, depth = 0): unknown {
  if (!isObject(value) || typeof value.$ref !== 'string') return value;
  if (depth >= MAX_REF_DEPTH) throw problem(loc, 'has $refs nested too deep (a cycle?)', 'value_error.ref');
  const ref = value.$ref;
  if (!ref.startsWith('#/'))
    throw problem(loc, `refers to "${ref}": only local $refs (#/…) are read`, 'value_error.ref');
  let target: unknown = spec;
  for (const part of ref.slice(2).split('/')) {
    const key = part.replaceAll('~1', '/').replaceAll('~0', '~');
    target = isObject(target) ? target[key] : undefined;
  }
  if (target === undefined)
    throw problem(loc, `refers to "${ref}", which the document does not hold`, 'value_error.ref');
  return resolve(spec, target, loc, budget, depth + 1);
}

/** A copy of the schema with every local `$ref` replaced by what it points at. */
function inline(spec: Json, schema: unknown, loc: Loc, budget: { nodes: number }, depth = 0): unknown {
  if (++budget.nodes > MAX_NODES) throw problem(loc, 'inlines into too large a schema', 'value_error.too_large');
  if (depth >= MAX_REF_DEPTH) throw problem(loc, 'has $refs nested too deep (a cycle?)', 'value_error.ref');
  if (Array.isArray(schema)) return schema.map((v) => inline(spec, v, loc, budget, depth));
  if (!isObject(schema)) return schema;
  if (typeof schema.$ref === 'string') return inline(spec, resolve(spec, schema, loc, budget), loc, budget, depth + 1);
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, inline(spec, v, loc, budget, depth)]));
}
