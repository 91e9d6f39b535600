import { Task, TaskStatus } from '@lit/task';
import { html } from 'lit';
import { ApiError } from '../api/api-error.ts';
import type { BffClient } from '../api/bff-client.ts';
import type { EventType, SimulateResult } from '../api/types.ts';
import { loadEditor } from '../editor/load.ts';
import { editorPhrases } from '../editor/phrases.ts';
import { exampleOf } from './events.ts';
import type { Draft, Ui } from './host.ts';
import { back, heading, messageOf, pretty, primary, problem, steps, when } from './parts.ts';
import { sheet } from './sheet.ts';
import { diffView } from './transform-diff.ts';
import { DryRunPanel } from './transform-dry-run.ts';
import styles from './transform-panels.css?inline';
import { VersionsPanel } from './transform-versions.ts';

const panelsSheet = sheet(styles);

export interface TransformHost
  extends Pick<Ui, 't' | 'lang' | 'locale' | 'go' | 'announce' | 'fail' | 'update' | 'find' | 'adopt' | 'controllers'> {
  eventTypes: () => readonly EventType[];
  draft: () => Readonly<Draft>;
  /** The customer changed the code (or restored a version). */
  edit: (code: string) => void;
  client: () => Pick<
    BffClient,
    'simulate' | 'dryRun' | 'transformationVersions' | 'transformationVersion' | 'restoreTransformation'
  >;
}

/** Step 3: the transformation, in the lazily loaded editor, with a test panel that runs it on the server. */
export class TransformView {
  readonly #host: TransformHost;
  readonly #editor: Task<[], Awaited<ReturnType<typeof loadEditor>>>;
  #testEvent = '';
  #testPayload = '';
  #result: SimulateResult | ApiError | undefined;
  #busy = false;
  /** The connection being configured when the step was last entered. */
  #testedFor: Readonly<Draft> | undefined;
  readonly #dryRun: DryRunPanel;
  readonly #versions: VersionsPanel;

