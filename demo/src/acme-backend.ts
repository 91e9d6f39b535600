import { CATALOG } from '@patchbay/bff';

/** The one customer account the demo is signed in as. */
export const DEMO_APP = { uid: 'acme-customer', name: 'Globex (an Acme customer)' };

const EVENT_TYPES = [
  ['invoice.created', 'An invoice was issued.', { amount: 99.99, customer_name: 'John Doe' }],
  ['invoice.paid', 'An invoice was paid in full.', { amount: 99.99, customer_name: 'John Doe' }],
  ['user.created', 'Someone signed up.', { user: { email: 'ada@example.com', id: 'user123' } }],
  ['subscription.cancelled', 'A subscription was cancelled.', { user: { email: 'john@example.com' } }],
] as const;

const IDENTITY = 'function handler(webhook) {\n  return webhook;\n}\n';

/**
 * What Acme's own backend does with Patchbay's vendor API: declare its event types and
 * connectors once, and mint a portal session for the signed-in customer. It calls Patchbay over
 * HTTP with its API key, as any vendor would.
 */
export function acmeBackend(patchbayUrl: string, apiKey: string) {
  async function call<T>(method: string, route: string, body?: unknown): Promise<{ status: number; json: T }> {
    const res = await fetch(`${patchbayUrl}/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json().catch(() => ({}))) as T;
    // 409: made by an earlier start of the demo, which is what we wanted.
    if (!res.ok && res.status !== 409) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`);
    return { status: res.status, json };
  }

  return {
    /** Declares the event types, one connector per kind, and the customer's application; safe to repeat. */
    async setUp(): Promise<void> {
      await call('POST', '/app', { ...DEMO_APP });
      for (const [name, description, example] of EVENT_TYPES) {
        await call('POST', '/event-type', {
          name,
          description,
          schemas: { 1: { type: 'object', examples: [example] } },
        });
      }
      const existing = await call<{ data: unknown[] }>('GET', '/connector?limit=1');
      if (existing.json.data.length) return;
      for (const kind of CATALOG) {
        await call('POST', '/connector', {
          name: kind.name,
          kind: kind.kind,
          transformation: kind.defaultTransformation ?? IDENTITY,
        });
      }
    },
    /** A portal session for the customer, as Acme's backend makes one for its signed-in user. */
    async portalToken(): Promise<string> {
      const { json } = await call<{ token: string }>('POST', `/auth/app-portal-access/${DEMO_APP.uid}`, {});
      return json.token;
    },
  };
}
