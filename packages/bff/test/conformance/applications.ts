import { call, newApp, unique } from '../conformance-http.ts';
import type { ConformanceCase } from './case.ts';

export const cases: ConformanceCase[] = [
  {
    operationId: 'v1.application.create',
    run: (api) =>
      call(api, 'POST', '/api/v1/app', { name: 'Conformance', uid: unique('app'), metadata: { plan: 'pro' } }),
  },
  {
    operationId: 'v1.application.get',
    run: async (api) => call(api, 'GET', `/api/v1/app/${await newApp(api)}`),
  },
  {
    operationId: 'v1.application.upsert',
    run: (api) => call(api, 'PUT', `/api/v1/app/${unique('app')}`, { name: 'Upserted' }),
  },
  {
    operationId: 'v1.application.delete',
    run: async (api) => call(api, 'DELETE', `/api/v1/app/${await newApp(api)}`),
  },
  {
    operationId: 'v1.application.patch',
    run: async (api) => call(api, 'PATCH', `/api/v1/app/${await newApp(api)}`, { name: 'Patched' }),
  },
];