  constructor(host: TransformHost) {
    this.#dryRun = new DryRunPanel(host);
    // Typing renders nothing by itself; only the dry run's "changed since" note needs a render, once.
    this.#host = {
      ...host,
      edit: (code) => {
        host.edit(code);
        if (this.#dryRun.edited(code)) host.update();
      },
    };
    this.#editor = new Task(host.controllers, { task: () => loadEditor(), autoRun: false });
    this.#versions = new VersionsPanel({
      ...this.#host,
      edit: (code) => {
        this.#host.edit(code);
        // The test's result was of the code before.
        this.#result = undefined;
      },
    });
  }

  #testable(): string[] {
    const { selected } = this.#host.draft();
    return selected.size ? [...selected] : this.#host.eventTypes().map((e) => e.name);
  }

  #test(name: string) {
    this.#testEvent = name;
    this.#testPayload = exampleOf(this.#host.eventTypes().find((e) => e.name === name));
  }

  /** On entering the step: fetch the editor, and test with the first chosen event type's example. */
  enter(): void {
    this.#host.adopt(panelsSheet);
    // Another connection (or the same opened again): the last test's result was of other code.
    const draft = this.#host.draft();
    if (draft !== this.#testedFor) this.#result = undefined;
    this.#testedFor = draft;
    const editor = this.#editor;
    if (!editor.value && editor.status !== TaskStatus.PENDING) void editor.run();
    const names = this.#testable();
    if (!names.includes(this.#testEvent)) this.#test(names[0] ?? '');
  }

  /**
   * Where and why the code failed: the position once, in the customer's language, then the
   * JavaScript engine's own message as code. A bad test payload is the widget's own sentence.
   */
  #failure(failure: ApiError) {
    const { t } = this.#host;
    if (failure.code === 'bad_json') return failure.message;
    if (failure.code !== 'transformation_failed') return problem(t, failure);
    const error = failure.body.error as { line?: number | null; column?: number | null; reason?: string } | undefined;
    const said = error?.line ? t('codeFailedAt', { line: error.line, column: error.column ?? 0 }) : t('errTransform');
    return html`${said} <code class="detail" lang="en">${error?.reason ?? failure.message}</code>`;
  }

  render() {
    const { t, go, edit } = this.#host;
    const draft = this.#host.draft();
    const names = this.#testable();
    const result = this.#result;
    const failure = result instanceof ApiError ? result : undefined;
    const position = failure?.body.error as { line?: number; column?: number; reason?: string } | undefined;
    const output = result && !(result instanceof ApiError) ? result : undefined;
    const consoleLines =
      output?.console ?? (failure?.body.console as { level: string; message: string }[] | undefined) ?? [];
    const diff = this.#editor.value?.diffLines;
    const loading = html`<p role="status">${t('editorLoading')}</p>`;
    return html`${steps(t, 3)}${heading(t('stepTransform'))}
    <p id="editor-help" class="muted">${t('editorHelp')}</p>
    ${this.#editor.render({
      pending: () => loading,
      complete: () =>
        draft.code === undefined
          ? loading
          : html`<cp-code-editor label=${t('code')} describedby-text=${t('editorHelp')} .value=${draft.code}
            .schemas=${names.flatMap((n) => Object.values(this.#host.eventTypes().find((e) => e.name === n)?.schemas ?? {}))}
            .syntaxMessage=${(at: { line: number; column: number }) => t('codeSyntaxErrorAt', at)} .phrases=${editorPhrases(t)}
            .runtimeError=${position?.line ? { line: position.line, column: position.column ?? 1, message: position.reason ?? failure?.message ?? '' } : null}
            @input=${(e: Event) => edit((e.target as HTMLInputElement).value)}></cp-code-editor>`,
      error: (err) => html`<p role="alert" part="error" class="error">${problem(t, err)}
        <button type="button" part="button" @click=${() => this.#editor.run()}>${t('retry')}</button></p>`,
    })}
    <section class="panel" part="panel" aria-labelledby="panel-title">
      <h3 id="panel-title">${t('output')}</h3>
      <div class="row">
        <label for="test-event">${t('eventType')}</label>
        <select id="test-event" @change=${(e: Event) => {
          this.#test((e.target as HTMLSelectElement).value);
          this.#host.update();
        }}>${names.map((n) => html`<option ?selected=${n === this.#testEvent}>${n}</option>`)}</select>
      </div>
      <label for="test-payload">${t('testWith')}</label>
      <textarea id="test-payload" class="mono" rows="6" spellcheck="false" .value=${this.#testPayload}
        @input=${(e: Event) => {
          this.#testPayload = (e.target as HTMLTextAreaElement).value;
        }}></textarea>
      ${primary(t('runTest'), () => this.#run(), this.#busy || draft.code === undefined)}
      <div aria-live="polite">
        ${when(failure, () => html`<p role="alert" part="error" class="error">${this.#failure(failure as ApiError)}</p>`)}
        ${when(output?.cancel, () => html`<p>${t('notSent')}</p>`)}
        ${when(
          output && !output.cancel,
          () => html`<p><code>${output?.method} ${output?.url}</code></p>
          <pre class="mono" tabindex="0" aria-label=${t('output')}>${pretty(output?.payload ?? '')}</pre>
          ${when(diff, () => html`<h4>${t('changes')}</h4>${diffView(t, diff ? diff(pretty(this.#testPayload), pretty(output?.payload ?? '')) : [])}`)}`,
        )}
        ${when(consoleLines.length, () => html`<h4>${t('console')}</h4><pre class="mono" tabindex="0" aria-label=${t('console')}>${consoleLines.map((l) => `${l.level}: ${l.message}\n`)}</pre>`)}
      </div>
    </section>
    ${this.#dryRun.render(diff)}
    ${this.#versions.render(diff)}
    <div class="actions">${back(t, () => go('events'))}${primary(t('next'), () => go('review'), draft.code === undefined)}</div>`;
  }

  async #run() {
    const { t, update } = this.#host;
    const draft = this.#host.draft();
    let payload: unknown;
    try {
      payload = JSON.parse(this.#testPayload);
    } catch {
      this.#result = new ApiError(422, { code: 'bad_json', detail: t('badJson') });
      return update();
    }
    this.#busy = true;
    update();
    try {
      this.#result = await this.#host.client().simulate(draft.endpoint.id, draft.code ?? '', this.#testEvent, payload);
    } catch (err) {
      this.#result = err instanceof ApiError ? err : new ApiError(0, { code: 'client_error', detail: messageOf(err) });
    } finally {
      this.#busy = false;
      update();
    }
  }
}
