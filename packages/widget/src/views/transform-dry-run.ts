import { html } from 'lit';
import { ApiError } from '../api/api-error.ts';
import type { BffClient } from '../api/bff-client.ts';
import type { DryRun, DryRunOutcome, DryRunRow } from '../api/types.ts';
import type { Draft, Ui } from './host.ts';
import { messageOf, pretty, problem, when } from './parts.ts';
import { diffView, type LineDiff } from './transform-diff.ts';
import { transformTexts } from './transform-texts.ts';

export interface DryRunHost extends Pick<Ui, 't' | 'lang' | 'announce' | 'update'> {
  draft: () => Readonly<Draft>;
  client: () => Pick<BffClient, 'dryRun'>;
}

/**
 * What the last dry runs found would break, by connection and code: the review step warns from
 * it. Kept for a few codes only (the ones just tried), whatever the picker does.
 */
const broken = new Map<string, number>();
const REMEMBERED = 8;
const keyOf = (endpoint: string, code: string) => `${endpoint}\n${code}`;

/** How many recent events `code` fails on where the saved code succeeded, if a dry run of it was made. */
export function regressionsFor(endpoint: string, code: string | undefined): number | undefined {
  return code === undefined ? undefined : broken.get(keyOf(endpoint, code));
}

function remember(endpoint: string, code: string, regressions: number) {
  const key = keyOf(endpoint, code);
  broken.delete(key);
  broken.set(key, regressions);
  for (const old of broken.keys()) if (broken.size > REMEMBERED) broken.delete(old);
}

const failed = (o: DryRunOutcome) => o.status === 'error';

/** Step 3's dry run: the edited code and the saved one, side by side on recent events and examples. */
export class DryRunPanel {
  readonly #host: DryRunHost;
  #result: { endpoint: string; code: string; run: DryRun } | ApiError | undefined;
  #busy = false;
  /** Whether the result shown is of code edited since, as last rendered. */
  #stale = false;

  constructor(host: DryRunHost) {
    this.#host = host;
  }

  /** The code changed: whether the result shown goes from being of this code to not (or back), so needs a render. */
  edited(code: string): boolean {
    const result = this.#result;
    if (!result || result instanceof ApiError) return false;
    const stale = result.code !== code;
    const changed = stale !== this.#stale;
    this.#stale = stale;
    return changed;
  }

  #label(o: DryRunOutcome): string {
    const say = transformTexts.t(this.#host);
    switch (o.status) {
      case 'ok':
        return say('dryOk');
      case 'canceled':
        return say('dryCanceled');
      case 'error':
        return o.line ? say('dryErrorAt', { line: o.line }) : say('dryError');
      case 'filtered':
        return say('dryFiltered');
      default:
        return say('drySkipped');
    }
  }

  #badge(o: DryRunOutcome) {
    const tone = o.status === 'ok' ? 'ok' : o.status === 'error' ? 'bad' : 'off';
    return html`<span class="badge ${tone}">${this.#label(o)}</span>`;
  }

  /** What the new code sends, against what the saved one sends (or the error instead). */
  #detail(row: DryRunRow, diff: LineDiff | undefined) {
    const { t } = this.#host;
    const after = row.new;
    if (after.status === 'error')
      return html`<p class="error"><code class="detail" lang="en">${after.reason}</code></p>`;
    if (after.status !== 'ok') return null;
    const before = row.current.status === 'ok' ? row.current.payload : row.input;
    return diff
      ? diffView(t, diff(pretty(before), pretty(after.payload)))
      : html`<pre class="mono" tabindex="0" aria-label=${t('output')}>${pretty(after.payload)}</pre>`;
  }

  /** `diff`: the editor chunk's line diff, once it has loaded. */
  render(diff: LineDiff | undefined) {
    const { t } = this.#host;
    const say = transformTexts.t(this.#host);
    const draft = this.#host.draft();
    const result = this.#result;
    const failure = result instanceof ApiError ? result : undefined;
    const ran = result && !(result instanceof ApiError) && result.endpoint === draft.endpoint.id ? result : undefined;
    const run = ran?.run;
    return html`<section class="panel dry-run" part="panel dry-run" aria-labelledby="dry-run-title">
      <h3 id="dry-run-title">${say('dryRun')}</h3>
      <p class="muted">${say('dryRunHelp')}</p>
      <p><button type="button" part="button" ?disabled=${this.#busy || draft.code === undefined}
        aria-busy=${this.#busy ? 'true' : 'false'} @click=${() => this.#run()}>${say('dryRunStart')}</button></p>
      <div aria-live="polite">
        ${when(failure, () => html`<p role="alert" part="error" class="error">${problem(t, failure)}</p>`)}
        ${when(
          run,
          () => html`${when(ran?.code !== draft.code, () => html`<p class="muted">${say('dryRunStale')}</p>`)}
          <p class="dry-run-summary">${
            run?.data.length
              ? say('dryRunSummary', { n: run.data.length, failing: run.data.filter((r) => failed(r.new)).length })
              : say('dryRunNone')
          }</p>
          <ol class="dry-run-list">${run?.data.map(
            (row) => html`<li class="dry-run-row"><details>
              <summary><span class="dry-run-event"><code>${row.eventType}</code> <span class="muted small">${row.msgId ?? say('dryRunExample')}</span></span>
                <span class="dry-run-outcomes"><span>${say('dryRunNewCode')}: ${this.#badge(row.new)}</span>
                <span>${say('dryRunCurrentCode')}: ${this.#badge(row.current)}</span></span></summary>
              ${this.#detail(row, diff)}
            </details></li>`,
          )}</ol>`,
        )}
      </div>
    </section>`;
  }

  async #run() {
    const host = this.#host;
    const { endpoint, code, selected, filter } = host.draft();
    if (code === undefined) return;
    this.#busy = true;
    host.update();
    try {
      const run = await host.client().dryRun(endpoint.id, code, selected.size ? [...selected] : null, filter);
      remember(endpoint.id, code, run.regressions);
      this.#result = { endpoint: endpoint.id, code, run };
      this.#stale = false;
    } catch (err) {
      this.#result = err instanceof ApiError ? err : new ApiError(0, { code: 'client_error', detail: messageOf(err) });
    } finally {
      this.#busy = false;
      host.update();
    }
  }
}
