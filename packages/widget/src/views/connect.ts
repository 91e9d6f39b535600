import { html, nothing } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { ApiError } from '../api/api-error.ts';
import type { ConnectField, Connector } from '../api/types.ts';
import type { ConnectorPicker } from '../connector-picker/connector-picker.ts';
import { back, heading, logo, primary, steps, when } from './parts.ts';

/** Step 1: connect — an OAuth popup, or the form the catalog describes. */
export function connectView(p: ConnectorPicker) {
  const c = p.connector as Connector;
  const spec = c.connect;
  return html`${steps(p, 1)}
    <div class="title">${logo(c.logo, c.kindLogo)}${heading(p.t('connectTo', { name: c.name }))}</div>
    ${when(c.description, () => html`<p>${c.description}</p>`)}
    ${when(c.instructionsHtml, () => html`<div class="instructions">${unsafeHTML(c.instructionsHtml)}</div>`)}
    ${when(spec.instructions?.length, () => html`<ol class="instructions">${spec.instructions?.map((s) => html`<li>${s}</li>`)}</ol>`)}
    ${spec.type === 'oauth' ? oauth(p, c) : form(p, c)}
    <p>${back(p, () => {
      p.stopPolling();
      void p.go('catalog');
    })}</p>`;
}

function oauth(p: ConnectorPicker, c: Connector) {
  if (!c.connect.available)
    return html`<p role="alert" part="error" class="error">${p.t('oauthUnavailable', { name: c.kindName })}</p>`;
  const state = p.oauth;
  return html`${primary(p.t('oauthButton', { name: c.kindName }), () => startOAuth(p, c), state?.status === 'pending')}
    ${state?.status === 'pending' ? html`<p role="status">${p.t('oauthPending', { name: c.kindName })}</p>` : nothing}
    ${
      state?.status === 'blocked'
        ? html`<p role="alert" part="error">${p.t('popupBlocked')}
          <a href=${state.url} target="_blank" rel="opener">${p.t('openManually')}</a></p>`
        : nothing
    }
    ${state?.status === 'failed' ? html`<p role="alert" part="error" class="error">${state.message}</p>` : nothing}`;
}

async function startOAuth(p: ConnectorPicker, c: Connector) {
  p.emit('cp-connect-started', { connectorId: c.id, method: 'oauth' });
  // The window opens at once, in the click, so that popup blockers let it through.
  const popup = window.open('about:blank', 'patchbay-oauth', 'popup=yes,width=600,height=720');
  try {
    const { sessionId, startUrl } = await p.client.startOAuth(c.id);
    if (popup) {
      popup.location.href = startUrl;
      p.oauth = { status: 'pending', url: startUrl };
    } else {
      p.oauth = { status: 'blocked', url: startUrl };
    }
    p.startPolling(sessionId);
  } catch (err) {
    popup?.close();
    p.oauth = { status: 'failed', message: p.describe(err) };
    p.emit('cp-connect-failed', { connectorId: c.id, reason: p.describe(err) });
  }
}

function field(p: ConnectorPicker, f: ConnectField) {
  const id = `f-${f.name}`;
  const error = p.formErrors[f.name];
  const described = [f.help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const control =
    f.type === 'select'
      ? html`<select id=${id} name=${f.name} ?required=${f.required} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${described || nothing}>
          ${f.options?.map((o) => html`<option value=${o.value} ?selected=${o.value === f.default}>${o.label}</option>`)}
        </select>`
      : html`<input id=${id} name=${f.name} type=${f.type} ?required=${f.required} .value=${f.default ?? ''}
          placeholder=${f.placeholder ?? nothing} autocomplete="off" aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${described || nothing} />`;
  return html`<div class="field" part="field">
    <label for=${id}>${f.label}${f.required ? html`<span aria-hidden="true"> *</span>` : nothing}</label>
    ${control}
    ${when(f.help, () => html`<small id="${id}-help" class="muted">${f.help}</small>`)}
    ${when(error, () => html`<small id="${id}-error" class="error" part="error">${error}</small>`)}
  </div>`;
}

function form(p: ConnectorPicker, c: Connector) {
  return html`<form part="form" novalidate @submit=${(e: Event) => submit(p, c, e)}>
    ${c.connect.fields.map((f) => field(p, f))}
    <button type="submit" part="button primary" class="primary" ?disabled=${p.busy} aria-busy=${p.busy ? 'true' : 'false'}>
      ${p.busy ? p.t('checking', { name: c.kindName }) : p.t('connect')}
    </button>
  </form>`;
}

async function submit(p: ConnectorPicker, c: Connector, e: Event) {
  e.preventDefault();
  const formEl = e.target as HTMLFormElement;
  const values = Object.fromEntries(new FormData(formEl)) as Record<string, string>;
  // What the browser can tell at once, it tells here; the server checks the rest with the service.
  const errors: Record<string, string> = {};
  for (const f of c.connect.fields) {
    const value = (values[f.name] ?? '').trim();
    if (f.required && !value) errors[f.name] = p.t('required');
    else if (value && f.pattern && !new RegExp(f.pattern).test(value)) errors[f.name] = f.help ?? p.t('invalid');
  }
  p.formErrors = errors;
  if (Object.keys(errors).length) return focusFirstError(p);
  p.busy = true;
  p.emit('cp-connect-started', { connectorId: c.id, method: 'form' });
  try {
    const endpoint = await p.client.connect(c.id, values);
    p.announce(p.t('connected', { name: c.kindName }));
    p.endpoints = [...(p.endpoints ?? []), endpoint];
    await p.continueWith(endpoint, true);
  } catch (err) {
    if (err instanceof ApiError && err.fields.length) {
      p.formErrors = Object.fromEntries(err.fields.map((f) => [String(f.loc[f.loc.length - 1]), f.msg]));
      await focusFirstError(p);
    } else p.fail(err);
    p.emit('cp-connect-failed', { connectorId: c.id, reason: p.describe(err) });
  } finally {
    p.busy = false;
  }
}

async function focusFirstError(p: ConnectorPicker) {
  await p.updateComplete;
  p.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
