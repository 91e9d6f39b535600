import { initialState, Task } from '@lit/task';
import { html } from 'lit';
import type { BffClient } from '../api/bff-client.ts';
import type { TransformationVersion, TransformationVersions } from '../api/types.ts';
import { confirmDialog, openDialog } from './dialog.ts';
import type { Draft, Ui } from './host.ts';
import { problem, when } from './parts.ts';
import { diffView, type LineDiff } from './transform-diff.ts';
import { type Say, transformTexts } from './transform-texts.ts';

type Listed = TransformationVersions['data'][number];

export interface VersionsHost
  extends Pick<Ui, 't' | 'lang' | 'locale' | 'announce' | 'fail' | 'update' | 'find' | 'controllers'> {
  draft: () => Readonly<Draft>;
  /** The editor shows this code from now on. */
  edit: (code: string) => void;
  client: () => Pick<BffClient, 'transformationVersions' | 'transformationVersion' | 'restoreTransformation'>;
}

/**
 * A saved connection's transformation history in step 3: each version with when and by whom,
 * the difference between any two, and a restore (confirmed; it saves at once, as a new version).
 */
export class VersionsPanel {
  readonly #host: VersionsHost;
  readonly #list: Task<[string | undefined, Readonly<Draft> | undefined], { endpoint: string; data: Listed[] }>;
  /** The codes read so far, by version id: versions never change, so each is read once. */
  readonly #codes = new Map<string, string>();
  readonly #diff: Task<
    [string, string, string],
    { from: string; to: string; before: string; after: string } | undefined
  >;
  #from = '';
  #to = '';
  #restoring: Listed | undefined;
  #busy = false;

