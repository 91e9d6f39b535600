import { kindModule } from '../catalog/catalog.ts';
import { attaches, type ConnectorKindModule } from '../catalog/kind.ts';
import { custom } from '../catalog/kinds/custom.ts';
import type { OAuthProvider } from '../catalog/oauth.ts';
import type { Clock } from '../clock.ts';
import type { CredentialService, HeldCredentials } from '../crypto/credentials.ts';
import type { Logger } from '../logger.ts';
import { type Credentials, type Endpoint, OPERATIONAL_APP_ID } from '../model.ts';
import { refreshTokens, type TokenEndpoints } from '../oauth/tokens.ts';
import type { OutgoingRequest, SendOutcome } from '../outbound/client.ts';
import { MASKED, SENSITIVE_HEADER } from '../outbound/headers.ts';
import { userInfo, withoutUserInfo } from '../outbound/urls.ts';
import type { StoredCredentials } from '../store/types.ts';

export type ConnectorRequests = ReturnType<typeof createConnectorRequests>;

/** What the connector layer made of one delivery request. */
export interface ConnectorAnswer {
  outcome: SendOutcome;
  /** The URL the attempt log shows: the one before credentials were added. */
  url: string;
  /** The request as it went out, at that URL, every credential's value masked; null when nothing went out. */
  sent: OutgoingRequest | null;
  /**
   * The values of the headers masked in `sent` (and a token without its scheme): the log masks
   * them wherever else they show, in an answer that echoes the request, say.
   */
  secrets: string[];
  /** Seconds the service asked to wait beyond a Retry-After header (its own 429 hints), or null. */
  retryAfter: number | null;
}

/**
 * The connector's part of a delivery: its credentials applied (decrypted only here), the
 * request routed to the service's configured origin, and OAuth tokens kept fresh as the kind's
 * provider says (refreshed before they expire, and once more when an answer says they may be
 * stale), with the new tokens stored; then the service's own retry hint read from the answer.
 *
 * Credentials go only to their kind's service (or, for Custom and Windmill, to the endpoint's
 * own origin): a request a transformation sent elsewhere is not sent at all, and the attempt
 * says why; one that would carry none of them goes where it was sent, as any endpoint's. The
 * kind is the one the credentials were saved for, not the connector's, which the endpoint may
 * have changed since.
 */
