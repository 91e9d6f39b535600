import { kindModule } from '../catalog/catalog.ts';
import { attaches, type ConnectorKindModule } from '../catalog/kind.ts';
import type { KindRouting } from '../catalog/routing.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { CredentialService, HeldCredentials } from '../crypto/credentials.ts';
import type { Logger } from '../logger.ts';
import type { Credentials, Endpoint } from '../model.ts';
import { postTokenRequest, tokenCredentials } from '../oauth/providers.ts';
import type { OutboundClient, OutgoingRequest, SendOutcome } from '../outbound/client.ts';

/** A HubSpot access token this close to expiry is refreshed before use. */
const REFRESH_MARGIN_MS = 60_000;

export type ConnectorRequests = ReturnType<typeof createConnectorRequests>;

/**
 * The connector's part of a delivery: its credentials applied (decrypted only here), the
 * request routed to the service's configured origin, and OAuth tokens kept fresh — refreshed
 * before they expire and once more on a 401, with the new token stored.
 *
 * Credentials go only to their kind's service (or, for Custom and Windmill, to the endpoint's
 * own origin): a request a transformation sent elsewhere is not sent at all, and the attempt
 * says why; one that would carry none of them goes where it was sent, as any endpoint's. The
 * kind is the one the credentials were saved for, not the connector's, which the endpoint may
 * have changed since.
 */
export function createConnectorRequests(deps: {
  credentials: CredentialService;
  routing: KindRouting;
  client: OutboundClient;
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
    await credentials.save(endpointId, 'Hubspot', fresh, kindModule('Hubspot')?.hint(fresh) ?? {});
    deps.logger.info({ endpointId }, 'refreshed a HubSpot access token');
    return fresh;
  }

  /** The endpoint's credentials, read only when it can have some (a connector, or a secret URL). */
  function held(endpoint: Endpoint): Promise<HeldCredentials | undefined> {
    return endpoint.connectorId || routing.secretUrlKind(endpoint.url)
      ? credentials.read(endpoint.id)
      : Promise.resolve(undefined);
  }

  /** Nothing sent: the request would have carried `module`'s credentials off its service. */
  function misrouted(module: ConnectorKindModule, target: string, endpoint: Endpoint): SendOutcome {
    const host = URL.parse(target)?.host ?? 'an invalid URL';
    const message =
      target === endpoint.url
        ? `The endpoint's URL is on ${host}, where its ${module.name} credentials may not go: connect again`
        : `Transformation sent the request to ${host}, not to ${URL.parse(endpoint.url)?.host}: credentials are only sent to ${module.name}`;
    return { kind: 'error', reason: 'misrouted', message, durationMs: 0 };
  }

  /** Sends to the service's configured origin, if it has one. */
  function dispatch(request: OutgoingRequest): Promise<SendOutcome> {
    const routed = routing.route(request.url);
    return client.send({ ...request, url: routed.url }, { trusted: routed.trusted });
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
      // The attempt log shows the URL before credentials were added: a key in a path (Inngest) and
      // a sealed webhook URL stay out of it.
      const answer = (outcome: SendOutcome, module: ConnectorKindModule | undefined) => ({
        outcome,
        url: request.url,
        module,
      });
      const holding = await held(endpoint);
      const kindName = holding?.kind ?? kind;
      const module = kindName ? kindModule(kindName) : undefined;
      let creds = holding?.credentials ?? {};
      // The endpoint's own (masked) URL stands for the sealed one; any other URL is the transformation's.
      const sealed = routing.secretUrlKind(endpoint.url) ? creds.url : undefined;
      const outgoing = { ...request, url: sealed && request.url === endpoint.url ? sealed : request.url };
      if (!holding || !module?.authorize || !attaches(module, creds)) return answer(await dispatch(outgoing), module);
      if (!routing.mayCarry(module, outgoing.url, sealed ?? endpoint.url)) {
        return answer(misrouted(module, request.url, endpoint), module);
      }
      const authorize = module.authorize;
      const oauthTokens = module.kind === 'Hubspot';
      if (oauthTokens && Number(creds.expiresAt ?? 0) - clock.now().getTime() < REFRESH_MARGIN_MS) {
        creds = await refreshHubspot(endpoint.id, creds).catch(() => creds);
      }
      let outcome = await dispatch(authorize(outgoing, creds, eventType));
      // HubSpot warns a 401 does not always mean expiry; refreshing once and retrying costs little.
      if (oauthTokens && outcome.kind === 'response' && outcome.status === 401) {
        creds = await refreshHubspot(endpoint.id, creds).catch(() => creds);
        outcome = await dispatch(authorize(outgoing, creds, eventType));
      }
      return answer(outcome, module);
    },
  };
}
