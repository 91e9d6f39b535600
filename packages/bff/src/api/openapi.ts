import { z } from 'zod';
import type { RouteTable } from './route-table.ts';

const errorBody = {
  type: 'object',
  required: ['code', 'detail'],
  properties: { code: { type: 'string' }, detail: { type: 'string' } },
};
const validationBody = {
  type: 'object',
  required: ['code', 'detail'],
  properties: {
    code: { type: 'string' },
    detail: {
      type: 'array',
      items: {
        type: 'object',
        required: ['loc', 'msg', 'type'],
        properties: {
          loc: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
          msg: { type: 'string' },
          type: { type: 'string' },
        },
      },
    },
  },
};

const schema = (s: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

/** The OpenAPI 3.1 document, derived from the same route declarations that validate requests. */
export function openApiDocument(routes: RouteTable, version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes.specs) {
    const pathParams = [...spec.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const queryShape = spec.query instanceof z.ZodObject ? (spec.query.shape as Record<string, z.ZodType>) : {};
    const queryParams = Object.entries(queryShape).map(([name, s]) => ({
      name,
      in: 'query',
      required: false,
      schema: schema(s, 'input'),
    }));
    const status = String(spec.status ?? 200);
    const success =
      spec.response && status !== '204'
        ? { description: 'Success', content: { 'application/json': { schema: schema(spec.response, 'output') } } }
        : { description: 'Success' };
    const operation: Record<string, unknown> = {
      operationId: spec.operationId,
      summary: spec.summary,
      tags: [spec.tag],
      parameters: [
        ...pathParams,
        ...queryParams,
        ...(spec.method === 'post'
          ? [{ name: 'idempotency-key', in: 'header', required: false, schema: { type: 'string' } }]
          : []),
      ],
      responses: {
        [status]: success,
        '401': {
          description: 'Missing or invalid credentials',
          content: { 'application/json': { schema: errorBody } },
        },
        '403': {
          description: 'Not allowed for this credential',
          content: { 'application/json': { schema: errorBody } },
        },
        '404': { description: 'Not found', content: { 'application/json': { schema: errorBody } } },
        '409': { description: 'Conflict', content: { 'application/json': { schema: errorBody } } },
        '422': { description: 'Validation error', content: { 'application/json': { schema: validationBody } } },
      },
      'x-patchbay-access':
        'capability' in spec.access ? `${spec.access.kind}:${spec.access.capability}` : spec.access.kind,
    };
    if (spec.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: schema(spec.body, 'input') } },
      };
    }
    paths[spec.path] ??= {};
    (paths[spec.path] as Record<string, unknown>)[spec.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Patchbay API',
      version,
      description:
        "Svix-compatible vendor API, plus the portal routes used by <connector-picker>. Errors are Svix's {code, detail}.",
    },
    components: {
      securitySchemes: {
        HTTPBearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'The vendor API key, or a portal token for routes under one application',
        },
      },
    },
    security: [{ HTTPBearer: [] }],
    paths,
  };
}
