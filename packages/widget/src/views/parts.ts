import { html, nothing } from 'lit';
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

export const when = (condition: unknown, template: () => unknown) => (condition ? template() : nothing);
