import { html, nothing } from 'lit';
import { ApiError } from '../api/api-error.ts';
import type { MessageKey } from '../i18n/i18n.ts';
import type { Ui } from './host.ts';

/** A connector's logo: the vendor's image, else the kind's own SVG. Decorative: the name is beside it. */
export const logo = (url: string | null, svg: string) =>
  html`<img class="logo" alt="" width="32" height="32" src=${url ?? `data:image/svg+xml,${encodeURIComponent(svg)}`} />`;

const STEPS = ['stepConnect', 'stepEvents', 'stepTransform', 'stepReview'] as const;

/** "Step 2 of 4" for the connect flow, read as a list with the current step marked. */
export function steps(t: Ui['t'], current: number) {
  return html`<ol class="steps" part="steps" aria-label=${t('step', { n: current, name: t(STEPS[current - 1] ?? 'stepConnect') })}>
    ${STEPS.map((s, i) => html`<li aria-current=${i + 1 === current ? 'step' : 'false'}>${t(s)}</li>`)}
  </ol>`;
}

/** A step's heading: focusable so that moving between views moves screen readers along. */
export const heading = (text: string) => html`<h2 tabindex="-1">${text}</h2>`;

export const back = (t: Ui['t'], onClick: () => void) =>
  html`<button type="button" part="button" class="link" @click=${onClick}>← ${t('back')}</button>`;

export const primary = (label: string, onClick: () => void, busy = false) =>
  html`<button type="button" part="button primary" class="primary" ?disabled=${busy} aria-busy=${busy ? 'true' : 'false'} @click=${onClick}>${label}</button>`;

export const pretty = (text: string) => {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
};

/** What an error says, for people. */
export const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The error codes the widget says in its own words, in the customer's language. */
const KNOWN_CODES: Record<string, MessageKey> = {
  authentication_failed: 'errAuthentication',
  insufficient_access: 'errForbidden',
  not_found: 'errNotFound',
  conflict: 'errConflict',
  validation_error: 'errValidation',
  too_many_requests: 'errTooMany',
  payload_too_large: 'errTooLarge',
  internal_error: 'errInternal',
  network_error: 'errNetwork',
  transformation_failed: 'errTransform',
  connect_failed: 'errConnect',
  connect_expired: 'errConnectExpired',
  connect_cancelled: 'errConnectCancelled',
  oauth_unavailable: 'errOAuthUnavailable',
  too_many_drafts: 'errTooManyDrafts',
  task_failed: 'errTaskFailed',
  payload_expired: 'errPayloadExpired',
  too_many_background_tasks: 'errTooManyTasks',
};

/** Codes whose detail is the other service's own words (why Slack refused): worth showing beside our sentence. */
const QUOTED_CODES = new Set(['connect_failed']);

/** A problem as the customer reads it: the widget's sentence, and the server's words apart when it quotes them. */
export interface Said {
  text: string;
  detail?: string | null;
}

/**
 * An error as the customer reads it: a sentence in their language, and only for an unknown code
 * (or one whose detail quotes another service) the server's detail, apart, marked as English,
 * never spliced into the sentence. The whole message still goes to `cp-error` for the vendor.
 */
export function problemOf(t: Ui['t'], err: unknown): Said {
  const code = err instanceof ApiError ? err.code : null;
  const key = code ? KNOWN_CODES[code] : undefined;
  if (key) return { text: t(key), detail: code && QUOTED_CODES.has(code) ? messageOf(err) : null };
  return { text: t('problem'), detail: messageOf(err) };
}

/** A problem in the customer's language, with the server's words (English) apart, marked as such. */
export const said = ({ text, detail }: Said) =>
  html`${text}${detail ? html` <span class="detail" lang="en">${detail}</span>` : nothing}`;

export const problem = (t: Ui['t'], err: unknown) => said(problemOf(t, err));

export const when = (condition: unknown, template: () => unknown) => (condition ? template() : nothing);
