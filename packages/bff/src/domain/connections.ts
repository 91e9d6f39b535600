import { createHash, randomBytes } from 'node:crypto';
import { kindModule } from '../catalog/catalog.ts';
import type { ConnectField, ConnectorKindModule, KindContext } from '../catalog/kind.ts';
import { customAuthFields } from '../catalog/kinds/custom.ts';
import type { Clock } from '../clock.ts';
import type { Config, OAuthProviderName } from '../config.ts';
import type { Cipher } from '../crypto/cipher.ts';
import type { DeliveryClient } from '../delivery/http-client.ts';
import type { ServiceRouting } from '../delivery/service-routing.ts';
import { ConflictError, type FieldProblem, NotFoundError, ValidationError } from '../errors.ts';
import { PROVIDERS, ProviderError, postTokenRequest } from '../oauth/providers.ts';
import type { Application, Connector, ConnectSession, Endpoint, Store } from '../store/types.ts';
import type { CredentialService } from './credentials.ts';
import type { Endpoints } from './endpoints.ts';
import { renderMarkdown } from './markdown.ts';

/** How long a connect ticket, then its OAuth state, stays usable. */
const CONNECT_TTL_MS = 10 * 60 * 1000;

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');
const secret = () => randomBytes(32).toString('base64url');

export type Connections = ReturnType<typeof createConnections>;

export interface ConnectInput {
  credentials: Record<string, string>;
  eventTypes?: string[] | null;
  description?: string | null;
}

/** What the OAuth callback page tells the widget, and the origin it may tell it to. */
export interface CallbackResult {
  origin: string | null;
  sessionId: string | null;
  status: 'connected' | 'failed';
  message: string;
  endpointId?: string;
}

/**
 * How a customer connects a vendor's connector: the catalog the widget renders forms from,
 * form connects (API keys, pasted URLs, Custom), and the OAuth round trip (ticket → state and
 * PKCE → provider → callback), each ending in an endpoint with encrypted credentials.
 */
