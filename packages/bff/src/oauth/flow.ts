import { createHash, randomBytes } from 'node:crypto';
import { kindModule, oauthProvider } from '../catalog/catalog.ts';
import { type Connected, type OAuthProvider, ProviderError } from '../catalog/oauth.ts';
import type { Clock } from '../clock.ts';
import type { Cipher } from '../crypto/cipher.ts';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import type { Application, Connector, ConnectSession, Endpoint } from '../model.ts';
import type { Store } from '../store/types.ts';
import { postTokenRequest, type TokenEndpoints } from './tokens.ts';

/** How long a connect ticket, then its OAuth state and its claim, stays usable. */
const CONNECT_TTL_MS = 10 * 60 * 1000;

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');
const secret = () => randomBytes(32).toString('base64url');
const verifierAad = (session: ConnectSession) => `connect:${session.id}`;
const resultAad = (session: ConnectSession) => `connect-result:${session.id}`;

/** The portal session that starts or claims a connect, as its token says. */
export interface PortalSessionRef {
  sessionId: string | null;
  jti: string;
}

/**
 * The portal session a connect belongs to: the vendor's session id when the token carries one
 * (it survives the widget refreshing its token), else the token itself.
 */
const portalSessionOf = (principal: PortalSessionRef) =>
  principal.sessionId ? `sid:${principal.sessionId}` : `jti:${principal.jti}`;

/** What the OAuth callback page tells the widget's window, and the only origin it may tell it to. */
export interface CallbackResult {
  origin: string | null;
  sessionId: string | null;
  status: 'authorized' | 'failed';
  message: string;
  /** The one-time code that lets the widget claim the result; only ever posted to `origin`. */
  claimCode?: string;
}

export type OAuthFlow = ReturnType<typeof createOAuthFlow>;

const EXPIRED = 'The connection took too long; start again.';
const CANCELLED = 'You cancelled the connection.';
/** A failed connect's `errorCode`, so that clients can say it in their own words; any other failure is `connect_failed`. */
const FAILURE_CODES: Record<string, 'connect_expired' | 'connect_cancelled'> = {
  [EXPIRED]: 'connect_expired',
  [CANCELLED]: 'connect_cancelled',
};

/**
 * The OAuth round trip: ticket → state and PKCE → provider → callback → claim. The callback
 * only keeps the provider's answer, encrypted; the endpoint is made when the widget that
 * started the connect claims it, with a code posted to its own window at an origin the vendor
 * allows. So a connect link opened anywhere else — another tab without the widget, another
 * person's browser — connects nothing.
 */
