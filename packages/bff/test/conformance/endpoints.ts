import { call, made, newEndpoint, newEventType, unique } from '../conformance-http.ts';
import type { ConformanceCase } from './case.ts';

const URL = 'https://receiver.conformance.test/hook';
const anHourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
const endpointPath = async (api: Parameters<ConformanceCase['run']>[0]) => {
  const { app, ep } = await newEndpoint(api);
  return `/api/v1/app/${app}/endpoint/${ep}`;
};

export const cases: ConformanceCase[] = [
  {
    operationId: 'v1.endpoint.list',
    differs: 'Drafts (endpoints a customer is still connecting in the portal) are left out.',
    run: async (api) => {
      const { app } = await newEndpoint(api);
      return call(api, 'GET', `/api/v1/app/${app}/endpoint`);
    },
  },
  {
    operationId: 'v1.endpoint.create',
    differs: "`eventTypes` must name existing event types; also takes Patchbay's `connectorId` and `retrySchedule`.",
    run: async (api) => {
      const { app } = await newEndpoint(api);
      const eventType = await newEventType(api);
      return call(api, 'POST', `/api/v1/app/${app}/endpoint`, {
        url: URL,
        uid: unique('ep'),
        description: 'Made by the create case',
        eventTypes: [eventType],
        channels: ['conformance'],
        metadata: { team: 'ops' },
      });
    },
  },
  { operationId: 'v1.endpoint.get', run: async (api) => call(api, 'GET', await endpointPath(api)) },
  {
    operationId: 'v1.endpoint.upsert',
    run: async (api) => {
      const { app } = await newEndpoint(api);
      return call(api, 'PUT', `/api/v1/app/${app}/endpoint/${unique('ep')}`, { url: URL });
    },
  },
  { operationId: 'v1.endpoint.delete', run: async (api) => call(api, 'DELETE', await endpointPath(api)) },
  {
    operationId: 'v1.endpoint.patch',
    run: async (api) => call(api, 'PATCH', await endpointPath(api), { description: 'Patched' }),
  },
  { operationId: 'v1.endpoint.get-secret', run: async (api) => call(api, 'GET', `${await endpointPath(api)}/secret`) },
  {
    operationId: 'v1.endpoint.rotate-secret',
    differs: 'Also takes `gracePeriodSeconds` (default 86 400, 0 ends the old secret at once).',
    run: async (api) => call(api, 'POST', `${await endpointPath(api)}/secret/rotate`, {}),
  },
  {
    operationId: 'v1.endpoint.get-headers',
    differs: 'Values of headers named like credentials are never read back: their names are listed under `sensitive`.',
    run: async (api) => {
      const path = await endpointPath(api);
      await made(api, 'PUT', `${path}/headers`, { headers: { 'X-Team': 'ops', Authorization: 'Bearer hidden' } });
      return call(api, 'GET', `${path}/headers`);
    },
  },
  {
    operationId: 'v1.endpoint.set-headers',
    differs: 'Headers Patchbay sets itself (`webhook-*`, hop-by-hop, `Host`, `Content-Length`) cannot be set.',
    run: async (api) => call(api, 'PUT', `${await endpointPath(api)}/headers`, { headers: { 'X-Team': 'ops' } }),
  },
  {
    operationId: 'v1.endpoint.patch-headers',
    differs: 'Headers Patchbay sets itself (`webhook-*`, hop-by-hop, `Host`, `Content-Length`) cannot be set.',
    run: async (api) => call(api, 'PATCH', `${await endpointPath(api)}/headers`, { headers: { 'X-Team': 'ops' } }),
  },
  {
    operationId: 'v1.endpoint.transformation.get',
    run: async (api) => {
      const path = await endpointPath(api);
      await made(api, 'PATCH', `${path}/transformation`, {
        code: 'function handler(webhook) { return webhook; }',
        enabled: true,
      });
      return call(api, 'GET', `${path}/transformation`);
    },
  },
  {
    operationId: 'v1.endpoint.transformation.patch',
    run: async (api) =>
      call(api, 'PATCH', `${await endpointPath(api)}/transformation`, {
        code: 'function handler(webhook) { return webhook; }',
        enabled: true,
      }),
  },
  {
    operationId: 'v1.endpoint.replay-missing',
    differs:
      '`since` within the last 90 days; a disabled endpoint or a draft is a 409; at most 3 tasks of an application at once.',
    run: async (api) => call(api, 'POST', `${await endpointPath(api)}/replay-missing`, { since: anHourAgo() }),
  },
  {
    operationId: 'v1.endpoint.bulk-replay',
    differs:
      '`since` within the last 90 days; a disabled endpoint or a draft is a 409; at most 3 tasks of an application at once.',
    run: async (api) => call(api, 'POST', `${await endpointPath(api)}/bulk-replay`, { since: anHourAgo() }),
  },
  {
    operationId: 'v1.endpoint.get-stats',
    differs: 'A window longer than 90 days is a 422; without `since`/`until`, every dispatch kept is counted.',
    run: async (api) => call(api, 'GET', `${await endpointPath(api)}/stats`),
  },
  {
    operationId: 'v1.endpoint.recover',
    differs:
      '`since` within the last 90 days; a disabled endpoint or a draft is a 409; at most 3 tasks of an application at once.',
    run: async (api) => call(api, 'POST', `${await endpointPath(api)}/recover`, { since: anHourAgo() }),
  },
  {
    operationId: 'v1.endpoint.send-example',
    run: async (api) => {
      const eventType = await newEventType(api);
      return call(api, 'POST', `${await endpointPath(api)}/send-example`, { eventType });
    },
  },
];
