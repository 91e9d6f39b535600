import { CATALOG } from '@patchbay/bff';
import { ACME_EVENTS, acmeEventTypes } from './acme-events.ts';

/** The one customer account the demo is signed in as. */
export const DEMO_APP = { uid: 'acme-customer', name: 'Globex (an Acme customer)' };

const IDENTITY = 'function handler(webhook) {\n  return webhook;\n}\n';

/**
 * The connectors Acme offers: one per kind, each starting from the kind's default transformation
 * (which reads well for every Acme event), its Custom one named in each language Acme's customers read.
 */
export const acmeConnectors = () =>
  CATALOG.map((kind) => ({
    name: kind.name,
    kind: kind.kind,
    transformation: kind.defaultTransformation ?? IDENTITY,
    ...(kind.kind === 'Custom'
      ? {
          description: 'Acme’s events, signed, to a URL of yours',
          // The customer may give a user name and password for their own URL (or leave them empty).
          authenticationMethod: 'HttpBasic',
          translations: {
            de: { name: 'Eigener Webhook', description: 'Acmes Ereignisse, signiert, an eine URL Ihrer Wahl' },
            fr: {
              name: 'Webhook personnalisé',
              description: 'Les événements d’Acme, signés, vers l’URL de votre choix',
            },
          },
        }
      : {}),
  }));

/** An event type Acme does not have. */
export class UnknownEventType extends Error {}

/**
 * What Acme's own backend does with Patchbay's vendor API: declare its event types and
 * connectors once, mint a portal session for the signed-in customer, and send events. It calls
 * Patchbay over HTTP with its API key, as any vendor would.
 */
export function acmeBackend(patchbayUrl: string, apiKey: string) {
  async function call<T>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${patchbayUrl}/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json().catch(() => ({}))) as T;
    // 409: made by an earlier start of the demo, which is what we wanted.
    if (!res.ok && res.status !== 409) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  return {
    /** Declares the event types, one connector per kind, and the customer's application; safe to repeat. */
    async setUp(): Promise<void> {
      await call('POST', '/app', { ...DEMO_APP });
      for (const eventType of acmeEventTypes()) await call('POST', '/event-type', eventType);
      const existing = await call<{ data: unknown[] }>('GET', '/connector?limit=1');
      if (existing.data.length) return;
      for (const connector of acmeConnectors()) await call('POST', '/connector', connector);
    },
    /** A portal session for the customer, as Acme's backend makes one for its signed-in user. */
    async portalToken(): Promise<string> {
      return (await call<{ token: string }>('POST', `/auth/app-portal-access/${DEMO_APP.uid}`, {})).token;
    },
    /** The customer's App Portal link (Patchbay's page), in Acme's name and colour. */
    async portalUrl(): Promise<string> {
      const portal = { vendorName: 'Acme Invoices', primaryColorLight: '0B7A55' };
      return (await call<{ url: string }>('POST', `/auth/app-portal-access/${DEMO_APP.uid}`, { portal })).url;
    },
    /** Something happened in Acme: tell Patchbay, with a realistic payload. */
    async emit(eventType: string): Promise<{ id: string; eventType: string; payload: unknown }> {
      const event = ACME_EVENTS[eventType];
      if (!event) throw new UnknownEventType(`Acme has no event type "${eventType}"`);
      const payload = event.make();
      const { id } = await call<{ id: string }>('POST', `/app/${DEMO_APP.uid}/msg`, { eventType, payload });
      return { id, eventType, payload };
    },
  };
}

export type AcmeBackend = ReturnType<typeof acmeBackend>;
