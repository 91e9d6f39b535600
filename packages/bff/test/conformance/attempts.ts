import { attempted, call } from '../conformance-http.ts';
import type { ConformanceCase } from './case.ts';

export const cases: ConformanceCase[] = [
  {
    operationId: 'v1.message-attempt.list-by-endpoint',
    differs:
      'Attempts also carry `attempt`, `maxAttempts`, `retry`, `nextAttempt` and what went out and came back, credentials masked.',
    run: async (api) => {
      const { app, ep } = await attempted(api);
      return call(api, 'GET', `/api/v1/app/${app}/attempt/endpoint/${ep}?with_content=true&with_msg=true`);
    },
  },
  {
    operationId: 'v1.message-attempt.list-by-msg',
    differs:
      'Attempts also carry `attempt`, `maxAttempts`, `retry`, `nextAttempt` and what went out and came back, credentials masked.',
    run: async (api) => {
      const { app, msg } = await attempted(api);
      return call(api, 'GET', `/api/v1/app/${app}/attempt/msg/${msg}`);
    },
  },
  {
    operationId: 'v1.message-attempt.list-attempted-messages',
    differs: 'Never answers status `3` (sending); `expanded_statuses` is accepted and changes nothing.',
    run: async (api) => {
      const { app, ep } = await attempted(api);
      return call(api, 'GET', `/api/v1/app/${app}/endpoint/${ep}/msg`);
    },
  },
  {
    operationId: 'v1.message-attempt.list-attempted-destinations',
    run: async (api) => {
      const { app, msg } = await attempted(api);
      return call(api, 'GET', `/api/v1/app/${app}/msg/${msg}/endpoint`);
    },
  },
  {
    operationId: 'v1.message-attempt.get',
    differs:
      'Attempts also carry `attempt`, `maxAttempts`, `retry`, `nextAttempt` and what went out and came back, credentials masked.',
    run: async (api) => {
      const { app, msg, attempt } = await attempted(api);
      return call(api, 'GET', `/api/v1/app/${app}/msg/${msg}/attempt/${attempt}`);
    },
  },
  {
    operationId: 'v1.message-attempt.expunge-content',
    run: async (api) => {
      const { app, msg, attempt } = await attempted(api);
      return call(api, 'DELETE', `/api/v1/app/${app}/msg/${msg}/attempt/${attempt}/content`);
    },
  },
  {
    operationId: 'v1.message-attempt.resend',
    run: async (api) => {
      const { app, msg, ep } = await attempted(api);
      return call(api, 'POST', `/api/v1/app/${app}/msg/${msg}/endpoint/${ep}/resend`);
    },
  },
];
