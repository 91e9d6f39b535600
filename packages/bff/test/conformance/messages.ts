import { call, made, newApp } from '../conformance-http.ts';
import type { ConformanceApi, ConformanceCase } from './case.ts';

/** A new application with one message in it. */
async function sent(api: ConformanceApi): Promise<{ app: string; msg: string }> {
  const app = await newApp(api);
  const msg = (await made(api, 'POST', `/api/v1/app/${app}/msg`, { eventType: 'conformance.sent', payload: { n: 1 } }))
    .id;
  return { app, msg };
}

export const cases: ConformanceCase[] = [
  {
    operationId: 'v1.message.list',
    differs: "Also filters by Patchbay's `status` and `endpoint_id`; each message carries its delivery `status`.",
    run: async (api) => {
      const { app } = await sent(api);
      return call(api, 'GET', `/api/v1/app/${app}/msg?with_content=true`);
    },
  },
  {
    operationId: 'v1.message.create',
    differs:
      'A scheduled message (`deliverAt`) goes to the endpoints subscribed when it was sent, not when it is delivered.',
    run: async (api) =>
      call(api, 'POST', `/api/v1/app/${await newApp(api)}/msg`, {
        eventType: 'conformance.sent',
        payload: { n: 1 },
        eventId: 'evt-1',
        channels: ['conformance'],
        tags: ['case'],
      }),
  },
  {
    operationId: 'v1.message.get',
    // A scheduled one, so that `deliverAt` is a date.
    run: async (api) => {
      const app = await newApp(api);
      const deliverAt = new Date(Date.now() + 10 * 60_000).toISOString();
      const msg = await made(api, 'POST', `/api/v1/app/${app}/msg`, {
        eventType: 'conformance.sent',
        payload: { n: 1 },
        deliverAt,
      });
      return call(api, 'GET', `/api/v1/app/${app}/msg/${msg.id}`);
    },
  },
  {
    operationId: 'v1.message.expunge-content',
    run: async (api) => {
      const { app, msg } = await sent(api);
      return call(api, 'DELETE', `/api/v1/app/${app}/msg/${msg}/content`);
    },
  },
  {
    operationId: 'v1.message.bulk-expunge-content',
    run: async (api) => {
      const { app, msg } = await sent(api);
      return call(api, 'POST', `/api/v1/app/${app}/msg/bulk-expunge`, { ids: [msg, 'msg-never-sent'] });
    },
  },
  {
    operationId: 'v1.message.expunge-all-contents',
    run: async (api) => {
      const { app } = await sent(api);
      return call(api, 'POST', `/api/v1/app/${app}/msg/expunge-all-contents`);
    },
  },
];
