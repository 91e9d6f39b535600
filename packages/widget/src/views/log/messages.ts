import { Task, TaskStatus } from '@lit/task';
import { html, nothing } from 'lit';
import type { Destination, MessageFilter, MessagePage } from '../../api/types.ts';
import { heading, when } from '../parts.ts';
import { api, copyableId, destinationName, type LogHost, type LogT, logT, messageBadge } from './shared.ts';

/** Messages per page: each row reads its destinations too. */
const PAGE_SIZE = 20;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The form's values, as the customer set them. */
interface Filters {
  eventType: string;
  status: string;
  endpoint: string;
  channel: string;
  tag: string;
  range: 'any' | '5h' | 'yesterday' | 'week' | 'month' | 'custom';
  from: string;
  to: string;
}

const NO_FILTERS: Filters = {
  eventType: '',
  status: '',
  endpoint: '',
  channel: '',
  tag: '',
  range: 'any',
  from: '',
  to: '',
};

/** One search: its filter (dates fixed when it was made, so paging stays on the same messages) and the pages walked so far. */
interface Query {
  readonly filters: Filters;
  readonly filter: MessageFilter;
  /** The iterator of each page seen, the first (null) the newest; the last is the page shown. */
  readonly pages: (string | null)[];
}

const startOfToday = (now: number) => {
  const day = new Date(now);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
};

/** The date range as `after`/`before`, in the customer's time zone: presets as Svix's portal has them, or from–to. */
function range(f: Filters, now: number): { after?: number; before?: number } {
  switch (f.range) {
    case '5h':
      return { after: now - 5 * HOUR_MS };
    case 'yesterday':
      return { after: startOfToday(now) - DAY_MS, before: startOfToday(now) };
    case 'week':
      return { after: now - 7 * DAY_MS };
    case 'month': {
      const month = new Date(now);
      month.setMonth(month.getMonth() - 1);
      return { after: month.getTime() };
    }
    case 'custom':
      return {
        ...(f.from ? { after: Date.parse(f.from) } : {}),
        ...(f.to ? { before: Date.parse(f.to) } : {}),
      };
    default:
      return {};
  }
}

function queryOf(filters: Filters): Query {
  const { after, before } = range(filters, Date.now());
  const filter: MessageFilter = {
    event_types: filters.eventType,
    status: filters.status,
    endpoint_id: filters.endpoint,
    channel: filters.channel.trim(),
    tag: filters.tag.trim(),
    ...(after === undefined || Number.isNaN(after) ? {} : { after: new Date(after).toISOString() }),
    ...(before === undefined || Number.isNaN(before) ? {} : { before: new Date(before).toISOString() }),
  };
  return { filters, filter, pages: [null] };
}

const filtered = (f: Filters) => (Object.keys(NO_FILTERS) as (keyof Filters)[]).some((k) => f[k] !== NO_FILTERS[k]);

/** The whole application's messages, newest first, filtered and paged; each opens its message view. */
export class MessagesView {
  readonly #host: LogHost;
  readonly #open: (id: string) => void;
  #query: Query = queryOf(NO_FILTERS);
  /** The date range chosen in the form, before it is applied: custom shows its from and to. */
  #range: Filters['range'] = 'any';
  readonly #page: Task<[Query, string | null | undefined], { query: Query; page: MessagePage }>;
  /** Where each message of the page went, by message id. */
  readonly #destinations: Task<[MessagePage | undefined], Map<string, Destination[] | null>>;

