import { html, nothing, type TemplateResult } from 'lit';
import type { EventType } from '../api/types.ts';
import styles from './event-catalog.css?inline';
import type { Ui } from './host.ts';
import { sheet } from './sheet.ts';

const catalogSheet = sheet(styles);

import { type EventCatalogKey, en } from './event-catalog-en.ts';
import { back, heading, when } from './parts.ts';
import { chunkTexts } from './texts.ts';

/** The event catalog's own strings, in its chunk; German and French fetched when first needed. */
export const eventCatalogTexts = chunkTexts<EventCatalogKey>(en, (language) =>
  (language === 'de' ? import('./event-catalog-de.ts') : import('./event-catalog-fr.ts')).then(
    (module: Record<string, typeof en>) => module[language] as typeof en,
  ),
);

export const loadTexts = eventCatalogTexts.loadLocale;

type Say = ReturnType<typeof eventCatalogTexts.t>;

export interface EventCatalogHost extends Pick<Ui, 't' | 'lang' | 'update' | 'adopt'> {
  eventTypes: () => readonly EventType[];
  /** Shows one event type (`name`) or, with none, the whole catalog: its own page, to link to. */
  show: (name: string | undefined) => void;
}

/** The part of JSON Schema the tree reads. */
interface Schema {
  type?: string | string[];
  description?: string;
  title?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema | Schema[];
  additionalProperties?: boolean | Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
  examples?: unknown[];
}

/** How deep the tree goes: a schema is the vendor's, but a page must stay readable (and finite). */
const MAX_DEPTH = 8;

/** The newest version of an event type's schema (versions are "1", "2"…). */
export function newestSchema(type: EventType): Schema | undefined {
  const versions = Object.keys(type.schemas ?? {}).sort((a, b) => Number(b) - Number(a) || b.localeCompare(a));
  return versions[0] ? (type.schemas?.[versions[0]] as Schema) : undefined;
}

const typeOf = (s: Schema): string => {
  if (s.$ref) return s.$ref.split('/').at(-1) ?? s.$ref;
  const type = Array.isArray(s.type) ? s.type.join(' | ') : s.type;
  if (type === 'array' && s.items && !Array.isArray(s.items)) return `${typeOf(s.items)}[]`;
  if (type) return s.format ? `${type} (${s.format})` : type;
  if (s.properties) return 'object';
  const union = s.oneOf ?? s.anyOf;
  if (union) return union.map(typeOf).join(' | ');
  return 'any';
};

/** What an object's members are: its properties, or its array's items' properties. */
const membersOf = (s: Schema): Schema | undefined => {
  if (s.properties) return s;
  if (s.items && !Array.isArray(s.items)) return membersOf(s.items);
  return s.allOf?.find((part) => part.properties);
};

/** A schema as a nested list: each property's name, type, whether it is required, its description, its members. */
export function schemaTree(say: Say, schema: Schema, depth = 0): TemplateResult | typeof nothing {
  const members = membersOf(schema);
  if (!members?.properties) return nothing;
  if (depth >= MAX_DEPTH) return html`<p class="muted">…</p>`;
  const required = new Set(members.required ?? []);
  return html`<ul class="tree" role="list">
    ${Object.entries(members.properties).map(([name, s]) => {
      const values = s.enum ?? (s.const !== undefined ? [s.const] : undefined);
      return html`<li>
        <div class="prop">
          <code class="prop-name">${name}</code>
          <span class="prop-type">${typeOf(s)}</span>
          ${required.has(name) ? html`<span class="badge required">${say('required')}</span>` : html`<span class="muted">${say('optional')}</span>`}
        </div>
        ${when(s.description || s.title, () => html`<p class="prop-desc">${s.description ?? s.title}</p>`)}
        ${when(values, () => html`<p class="prop-desc">${say('oneOf')} ${values?.map((v, i) => html`${i ? ', ' : ''}<code>${JSON.stringify(v)}</code>`)}</p>`)}
        ${schemaTree(say, s, depth + 1)}
      </li>`;
    })}
  </ul>`;
}

/** The vendor's event catalog: every event type, its description, schema as a tree and examples; each with a page of its own. */
export class EventCatalogView {
  readonly #host: EventCatalogHost;
  /** The type shown alone, or none: the whole catalog. */
  #name: string | undefined;
  #query = '';

  constructor(host: EventCatalogHost) {
    this.#host = host;
    host.adopt(catalogSheet);
  }

  enter(name: string | undefined): void {
    this.#name = name;
  }

  get name(): string | undefined {
    return this.#name;
  }

  render() {
    const host = this.#host;
    const say = eventCatalogTexts.t(host);
    const types = host.eventTypes();
    const one = this.#name === undefined ? undefined : types.find((type) => type.name === this.#name);
    if (this.#name !== undefined) {
      return html`      ${back(host.t, () => host.show(undefined))}
      ${heading(this.#name)}
      ${one ? this.#detail(say, one) : html`<p>${say('noSuchEvent')}</p>`}`;
    }
    const query = this.#query.toLowerCase();
    const shown = types.filter(
      (type) => !query || type.name.toLowerCase().includes(query) || type.description.toLowerCase().includes(query),
    );
    const groups = new Map<string, EventType[]>();
    for (const type of shown) {
      const group = type.groupName ?? '';
      groups.set(group, [...(groups.get(group) ?? []), type]);
    }
    return html`    ${heading(host.t('tabEventTypes'))}
    <p class="muted">${say('eventTypesHelp')}</p>
    <div class="field search" part="field">
      <label for="event-search">${say('searchEvents')}</label>
      <input id="event-search" part="search" type="search" .value=${this.#query} autocomplete="off"
        @input=${(ev: Event) => {
          this.#query = (ev.target as HTMLInputElement).value;
          host.update();
        }} />
    </div>
    <p class="visually-hidden" role="status">${say('eventsShown', { n: shown.length })}</p>
    ${when(!shown.length, () => html`<p>${say('noMatch')}</p>`)}
    ${[...groups].map(
      ([group, members]) => html`${when(group, () => html`<h3>${group}</h3>`)}
      <ul role="list" class="event-types">
        ${members.map(
          (type) => html`<li part="event-type" class="event-type">
            <button type="button" part="button" class="link name" @click=${() => host.show(type.name)}>${type.name}</button>
            ${when(type.deprecated, () => html`<span class="badge off">${say('deprecated')}</span>`)}
            <p>${type.description}</p>
          </li>`,
        )}
      </ul>`,
    )}`;
  }

  #detail(say: Say, type: EventType) {
    const schema = newestSchema(type);
    const tree = schema ? schemaTree(say, schema) : nothing;
    const examples = schema?.examples ?? [];
    return html`${when(type.deprecated, () => html`<p><span class="badge off">${say('deprecated')}</span></p>`)}
    <p>${type.description}</p>
    ${when(type.groupName, () => html`<p class="muted">${say('group', { name: type.groupName ?? '' })}</p>`)}
    <h3 id="schema-title">${this.#host.t('payload')}</h3>
    ${tree === nothing ? html`<p class="muted">${say('noSchema')}</p>` : html`<div part="schema" aria-labelledby="schema-title" role="group">${tree}</div>`}
    <h3 id="examples-title">${this.#host.t('example')}</h3>
    ${
      examples.length
        ? examples.map(
            (example, i) =>
              html`<pre part="example" tabindex="0" aria-label=${say('exampleN', { n: i + 1 })}><code>${JSON.stringify(example, null, 2)}</code></pre>`,
          )
        : html`<p class="muted">${say('noExamples')}</p>`
    }`;
  }
}
