import { onHosts } from './urls.ts';

/**
 * A third-party service with fixed hosts. `PATCHBAY_<name>_BASE_URL` points it at another
 * origin (a local fake, say).
 */
export interface Service {
  name: string;
  /** Host names; one starting with "." stands for any subdomain of it. */
  hosts: readonly string[];
}

/**
 * Sends a service's traffic to its configured origin: every request whose host is that
 * service's, even one a transformation wrote. Configured origins are the operator's own
 * choice, so the SSRF guard trusts them, as it trusts `privateOrigins` (private destinations
 * the operator allowed one by one). It also says where credentials bound to services may go:
 * their hosts over https, or their configured origins.
 */
export function createServiceRouting(
  services: readonly Service[],
  overrides: Readonly<Record<string, string>>,
  privateOrigins: readonly string[] = [],
) {
  /** Configured origin → the names of the services pointed at it. */
  const configured = new Map<string, string[]>();
  for (const [name, base] of Object.entries(overrides)) {
    // A variable no service declares is ignored (and warned about): it opens no origin.
    if (!services.some((service) => service.name === name)) continue;
    const origin = new URL(base).origin;
    configured.set(origin, [...(configured.get(origin) ?? []), name]);
  }
  const allowed = new Set(privateOrigins);
  const onRealHost = (url: URL) => services.find((service) => onHosts(service.hosts, url.hostname));

  return {
    /** The URL to dial for `url`, and whether it is a configured origin. */
    route(url: string): { url: string; trusted: boolean } {
      const parsed = URL.parse(url);
      if (!parsed) return { url, trusted: false };
      const service = onRealHost(parsed)?.name;
      const override = service && overrides[service];
      if (override) return { url: `${override}${parsed.pathname}${parsed.search}`, trusted: true };
      return { url, trusted: configured.has(parsed.origin) || allowed.has(parsed.origin) };
    },
    /** Whether `url` is on a configured origin (a pasted URL of a local fake, say). */
    isConfiguredOrigin(url: string): boolean {
      const parsed = URL.parse(url);
      return parsed !== null && configured.has(parsed.origin);
    },
    /** The service `url` is on: one of its hosts, whatever the scheme, or an origin configured for it. */
    serviceOf(url: string): Service | undefined {
      const parsed = URL.parse(url);
      if (!parsed) return undefined;
      const names = configured.get(parsed.origin);
      return names ? services.find((service) => names.includes(service.name)) : onRealHost(parsed);
    },
    /**
     * Whether credentials bound to `bound` may be sent to `url`: a host of those services over
     * https on the default port, or an origin configured for one of them; bound to no service,
     * the origin of `home` (the endpoint's own URL) only.
     */
    mayCarry(bound: readonly Service[] | undefined, url: string, home: string): boolean {
      const parsed = URL.parse(url);
      if (parsed?.protocol !== 'https:' && parsed?.protocol !== 'http:') return false;
      if (!bound) return parsed.origin === URL.parse(home)?.origin;
      const names = configured.get(parsed.origin);
      if (names) return bound.some((s) => names.includes(s.name));
      return parsed.protocol === 'https:' && parsed.port === '' && bound.some((s) => onHosts(s.hosts, parsed.hostname));
    },
  };
}
