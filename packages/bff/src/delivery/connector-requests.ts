import { kindModule } from '../catalog/catalog.ts';
import type { ConnectorKindModule, Credentials } from '../catalog/kind.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { CredentialService } from '../domain/credentials.ts';
import type { Logger } from '../logger.ts';
import { postTokenRequest, tokenCredentials } from '../oauth/providers.ts';
import type { Endpoint } from '../store/types.ts';
import type { DeliveryClient, OutgoingRequest, SendOutcome } from './http-client.ts';
import type { ServiceRouting } from './service-routing.ts';

/** A HubSpot access token this close to expiry is refreshed before use. */
const REFRESH_MARGIN_MS = 60_000;

export type ConnectorRequests = ReturnType<typeof createConnectorRequests>;

/**
 * The connector's part of a delivery: its credentials applied (decrypted only here), the
 * request routed to the service's configured origin, and OAuth tokens kept fresh — refreshed
 * before they expire and once more on a 401, with the new token stored.
 */
export function createConnectorRequests(deps: {
  credentials: CredentialService;
  routing: ServiceRouting;
  client: DeliveryClient;
  oauth: Config['oauth'];
  clock: Clock;
  logger: Logger;
}) {
  const { credentials, routing, client, clock } = deps;

  async function refreshHubspot(endpointId: string, current: Credentials): Promise<Credentials> {
    const app = deps.oauth.hubspot;
    if (!app || !current.refreshToken) return current;
    const body = await postTokenRequest(client, routing, 'hubspot', app, {
      grant_type: 'refresh_token',
      refresh_token: current.refreshToken,
    });
    const fresh = { ...current, ...tokenCredentials(body, clock.now().getTime()) };
    await credentials.save(endpointId, 'Hubspot', fresh, {});
    deps.logger.info({ endpointId }, 'refreshed a HubSpot access token');
    return fresh;
  }

  function build(
    module: ConnectorKindModule | undefined,
    creds: Credentials | undefined,
    request: OutgoingRequest,
    eventType: string,
  ) {
    const authorized = module && creds && module.authorize ? module.authorize(request, creds, eventType) : request;
    const routed = routing.route(authorized.url);
    return { request: { ...authorized, url: routed.url }, trusted: routed.trusted };
  }

  return {
    /**
     * Sends `request` for `endpoint` made from a connector of `kind` (or none), and answers the
     * outcome with the kind, whose 429 hints the retry policy reads.
     */
    async send(
      endpoint: Endpoint,
      kind: string | undefined,
      request: OutgoingRequest,
      eventType: string,
    ): Promise<{ outcome: SendOutcome; url: string; module: ConnectorKindModule | undefined }> {
      const module = kind ? kindModule(kind) : undefined;
      let creds = module ? await credentials.read(endpoint.id) : undefined;
      const oauthTokens = module?.kind === 'Hubspot' && creds;
      if (oauthTokens && Number(creds?.expiresAt ?? 0) - clock.now().getTime() < REFRESH_MARGIN_MS) {
        creds = await refreshHubspot(endpoint.id, creds as Credentials).catch(() => creds);
      }
      let prepared = build(module, creds, request, eventType);
      let outcome = await client.send(prepared.request, { trusted: prepared.trusted });
      // HubSpot warns a 401 does not always mean expiry; refreshing once and retrying costs little.
      if (oauthTokens && outcome.kind === 'response' && outcome.status === 401) {
        creds = await refreshHubspot(endpoint.id, creds as Credentials).catch(() => creds);
        prepared = build(module, creds, request, eventType);
        outcome = await client.send(prepared.request, { trusted: prepared.trusted });
      }
      // The attempt log shows the URL before credentials were added: a key in a path (Inngest) stays out of it.
      return { outcome, url: request.url, module };
    },
  };
}
