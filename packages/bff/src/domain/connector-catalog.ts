import { kindModule } from '../catalog/catalog.ts';
import type { ConnectField, ConnectorKindModule } from '../catalog/kind.ts';
import { customAuthFields } from '../catalog/kinds/custom.ts';
import { type Locale, translate, translateField } from '../catalog/locales.ts';
import type { Config } from '../config.ts';
import { NotFoundError } from '../errors.ts';
import type { Connector } from '../model.ts';
import { allPages } from '../store/pages.ts';
import type { Store } from '../store/types.ts';
import { visibleWith } from './feature-flags.ts';
import { renderMarkdown } from './markdown.ts';

export type ConnectorCatalog = ReturnType<typeof createConnectorCatalog>;

/** A field of a connector's connect form, prefilled where the connector says so. */
export type FormField = ConnectField & { default?: string };

/**
 * The vendor's connectors as a portal session sees them: those its feature flags allow, each
 * with its kind's name and logo, its instructions rendered, and the form to connect it, in the
 * session's locale: the vendor's own translations of its texts, Patchbay's of the kinds'.
 */
export function createConnectorCatalog(deps: { store: Store; oauth: Config['oauth'] }) {
  const { store } = deps;

  function moduleOf(connector: Connector): ConnectorKindModule {
    const module = kindModule(connector.kind);
    if (!module) throw new NotFoundError(`Connector kind ${connector.kind} is not available`);
    return module;
  }

  /** The form a connector's customers fill in: the kind's fields, plus the Custom auth fields, prefilled. */
  function fieldsOf(connector: Connector): FormField[] {
    const module = moduleOf(connector);
    const fields = [
      ...module.connect.fields,
      ...(module.kind === 'Custom' ? customAuthFields(connector.authenticationMethod) : []),
    ];
    return fields.map((f) => (f.name === 'url' && connector.defaultUrl ? { ...f, default: connector.defaultUrl } : f));
  }

  function describe(connector: Connector, locale: Locale) {
    const module = moduleOf(connector);
    const spec = module.connect;
    const own = { ...connector.translations?.[locale] };
    const instructions = own.instructions ?? connector.instructions;
    return {
      id: connector.id,
      uid: connector.uid,
      name: own.name ?? connector.name,
      kind: connector.kind,
      kindName: translate(locale, module.name),
      description: own.description ?? connector.description,
      logo: connector.logo,
      kindLogo: module.logo,
      instructions,
      instructionsHtml: renderMarkdown(instructions),
      transformation: connector.transformation,
      allowedEventTypes: connector.allowedEventTypes,
      connect: {
        type: spec.type,
        ...(spec.type === 'oauth'
          ? { provider: spec.provider.name, available: Boolean(deps.oauth[spec.provider.name]) }
          : {}),
        ...(spec.type === 'url'
          ? {
              instructions: spec.instructions.map((step) => translate(locale, step)),
              urlPattern: spec.urlPattern.source,
            }
          : {}),
        fields: fieldsOf(connector).map(({ target: _target, ...field }) => translateField(locale, field)),
      },
    };
  }

  return {
    moduleOf,
    fieldsOf,

    /** A connector this session may use: it exists, and its feature flags (if any) are the session's. */
    async visibleConnector(idOrUid: string, featureFlags: string[] | null): Promise<Connector> {
      const connector = await store.connectors.get(idOrUid);
      if (!connector || !visibleWith(featureFlags)(connector)) throw new NotFoundError('Connector not found');
      return connector;
    },

    /** Every connector the session may use, of a kind this Patchbay ships, described in `locale`. */
    async list(featureFlags: string[] | null, locale: Locale) {
      const all = await allPages((iterator) => store.connectors.list({ limit: 250, order: 'ascending', iterator }));
      return all.filter((c) => visibleWith(featureFlags)(c) && kindModule(c.kind)).map((c) => describe(c, locale));
    },
  };
}
