import { html } from 'lit';

/** The editor chunk's line diff (`diffLines`), passed in once that chunk has loaded. */
export type LineDiff = (before: string, after: string) => [' ' | '-' | '+', string][];

/** A line diff as step 3 shows it (test output, dry runs, versions): added and removed lines marked. */
export const diffView = (label: string, lines: [' ' | '-' | '+', string][]) =>
  html`<pre class="mono diff" tabindex="0" aria-label=${label}>${lines.map(
    ([mark, line]) => html`<span class=${mark === '+' ? 'add' : mark === '-' ? 'del' : ''}>${mark} ${line}\n</span>`,
  )}</pre>`;
