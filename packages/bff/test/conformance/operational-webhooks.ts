import { call } from '../conformance-http.ts';
import type { ConformanceApi, ConformanceCase } from './case.ts';

const base = '/api/v1/operational-webhook/endpoint';

/** An operational webhook endpoint of the case's own, with a uid no other case uses. */
async function endpoint(api: ConformanceApi, uid: string): Promise<string> {
  const made = await api.svix.operationalWebhook.endpoint.create({
    url: 'https://ops.example.com/hook',
    uid,
    eventTypes: ['endpoint.disabled'],
    metadata: { team: 'sre' },
    headers: { 'X-Team': 'sre' },
  });
  return made.id;
}

export const cases: ConformanceCase[] = [
  {
    operationId: 'v1.operational-webhook.endpoint.list',
    run: async (api) => {
      await endpoint(api, 'conf-ops-list');
      return call(api, 'GET', `${base}?limit=10`);
    },
  },
  {
    operationId: 'v1.operational-webhook.endpoint.create',
    run: (api) =>
      call(api, 'POST', base, { url: 'https://ops.example.com/new', uid: 'conf-ops-create', throttleRate: 5 }),
  },
  {
    operationId: 'v1.operational-webhook.endpoint.get',
    run: async (api) => call(api, 'GET', `${base}/${await endpoint(api, 'conf-ops-get')}`),
  },
  {
    operationId: 'v1.operational-webhook.endpoint.upsert',
    run: async (api) =>
      call(api, 'PUT', `${base}/${await endpoint(api, 'conf-ops-upsert')}`, {
        url: 'https://ops.example.com/v2',
        disabled: true,
      }),
  },
  {
    operationId: 'v1.operational-webhook.endpoint.delete',
    run: async (api) => call(api, 'DELETE', `${base}/${await endpoint(api, 'conf-ops-delete')}`),
  },
  {
    operationId: 'v1.operational-webhook.endpoint.get-secret',
    run: async (api) => call(api, 'GET', `${base}/${await endpoint(api, 'conf-ops-secret')}/secret`),
  },
  {
    operationId: 'v1.operational-webhook.endpoint.rotate-secret',
    run: async (api) => call(api, 'POST', `${base}/${await endpoint(api, 'conf-ops-rotate')}/secret/rotate`, {}),
  },
  {
    operationId: 'v1.operational-webhook.endpoint.get-headers',
    run: async (api) => call(api, 'GET', `${base}/${await endpoint(api, 'conf-ops-headers')}/headers`),
  },
  {
    operationId: 'v1.operational-webhook.endpoint.set-headers',
    run: async (api) =>
      call(api, 'PUT', `${base}/${await endpoint(api, 'conf-ops-set-headers')}/headers`, {
        headers: { 'X-Other': '1' },
      }),
  },
];