export function createConnectorRequests(deps: {
  credentials: CredentialService;
  tokens: TokenEndpoints;
  clock: Clock;
  logger: Logger;
}) {
  const { credentials, tokens, clock } = deps;
  const { routing, client } = tokens;

  async function refresh(
    endpointId: string,
    module: ConnectorKindModule,
    provider: OAuthProvider,
    current: Credentials,
  ): Promise<Credentials> {
    const fresh = await refreshTokens(tokens, provider, current, () => clock.now());
    if (fresh === current) return current;
    await credentials.save(endpointId, module.kind, fresh, module.hint(fresh));
    deps.logger.info({ endpointId, provider: provider.name }, 'refreshed an OAuth access token');
    return fresh;
  }

  /**
   * The endpoint's credentials. A row saved before user info was moved into them may still hold
   * some in its URL (a Custom connection's too, made when its form took it): the Custom Basic
   * pair it would have been moved into, over any the form gave, as the URL's won then.
   */
  function held(endpoint: Endpoint, loaded: StoredCredentials | undefined): HeldCredentials | undefined {
    const stored = credentials.open(loaded);
    const basic = userInfo(endpoint.url);
    if (!basic || (stored && stored.kind !== custom.kind)) return stored;
    return { kind: custom.kind, credentials: { ...stored?.credentials, ...basic } };
  }

  /** Nothing sent: the request would have carried `module`'s credentials off its service. */
  function misrouted(module: ConnectorKindModule, target: string, endpoint: Endpoint): SendOutcome {
    const host = URL.parse(target)?.host ?? 'an invalid URL';
    const message =
      target === withoutUserInfo(endpoint.url)
        ? `The endpoint's URL is on ${host}, where its ${module.name} credentials may not go: connect again`
        : `Transformation sent the request to ${host}, not to ${URL.parse(endpoint.url)?.host}: credentials are only sent to ${module.name}`;
    return { kind: 'error', reason: 'misrouted', message, durationMs: 0 };
  }

  /**
   * Sends to the service's configured origin, if it has one. An operational webhook endpoint is
   * the vendor's own (its API key made it), often on a private network: trusted as the vendor's
   * configured origins are.
   */
  function dispatch(request: OutgoingRequest, endpoint: Endpoint): Promise<SendOutcome> {
    const routed = routing.route(request.url);
    const trusted = routed.trusted || endpoint.appId === OPERATIONAL_APP_ID;
    return client.send({ ...request, url: routed.url }, { trusted });
  }

  /**
   * The answer for `outcome`, with the kind's retry hint. `sent` is what went out, and `before`
   * the same request before the credentials were applied: a header they added or changed is one of them.
   */
  function answer(
    request: OutgoingRequest,
    outcome: SendOutcome,
    module: ConnectorKindModule | undefined,
    sent: OutgoingRequest | null,
    before: OutgoingRequest | null = sent,
  ): ConnectorAnswer {
    const secrets: string[] = [];
    // The attempt log shows the URL before credentials were added: a key in a path (Inngest) and
    // a sealed webhook URL stay out of it.
    const shown = sent && before && { ...sent, url: request.url, headers: masked(sent, before, secrets) };
    return {
      outcome,
      url: request.url,
      sent: shown,
      secrets,
      retryAfter: module?.retryAfter?.(outcome, clock.now()) ?? null,
    };
  }

  /**
   * The headers `sent` went out with, credentials (added by the connection, or named like one)
   * masked; the values masked join `secrets`.
   */
  function masked(sent: OutgoingRequest, before: OutgoingRequest, secrets: string[]): Record<string, string> {
    const plain = client.headersOf(before);
    return Object.fromEntries(
      Object.entries(client.headersOf(sent)).map(([name, value]) => {
        // The Standard Webhooks headers are Patchbay's own (no one else may set them): a signature
        // is no secret, and the receiver checking it wants to see it.
        const secret = plain[name] !== value || (SENSITIVE_HEADER.test(name) && !name.startsWith('webhook-'));
        if (secret) secrets.push(value, ...(/^(?:Basic|Bearer) (.+)$/i.exec(value)?.slice(1) ?? []));
        return [name, secret ? MASKED : value];
      }),
    );
  }

  return {
    /**
     * Sends `request` for `endpoint` made from a connector of `kind` (or none), with the
     * endpoint's stored credentials as the worker loaded them for its batch (none: undefined).
     */
    async send(
      endpoint: Endpoint,
      kind: string | undefined,
      request: OutgoingRequest,
      eventType: string,
      stored: StoredCredentials | undefined,
    ): Promise<ConnectorAnswer> {
      const holding = held(endpoint, stored);
      const kindName = holding?.kind ?? kind;
      const module = kindName ? kindModule(kindName) : undefined;
      let creds = holding?.credentials ?? {};
      // The endpoint's own (masked) URL stands for the sealed one; any other URL is the transformation's.
      const sealed = routing.secretUrlKind(endpoint.url) ? creds.url : undefined;
      const outgoing = { ...request, url: sealed && request.url === endpoint.url ? sealed : request.url };
      if (!holding || !module?.authorize || !attaches(module, creds)) {
        return answer(request, await dispatch(outgoing, endpoint), module, outgoing);
      }
      if (!routing.mayCarry(module, outgoing.url, sealed ?? endpoint.url)) {
        return answer(request, misrouted(module, request.url, endpoint), module, null);
      }
      const authorize = module.authorize;
      const provider = module.connect.type === 'oauth' ? module.connect.provider : undefined;
      const renew = () =>
        provider ? refresh(endpoint.id, module, provider, creds).catch(() => creds) : Promise.resolve(creds);
      if (provider?.refresh?.due(creds, clock.now())) creds = await renew();
      let sent = authorize(outgoing, creds, eventType);
      let outcome = await dispatch(sent, endpoint);
      if (provider?.refresh?.stale(outcome)) {
        creds = await renew();
        sent = authorize(outgoing, creds, eventType);
        outcome = await dispatch(sent, endpoint);
      }
      return answer(request, outcome, module, sent, outgoing);
    },
  };
}
