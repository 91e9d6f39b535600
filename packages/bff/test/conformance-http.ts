// What the conformance cases share: raw HTTP calls that answer the status and the parsed body
// (the SDK would turn dates into Date objects, hiding what the schema checks), and the setup
// most cases need, each call making its own resources so that no case depends on another.
import { randomUUID } from 'node:crypto';
import type { Answer, ConformanceApi } from './conformance/case.ts';
import type { Json } from './helpers.ts';
import { startReceiver } from './receiver.ts';

/** One call to the API (with the vendor's key unless `token` says): its status, and its JSON body (undefined when there is none). */
export async function call(
  api: ConformanceApi,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<Answer> {
  const res = await api.fetch(path, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    ...(token ? { token } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

/** `call`, failing unless the answer is a 2xx: for the setup before the call a case checks. */
export async function made(api: ConformanceApi, method: string, path: string, body?: unknown): Promise<Json> {
  const answer = await call(api, method, path, body);
  if (answer.status < 200 || answer.status > 299) {
    throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

/** A name no other case uses. */
export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A new application; its id. */
export async function newApp(api: ConformanceApi): Promise<string> {
  return (await made(api, 'POST', '/api/v1/app', { name: unique('conformance'), uid: unique('app') })).id;
}

/** A new event type whose schema carries an example (what send-example sends); its name. */
export async function newEventType(api: ConformanceApi): Promise<string> {
  const name = unique('conformance.happened');
  await made(api, 'POST', '/api/v1/event-type', {
    name,
    description: 'A conformance case made it',
    schemas: { '1': { type: 'object', examples: [{ n: 1 }] } },
  });
  return name;
}

/** A new application with one endpoint (its URL never resolves: deliveries fail and are logged). */
export async function newEndpoint(api: ConformanceApi): Promise<{ app: string; ep: string }> {
  const app = await newApp(api);
  const ep = (await made(api, 'POST', `/api/v1/app/${app}/endpoint`, { url: 'https://receiver.conformance.test/hook' }))
    .id;
  return { app, ep };
}

/**
 * A message delivered to a new endpoint on a loopback receiver, and the attempt that delivered
 * it: an answer with a status, headers and a body, for the attempt's schema to check them.
 */
export async function attempted(
  api: ConformanceApi,
): Promise<{ app: string; ep: string; msg: string; attempt: string }> {
  const receiver = await startReceiver();
  try {
    receiver.script('/hook', { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' });
    const app = await newApp(api);
    const ep = (await made(api, 'POST', `/api/v1/app/${app}/endpoint`, { url: `${receiver.url}/hook` })).id;
    const msg = (
      await made(api, 'POST', `/api/v1/app/${app}/msg`, { eventType: 'conformance.sent', payload: { n: 1 } })
    ).id;
    await api.worker.tick();
    const attempts = await made(api, 'GET', `/api/v1/app/${app}/attempt/msg/${msg}`);
    return { app, ep, msg, attempt: attempts.data[0].id };
  } finally {
    await receiver.close();
  }
}
