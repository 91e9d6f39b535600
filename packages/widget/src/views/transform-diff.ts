import { html } from 'lit';
import type { DiffLine } from '../editor/diff.ts';
import type { Ui } from './host.ts';

/** The editor chunk's line diff (`diffLines`), passed in once that chunk has loaded; null: too many lines differ. */
export type LineDiff = (before: string, after: string) => DiffLine[] | null;

/** A line diff as step 3 shows it (test output, dry runs, versions): added and removed lines marked. */
export const diffView = (t: Ui['t'], lines: DiffLine[] | null) =>
  lines
    ? html`<pre class="mono diff" tabindex="0" aria-label=${t('changes')}>${lines.map(
        ([mark, line]) =>
          html`<span class=${mark === '+' ? 'add' : mark === '-' ? 'del' : ''}>${mark} ${line}\n</span>`,
      )}</pre>`
    : html`<p class="muted">${t('diffTooLarge')}</p>`;
