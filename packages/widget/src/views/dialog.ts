import { html } from 'lit';

/**
 * A confirmation (remove a connection, rotate a secret, send missed messages): a modal dialog, so
 * the rest of the picker is inert while it is open and focus returns to the button after. `@close`
 * reads `returnValue`: the confirming button's `value`, or `cancel`. `tone`: the confirming
 * button's, `danger` for what cannot be undone.
 */
export const confirmDialog = (
  id: string,
  text: string,
  [cancel, confirm]: [label: string, label: string],
  value: string,
  onClose: (ev: Event) => unknown,
  tone: 'danger' | 'primary' = 'danger',
) => html`<dialog part="dialog" id=${id} aria-labelledby="${id}-text" @close=${onClose}>
  <p id="${id}-text">${text}</p>
  <form method="dialog" class="row">
    <button value="cancel" part="button">${cancel}</button>
    <button value=${value} part=${tone === 'primary' ? 'button primary' : 'button'} class=${tone}>${confirm}</button>
  </form>
</dialog>`;

/**
 * Opens it with focus on Cancel, the safe choice. Focused by hand, not by `autofocus`, which
 * Chromium blocks in a cross-origin frame (the App Portal framed by the vendor's page).
 */
export function openDialog(dialog: HTMLDialogElement | null): void {
  dialog?.showModal();
  dialog?.querySelector<HTMLButtonElement>('button[value="cancel"]')?.focus();
}
