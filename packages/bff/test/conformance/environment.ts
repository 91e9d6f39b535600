import { call, unique } from '../conformance-http.ts';
import type { ConformanceCase } from './case.ts';

export const cases: ConformanceCase[] = [
  {
    operationId: 'v1.environment.export',
    async run(api) {
      await api.svix.eventType.create({
        name: unique('env'),
        description: 'exported',
        schemas: { '1': { type: 'object' } },
      });
      await api.svix.connector.create({
        name: 'Exported',
        uid: unique('env'),
        transformation: 'function handler(webhook) { return webhook; }',
      });
      return call(api, 'POST', '/api/v1/environment/export', {});
    },
    differs: "settings is always null: Patchbay's settings are the deployment's environment variables",
  },
  {
    operationId: 'v1.environment.import',
    run: (api) =>
      call(api, 'POST', '/api/v1/environment/import', {
        eventTypes: [{ name: unique('imp'), description: 'imported' }],
        connectors: [{ name: 'Imported', transformation: 'function handler(webhook) { return webhook; }' }],
      }),
    differs: 'settings other than null or {} are refused with 422 (nothing to store them in)',
  },
  {
    operationId: 'v1.event-type.import-openapi',
    run: (api) =>
      call(api, 'POST', '/api/v1/event-type/import/openapi', {
        dryRun: true,
        spec: {
          openapi: '3.1.0',
          info: { title: 'Conformance', version: '1.0.0' },
          webhooks: {
            [unique('oas')]: {
              post: {
                description: 'A webhook',
                requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
                responses: { '200': { description: 'ok' } },
              },
            },
          },
        },
      }),
    differs: 'specRaw is read as JSON only (YAML: 422); a dry run names in modified what it would change',
  },
  {
    operationId: 'v1.message.precheck',
    async run(api) {
      const app = await api.svix.application.create({ name: 'Precheck' });
      await api.svix.endpoint.create(app.id, { url: 'https://example.com/hook' });
      return call(api, 'POST', `/api/v1/app/${app.id}/msg/precheck/active`, { eventType: 'any.event' });
    },
  },
];
