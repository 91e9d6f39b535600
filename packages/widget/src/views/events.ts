import { html } from 'lit';
import type { EventType } from '../api/types.ts';
import { type FilterHost, filterView } from './filter.ts';
import type { Draft, Ui } from './host.ts';
import { back, heading, pretty, primary, steps, when } from './parts.ts';

export interface EventsHost extends Pick<Ui, 't' | 'can' | 'go'>, FilterHost {
  eventTypes: () => readonly EventType[];
  draft: () => Readonly<Draft>;
  /** Subscribes the draft to an event type, or not. */
  select: (name: string, on: boolean) => void;
}

/** The first example of an event type's newest schema, as JSON text. */
export function exampleOf(eventType: EventType | undefined): string {
  const versions = Object.keys(eventType?.schemas ?? {}).sort((a, b) => Number(b) - Number(a));
  const example = eventType?.schemas?.[versions[0] ?? '']?.examples?.[0];
  return example === undefined ? '{}' : pretty(JSON.stringify(example));
}

/** Step 2: which events, grouped (by `groupName`, else the part before the first dot), with their examples. */
export function eventsView(host: EventsHost) {
  const { t, can, go, eventTypes, draft: current, select } = host;
  const draft = current();
  const allowed = draft.connector?.allowedEventTypes;
  const types = eventTypes().filter((e) => !allowed || allowed.includes(e.name));
  const groups = new Map<string, EventType[]>();
  for (const e of types) {
    const group = e.groupName ?? e.name.split('.')[0] ?? e.name;
    groups.set(group, [...(groups.get(group) ?? []), e]);
  }
  return html`${steps(t, 2)}${heading(t('stepEvents'))}
    <p id="events-help">${t('eventsHelp')}</p>
    ${[...groups].map(
      ([group, list]) => html`<fieldset class="group" aria-describedby="events-help">
        <legend>${group}</legend>
        ${list.map(
          (e) => html`<div class="event">
            <label><input type="checkbox" .checked=${draft.selected.has(e.name)}
              @change=${(ev: Event) => select(e.name, (ev.target as HTMLInputElement).checked)} />
              <code>${e.name}</code></label>
            ${when(e.description, () => html`<span class="muted">${e.description}</span>`)}
            ${when(e.schemas, () => html`<details><summary>${t('example')}</summary><pre>${exampleOf(e)}</pre></details>`)}
          </div>`,
        )}
      </fieldset>`,
    )}
    ${filterView(host)}
    <div class="actions">
      ${back(t, () => go(draft.creating ? 'catalog' : 'list'))}
      ${primary(t('next'), () => go(can('ManageTransformations') ? 'transform' : 'review'))}
    </div>`;
}
