import assert from 'node:assert/strict';
import { giveConsent } from '@patchbay/fakes';

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON answers loosely and assert on what they read.
export type Portal = (route: string, body?: unknown) => Promise<{ status: number; json: any }>;

/** The demo's portal API (`/patchbay/portal/v1`) as the widget calls it, with a session Acme's page would get. */
export async function portalOf(demoUrl: string): Promise<Portal> {
  const token = (await (await fetch(`${demoUrl}/session/patchbay`, { method: 'POST' })).json()).token;
  return async (route, body) => {
    const res = await fetch(`${demoUrl}/patchbay/portal/v1${route}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', origin: demoUrl },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: await res.json() };
  };
}

/**
 * Connects an OAuth connector as the popup does: consent at the fake, then the callback page
 * posts a one-time code to the widget's window, which claims it.
 */
export async function connectOAuth(portal: Portal, connector: { id: string; kind: string }, body: object = {}) {
  const started = await portal(`/connectors/${connector.id}/connect/oauth`, body);
  assert.equal(started.status, 201, JSON.stringify(started.json));
  const { callbackUrl } = await giveConsent(started.json.startUrl, 'approve');
  const page = await (await fetch(callbackUrl)).text();
  const posted = /window\.opener\.postMessage\((\{.*?\}), "[^"]*"\)/.exec(page)?.[1];
  assert.ok(posted, `${connector.kind}: the callback page posts its result`);
  const claimed = await portal(`/connect-sessions/${started.json.sessionId}/claim`, { code: JSON.parse(posted).code });
  assert.equal(claimed.status, 201, `${connector.kind}: ${JSON.stringify(claimed.json)}`);
  assert.equal((await portal(`/connect-sessions/${started.json.sessionId}`)).json.status, 'connected', connector.kind);
  return claimed.json;
}
