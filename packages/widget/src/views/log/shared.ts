import { html } from 'lit';
import type { BffClient } from '../../api/bff-client.ts';
import type { Connector, Endpoint, EventType, Message } from '../../api/types.ts';
import type { MessageKey } from '../../i18n/i18n.ts';
import { nameOf } from '../facts.ts';
import type { Ui } from '../host.ts';
import { sheet } from '../sheet.ts';
import { chunkTexts } from '../texts.ts';
import { logApi } from './api.ts';
import styles from './log.css?inline';
import { en, type LogKey } from './log-en.ts';

/** The log's styles, beside the picker's (in its cascade layer), adopted when the log is made. */
export const logStyles = sheet(styles);

/** The log's own strings: a catalog loaded with its views, so that none of them is in the first load. */
const texts = chunkTexts<LogKey>(en, (language) =>
  (language === 'de' ? import('./log-de.ts') : import('./log-fr.ts')).then(
    (module: Record<string, typeof en>) => module[language] as typeof en,
  ),
);

export const loadTexts = texts.loadLocale;

/** What the message log's views (messages, message, attempt) are given by the picker. */
export interface LogHost
  extends Pick<
    Ui,
    't' | 'date' | 'lang' | 'can' | 'announce' | 'fail' | 'go' | 'update' | 'find' | 'adopt' | 'controllers'
  > {
  eventTypes: () => readonly EventType[];
  endpoints: () => readonly Endpoint[];
  connectorOf: (endpoint: Endpoint) => Connector | undefined;
  client: () => Pick<BffClient, 'request' | 'appPath' | 'resend'>;
}

/** The log's reads, with the session's client as it is now. */
export const api = (host: LogHost) => logApi(host.client());

/** The log's strings in the picker's locale: English until they have loaded, then the picker renders again. */
export const logT = (host: LogHost) => texts.t(host);

export type LogT = ReturnType<typeof logT>;

type Tone = 'ok' | 'off' | 'bad';

/** A delivery's state as a badge: an attempt's or a destination's `statusText`, in the picker's words. */
export function statusBadge(t: Ui['t'], statusText: string) {
  const tone: Tone = statusText === 'success' ? 'ok' : statusText === 'fail' ? 'bad' : 'off';
  return html`<span part="badge" class="badge ${tone}">${t(statusText as MessageKey)}</span>`;
}

/**
 * Whether a delivery waits for its message's deliverAt (Svix's scheduled messages): pending (1),
 * with that time still ahead. Read on the customer's clock: one that is fast shows it pending
 * a little early, never delivered.
 */
export const isScheduled = (message: Pick<Message, 'deliverAt'>, status: number | null | undefined) =>
  status === 1 && !!message.deliverAt && Date.parse(message.deliverAt) > Date.now();

/** "Scheduled" and when it goes, where a pending badge would be. */
export const scheduledBadge = (host: LogHost, t: LogT, deliverAt: string) =>
  html`<span class="scheduled"><span part="badge" class="badge off">${t('scheduledBadge')}</span> <time class="muted scheduled-for" datetime=${deliverAt}>${host.date(deliverAt)}</time></span>`;

/**
 * A message's state, the worst of its destinations' (Patchbay's `status`: 0 delivered, 1 pending,
 * 2 failed; null: sent to none), or scheduled while it waits for its deliverAt.
 */
export function messageBadge(
  host: LogHost,
  t: LogT,
  message: Pick<Message, 'deliverAt'>,
  status: number | null | undefined,
) {
  if (isScheduled(message, status)) return scheduledBadge(host, t, message.deliverAt as string);
  if (status === null) return html`<span part="badge" class="badge off">${t('noDestination')}</span>`;
  if (status === undefined) return '';
  return statusBadge(host.t, (['success', 'pending', 'fail'] as const)[status] ?? 'pending');
}

/** What a destination is called: the connection's name as the list shows it, or a word for one deleted since. */
export function destinationName(host: LogHost, t: LogT, endpointId: string, fallback?: Endpoint) {
  const known = host.endpoints().find((e) => e.id === endpointId) ?? fallback;
  return known ? nameOf(known, host.connectorOf(known)) : t('removedConnection');
}

/** Copies `text` for the customer and says so (or that it could not: a browser may refuse the clipboard). */
export async function copy(host: LogHost, t: LogT, text: string) {
  try {
    await navigator.clipboard.writeText(text);
    host.announce(t('copied'));
  } catch {
    host.announce(t('copyFailed'));
  }
}

/** A message id with its copy button. */
export const copyableId = (host: LogHost, t: LogT, id: string) =>
  html`<span class="copyable"><code class="msg-id" id="msg-${id}">${id}</code><button type="button" part="button copy" class="copy" aria-label=${t('copyId', { id })} title=${host.t('copy')} @click=${() => copy(host, t, id)}>${host.t('copy')}</button></span>`;

/** A header list as name: value lines (the BFF masked credentials as ••••). */
export const headerList = (t: LogT, headers: Readonly<Record<string, string>>) => {
  const entries = Object.entries(headers);
  return entries.length
    ? html`<dl class="headers">${entries.map(([name, value]) => html`<dt><code>${name}</code></dt><dd><code>${value}</code></dd>`)}</dl>`
    : html`<p class="muted">${t('noHeaders')}</p>`;
};
