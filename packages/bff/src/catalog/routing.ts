import { createServiceRouting } from '../outbound/routing.ts';
import { CATALOG, SERVICES } from './catalog.ts';
import type { ConnectorKindModule } from './kind.ts';

const OWNERS = new Map(CATALOG.flatMap((module) => (module.services ?? []).map((s) => [s.name, module] as const)));

export type KindRouting = ReturnType<typeof createKindRouting>;

/**
 * Service routing over the catalog's services (see outbound/routing.ts), answering in kinds:
 * which kind's delivery URLs are secrets, and where a kind's credentials may go.
 */
export function createKindRouting(baseUrls: Readonly<Record<string, string>>, privateOrigins: readonly string[] = []) {
  const routing = createServiceRouting(SERVICES, baseUrls, privateOrigins);
  return {
    route: routing.route,
    isConfiguredOrigin: routing.isConfiguredOrigin,
    /** The kind whose delivery URLs are secrets (Slack, Teams…), when `url` is on its service. */
    secretUrlKind(url: string): ConnectorKindModule | undefined {
      const service = routing.serviceOf(url);
      const module = service && OWNERS.get(service.name);
      return module?.secretUrl ? module : undefined;
    },
    /**
     * Whether `module`'s credentials may be sent to `url`: to its services, or, for a kind
     * without fixed hosts, to the origin of `home`, the endpoint's own URL.
     */
    mayCarry: (module: ConnectorKindModule, url: string, home: string) => routing.mayCarry(module.services, url, home),
  };
}
