import { html, LitElement, type PropertyValues } from 'lit';
import { ApiError } from '../api/api-error.ts';
import { BffClient, type ConnectorKindInfo } from '../api/bff-client.ts';
import { ConnectorSelectEvent } from '../events/connector-select.ts';
import { en } from '../i18n/en.ts';
import { styles } from './connector-picker.styles.ts';

type LoadState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'loaded'; kinds: ConnectorKindInfo[] }
  | { status: 'failed'; error: ApiError };

/**
 * @summary Lets a vendor's customer pick and connect a destination for the vendor's webhooks.
 *
 * @attr api-base - Base URL of the Patchbay BFF, e.g. `https://hooks.example.com` or `/patchbay`.
 * @attr theme - `light` (default) or `dark`.
 * @fires cp-connector-select - The customer picked a connector kind.
 * @csspart heading - The title.
 * @csspart list - The list of connectors.
 * @csspart connector - One connector button.
 * @csspart status - The loading and error messages.
 * @cssprop --cp-color-accent - Focus ring and hover colour.
 */
export class ConnectorPicker extends LitElement {
  static override styles = styles;
  static override properties = {
    apiBase: { type: String, attribute: 'api-base' },
    theme: { type: String, reflect: true },
    _state: { state: true },
  };

  declare apiBase: string;
  declare theme: 'light' | 'dark';
  declare private _state: LoadState;
  #abort: AbortController | undefined;

  constructor() {
    super();
    this.apiBase = '';
    this.theme = 'light';
    this._state = { status: 'idle' };
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  // willUpdate, not updated: the loading state then renders in this same update.
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('apiBase')) void this.#load();
  }

  async #load(): Promise<void> {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this._state = { status: 'loading' };
    try {
      const kinds = await new BffClient(this.apiBase).listKinds(abort.signal);
      if (!abort.signal.aborted) this._state = { status: 'loaded', kinds };
    } catch (err) {
      if (abort.signal.aborted) return;
      const error = err instanceof ApiError ? err : new ApiError(0, 'client_error', String(err));
      this._state = { status: 'failed', error };
    }
  }

  #select(kind: string): void {
    this.dispatchEvent(new ConnectorSelectEvent(kind));
  }

  protected override render() {
    const state = this._state;
    return html`
      <section aria-labelledby="heading">
        <h2 id="heading" part="heading">${en.heading}</h2>
        <p part="status" role="status" class=${state.status === 'loaded' ? 'visually-hidden' : ''}>
          ${state.status === 'loading' ? en.loading : state.status === 'loaded' ? en.loaded(state.kinds.length) : ''}
        </p>
        ${
          state.status === 'failed'
            ? html`<div part="status" role="alert" class="error">
              <p>${en.loadFailed} ${state.error.message}</p>
              <button type="button" @click=${() => this.#load()}>${en.retry}</button>
            </div>`
            : ''
        }
        ${
          state.status === 'loaded'
            ? html`<ul part="list">
              ${state.kinds.map(
                (k) => html`<li>
                  <button type="button" part="connector" class="connector" data-kind=${k.kind} @click=${() => this.#select(k.kind)}>
                    <span>${k.name}</span>
                    <span class="connect-via">${en.connectVia[k.connect]}</span>
                  </button>
                </li>`,
              )}
            </ul>`
            : ''
        }
      </section>
    `;
  }
}
