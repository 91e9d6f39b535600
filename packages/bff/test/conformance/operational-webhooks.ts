import type { Answer, ConformanceApi, ConformanceCase } from './case.ts';

const base = '/api/v1/operational-webhook/endpoint';

/** A raw call's answer, as the runner checks it. */
async function answer(api: ConformanceApi, path: string, init: RequestInit = {}): Promise<Answer> {
  const res = await api.fetch(path, init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

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
      return answer(api, `${base}?limit=10`);
    },
  },
  {
    operationId: 'v1.operational-webhook.endpoint.create',
    run: (api) =>
      answer(api, base, {
        method: 'POST',
        body: JSON.stringify({ url: 'https://ops.example.com/new', uid: 'conf-ops-create', throttleRate: 5 }),
      }),
  },
  {
    operationId: 'v1.operational-webhook.endpoint.get',
    run: async (api) => answer(api, `${base}/${await endpoint(api, 'conf-ops-get')}`),
  },
  {
    operationId: 'v1.operational-webhook.endpoint.upsert',
    run: async (api) =>
      answer(api, `${base}/${await endpoint(api, 'conf-ops-upsert')}`, {
        method: 'PUT',
        body: JSON.stringify({ url: 'https://ops.example.com/v2', disabled: true }),
      }),
  },
  {
    operationId: 'v1.operational-webhook.endpoint.delete',
    run: async (api) => answer(api, `${base}/${await endpoint(api, 'conf-ops-delete')}`, { method: 'DELETE' }),
  },
  {
    operationId: 'v1.operational-webhook.endpoint.get-secret',
    run: async (api) => answer(api, `${base}/${await endpoint(api, 'conf-ops-secret')}/secret`),
  },
  {
    operationId: 'v1.operational-webhook.endpoint.rotate-secret',
    run: async (api) =>
      answer(api, `${base}/${await endpoint(api, 'conf-ops-rotate')}/secret/rotate`, { method: 'POST', body: '{}' }),
  },
  {
    operationId: 'v1.operational-webhook.endpoint.get-headers',
    run: async (api) => answer(api, `${base}/${await endpoint(api, 'conf-ops-headers')}/headers`),
  },
  {
    operationId: 'v1.operational-webhook.endpoint.set-headers',
    run: async (api) =>
      answer(api, `${base}/${await endpoint(api, 'conf-ops-set-headers')}/headers`, {
        method: 'PUT',
        body: JSON.stringify({ headers: { 'X-Other': '1' } }),
      }),
  },
];
