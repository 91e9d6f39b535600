import { html } from 'lit';
import type { EventType } from '../api/types.ts';
import type { ConnectorPicker } from '../connector-picker/connector-picker.ts';
import { back, heading, pretty, primary, steps, when } from './parts.ts';

/** The first example of an event type's newest schema, as JSON text. */
export function exampleOf(eventType: EventType | undefined): string {
  const versions = Object.keys(eventType?.schemas ?? {}).sort((a, b) => Number(b) - Number(a));
  const example = eventType?.schemas?.[versions[0] ?? '']?.examples?.[0];
  return example === undefined ? '{}' : pretty(JSON.stringify(example));
}

/** Step 2: which events, grouped (by `groupName`, else the part before the first dot), with their examples. */
export function eventsView(p: ConnectorPicker) {
  const allowed = p.connector?.allowedEventTypes;
  const types = (p.eventTypes ?? []).filter((e) => !allowed || allowed.includes(e.name));
  const groups = new Map<string, EventType[]>();
  for (const e of types) {
    const group = e.groupName ?? e.name.split('.')[0] ?? e.name;
    groups.set(group, [...(groups.get(group) ?? []), e]);
  }
  const toggle = (name: string, on: boolean) => {
    const next = new Set(p.selected);
    if (on) next.add(name);
    else next.delete(name);
    p.selected = next;
  };
  return html`${steps(p, 2)}${heading(p.t('stepEvents'))}
    <p id="events-help">${p.t('eventsHelp')}</p>
    ${[...groups].map(
      ([group, list]) => html`<fieldset class="group" aria-describedby="events-help">
        <legend>${group}</legend>
        ${list.map(
          (e) => html`<div class="event">
            <label><input type="checkbox" .checked=${p.selected.has(e.name)}
              @change=${(ev: Event) => toggle(e.name, (ev.target as HTMLInputElement).checked)} />
              <code>${e.name}</code></label>
            ${when(e.description, () => html`<span class="muted">${e.description}</span>`)}
            ${when(e.schemas, () => html`<details><summary>${p.t('example')}</summary><pre>${exampleOf(e)}</pre></details>`)}
          </div>`,
        )}
      </fieldset>`,
    )}
    <div class="actions">
      ${back(p, () => p.go(p.creating ? 'catalog' : 'list'))}
      ${primary(p.t('next'), () => p.go(p.can('ManageTransformations') ? 'transform' : 'review'))}
    </div>`;
}
