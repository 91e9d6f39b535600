import { call } from '../conformance-http.ts';
import type { ConformanceCase } from './case.ts';

export const cases: ConformanceCase[] = [
  { operationId: 'v1.health.get', run: (api) => call(api, 'GET', '/api/v1/health') },
];