  constructor(host: VersionsHost) {
    this.#host = host;
    this.#list = new Task(host.controllers, {
      // A connection being made has no history; one opened to edit has, read again each time it is opened.
      args: () => {
        const draft = host.draft() as Readonly<Draft> | undefined;
        return [draft && !draft.creating ? draft.endpoint.id : undefined, draft];
      },
      task: async ([endpoint], { signal }) => {
        if (!endpoint) return initialState;
        const { data } = await host.client().transformationVersions(endpoint, signal);
        const [newest, previous] = data;
        this.#to = newest?.id ?? '';
        this.#from = previous?.id ?? newest?.id ?? '';
        return { endpoint, data };
      },
    });
    this.#diff = new Task(host.controllers, {
      args: () => [this.#list.value?.endpoint ?? '', this.#from, this.#to],
      task: async ([endpoint, from, to], { signal }) => {
        if (!endpoint || !from || !to) return undefined;
        const [before, after] = await Promise.all([from, to].map((id) => this.#code(endpoint, id, signal)));
        return { from, to, before: before ?? '', after: after ?? '' };
      },
    });
  }

  async #code(endpoint: string, id: string, signal: AbortSignal): Promise<string> {
    const known = this.#codes.get(id);
    if (known !== undefined) return known;
    const { code } = await this.#host.client().transformationVersion(endpoint, id, signal);
    this.#codes.set(id, code);
    return code;
  }

  /** When a version was saved, to the second: saves a few seconds apart must read apart. */
  #when(iso: string): string {
    return new Date(iso).toLocaleString(this.#host.locale(), { dateStyle: 'medium', timeStyle: 'medium' });
  }

  #author(v: Listed): string {
    const say = transformTexts.t(this.#host);
    if (v.author === 'vendor') return say('versionByVendor');
    return v.author === 'portal' ? say('versionByPortal') : say('versionBySession', { id: v.author });
  }

  #option = (v: Listed, selected: string, say: Say) =>
    html`<option value=${v.id} ?selected=${v.id === selected}>${this.#when(v.createdAt)}${v.current ? ` (${say('versionCurrent')})` : ''}</option>`;

  /** `diff`: the editor chunk's line diff, once it has loaded. */
  render(diff: LineDiff | undefined) {
    const { t } = this.#host;
    const date = (iso: string) => this.#when(iso);
    const say = transformTexts.t(this.#host);
    const listed = this.#list.value;
    const draft = this.#host.draft();
    if (draft.creating) return null;
    const versions = listed?.endpoint === draft.endpoint.id ? listed.data : [];
    // Only the diff of the two chosen now: a task keeps its last value while it reads the next.
    const shown = this.#diff.value;
    const compared = shown?.from === this.#from && shown.to === this.#to ? shown : undefined;
    return html`<section class="panel versions" part="panel versions" aria-labelledby="versions-title">
      <h3 id="versions-title">${say('versions')}</h3>
      <p class="muted">${say('versionsHelp')}</p>
      ${this.#list.render({
        pending: () => html`<p role="status">${t('loading')}</p>`,
        error: (err) => html`<p role="alert" part="error" class="error">${problem(t, err)}</p>`,
        complete: () =>
          versions.length === 0
            ? html`<p class="muted">${say('versionsNone')}</p>`
            : html`<ol class="version-list">${versions.map(
                (v) => html`<li class="version">
                  <span class="grow"><span>${date(v.createdAt)}</span><span class="muted small">${this.#author(v)}</span></span>
                  ${
                    v.current
                      ? html`<span class="badge ok">${say('versionCurrent')}</span>`
                      : html`<button type="button" part="button" ?disabled=${this.#busy}
                          aria-label=${say('restoreVersion', { date: date(v.createdAt) })}
                          @click=${() => this.#confirm(v)}>${say('restore')}</button>`
                  }
                </li>`,
              )}</ol>
              ${when(
                versions.length > 1,
                () => html`<div class="row compare">
                  <label for="diff-from">${say('compare')}</label>
                  <select id="diff-from" @change=${(e: Event) => this.#pick('from', e)}>${versions.map((v) => this.#option(v, this.#from, say))}</select>
                  <label for="diff-to">${say('compareWith')}</label>
                  <select id="diff-to" @change=${(e: Event) => this.#pick('to', e)}>${versions.map((v) => this.#option(v, this.#to, say))}</select>
                </div>
                ${when(diff && compared, () =>
                  compared?.before === compared?.after
                    ? html`<p class="muted">${say('noDifference')}</p>`
                    : diffView(t, (diff as LineDiff)(compared?.before ?? '', compared?.after ?? '')),
                )}`,
              )}`,
      })}
      ${confirmDialog(
        'restore-dialog',
        this.#restoring ? say('restoreConfirm', { date: date(this.#restoring.createdAt) }) : '',
        [t('cancel'), say('restore')],
        'restore',
        (ev) => void this.#onClosed(ev),
        'primary',
      )}
    </section>`;
  }

  #pick(which: 'from' | 'to', e: Event) {
    const id = (e.target as HTMLSelectElement).value;
    if (which === 'from') this.#from = id;
    else this.#to = id;
    this.#host.update();
  }

  async #confirm(v: Listed) {
    this.#restoring = v;
    this.#host.update();
    openDialog(await this.#host.find<HTMLDialogElement>('#restore-dialog'));
  }

  async #onClosed(ev: Event) {
    const chosen = this.#restoring;
    if ((ev.target as HTMLDialogElement).returnValue !== 'restore' || !chosen) return;
    const host = this.#host;
    const endpoint = host.draft().endpoint.id;
    this.#busy = true;
    host.update();
    try {
      const restored: TransformationVersion = await host.client().restoreTransformation(endpoint, chosen.id);
      this.#codes.set(restored.id, restored.code);
      host.edit(restored.code);
      await this.#list.run();
      host.announce(transformTexts.t(host)('restored', { date: this.#when(chosen.createdAt) }));
    } catch (err) {
      host.fail(err);
    } finally {
      this.#busy = false;
      this.#restoring = undefined;
      host.update();
    }
  }
}
