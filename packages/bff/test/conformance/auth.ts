import { call, made, newApp } from '../conformance-http.ts';
import type { ConformanceCase } from './case.ts';

export const cases: ConformanceCase[] = [
  {
    operationId: 'v1.authentication.app-portal-access',
    run: async (api) => call(api, 'POST', `/api/v1/auth/app-portal-access/${await newApp(api)}`, {}),
    differs: "Sessions last one hour unless `expiry` says (Svix: 7 days); the `url` opens Patchbay's App Portal page.",
  },
  {
    operationId: 'v1.authentication.logout',
    run: async (api) => {
      const { token } = await made(api, 'POST', `/api/v1/auth/app-portal-access/${await newApp(api)}`, {});
      return call(api, 'POST', '/api/v1/auth/logout', undefined, token);
    },
  },
  {
    operationId: 'v1.authentication.expire-all',
    run: async (api) => call(api, 'POST', `/api/v1/auth/app/${await newApp(api)}/expire-all`, {}),
  },
];
