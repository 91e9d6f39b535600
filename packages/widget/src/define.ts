import { ConnectorPicker } from './connector-picker/connector-picker.ts';
// The `cp-*` events' types reach a page that imports only this module.
import './events/events.ts';

// A page may load both the script-tag bundle and the ESM build; the first one wins.
if (!customElements.get('connector-picker')) customElements.define('connector-picker', ConnectorPicker);

declare global {
  interface HTMLElementTagNameMap {
    'connector-picker': ConnectorPicker;
  }
}
