import { html, nothing } from 'lit';
import type { Connector, Endpoint } from '../api/types.ts';
import type { Ui } from './host.ts';

/** What a connection is called: the customer's description, else its connector's name, else where it goes. */
export const nameOf = (e: Endpoint, connector: Connector | undefined) => e.description || connector?.name || e.url;

/** The names of what OAuth connections are made with; form-made ones use their field's label. */
const HINT_LABELS: Record<string, 'channel' | 'account' | 'region'> = {
  channel: 'channel',
  hubId: 'account',
  region: 'region',
};

/**
 * What tells one connection from another: its connector (when the name is the customer's own),
 * destination (as the BFF answers it: masked where it is a secret, never with user info), what
 * it is connected with (account, channel, region, a key's hint) and its events.
 */
export function facts(
  t: Ui['t'],
  e: Endpoint,
  connector: Connector | undefined,
  hint: Readonly<Record<string, string>>,
) {
  const label = (key: string) => {
    const known = HINT_LABELS[key];
    return known ? t(known) : (connector?.connect.fields.find((f) => f.name === key)?.label ?? key);
  };
  const connected = Object.entries(hint).filter(([, value]) => value);
  return html`<dl class="facts" aria-label=${t('connectedWith')}>
    ${connector && e.description && e.description !== connector.name ? html`<dt>${t('connector')}</dt> <dd>${connector.name}</dd>` : nothing}
    <dt>${t('destination')}</dt> <dd><code class="url">${e.url}</code></dd>
    ${connected.map(([key, value]) => html`<dt>${label(key)}</dt> <dd><code>${value}</code></dd>`)}
    <dt>${t('events')}</dt> <dd>${e.eventTypes?.length ? e.eventTypes.join(', ') : t('allEvents')}</dd>
  </dl>`;
}