  constructor(host: LogHost, open: (id: string) => void) {
    this.#host = host;
    this.#open = open;
    this.#page = new Task(host.controllers, {
      args: () => [this.#query, this.#query.pages.at(-1)],
      task: async ([query, iterator], { signal }) => ({
        query,
        page: await api(host).messages(query.filter, iterator ?? null, PAGE_SIZE, signal),
      }),
      onError: host.fail,
    });
    this.#destinations = new Task(host.controllers, {
      args: () => [this.#page.value?.page],
      task: async ([page], { signal }) => {
        // null: this message's could not be read (its row says so; the others stand).
        const found = new Map<string, Destination[] | null>();
        // A few at a time: a page is many small reads.
        const ids = page?.data.map((m) => m.id) ?? [];
        const next = async (): Promise<void> => {
          const id = ids.shift();
          if (!id) return;
          found.set(
            id,
            await api(host)
              .destinations(id, signal)
              .catch(() => null),
          );
          return next();
        };
        await Promise.all([next(), next(), next(), next()]);
        return found;
      },
    });
  }

  /** On each opening: the newest messages, with the filters kept. */
  enter(): void {
    this.#query = queryOf(this.#query.filters);
  }

  /** Another application's: its filters (its connections, its channels) and pages are not this one's. */
  reset(): void {
    this.#range = 'any';
    this.#query = queryOf(NO_FILTERS);
  }

  get page(): string {
    return 'messages';
  }

  render() {
    const host = this.#host;
    const t = logT(host);
    const query = this.#query;
    const shown = this.#page.value?.query === query ? this.#page.value.page : undefined;
    const index = query.pages.length;
    return html`${heading(t('messagesTitle'))}
    ${this.#form(t, query.filters)}
    <div class="messages">
      <p id="messages-found" class=${shown && !shown.data.length ? 'empty-state' : 'muted'} aria-live="polite">${this.#found(t, shown, index)}</p>
      ${when(
        this.#page.status === TaskStatus.ERROR && !shown,
        () => html`<button type="button" part="button" @click=${() => this.#page.run()}>${host.t('retry')}</button>`,
      )}
      ${shown?.data.length ? this.#table(t, shown) : nothing}
      ${shown && (index > 1 || !shown.done) ? this.#pager(t, shown, index) : nothing}
    </div>`;
  }

  #form(t: LogT, f: Filters) {
    const host = this.#host;
    const option = (value: string, label: string, selected: string) =>
      html`<option value=${value} ?selected=${value === selected}>${label}</option>`;
    const ranges = [
      ['any', t('anyTime')],
      ['5h', t('last5Hours')],
      ['yesterday', t('yesterday')],
      ['week', t('lastWeek')],
      ['month', t('lastMonth')],
      ['custom', t('customRange')],
    ] as const;
    return html`<form part="form filters" class="filters" role="search" aria-label=${t('filters')}
      @submit=${(ev: SubmitEvent) => this.#apply(ev)}>
      <div class="filter">
        <label for="f-event-type">${host.t('eventType')}</label>
        <select id="f-event-type" name="eventType">
          ${option('', t('allEventTypes'), f.eventType)}
          ${host.eventTypes().map((type) => option(type.name, type.name, f.eventType))}
        </select>
      </div>
      <div class="filter">
        <label for="f-status">${host.t('status')}</label>
        <select id="f-status" name="status">
          ${option('', t('anyStatus'), f.status)}
          ${option('0', host.t('success'), f.status)}
          ${option('1', host.t('pending'), f.status)}
          ${option('2', host.t('fail'), f.status)}
        </select>
      </div>
      <div class="filter">
        <label for="f-endpoint">${host.t('connection')}</label>
        <select id="f-endpoint" name="endpoint">
          ${option('', t('allConnections'), f.endpoint)}
          ${host.endpoints().map((e) => option(e.id, destinationName(host, t, e.id), f.endpoint))}
        </select>
      </div>
      <div class="filter">
        <label for="f-channel">${t('channelFilter')}</label>
        <input id="f-channel" name="channel" maxlength="128" .value=${f.channel} />
      </div>
      <div class="filter">
        <label for="f-tag">${t('tagFilter')}</label>
        <input id="f-tag" name="tag" maxlength="128" .value=${f.tag} />
      </div>
      <div class="filter">
        <label for="f-range">${t('dateRange')}</label>
        <select id="f-range" name="range" @change=${(ev: Event) => {
          this.#range = (ev.target as HTMLSelectElement).value as Filters['range'];
          host.update();
        }}>${ranges.map(([value, label]) => option(value, label, this.#range))}</select>
      </div>
      ${when(
        this.#range === 'custom',
        () => html`<div class="custom-range"><div class="filter">
          <label for="f-from">${t('from')}</label>
          <input id="f-from" name="from" type="datetime-local" .value=${f.from} />
        </div>
        <div class="filter">
          <label for="f-to">${t('to')}</label>
          <input id="f-to" name="to" type="datetime-local" .value=${f.to} />
        </div></div>`,
      )}
      <div class="row filter-actions">
        <button part="button primary" class="primary">${t('applyFilters')}</button>
        ${when(filtered(f), () => html`<button type="button" part="button" @click=${() => this.#clear()}>${t('clearFilters')}</button>`)}
      </div>
    </form>`;
  }

  /**
   * What the live region says: loading, the page, or (an empty one) that nothing matches, so that
   * it is heard; the form's Clear filters is the way out.
   */
  #found(t: LogT, shown: MessagePage | undefined, index: number) {
    if (!shown) return this.#host.t('loading');
    if (shown.data.length) return t('pageOf', { n: index, count: shown.data.length });
    return filtered(this.#query.filters) ? t('noMatch') : t('noMessages');
  }

  #table(t: LogT, page: MessagePage) {
    const host = this.#host;
    const destinations = this.#destinations.value;
    return html`<div class="log-wrap" role="region" tabindex="0" aria-labelledby="messages-found"><table part="log messages" class="log">
      <thead><tr><th scope="col">${host.t('eventType')}</th><th scope="col">${host.t('when')}</th><th scope="col">${t('messageId')}</th>
        <th scope="col">${host.t('status')}</th><th scope="col">${t('destinations')}</th></tr></thead>
      <tbody>${page.data.map((m) => {
        const to = destinations?.get(m.id);
        return html`<tr part="message">
          <td data-label=${host.t('eventType')}><button type="button" part="button" class="link event-type" aria-describedby="msg-${m.id}"
            @click=${() => this.#open(m.id)}>${m.eventType}</button></td>
          <td data-label=${host.t('when')}>${host.date(m.timestamp)}</td>
          <td data-label=${t('messageId')}>${copyableId(host, t, m.id)}</td>
          <td data-label=${host.t('status')}>${messageBadge(host, t, m, m.status)}</td>
          <td data-label=${t('destinations')} class="destinations">${
            to === undefined
              ? '…'
              : to === null
                ? '—'
                : to.length
                  ? to.map((d) => destinationName(host, t, d.id, d)).join(', ')
                  : host.t('noneListed')
          }</td>
        </tr>`;
      })}</tbody>
    </table></div>`;
  }

  #pager(t: LogT, page: MessagePage, index: number) {
    return html`<nav class="row pager" aria-label=${t('pages')}>
      <button type="button" part="button" ?disabled=${index <= 1} @click=${() => this.#turn(-1, page)}>← ${t('newer')}</button>
      <button type="button" part="button" ?disabled=${page.done} @click=${() => this.#turn(1, page)}>${t('older')} →</button>
    </nav>`;
  }

  #turn(by: 1 | -1, page: MessagePage) {
    const pages = this.#query.pages;
    this.#query = {
      ...this.#query,
      pages: by === 1 ? [...pages, page.iterator] : pages.slice(0, -1),
    };
    this.#host.update();
  }

  #apply(ev: SubmitEvent) {
    ev.preventDefault();
    const form = new FormData(ev.target as HTMLFormElement);
    const value = (name: keyof Filters) => String(form.get(name) ?? '');
    this.#query = queryOf({
      eventType: value('eventType'),
      status: value('status'),
      endpoint: value('endpoint'),
      channel: value('channel'),
      tag: value('tag'),
      range: this.#range,
      from: this.#range === 'custom' ? value('from') : '',
      to: this.#range === 'custom' ? value('to') : '',
    });
    this.#host.update();
  }

  #clear() {
    this.#range = 'any';
    this.#query = queryOf(NO_FILTERS);
    this.#host.update();
    // The button goes with the filters: focus goes back to the first of them.
    void this.#host.find<HTMLSelectElement>('#f-event-type').then((first) => first?.focus());
  }
}
