import type { Clock } from '../clock.ts';
import { type FieldProblem, NotFoundError, ValidationError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { AuthenticationMethod, Connector, ConnectorTranslations } from '../model.ts';
import type { ConnectorFilter, ListQuery, Store } from '../store/types.ts';
import type { Transformations } from './transformations.ts';
import { upsert } from './uids.ts';
import { uniquely } from './unique.ts';

export interface ConnectorInput {
  name: string;
  transformation: string;
  uid?: string | null;
  logo?: string | null;
  description?: string | null;
  kind?: string | null;
  instructions?: string | null;
  allowedEventTypes?: string[] | null;
  featureFlags?: string[] | null;
  productType?: string | null;
  defaultUrl?: string | null;
  authenticationMethod?: AuthenticationMethod | null;
  translations?: ConnectorTranslations | null;
}

export type ConnectorPatch = Partial<ConnectorInput>;

/** Svix's ConnectorProduct. Patchbay delivers as Dispatch does; Stream is stored as given. */
export const CONNECTOR_PRODUCTS = ['Dispatch', 'Stream'] as const;
export type ConnectorProduct = (typeof CONNECTOR_PRODUCTS)[number];

/**
 * Svix's `orgId` (its environment's id) on every connector: a Patchbay deployment is one
 * environment, so one fixed id, the same in every deployment.
 */
export const ORG_ID = `org_${'0'.repeat(27)}`;

export type Connectors = ReturnType<typeof createConnectors>;

export function createConnectors(deps: { store: Store; clock: Clock; transformations: Transformations }) {
  const { store, clock, transformations } = deps;
  /** Rules that span fields or need the store: Custom-only options, known event types. */
  async function check(connector: Connector): Promise<void> {
    await transformations.check(connector.transformation);
    const problems: FieldProblem[] = [];
    if (connector.kind !== 'Custom') {
      for (const field of ['defaultUrl', 'authenticationMethod'] as const) {
        if (connector[field] !== null) {
          problems.push({ loc: ['body', field], msg: 'only a Custom connector takes this field', type: 'value_error' });
        }
      }
    }
    for (const [i, name] of (connector.allowedEventTypes ?? []).entries()) {
      const eventType = await store.eventTypes.get(name);
      if (!eventType || eventType.archived) {
        problems.push({
          loc: ['body', 'allowedEventTypes', i],
          msg: `event type "${name}" does not exist`,
          type: 'value_error.unknown_event_type',
        });
      }
    }
    if (problems.length) throw new ValidationError(problems);
  }

  async function get(idOrUid: string): Promise<Connector> {
    const connector = await store.connectors.get(idOrUid);
    if (!connector) throw new NotFoundError('Connector not found');
    return connector;
  }

  async function update(connector: Connector, changes: ConnectorPatch): Promise<Connector> {
    const now = clock.now();
    const next = <K extends keyof ConnectorPatch & keyof Connector>(key: K) =>
      changes[key] === undefined ? connector[key] : (changes[key] as Connector[K]);
    const updated: Connector = {
      ...connector,
      name: changes.name ?? connector.name,
      uid: next('uid'),
      logo: next('logo'),
      description: changes.description ?? connector.description,
      kind: changes.kind ?? connector.kind,
      instructions: changes.instructions ?? connector.instructions,
      allowedEventTypes: next('allowedEventTypes'),
      transformation: changes.transformation ?? connector.transformation,
      featureFlags: next('featureFlags'),
      productType: next('productType'),
      defaultUrl: next('defaultUrl'),
      authenticationMethod: next('authenticationMethod'),
      translations: next('translations'),
      updatedAt: now,
      transformationUpdatedAt:
        changes.transformation !== undefined && changes.transformation !== connector.transformation
          ? now
          : connector.transformationUpdatedAt,
    };
    await check(updated);
    await uniquely(store.connectors.update(updated), `A connector with uid "${updated.uid}"`);
    return updated;
  }

  async function create(input: ConnectorInput): Promise<Connector> {
    const now = clock.now();
    const connector: Connector = {
      id: newId('trtmpl', now.getTime()),
      uid: input.uid ?? null,
      name: input.name,
      logo: input.logo ?? null,
      description: input.description ?? '',
      kind: input.kind ?? 'Custom',
      instructions: input.instructions ?? '',
      allowedEventTypes: input.allowedEventTypes ?? null,
      transformation: input.transformation,
      featureFlags: input.featureFlags ?? null,
      productType: input.productType ?? null,
      defaultUrl: input.defaultUrl ?? null,
      authenticationMethod: input.authenticationMethod ?? null,
      translations: input.translations ?? null,
      createdAt: now,
      updatedAt: now,
      transformationUpdatedAt: now,
    };
    await check(connector);
    await uniquely(store.connectors.insert(connector), `A connector with uid "${connector.uid}"`);
    return connector;
  }

  /** PUT replaces every editable field; what the body leaves out goes back to its default. */
  function replace(connector: Connector, input: ConnectorInput): Promise<Connector> {
    const defaults: Required<ConnectorInput> = {
      name: input.name,
      transformation: input.transformation,
      uid: null,
      logo: null,
      description: '',
      kind: 'Custom',
      instructions: '',
      allowedEventTypes: null,
      featureFlags: null,
      productType: null,
      defaultUrl: null,
      authenticationMethod: null,
      translations: null,
    };
    return update(connector, { ...defaults, ...stripNullish(input) });
  }

  return {
    get,
    update,
    create,
    replace,
    /**
     * PUT (Svix's upsert): replaces the connector the path names, or makes one there with the path
     * as its uid.
     */
    upsert: (idOrUid: string, input: ConnectorInput) =>
      upsert(idOrUid, { prefix: 'trtmpl', param: 'connector_id', what: 'Connector' }, input.uid, {
        find: () => store.connectors.get(idOrUid),
        replace: (existing, uid) => replace(existing, { ...input, uid }),
        create: (uid) => create({ ...input, uid }),
      }),
    list: (query: ListQuery & ConnectorFilter) => store.connectors.list(query),
    async delete(idOrUid: string): Promise<void> {
      const connector = await get(idOrUid);
      await store.connectors.delete(connector.id);
    },
  };
}

function stripNullish<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}