export function createConnections(deps: {
  store: Store;
  clock: Clock;
  cipher: Cipher;
  credentials: CredentialService;
  endpoints: Endpoints;
  routing: ServiceRouting;
  client: DeliveryClient;
  publicUrl: string;
  oauth: Config['oauth'];
}) {
  const { store, clock, cipher, credentials, endpoints, routing, client, publicUrl } = deps;
  const ctx: KindContext = {
    get: (url, headers) => {
      const routed = routing.route(url);
      return client.send({ url: routed.url, method: 'GET', headers, body: '' }, { trusted: routed.trusted });
    },
  };
  const redirectUri = (provider: OAuthProviderName) => `${publicUrl}/oauth/${provider}/callback`;

  const moduleOf = (connector: Connector): ConnectorKindModule => {
    const module = kindModule(connector.kind);
    if (!module) throw new NotFoundError(`Connector kind ${connector.kind} is not available`);
    return module;
  };

  /** The form a connector's customers fill in: the kind's fields, plus the Custom auth fields, prefilled. */
  function fieldsOf(connector: Connector): (ConnectField & { default?: string })[] {
    const module = moduleOf(connector);
    const fields = [
      ...module.connect.fields,
      ...(module.kind === 'Custom' ? customAuthFields(connector.authenticationMethod) : []),
    ];
    return fields.map((f) => (f.name === 'url' && connector.defaultUrl ? { ...f, default: connector.defaultUrl } : f));
  }

  /** A connector this session may use: it exists, and its feature flags (if any) are the session's. */
  async function visibleConnector(idOrUid: string, featureFlags: string[] | null): Promise<Connector> {
    const connector = await store.connectors.get(idOrUid);
    if (!connector || !isVisible(connector, featureFlags)) throw new NotFoundError('Connector not found');
    return connector;
  }

  function isVisible(connector: Connector, featureFlags: string[] | null): boolean {
    if (featureFlags === null || !connector.featureFlags?.length) return true;
    return connector.featureFlags.some((f) => featureFlags.includes(f));
  }

  function describe(connector: Connector) {
    const module = moduleOf(connector);
    const spec = module.connect;
    return {
      id: connector.id,
      uid: connector.uid,
      name: connector.name,
      kind: connector.kind,
      kindName: module.name,
      description: connector.description,
      logo: connector.logo,
      kindLogo: module.logo,
      instructions: connector.instructions,
      instructionsHtml: renderMarkdown(connector.instructions),
      transformation: connector.transformation,
      allowedEventTypes: connector.allowedEventTypes,
      connect: {
        type: spec.type,
        ...(spec.type === 'oauth' ? { provider: spec.provider, available: Boolean(deps.oauth[spec.provider]) } : {}),
        ...(spec.type === 'url' ? { instructions: spec.instructions, urlPattern: spec.urlPattern.source } : {}),
        fields: fieldsOf(connector).map(({ target: _target, ...field }) => field),
      },
    };
  }

  /** Endpoint, then credentials; if the credentials cannot be saved the endpoint goes too. */
  async function createConnected(
    app: Application,
    connector: Connector,
    url: string,
    secrets: Record<string, string>,
    options: { eventTypes?: string[] | null; description?: string | null; variables?: Record<string, string> },
  ): Promise<Endpoint> {
    let endpoint = await endpoints.create(app, {
      url,
      connectorId: connector.id,
      eventTypes: options.eventTypes ?? connector.allowedEventTypes,
      description: options.description ?? connector.name,
    });
    try {
      if (options.variables && Object.keys(options.variables).length) {
        endpoint = await endpoints.setTransformation(endpoint, { variables: options.variables });
      }
      const module = moduleOf(connector);
      await credentials.save(endpoint.id, connector.kind, secrets, module.hint(secrets));
    } catch (err) {
      await endpoints.delete(endpoint).catch(() => undefined);
      throw err;
    }
    return endpoint;
  }

  return {
    describe,
    visibleConnector,

    async catalog(featureFlags: string[] | null) {
      const all: Connector[] = [];
      let iterator: string | null = null;
      do {
        const page = await store.connectors.list({ limit: 250, order: 'ascending', iterator });
        all.push(...page.data);
        iterator = page.done ? null : page.iterator;
      } while (iterator);
      return all.filter((c) => isVisible(c, featureFlags) && kindModule(c.kind)).map(describe);
    },

    /** API-key, pasted-URL and Custom connects: check the form, verify with the service, save. */
    async connectWithForm(app: Application, connector: Connector, input: ConnectInput): Promise<Endpoint> {
      const module = moduleOf(connector);
      const spec = module.connect;
      if (spec.type === 'oauth') {
        throw new ConflictError(
          'oauth_required',
          `${module.name} connects with OAuth: start it with POST …/connect/oauth`,
        );
      }
      const problems: FieldProblem[] = [];
      const values: Record<string, string> = {};
      for (const f of fieldsOf(connector)) {
        const value = (input.credentials[f.name] ?? f.default ?? '').trim();
        const loc = ['body', 'credentials', f.name];
        if (!value) {
          if (f.required) problems.push({ loc, msg: `${f.label} is required`, type: 'value_error.missing' });
          continue;
        }
        if (value.length > 4096) problems.push({ loc, msg: `${f.label} is too long`, type: 'value_error.too_long' });
        else if (f.pattern && !new RegExp(f.pattern).test(value)) {
          problems.push({
            loc,
            msg: `${f.label} does not look right${f.help ? `: ${f.help}` : ''}`,
            type: 'value_error.pattern',
          });
        } else if (f.options && !f.options.some((o) => o.value === value)) {
          problems.push({
            loc,
            msg: `${f.label} must be one of ${f.options.map((o) => o.value).join(', ')}`,
            type: 'value_error.option',
          });
        }
        values[f.name] = value;
      }
      if (
        spec.type === 'url' &&
        values.url &&
        !spec.urlPattern.test(values.url) &&
        !routing.isConfiguredOrigin(values.url)
      ) {
        problems.push({
          loc: ['body', 'credentials', 'url'],
          msg: `This is not a ${module.name} URL`,
          type: 'value_error.url',
        });
      }
      if (problems.length) throw new ValidationError(problems);

      const fields = fieldsOf(connector);
      const pick = (target: ConnectField['target']) =>
        Object.fromEntries(
          Object.entries(values).filter(([name]) => fields.find((f) => f.name === name)?.target === target),
        );
      let secrets = pick('credentials');
      const verified = await module.verify?.(secrets, ctx);
      if (verified && !verified.ok) {
        throw new ValidationError([
          { loc: ['body', 'credentials', verified.field], msg: verified.message, type: 'value_error.rejected' },
        ]);
      }
      if (verified?.credentials) secrets = verified.credentials;
      const url = module.endpointUrl?.(secrets) ?? '';
      return createConnected(app, connector, url, secrets, {
        eventTypes: input.eventTypes ?? null,
        description: input.description ?? null,
        variables: pick('variables'),
      });
    },

    /** Step 1 of OAuth: a one-time ticket for the popup, so the portal token never travels in a URL. */
    async startOAuth(app: Application, connector: Connector, input: { eventTypes?: string[] | null; origin: string }) {
      const module = moduleOf(connector);
      if (module.connect.type !== 'oauth')
        throw new ConflictError('not_oauth', `${module.name} does not connect with OAuth`);
      const provider = module.connect.provider;
      if (!deps.oauth[provider]) {
        throw new ConflictError('oauth_unavailable', `${module.name} OAuth is not configured on this Patchbay`);
      }
      const ticket = secret();
      const now = clock.now();
      const session: ConnectSession = {
        id: `cs_${randomBytes(16).toString('base64url')}`,
        appId: app.id,
        connectorId: connector.id,
        provider,
        status: 'pending',
        ticketHash: sha256(ticket),
        ticketUsed: false,
        stateHash: null,
        stateUsed: false,
        codeVerifier: null,
        origin: input.origin,
        eventTypes: input.eventTypes ?? null,
        endpointId: null,
        error: null,
        expiresAt: new Date(now.getTime() + CONNECT_TTL_MS),
        createdAt: now,
        updatedAt: now,
      };
      await store.connectSessions.insert(session);
      return {
        sessionId: session.id,
        startUrl: `${publicUrl}/oauth/${provider}/start?ticket=${ticket}`,
        expiresAt: session.expiresAt,
      };
    },

    /** Step 2: the popup opens here with the ticket; Patchbay sends it on to the provider with state and PKCE. */
    async oauthStart(provider: string, ticket: string): Promise<string> {
      const session = ticket ? await store.connectSessions.byTicketHash(sha256(ticket)) : undefined;
      if (!session || session.provider !== provider) throw new ProviderError('This connection link is not valid.');
      if (!(await store.connectSessions.use(session.id, 'ticket')))
        throw new ProviderError('This connection link was already used.');
      if (session.expiresAt <= clock.now()) throw new ProviderError('This connection link has expired; start again.');
      const name = provider as OAuthProviderName;
      const definition = PROVIDERS[name];
      const app = deps.oauth[name];
      const connector = await store.connectors.get(session.connectorId);
      const module = connector && kindModule(connector.kind);
      if (!app || !module || module.connect.type !== 'oauth')
        throw new ProviderError('This connector cannot connect with OAuth.');
      const state = secret();
      const verifier = definition.pkce ? secret() : null;
      await store.connectSessions.update({
        ...session,
        ticketUsed: true,
        stateHash: sha256(state),
        codeVerifier: verifier && cipher.encrypt(verifier, `connect:${session.id}`),
        updatedAt: clock.now(),
      });
      const url = new URL(definition.authorizeUrl(routing));
      for (const [key, value] of Object.entries(definition.extraAuthorizeParams ?? {}))
        url.searchParams.set(key, value);
      url.searchParams.set('client_id', app.clientId);
      url.searchParams.set('scope', module.connect.scopes.join(definition.scopeSeparator));
      url.searchParams.set('redirect_uri', redirectUri(name));
      url.searchParams.set('state', state);
      if (verifier) {
        url.searchParams.set('code_challenge', createHash('sha256').update(verifier).digest('base64url'));
        url.searchParams.set('code_challenge_method', 'S256');
      }
      return url.href;
    },

    /** Step 3: the provider sends the person back here; the code becomes an endpoint. */
    async oauthCallback(provider: string, query: URLSearchParams): Promise<CallbackResult> {
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
      const result = (status: CallbackResult['status'], message: string, endpointId?: string): CallbackResult => ({
        origin: session.origin,
        sessionId: session.id,
        status,
        message,
        ...(endpointId ? { endpointId } : {}),
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
      if (session.expiresAt <= clock.now()) return fail('The connection took too long; start again.');
      const error = query.get('error');
      if (error)
        return fail(error === 'access_denied' ? 'You cancelled the connection.' : `The provider refused: ${error}`);
      const code = query.get('code');
      if (!code) return fail('The provider sent no authorization code.');
      const name = provider as OAuthProviderName;
      try {
        const verifier = session.codeVerifier ? cipher.decrypt(session.codeVerifier, `connect:${session.id}`) : null;
        const body = await postTokenRequest(
          client,
          routing,
          name,
          deps.oauth[name] as { clientId: string; clientSecret: string },
          {
            grant_type: 'authorization_code',
            code,
            redirect_uri: redirectUri(name),
            ...(verifier ? { code_verifier: verifier } : {}),
          },
        );
        const connected = PROVIDERS[name].connected(body, clock.now().getTime());
        const app = await store.applications.get(session.appId);
        const connector = await store.connectors.get(session.connectorId);
        if (!app || !connector) return fail('The application or the connector no longer exists.');
        const endpoint = await createConnected(app, connector, connected.url, connected.credentials, {
          eventTypes: session.eventTypes,
        });
        await store.connectSessions.update({
          ...session,
          stateUsed: true,
          status: 'connected',
          endpointId: endpoint.id,
          updatedAt: clock.now(),
        });
        return result('connected', `Connected to ${moduleOf(connector).name}.`, endpoint.id);
      } catch (err) {
        if (err instanceof ProviderError || err instanceof ValidationError) return fail(err.message);
        throw err;
      }
    },

    /** The widget polls this: the BFF, not the popup's message, is the source of truth. */
    async session(app: Application, id: string) {
      const session = await store.connectSessions.get(id);
      if (!session || session.appId !== app.id) throw new NotFoundError('Connect session not found');
      const expired = session.status === 'pending' && session.expiresAt <= clock.now();
      return {
        id: session.id,
        status: expired ? ('failed' as const) : session.status,
        endpointId: session.endpointId,
        error: expired ? 'The connection took too long; start again.' : session.error,
      };
    },
  };
}