export function createOAuthFlow(deps: {
  store: Store;
  clock: Clock;
  cipher: Cipher;
  tokens: TokenEndpoints;
  publicUrl: string;
  /** Read at each start, so an embedding application may extend the list it passed. */
  embedOrigins: readonly string[];
  /** Makes the endpoint and its credentials: a draft, which delivers nothing until the customer saves it. */
  connect: (
    app: Application,
    connector: Connector,
    connected: Connected,
    options: { eventTypes: string[] | null },
  ) => Promise<Endpoint>;
  /** Throws the 409 `too_many_drafts` while the application may make no draft: asked before the customer signs in. */
  roomForDraft: (app: Application) => Promise<void>;
}) {
  const { store, clock, cipher, tokens, publicUrl } = deps;
  const redirectUri = (provider: OAuthProvider) => `${publicUrl}/oauth/${provider.name}/callback`;

  function whyNotClaimable(session: ConnectSession): ConflictError | undefined {
    if (session.status === 'connected') return new ConflictError('already_claimed', 'This connection was already made');
    if (session.status === 'failed')
      return new ConflictError('connect_failed', session.error ?? 'This connection failed');
    if (session.status === 'pending') return new ConflictError('not_authorized', 'The sign-in is not finished yet');
    if (session.expiresAt <= clock.now()) return new ConflictError('connect_expired', EXPIRED);
    return undefined;
  }

  return {
    /**
     * Step 1: a one-time ticket for the popup, so the portal token never travels in a URL. Only
     * from a page whose origin the vendor allows: the result will be posted there.
     */
    async start(
      app: Application,
      connector: Connector,
      input: { eventTypes: string[] | null; origin: string | undefined; principal: PortalSessionRef },
    ) {
      const module = kindModule(connector.kind);
      if (module?.connect.type !== 'oauth')
        throw new ConflictError('not_oauth', `${module?.name ?? connector.kind} does not connect with OAuth`);
      const provider = module.connect.provider;
      if (!tokens.apps[provider.name]) {
        throw new ConflictError('oauth_unavailable', `${module.name} OAuth is not configured on this Patchbay`);
      }
      // Before the popup, not at the claim: an approval the customer cannot keep is not asked for.
      await deps.roomForDraft(app);
      const origin = input.origin && deps.embedOrigins.includes(input.origin) ? input.origin : undefined;
      if (!origin) {
        throw new BadRequestError(
          'origin_not_allowed',
          `This page's origin (${input.origin?.slice(0, 256) ?? 'none sent'}) may not start a connection: ` +
            'the vendor lists the origins that embed the widget in PATCHBAY_EMBED_ORIGINS',
        );
      }
      const ticket = secret();
      const now = clock.now();
      const session: ConnectSession = {
        id: `cs_${randomBytes(16).toString('base64url')}`,
        appId: app.id,
        connectorId: connector.id,
        provider: provider.name,
        status: 'pending',
        ticketHash: sha256(ticket),
        ticketUsed: false,
        stateHash: null,
        stateUsed: false,
        codeVerifier: null,
        origin,
        portalSession: portalSessionOf(input.principal),
        eventTypes: input.eventTypes,
        result: null,
        claimHash: null,
        claimUsed: false,
        endpointId: null,
        error: null,
        expiresAt: new Date(now.getTime() + CONNECT_TTL_MS),
        createdAt: now,
        updatedAt: now,
      };
      await store.connectSessions.insert(session);
      return {
        sessionId: session.id,
        startUrl: `${publicUrl}/oauth/${provider.name}/start?ticket=${ticket}`,
        expiresAt: session.expiresAt,
      };
    },

    /** Step 2: the popup opens here with the ticket; Patchbay sends it on to the provider with state and PKCE. */
    async providerStart(provider: string, ticket: string): Promise<string> {
      const session = ticket ? await store.connectSessions.byTicketHash(sha256(ticket)) : undefined;
      if (!session || session.provider !== provider) throw new ProviderError('This connection link is not valid.');
      if (!(await store.connectSessions.use(session.id, 'ticket')))
        throw new ProviderError('This connection link was already used.');
      if (session.expiresAt <= clock.now()) throw new ProviderError('This connection link has expired; start again.');
      const connector = await store.connectors.get(session.connectorId);
      const module = connector && kindModule(connector.kind);
      const definition = module?.connect.type === 'oauth' ? module.connect.provider : undefined;
      const app = tokens.apps[provider];
      if (!app || definition?.name !== provider) throw new ProviderError('This connector cannot connect with OAuth.');
      const state = secret();
      const verifier = definition.pkce ? secret() : null;
      await store.connectSessions.update({
        ...session,
        ticketUsed: true,
        stateHash: sha256(state),
        codeVerifier: verifier && cipher.encrypt(verifier, verifierAad(session)),
        updatedAt: clock.now(),
      });
      const url = new URL(tokens.routing.route(definition.authorizeUrl).url);
      for (const [key, value] of Object.entries(definition.extraAuthorizeParams ?? {}))
        url.searchParams.set(key, value);
      url.searchParams.set('client_id', app.clientId);
      url.searchParams.set('scope', definition.scopes.join(definition.scopeSeparator));
      url.searchParams.set('redirect_uri', redirectUri(definition));
      url.searchParams.set('state', state);
      if (verifier) {
        url.searchParams.set('code_challenge', createHash('sha256').update(verifier).digest('base64url'));
        url.searchParams.set('code_challenge_method', 'S256');
      }
      return url.href;
    },

    /**
     * Step 3: the provider sends the person back here. The code is exchanged at once (it is
     * short-lived) and the answer kept encrypted; nothing is connected yet.
     */
    async callback(provider: string, query: URLSearchParams): Promise<CallbackResult> {
      const state = query.get('state');
      const session = state ? await store.connectSessions.byStateHash(sha256(state)) : undefined;
      if (!session || session.provider !== provider) {
        return {
          origin: null,
          sessionId: null,
          status: 'failed',
          message: 'This sign-in did not start here, or its state is unknown.',
        };
      }
      const result = (status: CallbackResult['status'], message: string, claimCode?: string): CallbackResult => ({
        origin: session.origin,
        sessionId: session.id,
        status,
        message,
        ...(claimCode ? { claimCode } : {}),
      });
      // A state works once: a replayed callback (or a second tab) is refused and changes nothing.
      if (!(await store.connectSessions.use(session.id, 'state')))
        return result('failed', 'This sign-in was already completed.');
      const fail = async (message: string) => {
        await store.connectSessions.update({
          ...session,
          stateUsed: true,
          status: 'failed',
          error: message,
          updatedAt: clock.now(),
        });
        return result('failed', message);
      };
      if (session.expiresAt <= clock.now()) return fail(EXPIRED);
      const error = query.get('error');
      if (error) return fail(error === 'access_denied' ? CANCELLED : `The provider refused: ${error}`);
      const code = query.get('code');
      if (!code) return fail('The provider sent no authorization code.');
      const definition = oauthProvider(provider);
      if (!definition) return fail('This connector cannot connect with OAuth.');
      let connected: Connected;
      try {
        const verifier = session.codeVerifier ? cipher.decrypt(session.codeVerifier, verifierAad(session)) : null;
        const body = await postTokenRequest(tokens, definition, {
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri(definition),
          ...(verifier ? { code_verifier: verifier } : {}),
        });
        connected = definition.connected(body, clock.now());
      } catch (err) {
        if (err instanceof ProviderError) return fail(err.message);
        throw err;
      }
      const claimCode = secret();
      await store.connectSessions.update({
        ...session,
        stateUsed: true,
        status: 'authorized',
        result: cipher.encrypt(JSON.stringify(connected), resultAad(session)),
        claimHash: sha256(claimCode),
        updatedAt: clock.now(),
      });
      return result('authorized', 'Signed in. Return to the window where you started connecting to finish.', claimCode);
    },

    /**
     * Step 4: the widget that started the connect, having received the code in its own window,
     * makes the endpoint. Only the application and the portal session that started it may, once.
     */
    async claim(app: Application, principal: PortalSessionRef, id: string, code: string): Promise<Endpoint> {
      const session = await store.connectSessions.get(id);
      if (!session || session.appId !== app.id) throw new NotFoundError('Connect session not found');
      if (session.portalSession !== portalSessionOf(principal))
        throw new ForbiddenError('This connection was started by another portal session');
      const refused = whyNotClaimable(session);
      if (refused) throw refused;
      if (!session.result || session.claimHash !== sha256(code))
        throw new ForbiddenError('This claim code is not valid for this connection');
      await deps.roomForDraft(app);
      if (!(await store.connectSessions.use(session.id, 'claim')))
        throw new ConflictError('already_claimed', 'This connection was already made');
      const claimed = { ...session, stateUsed: true, claimUsed: true, result: null };
      try {
        const connector = await store.connectors.get(session.connectorId);
        if (!connector) throw new NotFoundError('The connector no longer exists');
        const connected = JSON.parse(cipher.decrypt(session.result, resultAad(session))) as Connected;
        const endpoint = await deps.connect(app, connector, connected, { eventTypes: session.eventTypes });
        await store.connectSessions.update({
          ...claimed,
          status: 'connected',
          endpointId: endpoint.id,
          updatedAt: clock.now(),
        });
        return endpoint;
      } catch (err) {
        // Drafts made meanwhile filled the application: the approval is kept, to claim again
        // (until the session expires) once the customer finished or removed one.
        if (err instanceof ConflictError && err.code === 'too_many_drafts') {
          await store.connectSessions.update({ ...session, updatedAt: clock.now() });
          throw err;
        }
        const message = err instanceof ValidationError || err instanceof NotFoundError ? err.message : 'Saving failed';
        await store.connectSessions.update({ ...claimed, status: 'failed', error: message, updatedAt: clock.now() });
        throw err;
      }
    },

    /** The widget polls this for the outcome: failures, and an endpoint once claimed. */
    async session(app: Application, id: string) {
      const session = await store.connectSessions.get(id);
      if (!session || session.appId !== app.id) throw new NotFoundError('Connect session not found');
      const open = session.status === 'pending' || session.status === 'authorized';
      const expired = open && session.expiresAt <= clock.now();
      const error = expired ? EXPIRED : session.error;
      return {
        id: session.id,
        status: expired ? ('failed' as const) : session.status,
        endpointId: session.endpointId,
        error,
        errorCode: error === null ? null : (FAILURE_CODES[error] ?? 'connect_failed'),
      };
    },
  };
}
