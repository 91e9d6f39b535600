import { fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { BffClient } from '../src/api/bff-client.ts';
import type { ConnectorPicker } from '../src/connector-picker/connector-picker.ts';
import '../src/define.ts';

export interface Session {
  app: string;
  token: string;
  /** A URL of the customer's own that accepts deliveries, for Custom connections. */
  hookUrl: string;
  /** One that answers every delivery 401 Unauthorized. */
  refusingUrl: string;
  /** One that answers 202 with a header and a JSON body of its own. */
  replyingUrl: string;
  /** One on another site (origin) of the customer's, as `hookUrl` taking whatever it is sent. */
  otherSiteUrl: string;
  /** One that answers 410 Gone while {@link gone} says so, else takes deliveries (see `hooks`). */
  goneUrl: string;
}

/** A fresh application with a portal token from the real BFF (see web-test-runner.config.mjs). */
export const session = (options: { capabilities?: string[]; app?: string; expirySeconds?: number } = {}) =>
  executeServerCommand<Session, typeof options>('patchbay-session', options);

/** The vendor's backend sends a message to the application. */
export const send = (app: string, eventType: string, payload: unknown) =>
  executeServerCommand('patchbay-send', { app, eventType, payload });

/** The customer approves or denies in the OAuth popup, at the provider (the fake); answers where the provider sends the popup back. */
export const consent = (startUrl: string, decision: 'approve' | 'deny') =>
  executeServerCommand<string, object>('patchbay-consent', { startUrl, decision });

/** Saves the widget as test-results/widget/<name>.png. */
export const screenshot = (name: string) => executeServerCommand<string, object>('patchbay-screenshot', { name });

/** The BFF as the session's holder sees it, through the widget's public client: what the tests check against. */
export const bff = (s: Session) =>
  new BffClient(
    '/patchbay',
    async () => s.token,
    () => s.app,
  );

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
  await until(() => all(el, '[part~="connector"]').length > 0, 'the catalog renders');
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
    if (current?.closest('.cm-content')) await sendKeys({ press: 'Escape' });
    await sendKeys({ press: 'Tab' });
  }
  throw new Error(`Tab never reached ${description}`);
}

export const text = (e: Element | null | undefined) => e?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** How long a test waits for what it expects: long enough for a machine with both cores busy. */
const PATIENCE_MS = 15_000;

/**
 * Waits until `predicate` holds. A test says what must come to pass, never how fast: @open-wc's
 * `waitUntil` gives up after one second, which a loaded machine can take.
 */
export const until = (predicate: () => unknown, message?: string) =>
  waitUntil(predicate, message, { timeout: PATIENCE_MS, interval: 20 });

/** Waits for the view whose heading says `title`. */
export const view = (el: ConnectorPicker, title: string) =>
  until(() => text(one(el, 'h2')).includes(title), `the "${title}" view`);

export const button = (el: ConnectorPicker, label: string) =>
  all<HTMLButtonElement>(el, 'button').find((b) => text(b) === label || text(b).startsWith(label));

/**
 * Clicks the button once it can be clicked: a step's primary button waits for what the step
 * loads (the transformation's Next and Run test for its code), and a click on it before then
 * would be lost.
 */
export async function press(el: ConnectorPicker, label: string): Promise<void> {
  await until(() => {
    const found = button(el, label);
    return found && !found.disabled;
  }, `the "${label}" button, enabled`);
  button(el, label)?.click();
}

export const connectorCard = (el: ConnectorPicker, name: string) =>
  all<HTMLButtonElement>(el, '[part~="connector"]').find((b) => text(b.querySelector('.name')) === name);

const open = window.open.bind(window);
/** The popup back from the provider: Patchbay's page, in a real window this page opened, as the widget's popup is. */
export function comeBack(url: string): void {
  if (!open(url, '_blank')) throw new Error('the browser blocked the window');
}

/** Replaces window.open for one test: `null` (a blocker said no) or a stand-in that records where it was sent. */
export function stubPopup(blocked: boolean) {
  const original = window.open;
  const popup = { location: { href: '' }, closed: false, close() {} };
  window.open = (() => (blocked ? null : popup)) as typeof window.open;
  return { popup, restore: () => (window.open = original) };
}

