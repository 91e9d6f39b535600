import { html } from 'lit';
import type { Endpoint } from '../api/types.ts';
import type { ConnectorPicker } from '../connector-picker/connector-picker.ts';
import { back, heading, primary, steps, when } from './parts.ts';

/** Step 4: what will be saved; Save writes the events and the transformation. */
export function reviewView(p: ConnectorPicker) {
  const endpoint = p.endpoint as Endpoint;
  const events = [...p.selected];
  return html`${steps(p, 4)}${heading(p.t('stepReview'))}
    <dl class="summary">
      <dt>${p.connector?.kindName ?? ''}</dt><dd>${p.connector?.name ?? ''} — <span class="muted">${endpoint.description}</span></dd>
      <dt>${p.t('events')}</dt><dd>${events.length ? events.join(', ') : p.t('allEvents')}</dd>
      ${when(p.can('ManageTransformations'), () => html`<dt>${p.t('stepTransform')}</dt><dd><pre class="mono small">${p.code.split('\n').slice(0, 8).join('\n')}…</pre></dd>`)}
    </dl>
    <div class="actions">${back(p, () => p.go(p.can('ManageTransformations') ? 'transform' : 'events'))}${primary(p.t('save'), () => save(p), p.busy)}</div>`;
}

async function save(p: ConnectorPicker) {
  const endpoint = p.endpoint as Endpoint;
  p.busy = true;
  try {
    const updated = await p.client.patchEndpoint(endpoint.id, { eventTypes: p.selected.size ? [...p.selected] : null });
    if (p.can('ManageTransformations') && p.code.trim()) await p.client.saveTransformation(endpoint.id, p.code);
    p.endpoints = (p.endpoints ?? []).map((e) => (e.id === updated.id ? updated : e));
    p.emit('cp-endpoint-updated', { endpointId: endpoint.id });
    p.announce(p.t('saved'));
    await p.go('list');
  } catch (err) {
    p.fail(err);
  } finally {
    p.busy = false;
  }
}
