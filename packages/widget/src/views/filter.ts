import { html, nothing } from 'lit';
import type { EndpointFilter, EventType } from '../api/types.ts';
import styles from './filter.css?inline';
import { en, type FilterKey } from './filter-en.ts';
import type { Draft, Ui } from './host.ts';
import { sheet } from './sheet.ts';
import { chunkTexts } from './texts.ts';

const filterSheet = sheet(styles);

/** The filter builder's strings, in the events step's chunk; German and French fetched when first needed. */
const filterTexts = chunkTexts<FilterKey>(en, (language) =>
  (language === 'de' ? import('./filter-de.ts') : import('./filter-fr.ts')).then(
    (module: Record<string, typeof en>) => module[language] as typeof en,
  ),
);

export interface FilterHost extends Pick<Ui, 'lang' | 'update' | 'announce' | 'find' | 'adopt'> {
  eventTypes: () => readonly EventType[];
  draft: () => Readonly<Draft>;
  /** Writes the rule the conditions make to the draft (null: no filter), for Save to store. */
  filter: (rule: EndpointFilter | null) => void;
}

/** The tests the builder offers, each one JSON Logic shape (docs/transformations.md "Filters"). */
const OPERATORS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'oneOf', 'contains', 'exists', 'missing'] as const;
type Operator = (typeof OPERATORS)[number];
const COMPARE: Partial<Record<Operator, string>> = { eq: '==', ne: '!=', gt: '>', ge: '>=', lt: '<', le: '<=' };
const WITHOUT_VALUE = new Set<Operator>(['exists', 'missing']);

interface Condition {
  field: string;
  op: Operator;
  /** As typed; a list for `oneOf`, comma-separated. */
  value: string;
}

interface Builder {
  match: 'and' | 'or';
  conditions: Condition[];
  /** A rule saved through the API that these conditions cannot show; kept until the customer replaces it. */
  foreign: EndpointFilter | null;
}

/** A payload field the event types' schemas describe, and its JSON Schema type when it has one. */
export interface SchemaField {
  path: string;
  type: string | undefined;
}

const MAX_FIELDS = 200;
const MAX_DEPTH = 4;

/** The fields of the newest schema of each event type, dotted (`customer.email`), first seen first. */
export function schemaFields(eventTypes: readonly EventType[]): SchemaField[] {
  const fields = new Map<string, SchemaField>();
  const walk = (schema: unknown, prefix: string, depth: number) => {
    const properties = (schema as { properties?: Record<string, unknown> } | null)?.properties;
    if (!properties || typeof properties !== 'object' || depth > MAX_DEPTH) return;
    for (const [name, sub] of Object.entries(properties)) {
      if (fields.size >= MAX_FIELDS) return;
      const path = prefix ? `${prefix}.${name}` : name;
      const type = (sub as { type?: unknown } | null)?.type;
      if (!fields.has(path)) fields.set(path, { path, type: typeof type === 'string' ? type : undefined });
      walk(sub, path, depth + 1);
    }
  };
  for (const e of eventTypes) {
    const versions = Object.keys(e.schemas ?? {}).sort((a, b) => Number(b) - Number(a));
    walk(e.schemas?.[versions[0] ?? ''], '', 1);
  }
  return [...fields.values()];
}

/** A typed value as the rule holds it: a number or true/false where the schema says so, else the text. */
function typed(text: string, type: string | undefined): string | number | boolean | null {
  const trimmed = text.trim();
  if ((type === 'number' || type === 'integer') && trimmed !== '' && Number.isFinite(Number(trimmed)))
    return Number(trimmed);
  if (type === 'boolean' && (trimmed === 'true' || trimmed === 'false')) return trimmed === 'true';
  return text;
}

