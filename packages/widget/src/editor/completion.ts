import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';

/** What `handler(webhook)` is given, as docs/transformations.md describes it. */
const WEBHOOK: Completion[] = [
  { label: 'method', type: 'property', detail: 'string' },
  { label: 'url', type: 'property', detail: 'string' },
  { label: 'payload', type: 'property', detail: 'object' },
  { label: 'headers', type: 'property', detail: 'object' },
  { label: 'cancel', type: 'property', detail: 'boolean' },
  { label: 'eventType', type: 'property', detail: 'string' },
  { label: 'env', type: 'property', detail: 'object' },
  { label: 'transformationsParams', type: 'property', detail: 'object' },
];

// Schemas come from the vendor: a deep or circular one is read only this far.
const MAX_DEPTH = 12;

type Schema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  items?: Schema | Schema[];
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
};

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null;

/** The schemas a value may match: itself and its allOf/anyOf/oneOf branches. */
function branches(schema: Schema, depth = 0): Schema[] {
  if (depth > MAX_DEPTH) return [];
  const more = [...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].filter(isSchema);
  return [schema, ...more.flatMap((s) => branches(s, depth + 1))];
}

/** The schemas of what `path` (property names; '[]' for an array's item) leads to. */
function at(schemas: readonly Schema[], path: readonly string[]): Schema[] {
  let current = schemas.flatMap((s) => branches(s));
  for (const step of path.slice(0, MAX_DEPTH)) {
    current = current.flatMap((s) => {
      const next = step === '[]' ? (Array.isArray(s.items) ? s.items : [s.items]) : [s.properties?.[step]];
      return next.filter(isSchema).flatMap((n) => branches(n));
    });
  }
  return current;
}

/** The properties the schemas declare at `path`, each once (the first schema's description wins). */
function fields(schemas: readonly Schema[], path: readonly string[]): Completion[] {
  const seen = new Map<string, Completion>();
  for (const schema of at(schemas, path)) {
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (seen.has(name) || !isSchema(property)) continue;
      const type = Array.isArray(property.type) ? property.type.join(' | ') : property.type;
      seen.set(name, {
        label: name,
        type: 'property',
        ...(type ? { detail: type } : {}),
        ...(typeof property.description === 'string' ? { info: property.description } : {}),
      });
    }
  }
  return [...seen.values()];
}

const IDENTIFIER = '[A-Za-z_$][\\w$]*';

/**
 * Completes `webhook.` with what the handler is given and `webhook.payload.` (to any depth, through
 * array items written `[0]`) with the fields of the event types' payload schemas, which `schemas()`
 * gives when asked. The handler's parameter is found by its name in `function handler(…)`.
 */
export function webhookCompletion(schemas: () => readonly unknown[]) {
  return (context: CompletionContext): CompletionResult | null => {
    const code = context.state.doc.toString();
    const name = new RegExp(`function\\s+handler\\s*\\(\\s*(${IDENTIFIER})`).exec(code)?.[1] ?? 'webhook';
    const before = context.matchBefore(
      new RegExp(`\\b${name.replace(/\$/g, '\\$')}((?:\\??\\.${IDENTIFIER}|\\[\\d+\\])*)\\??\\.(${IDENTIFIER})?$`),
    );
    if (!before) return null;
    const typed = before.text.slice(before.text.lastIndexOf('.') + 1);
    const path = [
      ...before.text
        .slice(name.length, before.text.length - typed.length)
        .matchAll(new RegExp(`\\.(${IDENTIFIER})|\\[\\d+\\]`, 'g')),
    ].map((m) => m[1] ?? '[]');
    const from = before.to - typed.length;
    if (path.length === 0) return { from, options: WEBHOOK, validFor: new RegExp(`^${IDENTIFIER}$`) };
    if (path[0] !== 'payload') return null;
    const options = fields(schemas().filter(isSchema), path.slice(1));
    return options.length ? { from, options, validFor: new RegExp(`^${IDENTIFIER}$`) } : null;
  };
}
