import { call, made, newEndpoint } from '../conformance-http.ts';
import type { ConformanceApi, ConformanceCase } from './case.ts';

/** A background task: a recovery of a new endpoint's last hour. */
async function task(api: ConformanceApi): Promise<string> {
  const { app, ep } = await newEndpoint(api);
  const since = new Date(Date.now() - 3_600_000).toISOString();
  return (await made(api, 'POST', `/api/v1/app/${app}/endpoint/${ep}/recover`, { since })).id;
}

export const cases: ConformanceCase[] = [
  {
    operationId: 'v1.background-task.list',
    differs:
      'Lists every task kept (until `PATCHBAY_RETENTION_DAYS` after it ended), not only those of the past 90 days.',
    run: async (api) => {
      await task(api);
      return call(api, 'GET', '/api/v1/background-task?limit=2');
    },
  },
  {
    operationId: 'v1.background-task.get',
    // A finished one: its `data` holds what it did.
    run: async (api) => {
      const id = await task(api);
      while ((await made(api, 'GET', `/api/v1/background-task/${id}`)).status === 'running') await api.tasks.tick();
      return call(api, 'GET', `/api/v1/background-task/${id}`);
    },
  },
];
