import { html } from 'lit';
import { ApiError } from '../api/api-error.ts';
import type { ConnectorPicker } from '../connector-picker/connector-picker.ts';
import { loadEditor } from '../editor/load.ts';
import { exampleOf } from './events.ts';
import { back, heading, pretty, primary, steps, when } from './parts.ts';

let diff: ((a: string, b: string) => [string, string][]) | undefined;

const testableEvents = (p: ConnectorPicker) =>
  p.selected.size ? [...p.selected] : (p.eventTypes ?? []).map((e) => e.name);

/** On entering the step: fetch the editor, and test with the first chosen event type's example. */
export function enterTransform(p: ConnectorPicker) {
  if (!p.editorReady) {
    void loadEditor().then((editor) => {
      diff = editor.diffLines;
      p.editorReady = true;
    });
  }
  const names = testableEvents(p);
  if (!p.testEvent || !names.includes(p.testEvent)) {
    p.testEvent = names[0] ?? '';
    p.testPayload = exampleOf(p.eventTypes?.find((e) => e.name === p.testEvent));
  }
}

/** Step 3: the transformation, in the lazily loaded editor, with a test panel that runs it on the server. */
export function transformView(p: ConnectorPicker) {
  const names = testableEvents(p);
  const result = p.result;
  const failure = result instanceof ApiError ? result : undefined;
  const position = failure?.body.error as { line?: number; column?: number } | undefined;
  const output = result && !(result instanceof ApiError) ? result : undefined;
  const consoleLines =
    output?.console ?? (failure?.body.console as { level: string; message: string }[] | undefined) ?? [];
  return html`${steps(p, 3)}${heading(p.t('stepTransform'))}
    <p id="editor-help" class="muted">${p.t('editorHelp')}</p>
    ${
      p.editorReady
        ? html`<cp-code-editor label=${p.t('code')} describedby-text=${p.t('editorHelp')} .value=${p.code}
            .errorLine=${position?.line ?? 0} @input=${(e: Event) => {
              p.code = (e.target as HTMLInputElement).value;
            }}></cp-code-editor>`
        : html`<p role="status">${p.t('editorLoading')}</p>`
    }
    <section class="panel" part="panel" aria-labelledby="panel-title">
      <h3 id="panel-title">${p.t('output')}</h3>
      <div class="row">
        <label for="test-event">${p.t('eventType')}</label>
        <select id="test-event" @change=${(e: Event) => {
          p.testEvent = (e.target as HTMLSelectElement).value;
          p.testPayload = exampleOf(p.eventTypes?.find((t) => t.name === p.testEvent));
        }}>${names.map((n) => html`<option ?selected=${n === p.testEvent}>${n}</option>`)}</select>
      </div>
      <label for="test-payload">${p.t('testWith')}</label>
      <textarea id="test-payload" class="mono" rows="6" spellcheck="false" .value=${p.testPayload}
        @input=${(e: Event) => {
          p.testPayload = (e.target as HTMLTextAreaElement).value;
        }}></textarea>
      ${primary(p.t('runTest'), () => runTest(p), p.busy)}
      <div aria-live="polite">
        ${when(failure, () => html`<p role="alert" part="error" class="error">${position?.line ? p.t('errorAt', { line: position.line, column: position.column ?? 0, m: failure?.message ?? '' }) : failure?.message}</p>`)}
        ${when(output?.cancel, () => html`<p>${p.t('notSent')}</p>`)}
        ${when(
          output && !output.cancel,
          () => html`<p><code>${output?.method} ${output?.url}</code></p>
          <pre class="mono" tabindex="0" aria-label=${p.t('output')}>${pretty(output?.payload ?? '')}</pre>
          ${when(diff, () => html`<h4>${p.t('changes')}</h4><pre class="mono diff" tabindex="0" aria-label=${p.t('changes')}>${diff?.(pretty(p.testPayload), pretty(output?.payload ?? '')).map(([mark, line]) => html`<span class=${mark === '+' ? 'add' : mark === '-' ? 'del' : ''}>${mark} ${line}\n</span>`)}</pre>`)}`,
        )}
        ${when(consoleLines.length, () => html`<h4>${p.t('console')}</h4><pre class="mono" tabindex="0" aria-label=${p.t('console')}>${consoleLines.map((l) => `${l.level}: ${l.message}\n`)}</pre>`)}
      </div>
    </section>
    <div class="actions">${back(p, () => p.go('events'))}${primary(p.t('next'), () => p.go('review'))}</div>`;
}

async function runTest(p: ConnectorPicker) {
  let payload: unknown;
  try {
    payload = JSON.parse(p.testPayload);
  } catch {
    p.result = new ApiError(422, { code: 'bad_json', detail: p.t('badJson') });
    return;
  }
  p.busy = true;
  try {
    p.result = await p.client.simulate(p.endpoint?.id ?? '', p.code, p.testEvent, payload);
  } catch (err) {
    p.result = err instanceof ApiError ? err : new ApiError(0, { code: 'client_error', detail: p.describe(err) });
  } finally {
    p.busy = false;
  }
}
