import { call } from '../conformance-http.ts';
import type { ConformanceApi, ConformanceCase } from './case.ts';

/** A fresh application with one integration (without feature flags: Svix's `[]`), for the case's own use. */
async function integration(api: ConformanceApi): Promise<{ base: string; id: string }> {
  const app = await api.svix.application.create({ name: 'Conformance: integrations' });
  const base = `/api/v1/app/${app.id}/integration`;
  const created = await call(api, 'POST', base, { name: 'Zapier', featureFlags: [] });
  return { base, id: (created.body as { id: string }).id };
}

export const cases: ConformanceCase[] = [
  {
    operationId: 'v1.integration.list',
    async run(api) {
      const { base } = await integration(api);
      return call(api, 'GET', `${base}?limit=10`);
    },
  },
  {
    operationId: 'v1.integration.create',
    async run(api) {
      const app = await api.svix.application.create({ name: 'Conformance: integration create' });
      return call(api, 'POST', `/api/v1/app/${app.id}/integration`, { name: 'Zapier', featureFlags: ['beta'] });
    },
  },
  {
    operationId: 'v1.integration.get',
    async run(api) {
      const { base, id } = await integration(api);
      return call(api, 'GET', `${base}/${id}`);
    },
  },
  {
    operationId: 'v1.integration.update',
    async run(api) {
      const { base, id } = await integration(api);
      return call(api, 'PUT', `${base}/${id}`, { name: 'Zapier EU', featureFlags: ['eu'] });
    },
  },
  {
    operationId: 'v1.integration.delete',
    async run(api) {
      const { base, id } = await integration(api);
      return call(api, 'DELETE', `${base}/${id}`);
    },
  },
  {
    operationId: 'v1.integration.rotate-key',
    differs:
      'Patchbay keeps the key sealed and hands it out only here; it accepts no integration key as a credential of its own API.',
    async run(api) {
      const { base, id } = await integration(api);
      return call(api, 'POST', `${base}/${id}/key/rotate`);
    },
  },
];
