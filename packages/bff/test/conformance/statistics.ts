import { call, unique } from '../conformance-http.ts';
import type { ConformanceApi, ConformanceCase } from './case.ts';

const HANDLER = 'function handler(webhook) { return webhook; }';

/** An application with one endpoint and one message, so the statistics have something to count. */
async function appWithMessage(api: ConformanceApi): Promise<string> {
  const app = await api.svix.application.create({ name: 'Stats', uid: unique('stats') });
  // Made by whichever case comes first; a 409 after that.
  await api.svix.eventType.create({ name: 'stats.counted', description: 'counted' }).catch(() => undefined);
  await call(api, 'POST', `/api/v1/app/${app.id}/endpoint`, { url: 'https://example.com/hook' });
  await api.svix.message.create(app.id, { eventType: 'stats.counted', payload: { n: 1 } });
  return app.id;
}

const connector = (api: ConformanceApi) =>
  api.svix.connector.create({ name: 'Conformance', uid: unique('conf'), transformation: HANDLER });

const window = () => ({
  since: new Date(Date.now() - 3_600_000).toISOString(),
  until: new Date(Date.now() + 60_000).toISOString(),
});

export const cases: ConformanceCase[] = [
  {
    operationId: 'v1.statistics.aggregate-app-stats',
    async run(api) {
      const appId = await appWithMessage(api);
      return call(api, 'POST', '/api/v1/stats/usage/app', { ...window(), appIds: [appId, unique('nobody')] });
    },
    differs:
      "The finished task's `data.appStats` also counts `messages`; `messageDestinations` counts the endpoints each message was dispatched to (not manual resends)",
  },
  {
    operationId: 'v1.statistics.aggregate-event-types',
    async run(api) {
      await appWithMessage(api);
      return call(api, 'PUT', '/api/v1/stats/usage/event-types');
    },
  },
  {
    operationId: 'v1.connector.list',
    async run(api) {
      await connector(api);
      return call(api, 'GET', '/api/v1/connector?product_type=Dispatch&limit=250');
    },
  },
  {
    operationId: 'v1.connector.create',
    run: (api) =>
      call(api, 'POST', '/api/v1/connector', { name: 'Conformance', uid: unique('conf'), transformation: HANDLER }),
  },
  {
    operationId: 'v1.connector.get',
    async run(api) {
      return call(api, 'GET', `/api/v1/connector/${(await connector(api)).id}`);
    },
  },
  {
    operationId: 'v1.connector.upsert',
    run: (api) =>
      call(api, 'PUT', `/api/v1/connector/${unique('conf')}`, { name: 'Conformance', transformation: HANDLER }),
  },
  {
    operationId: 'v1.connector.patch',
    async run(api) {
      return call(api, 'PATCH', `/api/v1/connector/${(await connector(api)).id}`, { description: 'Patched' });
    },
  },
  {
    operationId: 'v1.connector.delete',
    async run(api) {
      return call(api, 'DELETE', `/api/v1/connector/${(await connector(api)).id}`);
    },
  },
  {
    operationId: 'v1.application.list',
    async run(api) {
      await appWithMessage(api);
      return call(
        api,
        'GET',
        '/api/v1/app?exclude_apps_with_no_endpoints=true&exclude_apps_with_disabled_endpoints=true&exclude_apps_with_svix_play_endpoints=true&order=descending&limit=250',
      );
    },
    differs:
      '`exclude_apps_with_svix_play_endpoints` leaves out none: a self-hosted deployment has no Svix Play endpoints',
  },
];
