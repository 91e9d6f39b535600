import { html, nothing } from 'lit';
import type { Attempt, Endpoint } from '../api/types.ts';
import type { ConnectorPicker } from '../connector-picker/connector-picker.ts';
import { statusOf } from './list.ts';
import { back, heading, when } from './parts.ts';

/** One connection: its delivery log with resend, recover-since, a test event, and (Custom) its signing secret. */
export function detailView(p: ConnectorPicker) {
  const e = p.endpoint as Endpoint;
  if (p.attempts === undefined) void refresh(p, e);
  const connector = p.connector;
  const attempts = p.attempts ?? [];
  const replay = p.can('CreateAttempts');
  const status = statusOf(p, e);
  return html`${back(p, () => p.go('list'))}
    ${heading(connector?.name ?? e.url)}
    <p><span part="badge" class="badge ${status.tone}">${status.label}</span> <span class="muted">${e.description}</span></p>
    ${when(p.hint && Object.values(p.hint).some(Boolean), () => hint(p))}
    ${when(
      replay,
      () => html`<div class="row">
        <label for="test-type">${p.t('eventType')}</label>
        <select id="test-type">${(e.eventTypes ?? (p.eventTypes ?? []).map((t) => t.name)).map((n) => html`<option>${n}</option>`)}</select>
        <button type="button" part="button" @click=${() => sendTest(p, e)}>${p.t('sendTest')}</button>
      </div>`,
    )}
    <h3>${p.t('deliveries')}</h3>
    ${
      attempts.length === 0
        ? html`<p>${p.attempts ? p.t('noDeliveries') : p.t('loading')}</p>`
        : html`<table part="log" class="log">
            <thead><tr><th scope="col">${p.t('when')}</th><th scope="col">${p.t('status')}</th><th scope="col">${p.t('code_')}</th>
              <th scope="col">${p.t('duration')}</th><th scope="col">${p.t('response')}</th>${replay ? html`<th scope="col"><span class="visually-hidden">${p.t('resend')}</span></th>` : nothing}</tr></thead>
            <tbody>${attempts.map((a) => row(p, e, a, replay))}</tbody>
          </table>`
    }
    ${when(
      replay,
      () => html`<form class="row" @submit=${(ev: Event) => recover(p, e, ev)}>
        <label for="since">${p.t('recoverSince')}</label>
        <input id="since" name="since" type="datetime-local" required />
        <button part="button">${p.t('recover')}</button>
      </form>`,
    )}
    ${when(connector?.kind === 'Custom' && p.can('ViewEndpointSecret'), () => secret(p, e))}`;
}

/** The names of what OAuth connections are made with; form-made ones use their field's label. */
const HINT_LABELS: Record<string, 'channel' | 'account'> = { channel: 'channel', hubId: 'account' };

function hint(p: ConnectorPicker) {
  const entries = Object.entries(p.hint ?? {}).filter(([, value]) => value);
  const label = (key: string) => {
    const field = p.connector?.connect.fields.find((f) => f.name === key);
    const known = HINT_LABELS[key];
    return field?.label ?? (known ? p.t(known) : key);
  };
  return html`<dl class="hint" aria-label=${p.t('connectedWith')}>
    ${entries.map(([key, value]) => html`<dt>${label(key)}</dt><dd><code>${value}</code></dd>`)}
  </dl>`;
}

function row(p: ConnectorPicker, e: Endpoint, a: Attempt, replay: boolean) {
  return html`<tr>
    <td>${p.l10n.date(a.timestamp)}</td>
    <td><span class="badge ${a.statusText === 'success' ? 'ok' : a.statusText === 'fail' ? 'bad' : 'off'}">${p.t(a.statusText)}</span></td>
    <td>${a.responseStatusCode || '—'}</td>
    <td>${p.t('ms', { n: a.responseDurationMs })}</td>
    <td><code class="snippet">${a.response.slice(0, 120)}</code></td>
    ${replay ? html`<td><button type="button" part="button" @click=${() => resend(p, e, a)}>${p.t('resend')}</button></td>` : nothing}
  </tr>`;
}

function secret(p: ConnectorPicker, e: Endpoint) {
  return html`<h3>${p.t('secret')}</h3>
    <div class="row">
      <code class="mono">${p.secret ?? 'whsec_••••••••'}</code>
      <button type="button" part="button" @click=${async () => {
        p.secret = (await p.client.secret(e.id)).key;
      }}>${p.t('reveal')}</button>
      ${when(
        p.can('ManageEndpointSecret'),
        () =>
          html`<button type="button" part="button" @click=${async () => {
            await p.client.rotateSecret(e.id);
            p.secret = undefined;
            p.announce(p.t('rotated'));
          }}>${p.t('rotate')}</button>`,
      )}
    </div>`;
}

async function refresh(p: ConnectorPicker, e: Endpoint) {
  p.attempts = [];
  p.attempts = await p.client.attempts(e.id).catch((err: unknown) => {
    p.fail(err);
    return [];
  });
}

async function act(p: ConnectorPicker, e: Endpoint, work: () => Promise<string>) {
  try {
    p.announce(await work());
    // Deliveries take a moment; show the log as it is a little later.
    setTimeout(() => void refresh(p, e), 1500);
  } catch (err) {
    p.fail(err);
  }
}

const resend = (p: ConnectorPicker, e: Endpoint, a: Attempt) =>
  act(p, e, async () => {
    await p.client.resend(a.msgId, e.id);
    return p.t('resent');
  });

const sendTest = (p: ConnectorPicker, e: Endpoint) =>
  act(p, e, async () => {
    const type = p.renderRoot.querySelector<HTMLSelectElement>('#test-type')?.value ?? '';
    await p.client.sendExample(e.id, type);
    return p.t('testSent');
  });

function recover(p: ConnectorPicker, e: Endpoint, ev: Event) {
  ev.preventDefault();
  const since = new FormData(ev.target as HTMLFormElement).get('since');
  return act(p, e, async () => {
    const { messagesSent } = await p.client.recover(e.id, new Date(String(since)).toISOString());
    return p.t('recovered', { n: messagesSent });
  });
}
