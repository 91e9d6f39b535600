import { CATALOG } from '../catalog/catalog.ts';
import { type ConnectorKindModule, onHosts } from '../catalog/kind.ts';
import type { ServiceName } from '../config.ts';

/** Every service with fixed hosts, with the kind it belongs to: what the kind modules declare. */
const SERVICES = CATALOG.flatMap((module) => (module.services ?? []).map((service) => ({ module, service })));

export type ServiceRouting = ReturnType<typeof createServiceRouting>;

/**
 * PATCHBAY_<SERVICE>_BASE_URL: sends a service's traffic to another origin (a local fake) —
 * every request whose host is that service's, even one a transformation wrote. Configured
 * origins are the operator's own choice, so the SSRF guard trusts them. It also says where a
 * kind's credentials may go: its services' hosts over https, or their configured origins.
 */
export function createServiceRouting(overrides: Partial<Record<ServiceName, string>>) {
  /** Configured origin → the services pointed at it. */
  const configured = new Map<string, ServiceName[]>();
  for (const [name, base] of Object.entries(overrides) as [ServiceName, string][]) {
    const origin = new URL(base).origin;
    configured.set(origin, [...(configured.get(origin) ?? []), name]);
  }
  const onRealHost = (url: URL) => SERVICES.find(({ service }) => onHosts(service.hosts, url.hostname));
  /** The service `url` is on: one of its hosts, whatever the scheme, or an origin configured for it. */
  const serviceOf = (url: URL) => {
    const names = configured.get(url.origin);
    return names ? SERVICES.find(({ service }) => names.includes(service.name)) : onRealHost(url);
  };

  return {
    origin(service: ServiceName, real: string): string {
      return overrides[service] ?? real;
    },
    /** The URL to dial for `url`, and whether it is a configured origin. */
    route(url: string): { url: string; trusted: boolean } {
      const parsed = URL.parse(url);
      if (!parsed) return { url, trusted: false };
      const service = onRealHost(parsed)?.service.name;
      const override = service && overrides[service];
      if (override) return { url: `${override}${parsed.pathname}${parsed.search}`, trusted: true };
      return { url, trusted: configured.has(parsed.origin) };
    },
    /** Whether `url` is on a configured origin (a pasted URL of a local fake, say). */
    isConfiguredOrigin(url: string): boolean {
      const parsed = URL.parse(url);
      return parsed !== null && configured.has(parsed.origin);
    },
    /** The kind whose delivery URLs are secrets (Slack, Teams…), when `url` is on its service. */
    secretUrlKind(url: string): ConnectorKindModule | undefined {
      const parsed = URL.parse(url);
      const module = parsed ? serviceOf(parsed)?.module : undefined;
      return module?.secretUrl ? module : undefined;
    },
    /**
     * Whether `module`'s credentials may be sent to `url`: a host of its services over https on
     * the default port, or an origin configured for one of them; for a kind without fixed hosts,
     * the origin of `home`, the endpoint's own URL.
     */
    mayCarry(module: ConnectorKindModule, url: string, home: string): boolean {
      const parsed = URL.parse(url);
      if (parsed?.protocol !== 'https:' && parsed?.protocol !== 'http:') return false;
      if (!module.services) return parsed.origin === URL.parse(home)?.origin;
      const names = configured.get(parsed.origin);
      if (names) return module.services.some((s) => names.includes(s.name));
      return (
        parsed.protocol === 'https:' &&
        parsed.port === '' &&
        module.services.some((s) => onHosts(s.hosts, parsed.hostname))
      );
    },
  };
}
