import { html } from 'lit';
import type { Answer } from '../api/types.ts';
import type { Ui } from './host.ts';
import type { Say } from './settings.ts';

/** One bar: what it covers, and its counts. */
export interface Bar {
  label: string;
  success: number;
  fail: number;
  pending: number;
}

type Counts = Omit<Bar, 'label'>;

const sum = (bars: readonly Counts[]): Counts =>
  bars.reduce((a, b) => ({ success: a.success + b.success, fail: a.fail + b.fail, pending: a.pending + b.pending }), {
    success: 0,
    fail: 0,
    pending: 0,
  });

/**
 * The series as the two charts show it: the last 24 hours hour by hour, and the last 7 days day
 * by day in the customer's own time zone (today so far included).
 */
export function periods(series: Answer<'portal.endpoint.stats-series'>, locale: string): { hours: Bar[]; days: Bar[] } {
  const start = Date.parse(series.start);
  const step = series.bucketSeconds * 1000;
  const at = (i: number) => new Date(start + i * step);
  const hourLabel = new Intl.DateTimeFormat(locale, { hour: 'numeric' });
  const dayLabel = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric' });
  const hours = series.buckets.slice(-24).map((b, i) => ({
    ...b,
    label: hourLabel.format(at(series.buckets.length - 24 + i)),
  }));
  const byDay = new Map<string, { label: string; counts: Counts[] }>();
  series.buckets.forEach((b, i) => {
    const when = at(i);
    const key = when.toDateString();
    const day = byDay.get(key) ?? { label: dayLabel.format(when), counts: [] };
    day.counts.push(b);
    byDay.set(key, day);
  });
  const days = [...byDay.values()].slice(-7).map((d) => ({ label: d.label, ...sum(d.counts) }));
  return { hours, days };
}

/**
 * A small stacked bar chart (CSS, no library) with its numbers as a table: the chart is a picture
 * for sighted people, the table (and the summary line) what screen readers and keyboard users read.
 */
export function chart(t: Ui['t'], say: Say, id: string, title: string, bars: readonly Bar[]) {
  const total = sum(bars);
  const highest = Math.max(1, ...bars.map((b) => b.success + b.fail + b.pending));
  const part = (kind: keyof Counts, n: number) =>
    n ? html`<span class="seg ${kind}" style="height:${(n / highest) * 100}%"></span>` : '';
  const counts = ({ success, fail, pending }: Counts) => say('statsSummary', { success, fail, pending });
  const summary = counts(total);
  return html`<figure class="stats" part="stats" aria-labelledby="${id}-title">
    <figcaption id="${id}-title"><strong>${title}</strong> <span class="muted">${summary}</span></figcaption>
    <div class="bars" aria-hidden="true">
      ${bars.map(
        (b) => html`<div class="bar" title="${b.label}: ${counts(b)}">
          <div class="stack">${part('pending', b.pending)}${part('fail', b.fail)}${part('success', b.success)}</div>
        </div>`,
      )}
    </div>
    <div class="bars-axis" aria-hidden="true"><span>${bars[0]?.label}</span><span>${bars.at(-1)?.label}</span></div>
    <p class="legend" aria-hidden="true">
      <span><i class="seg success"></i>${t('success')}</span>
      <span><i class="seg fail"></i>${t('fail')}</span>
      <span><i class="seg pending"></i>${t('pending')}</span>
    </p>
    <details>
      <summary>${say('asTable')}</summary>
      <table class="counts" aria-labelledby="${id}-title">
        <thead><tr><th scope="col">${say('period')}</th><th scope="col">${t('success')}</th><th scope="col">${t('fail')}</th><th scope="col">${t('pending')}</th></tr></thead>
        <tbody>${bars.map((b) => html`<tr><th scope="row">${b.label}</th><td>${b.success}</td><td>${b.fail}</td><td>${b.pending}</td></tr>`)}</tbody>
      </table>
    </details>
  </figure>`;
}
