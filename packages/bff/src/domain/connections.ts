import { kindModule } from '../catalog/catalog.ts';
import type { ConnectField, ConnectorKindModule, KindContext } from '../catalog/kind.ts';
import { customAuthFields } from '../catalog/kinds/custom.ts';
import type { Connected } from '../catalog/oauth.ts';
import type { KindRouting } from '../catalog/routing.ts';
import type { Config } from '../config.ts';
import { ConflictError, type FieldProblem, NotFoundError, ValidationError } from '../errors.ts';
import type { Application, Connector, Endpoint } from '../model.ts';
import type { OutboundClient } from '../outbound/client.ts';
import type { Store } from '../store/types.ts';
import type { Endpoints } from './endpoints.ts';
import { renderMarkdown } from './markdown.ts';

export type Connections = ReturnType<typeof createConnections>;

export interface ConnectInput {
  credentials: Record<string, string>;
  eventTypes?: string[] | null;
  description?: string | null;
}

/**
 * How a customer connects a vendor's connector: the catalog the widget renders forms from, and
 * form connects (API keys, pasted URLs, Custom) and claimed OAuth results (see oauth-connect.ts),
 * each ending in an endpoint with encrypted credentials.
 */
export function createConnections(deps: {
  store: Store;
  endpoints: Endpoints;
  routing: KindRouting;
  client: OutboundClient;
  oauth: Config['oauth'];
}) {
  const { store, endpoints, routing, client } = deps;
  const ctx: KindContext = {
    get: (url, headers) => {
      const routed = routing.route(url);
      return client.send({ url: routed.url, method: 'GET', headers, body: '' }, { trusted: routed.trusted });
    },
  };

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
        ...(spec.type === 'oauth'
          ? { provider: spec.provider.name, available: Boolean(deps.oauth[spec.provider.name]) }
          : {}),
        ...(spec.type === 'url' ? { instructions: spec.instructions, urlPattern: spec.urlPattern.source } : {}),
        fields: fieldsOf(connector).map(({ target: _target, ...field }) => field),
      },
    };
  }

  /** The endpoint with its credentials (and form variables), written in one transaction. */
  async function createConnected(
    app: Application,
    connector: Connector,
    url: string,
    secrets: Record<string, string>,
    options: { eventTypes?: string[] | null; description?: string | null; variables?: Record<string, string> },
  ): Promise<Endpoint> {
    const module = moduleOf(connector);
    return endpoints.create(
      app,
      {
        url,
        connectorId: connector.id,
        eventTypes: options.eventTypes ?? connector.allowedEventTypes,
        description: options.description ?? connector.name,
      },
      { kind: connector.kind, secrets, hint: module.hint(secrets), variables: options.variables ?? {} },
    );
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

    /** An OAuth connect's result, claimed by the widget that started it, as an endpoint. */
    connectOAuthResult: (
      app: Application,
      connector: Connector,
      connected: Connected,
      options: { eventTypes: string[] | null },
    ) => createConnected(app, connector, connected.url, connected.credentials, options),
  };
}
