import { type Config, FAMILIES } from '../config.ts';
import type { ConnectorKindModule } from './kind.ts';
import { close } from './kinds/close.ts';
import { custom } from './kinds/custom.ts';
import { customerio } from './kinds/customerio.ts';
import { discord } from './kinds/discord.ts';
import { hubspot } from './kinds/hubspot.ts';
import { inngest } from './kinds/inngest.ts';
import { loops } from './kinds/loops.ts';
import { resend } from './kinds/resend.ts';
import { segment } from './kinds/segment.ts';
import { sendgrid } from './kinds/sendgrid.ts';
import { slack } from './kinds/slack.ts';
import { teams } from './kinds/teams.ts';
import { windmill } from './kinds/windmill.ts';
import { zapier } from './kinds/zapier.ts';
import type { OAuthProvider } from './oauth.ts';

/** The 14 kinds Patchbay ships, in the order a customer sees them. */
export const CATALOG: readonly ConnectorKindModule[] = [
  slack,
  discord,
  teams,
  hubspot,
  close,
  segment,
  customerio,
  sendgrid,
  resend,
  loops,
  windmill,
  inngest,
  zapier,
  custom,
];

const byKind = new Map(CATALOG.map((k) => [k.kind, k]));

export function kindModule(kind: string): ConnectorKindModule | undefined {
  return byKind.get(kind);
}

export const KIND_NAMES = CATALOG.map((k) => k.kind) as [string, ...string[]];

/** Every service a kind declares: the hosts its credentials may go to, each with its base-URL variable. */
export const SERVICES = CATALOG.flatMap((module) => module.services ?? []);

/** The OAuth providers the kinds connect through, by name: their apps are PATCHBAY_<NAME>_CLIENT_ID / _CLIENT_SECRET. */
export const OAUTH_PROVIDERS = CATALOG.flatMap((module) =>
  module.connect.type === 'oauth' ? [module.connect.provider] : [],
);

export function oauthProvider(name: string): OAuthProvider | undefined {
  return OAUTH_PROVIDERS.find((provider) => provider.name === name);
}

/** The configured base URLs and OAuth apps no kind declares (a typo, most likely): they are ignored. */
export function unknownInConfig(config: Pick<Config, 'serviceBaseUrls' | 'oauth'>): string[] {
  return [
    ...Object.keys(config.serviceBaseUrls)
      .filter((name) => !SERVICES.some((s) => s.name === name))
      .map(FAMILIES.baseUrl.name),
    ...Object.keys(config.oauth)
      .filter((name) => !oauthProvider(name))
      .map(FAMILIES.oauthApp.name),
  ];
}
