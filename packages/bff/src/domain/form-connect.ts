import type { ConnectField, KindContext } from '../catalog/kind.ts';
import type { KindRouting } from '../catalog/routing.ts';
import { ConflictError, type FieldProblem, ValidationError } from '../errors.ts';
import type { Application, Connector, Endpoint } from '../model.ts';
import type { OutboundClient } from '../outbound/client.ts';
import type { ConnectorCatalog } from './connector-catalog.ts';
import type { Endpoints } from './endpoints.ts';

export type FormConnect = ReturnType<typeof createFormConnect>;

export interface ConnectInput {
  credentials: Record<string, string>;
  eventTypes?: string[] | null;
  description?: string | null;
}

/** A verification's refusal as a 422 problem `type`, so that clients can say it in their own words. */
const VERIFY_PROBLEMS = {
  rejected: 'value_error.rejected',
  unreachable: 'value_error.unreachable',
  blocked: 'value_error.url.blocked',
} as const;

/**
 * Connecting with a form (an API key, a pasted URL, Custom credentials): the values checked
 * against the kind's fields, verified with the service, then saved as an endpoint with its
 * credentials encrypted. OAuth connects go through oauth/flow.ts instead.
 */
export function createFormConnect(deps: {
  catalog: ConnectorCatalog;
  endpoints: Endpoints;
  routing: KindRouting;
  client: OutboundClient;
}) {
  const { catalog, endpoints, routing, client } = deps;
  const ctx: KindContext = {
    get: (url, headers) => {
      const routed = routing.route(url);
      return client.send({ url: routed.url, method: 'GET', headers, body: '' }, { trusted: routed.trusted });
    },
  };

  /** The form's values, each checked against its field; a 422 listing every field at fault. */
  function read(connector: Connector, input: ConnectInput): Record<string, string> {
    const problems: FieldProblem[] = [];
    const values: Record<string, string> = {};
    for (const f of catalog.fieldsOf(connector)) {
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
    const module = catalog.moduleOf(connector);
    const spec = module.connect;
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
    problems.push(...credentialsInUrls(catalog.fieldsOf(connector), values));
    if (problems.length) throw new ValidationError(problems);
    return values;
  }

  /**
   * The form checked and verified with the service: what the connection delivers with (its
   * credentials, the URL they make) and the values meant for the transformation. Every problem
   * names a field the form has, or none (the widget shows that one above the form).
   */
  async function verified(connector: Connector, input: ConnectInput) {
    const module = catalog.moduleOf(connector);
    if (module.connect.type === 'oauth') {
      throw new ConflictError(
        'oauth_required',
        `${module.name} connects with OAuth: start it with POST …/connect/oauth`,
      );
    }
    const values = read(connector, input);
    const fields = catalog.fieldsOf(connector);
    const pick = (target: ConnectField['target']) =>
      Object.fromEntries(
        Object.entries(values).filter(([name]) => fields.find((f) => f.name === name)?.target === target),
      );
    let secrets = pick('credentials');
    const at = (field: string | undefined) =>
      field && fields.some((f) => f.name === field) ? ['body', 'credentials', field] : ['body', 'credentials'];
    const outcome = await module.verify?.(secrets, ctx);
    if (outcome && !outcome.ok) {
      throw new ValidationError([
        { loc: at(outcome.field), msg: outcome.message, type: VERIFY_PROBLEMS[outcome.problem ?? 'rejected'] },
      ]);
    }
    if (outcome?.credentials) secrets = outcome.credentials;
    const connected = { url: module.endpointUrl?.(secrets) ?? '', credentials: secrets };
    // The delivery URL is made of the form's URL field (Windmill's instance URL, Custom's URL):
    // a refusal of it belongs there, not to a `url` the form does not have.
    const urlField = fields.find((f) => f.type === 'url' && f.target === 'credentials')?.name;
    const placing = async <T>(save: () => Promise<T>): Promise<T> => {
      try {
        return await save();
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        throw new ValidationError(
          err.problems.map((p) => (p.loc[0] === 'body' && p.loc[1] === 'url' ? { ...p, loc: at(urlField) } : p)),
        );
      }
    };
    return { connected, variables: pick('variables'), placing };
  }

  return {
    /** API-key, pasted-URL and Custom connects: check the form, verify with the service, save. */
    async connect(app: Application, connector: Connector, input: ConnectInput): Promise<Endpoint> {
      if (catalog.moduleOf(connector).connect.type !== 'oauth') {
        // Before the service is asked to check anything: a connection that cannot be kept is not made.
        await endpoints.roomForDraft(app);
      }
      const { connected, variables, placing } = await verified(connector, input);
      return placing(() =>
        endpoints.createConnected(app, connector, connected, {
          eventTypes: input.eventTypes ?? null,
          description: input.description ?? null,
          variables,
        }),
      );
    },

    /**
     * The same form for a connection that exists: its credentials given again, and with them,
     * maybe, another URL (Custom's, Windmill's instance). What it held before is dropped.
     */
    async reconnect(endpoint: Endpoint, connector: Connector | undefined, input: ConnectInput): Promise<Endpoint> {
      if (!connector) {
        throw new ConflictError(
          'no_connector',
          'This endpoint was not made from a connector: change its URL with PATCH …/endpoint/{id}',
        );
      }
      const { connected, variables, placing } = await verified(connector, input);
      return placing(() => endpoints.reconnect(endpoint, connector, connected, variables));
    },
  };
}

/**
 * A user name or password written into a URL would show wherever the URL does (the test panel,
 * the log): refused, with a pointer to the form's own fields when the connector has them. And a
 * Basic pair is both or neither.
 */
function credentialsInUrls(fields: ConnectField[], values: Record<string, string>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const has = (name: string) => fields.some((f) => f.name === name);
  for (const f of fields) {
    const parsed = f.type === 'url' && values[f.name] ? URL.parse(values[f.name] as string) : null;
    if (!parsed || (!parsed.username && !parsed.password)) continue;
    problems.push({
      loc: ['body', 'credentials', f.name],
      msg: has('password')
        ? `${f.label} must not contain a user name or password: enter them in their own fields, where they are kept encrypted`
        : `${f.label} must not contain a user name or password: it would be shown wherever the URL is`,
      type: 'value_error.url.credentials',
    });
  }
  if (has('username') && has('password') && !values.username !== !values.password) {
    const missing = values.username ? 'password' : 'username';
    problems.push({
      loc: ['body', 'credentials', missing],
      msg: `${fields.find((f) => f.name === missing)?.label} is required with the ${missing === 'password' ? 'user name' : 'password'}`,
      type: 'value_error.missing',
    });
  }
  return problems;
}
