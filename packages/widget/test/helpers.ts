import { fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import type { ConnectorPicker } from '../src/connector-picker/connector-picker.ts';
import '../src/define.ts';

export interface Session {
  app: string;
  token: string;
  /** A URL of the customer's own that accepts deliveries, for Custom connections. */
  hookUrl: string;
}

/** A fresh application with a portal token from the real BFF (see web-test-runner.config.mjs). */
export const session = (options: { capabilities?: string[]; app?: string; expirySeconds?: number } = {}) =>
  executeServerCommand<Session, typeof options>('patchbay-session', options);

/** The vendor's backend sends a message to the application. */
export const send = (app: string, eventType: string, payload: unknown) =>
  executeServerCommand('patchbay-send', { app, eventType, payload });

/** The customer approves or denies in the OAuth popup, at the provider (the fake). */
export const consent = (startUrl: string, decision: 'approve' | 'deny') =>
  executeServerCommand<number, object>('patchbay-consent', { startUrl, decision });

/** Saves the widget as test-results/widget/<name>.png. */
export const screenshot = (name: string) => executeServerCommand<string, object>('patchbay-screenshot', { name });

export interface PickerOptions {
  capabilities?: string[];
  theme?: 'light' | 'dark';
  locale?: string;
  lang?: string;
}

/** A `<connector-picker>` on a fresh application, loaded and showing the catalog. */
export async function picker(options: PickerOptions = {}): Promise<{ el: ConnectorPicker; session: Session }> {
  const s = await session(options.capabilities ? { capabilities: options.capabilities } : {});
  const wrapper = await fixture<HTMLDivElement>(
    html`<div lang=${options.lang ?? 'en'}><connector-picker api-base="/patchbay" theme=${options.theme ?? 'light'}
      .locale=${options.locale} .token=${s.token}></connector-picker></div>`,
  );
  const el = wrapper.querySelector('connector-picker') as ConnectorPicker;
  await waitUntil(() => all(el, '[part~="connector"]').length > 0, 'the catalog renders');
  return { el, session: s };
}

export const one = <T extends Element = HTMLElement>(el: ConnectorPicker, selector: string) =>
  el.shadowRoot?.querySelector<T>(selector) ?? null;

export const all = <T extends Element = HTMLElement>(el: ConnectorPicker, selector: string) => [
  ...(el.shadowRoot?.querySelectorAll<T>(selector) ?? []),
];

/** The element with keyboard focus, looking through shadow roots. */
export function focused(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Presses Tab until `match` has focus, as a keyboard user would; fails after `max` presses. */
export async function tabTo(match: (e: Element) => boolean, description: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    const current = focused();
    if (current && match(current)) return;
    // The code editor keeps Tab for indenting; Escape first lets the next Tab leave it.
    if (current?.closest('.g + textarea, textarea[part="textarea"]')) await sendKeys({ press: 'Escape' });
    await sendKeys({ press: 'Tab' });
  }
  throw new Error(`Tab never reached ${description}`);
}

export const text = (e: Element | null | undefined) => e?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** Waits for the view whose heading says `title`. */
export const view = (el: ConnectorPicker, title: string) =>
  waitUntil(() => text(one(el, 'h2')).includes(title), `the "${title}" view`, { timeout: 4000 });

export const button = (el: ConnectorPicker, label: string) =>
  all<HTMLButtonElement>(el, 'button').find((b) => text(b) === label || text(b).startsWith(label));

export const connectorCard = (el: ConnectorPicker, name: string) =>
  all<HTMLButtonElement>(el, '[part~="connector"]').find((b) => text(b.querySelector('.name')) === name);

/** Replaces window.open for one test: `null` (a blocker said no) or a stand-in that records where it was sent. */
export function stubPopup(blocked: boolean) {
  const original = window.open;
  const popup = { location: { href: '' }, closed: false, close() {} };
  window.open = (() => (blocked ? null : popup)) as typeof window.open;
  return { popup, restore: () => (window.open = original) };
}

/** Waits until the endpoint open in the detail view has a delivery, and shows the log as it is. */
export async function deliveryLogged(el: ConnectorPicker): Promise<void> {
  await waitUntil(
    async () => {
      el.attempts = await el.client.attempts(el.endpoint?.id ?? '');
      return el.attempts.length > 0;
    },
    'a delivery to show in the log',
    { timeout: 4000 },
  );
}
