import '@patchbay/widget/define';
import type { PickerEvent } from '@patchbay/widget';

// Typed by the package's declarations: querySelector knows the tag, and so the element's inputs.
const picker = document.querySelector('connector-picker');
if (picker) {
  picker.tokenProvider = async () => (await (await fetch('/session/patchbay', { method: 'POST' })).json()).token;
  picker.addEventListener('cp-error', (event: PickerEvent<'cp-error'>) => {
    document.body.dataset.error = `${event.detail.code}: ${event.detail.message}`;
  });
}
