import { FakeServer } from './core/fake-server.ts';
import { closeFake } from './services/close.ts';
import { customerioFake } from './services/customerio.ts';
import { discordFake } from './services/discord.ts';
import { hubspotFake } from './services/hubspot.ts';
import { inngestFake } from './services/inngest.ts';
import { loopsFake } from './services/loops.ts';
import { resendFake } from './services/resend.ts';
import { segmentFake } from './services/segment.ts';
import { sendgridFake } from './services/sendgrid.ts';
import { slackFake } from './services/slack.ts';
import { teamsFake } from './services/teams.ts';
import { windmillFake } from './services/windmill.ts';
import { zapierFake } from './services/zapier.ts';

export { giveConsent } from './consent.ts';
export type { Fault, RecordedRequest } from './core/fake-server.ts';
export { FakeServer } from './core/fake-server.ts';
export { FAKE_CREDENTIALS } from './credentials.ts';
export { OAUTH_PROVIDERS, oauthRedirectUris, patchbayEnv } from './patchbay-env.ts';
export { HUBSPOT_SCOPES } from './services/hubspot.ts';

export interface StartFakesOptions {
  /** Redirect URIs the fake OAuth apps (Slack, Discord, HubSpot) accept. */
  redirectUris?: string[];
  /** First port to try, one per service in order; 0 (default) picks free ports. */
  basePort?: number;
  /** A port for each fake by its name (`slack`, `customerio-eu`…), e.g. the ones an earlier start got; before `basePort`. */
  ports?: Readonly<Record<string, number>>;
  host?: string;
  /** The fakes' clock (token expiry, rate-limit resets); tests move it by hand. */
  now?: () => number;
}

export type Fakes = Awaited<ReturnType<typeof startFakes>>;

/**
 * Starts every fake on loopback. `urls` holds each service's base URL under Patchbay's name for
 * it (Customer.io has two regions); each fake's handle records requests and takes on-demand
 * rate limits and faults.
 */
export async function startFakes(options: StartFakesOptions = {}) {
  const redirectUris = options.redirectUris ?? [];
  const servers: Record<string, FakeServer> = {};
  const baseUrl = (name: string) => () => servers[name]?.url ?? '';

  const slack = slackFake({ baseUrl: baseUrl('slack'), redirectUris });
  const discord = discordFake({ baseUrl: baseUrl('discord'), redirectUris });
  const now = options.now ?? Date.now;
  const hubspot = hubspotFake({ redirectUris, now });
  const teams = teamsFake({ baseUrl: baseUrl('teams') });
  const zapier = zapierFake({ baseUrl: baseUrl('zapier') });
  const cioUrls = () => ({ us: servers['customerio-us']?.url ?? '', eu: servers['customerio-eu']?.url ?? '' });
  const definitions = [
    slack.definition,
    discord.definition,
    teams.definition,
    hubspot.definition,
    closeFake().definition,
    segmentFake().definition,
    customerioFake('us', cioUrls).definition,
    customerioFake('eu', cioUrls).definition,
    sendgridFake({ now }).definition,
    resendFake().definition,
    loopsFake().definition,
    windmillFake().definition,
    inngestFake().definition,
    zapier.definition,
  ];
  try {
    await Promise.all(
      definitions.map(async (definition, i) => {
        const server = new FakeServer(definition);
        servers[definition.name] = server;
        await server.listen(
          options.ports?.[definition.name] ?? (options.basePort ? options.basePort + i : 0),
          options.host,
        );
      }),
    );
  } catch (err) {
    await Promise.all(Object.values(servers).map((s) => s.close().catch(() => undefined)));
    throw err;
  }
  const server = (name: string) => servers[name] as FakeServer;

  return {
    servers,
    /** Base URLs by Patchbay's connector kind names, for PATCHBAY_<KIND>_BASE_URL. */
    urls: {
      slack: server('slack').url,
      discord: server('discord').url,
      teams: server('teams').url,
      hubspot: server('hubspot').url,
      closecrm: server('close').url,
      segment: server('segment').url,
      customerio: server('customerio-us').url,
      customerioEu: server('customerio-eu').url,
      sendgrid: server('sendgrid').url,
      resend: server('resend').url,
      loops: server('loops').url,
      windmill: server('windmill').url,
      inngest: server('inngest').url,
      zapier: server('zapier').url,
    },
    slack: { server: server('slack'), oauth: slack.oauth, createWebhook: slack.createWebhook },
    discord: { server: server('discord'), oauth: discord.oauth, createWebhook: discord.createWebhook },
    hubspot: { server: server('hubspot'), oauth: hubspot.oauth, contacts: hubspot.contacts },
    teams: { server: server('teams'), runs: teams.runs, workflowUrl: teams.workflowUrl },
    zapier: { server: server('zapier'), hookUrl: zapier.hookUrl },
    /** Every request any fake received, oldest first. */
    received: () =>
      Object.values(servers)
        .flatMap((s) => s.received)
        .sort((a, b) => a.at.localeCompare(b.at)),
    clear: () => {
      for (const s of Object.values(servers)) s.clear();
    },
    stop: () => Promise.all(Object.values(servers).map((s) => s.close())).then(() => undefined),
  };
}