/** Presses `key` with Control held (web-test-runner's `press` takes no chords). */
export async function withControl(key: string): Promise<void> {
  await sendKeys({ down: 'Control' });
  await sendKeys({ press: key });
  await sendKeys({ up: 'Control' });
}

/** Replaces the transformation editor's code as the customer does: select all, paste. */
export async function typeCode(el: ConnectorPicker, code: string): Promise<void> {
  const content = one(el, 'cp-code-editor')?.shadowRoot?.querySelector<HTMLElement>('.cm-content');
  if (!content) throw new Error('the code editor is not shown');
  content.focus();
  await withControl('KeyA');
  const clipboardData = new DataTransfer();
  clipboardData.setData('text/plain', code);
  content.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
}

/** The lines (1-based) the transformation editor marks as failing. */
export function markedLines(el: ConnectorPicker): number[] {
  const root = one(el, 'cp-code-editor')?.shadowRoot;
  const lines = [...(root?.querySelectorAll('.cm-line') ?? [])];
  const marked = [...(root?.querySelectorAll('.cm-lintRange-error') ?? [])].map((m) => m.closest('.cm-line'));
  return [...new Set(marked.map((line) => (line ? lines.indexOf(line) + 1 : 0)))];
}

/** Connects a Custom webhook to the session's hook URL through the widget, and saves it with every event. */
export async function customConnection(el: ConnectorPicker, s: Session) {
  connectorCard(el, 'Custom webhook')?.click();
  await view(el, 'Connect Custom webhook');
  const url = one<HTMLInputElement>(el, '#f-url');
  if (url) url.value = s.hookUrl;
  one<HTMLFormElement>(el, 'form')?.requestSubmit();
  await saveAsConnected(el);
}

/** From the events step just after connecting: every event, the default transformation, Save; then the list. */
export async function saveAsConnected(el: ConnectorPicker) {
  await view(el, 'Events');
  await press(el, 'Next');
  await view(el, 'Transformation');
  await press(el, 'Next');
  await view(el, 'Review');
  await press(el, 'Save');
  await view(el, 'Your connections');
}

/**
 * Waits until the session's one connection, open in the detail view, has a delivery, then opens
 * the detail again, so that its log is read as it now is.
 */
export async function deliveryLogged(el: ConnectorPicker, s: Session): Promise<void> {
  const api = bff(s);
  const [endpoint] = await api.endpoints();
  await until(async () => (await api.attempts(endpoint?.id ?? '')).length > 0, 'a delivery to show in the log');
  const title = text(one(el, 'h2'));
  button(el, 'Your connections')?.click();
  await view(el, 'Your connections');
  button(el, title)?.click();
  await view(el, title);
  await until(() => all(el, '[part~="log"] tbody tr').length > 0, 'the log shows the delivery');
}

// The message log's (message-log.test.ts).
/** What the vendor's backend does through the Svix API: create endpoints, send messages with channels and tags. */
export const vendor = <T = Record<string, unknown>>(method: string, route: string, body?: unknown) =>
  executeServerCommand<T, object>('patchbay-vendor', { method, route, body });
/** What the customer's URL at `path` (`/hooks/<name>`) received, oldest first (see server/backend.ts). */
export const hooks = (path: string) =>
  executeServerCommand<{ path: string; messageId: string | null; authorization: string | null }[], object>(
    'patchbay-hooks',
    { path },
  );

/** Makes the session's `goneUrl` answer 410 Gone (`on`), or take deliveries again. */
export const gone = (app: string, on: boolean) => executeServerCommand('patchbay-gone', { app, on });

/** Opens the settings of the session's connection called `name`, from the list. */
export async function openSettings(el: ConnectorPicker, name: string): Promise<void> {
  button(el, 'Your connections')?.click();
  await view(el, 'Your connections');
  button(el, name)?.click();
  await view(el, name);
  await press(el, 'Settings');
  await view(el, `Settings: ${name}`);
}
