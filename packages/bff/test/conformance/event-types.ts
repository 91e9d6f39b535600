import { call, newEventType, unique } from '../conformance-http.ts';
import type { ConformanceCase } from './case.ts';

export const cases: ConformanceCase[] = [
  {
    operationId: 'v1.event-type.list',
    run: async (api) => {
      await newEventType(api);
      return call(api, 'GET', '/api/v1/event-type?limit=2&with_content=true');
    },
  },
  {
    operationId: 'v1.event-type.create',
    run: (api) =>
      call(api, 'POST', '/api/v1/event-type', {
        name: unique('conformance.created'),
        description: 'Made by the create case',
        featureFlags: ['beta'],
        groupName: 'conformance',
      }),
  },
  {
    operationId: 'v1.event-type.get',
    run: async (api) => call(api, 'GET', `/api/v1/event-type/${await newEventType(api)}`),
  },
  {
    operationId: 'v1.event-type.upsert',
    run: (api) =>
      call(api, 'PUT', `/api/v1/event-type/${unique('conformance.upserted')}`, { description: 'Made by a PUT' }),
  },
  {
    operationId: 'v1.event-type.delete',
    run: async (api) => call(api, 'DELETE', `/api/v1/event-type/${await newEventType(api)}`),
  },
  {
    operationId: 'v1.event-type.patch',
    run: async (api) => call(api, 'PATCH', `/api/v1/event-type/${await newEventType(api)}`, { description: 'Patched' }),
  },
];
