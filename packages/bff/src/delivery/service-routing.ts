import type { ServiceName } from '../config.ts';

/** The real hosts of each service with fixed hosts. */
const HOSTS: [ServiceName, (host: string) => boolean][] = [
  ['SLACK', (h) => h === 'hooks.slack.com' || h === 'slack.com'],
  ['DISCORD', (h) => h === 'discord.com' || h === 'discordapp.com'],
  ['HUBSPOT', (h) => h === 'api.hubapi.com' || h === 'app.hubspot.com'],
  ['CLOSECRM', (h) => h === 'api.close.com'],
  ['SEGMENT', (h) => h === 'api.segment.io' || h === 'events.eu1.segmentapis.com'],
  ['CUSTOMERIO', (h) => h === 'track.customer.io'],
  ['CUSTOMERIO_EU', (h) => h === 'track-eu.customer.io'],
  ['SENDGRID', (h) => h === 'api.sendgrid.com' || h === 'api.eu.sendgrid.com'],
  ['RESEND', (h) => h === 'api.resend.com'],
  ['LOOPS', (h) => h === 'app.loops.so'],
  ['INNGEST', (h) => h === 'inn.gs'],
  ['ZAPIER', (h) => h === 'hooks.zapier.com'],
  ['TEAMS', (h) => /(^|\.)(logic\.azure\.com|environment\.api\.powerplatform\.com|webhook\.office\.com)$/.test(h)],
];

export type ServiceRouting = ReturnType<typeof createServiceRouting>;

/**
 * PATCHBAY_<SERVICE>_BASE_URL: sends a service's traffic to another origin (a local fake) —
 * every request whose host is that service's, even one a transformation wrote. Configured
 * origins are the operator's own choice, so the SSRF guard trusts them.
 */
export function createServiceRouting(overrides: Partial<Record<ServiceName, string>>) {
  const trusted = new Set(Object.values(overrides).map((o) => new URL(o as string).origin));
  return {
    origin(service: ServiceName, real: string): string {
      return overrides[service] ?? real;
    },
    /** The URL to dial for `url`, and whether it is a configured origin. */
    route(url: string): { url: string; trusted: boolean } {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return { url, trusted: false };
      }
      const service = HOSTS.find(([, matches]) => matches(parsed.hostname))?.[0];
      const override = service && overrides[service];
      if (override) return { url: `${override}${parsed.pathname}${parsed.search}`, trusted: true };
      return { url, trusted: trusted.has(parsed.origin) };
    },
    /** Whether `url` is on a configured origin (a pasted URL of a local fake, say). */
    isConfiguredOrigin(url: string): boolean {
      try {
        return trusted.has(new URL(url).origin);
      } catch {
        return false;
      }
    },
  };
}