/** The JSON Logic rule of the conditions that name a field; null when none does. */
export function ruleOf(match: 'and' | 'or', conditions: readonly Condition[], fields: readonly SchemaField[]) {
  const typeOf = (path: string) => fields.find((f) => f.path === path)?.type;
  const rules = conditions
    .filter((c) => c.field.trim())
    .map((c): EndpointFilter => {
      const field = { var: c.field.trim() };
      const value = typed(c.value, typeOf(c.field.trim()));
      if (c.op === 'exists') return { '!': { missing: [field.var] } };
      if (c.op === 'missing') return { missing: [field.var] };
      if (c.op === 'contains') return { in: [c.value, field] };
      if (c.op === 'oneOf')
        return { in: [field, c.value.split(',').map((v) => typed(v.trim(), typeOf(c.field.trim())))] };
      return { [COMPARE[c.op] as string]: [field, value] };
    });
  return rules.length ? { [match]: rules } : null;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const only = (v: unknown): [string, unknown] | null => {
  const entries = isObject(v) ? Object.entries(v) : [];
  return entries.length === 1 ? (entries[0] as [string, unknown]) : null;
};
const fieldOf = (v: unknown) => {
  const entry = only(v);
  return entry?.[0] === 'var' && typeof entry[1] === 'string' ? entry[1] : null;
};
const text = (v: unknown) => (v === null ? 'null' : String(v));

/** One condition the builder wrote, read back; null for any other shape. */
function conditionOf(rule: unknown): Condition | null {
  const [op, args] = only(rule) ?? [];
  const list = Array.isArray(args) ? args : [];
  const single = (paths: unknown) =>
    Array.isArray(paths) && paths.length === 1 && typeof paths[0] === 'string' ? paths[0] : null;
  if (op === 'missing' && single(args)) return { field: single(args) as string, op: 'missing', value: '' };
  if (op === '!') {
    const [inner, paths] = only(args) ?? [];
    if (inner === 'missing' && single(paths)) return { field: single(paths) as string, op: 'exists', value: '' };
    return null;
  }
  if (op === 'in' && list.length === 2) {
    if (fieldOf(list[1]) && typeof list[0] === 'string')
      return { field: fieldOf(list[1]) as string, op: 'contains', value: list[0] };
    if (fieldOf(list[0]) && Array.isArray(list[1]))
      return { field: fieldOf(list[0]) as string, op: 'oneOf', value: list[1].map(text).join(', ') };
    return null;
  }
  const compare = (Object.entries(COMPARE) as [Operator, string][]).find(([, symbol]) => symbol === op)?.[0];
  if (compare && list.length === 2 && fieldOf(list[0]) && !isObject(list[1]) && !Array.isArray(list[1]))
    return { field: fieldOf(list[0]) as string, op: compare, value: text(list[1]) };
  return null;
}

/** The builder's state for a saved rule: its conditions, or the rule kept as it is when they cannot show it. */
export function builderOf(rule: EndpointFilter | null): Builder {
  if (!rule) return { match: 'and', conditions: [], foreign: null };
  const [match, list] = only(rule) ?? [];
  const conditions = (match === 'and' || match === 'or') && Array.isArray(list) ? list.map(conditionOf) : [null];
  if (conditions.some((c) => c === null)) return { match: 'and', conditions: [], foreign: rule };
  return { match: match as 'and' | 'or', conditions: conditions as Condition[], foreign: null };
}

/** Each connection being configured has its builder; a new draft (another connection, or the same edited again) starts from its saved rule. */
const builders = new WeakMap<Readonly<Draft>, Builder>();

/**
 * The no-code filter builder of the events step: conditions (field, test, value), all or any of
 * them; each change writes the rule to the draft. Keyboard and screen reader: native controls,
 * each labelled, each condition a named group; adding or removing one is announced and moves focus.
 */
export function filterView(host: FilterHost) {
  host.adopt(filterSheet);
  const say = filterTexts.t(host);
  const draft = host.draft();
  let state = builders.get(draft);
  if (!state) {
    state = builderOf(draft.filter);
    builders.set(draft, state);
  }
  const builder = state;
  const selected = host.eventTypes().filter((e) => draft.selected.size === 0 || draft.selected.has(e.name));
  const fields = schemaFields(selected);
  const changed = () => {
    host.filter(builder.foreign ?? ruleOf(builder.match, builder.conditions, fields));
    host.update();
  };
  const edit = (c: Condition, change: Partial<Condition>) => {
    Object.assign(c, change);
    changed();
  };
  const add = async () => {
    builder.conditions.push({ field: '', op: 'eq', value: '' });
    changed();
    const n = builder.conditions.length;
    host.announce(say('filterAdded', { n }));
    (await host.find<HTMLInputElement>(`#cp-filter-field-${n - 1}`))?.focus();
  };
  const remove = async (i: number) => {
    builder.conditions.splice(i, 1);
    changed();
    host.announce(say('filterRemoved', { n: i + 1 }));
    (await host.find<HTMLButtonElement>('#cp-filter-add'))?.focus();
  };
  const replace = async () => {
    builder.foreign = null;
    await add();
  };
  return html`<fieldset class="filter" part="filter" aria-describedby="cp-filter-help">
    <legend>${say('filterLegend')}</legend>
    <p id="cp-filter-help" class="muted">${say('filterHelp')}</p>
    ${
      builder.foreign
        ? html`<p>${say('filterForeign')}</p><pre class="mono small">${JSON.stringify(builder.foreign, null, 2)}</pre>
          <button type="button" part="button" @click=${replace}>${say('filterReplace')}</button>`
        : html`${
            builder.conditions.length > 1
              ? html`<div class="field" part="field"><label for="cp-filter-match">${say('filterMatch')}</label>
                <select id="cp-filter-match" @change=${(e: Event) => {
                  builder.match = (e.target as HTMLSelectElement).value as 'and' | 'or';
                  changed();
                }}>
                  <option value="and" ?selected=${builder.match === 'and'}>${say('filterAll')}</option>
                  <option value="or" ?selected=${builder.match === 'or'}>${say('filterAny')}</option>
                </select></div>`
              : nothing
          }
          ${
            builder.conditions.length
              ? html`<p id="cp-filter-field-help" class="muted small">${say('filterFieldHelp')}</p>`
              : nothing
          }
          <datalist id="cp-filter-fields">${fields.map((f) => html`<option value=${f.path}></option>`)}</datalist>
          <ol class="conditions">
            ${builder.conditions.map((c, i) => {
              const n = i + 1;
              const id = (part: string) => `cp-filter-${part}-${i}`;
              return html`<li><div class="condition" part="filter-condition" role="group" aria-label=${say('filterCondition', { n })}>
                <div class="field" part="field"><label for=${id('field')}>${say('filterField')}</label>
                  <input id=${id('field')} list="cp-filter-fields" autocomplete="off" spellcheck="false"
                    aria-describedby="cp-filter-field-help" .value=${c.field}
                    @input=${(e: Event) => edit(c, { field: (e.target as HTMLInputElement).value })} /></div>
                <div class="field" part="field"><label for=${id('op')}>${say('filterOperator')}</label>
                  <select id=${id('op')} @change=${(e: Event) => edit(c, { op: (e.target as HTMLSelectElement).value as Operator })}>
                    ${OPERATORS.map((op) => html`<option value=${op} ?selected=${c.op === op}>${say(`op_${op}`)}</option>`)}
                  </select></div>
                ${
                  WITHOUT_VALUE.has(c.op)
                    ? nothing
                    : html`<div class="field" part="field"><label for=${id('value')}>${say('filterValue')}</label>
                      <input id=${id('value')} autocomplete="off" .value=${c.value}
                        aria-describedby=${c.op === 'oneOf' ? id('value-help') : nothing}
                        @input=${(e: Event) => edit(c, { value: (e.target as HTMLInputElement).value })} />
                      ${c.op === 'oneOf' ? html`<span id=${id('value-help')} class="muted small">${say('filterListHelp')}</span>` : nothing}</div>`
                }
                <button type="button" part="button" class="link" aria-label=${say('filterRemove', { n })}
                  @click=${() => remove(i)}>✕</button>
              </div></li>`;
            })}
          </ol>
          <button type="button" id="cp-filter-add" part="button" @click=${add}>+ ${say('filterAdd')}</button>`
    }
  </fieldset>`;
}
