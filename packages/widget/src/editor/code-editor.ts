import { autocompletion, closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { javascriptLanguage } from '@codemirror/lang-javascript';
import { bracketMatching, indentOnInput, LanguageSupport } from '@codemirror/language';
import { Annotation, Compartment, EditorState } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
  ViewPlugin,
} from '@codemirror/view';
import { webhookCompletion } from './completion.ts';
import { type Position, problems, type RuntimeError, showRuntimeError } from './problems.ts';
import { theme } from './theme.ts';

export { diffLines } from './diff.ts';

// The element's own frame, in a constructed sheet: a strict CSP (the App Portal page's nonce'd
// styles) refuses inline style elements, never adopted sheets. CodeMirror's own styles (style-mod)
// are adopted sheets too when it is mounted in a shadow root, so nothing here needs a nonce.
let shared: CSSStyleSheet | undefined;
function sheet(): CSSStyleSheet {
  if (!shared) {
    shared = new CSSStyleSheet();
    shared.replaceSync(`
:host{display:flex;flex-direction:column;border:1px solid var(--_border,#8a94a6);border-radius:var(--_radius,8px);background:var(--_bg,#fff);color:var(--_fg,inherit);overflow:hidden}
:host(:focus-within){outline:2px solid var(--_accent-text,#3b5bdb);outline-offset:2px}
.cm-editor{max-height:32em}
.status{margin:0;padding:4px 8px;font:13px/1.5 var(--cp-font-family,system-ui,sans-serif);color:var(--_danger,#b42318);background:var(--_bg,#fff);border-top:1px solid var(--_border,#8a94a6)}
.status:empty{display:none}
`);
  }
  return shared;
}

/** Marks the changes `value =` makes, which are not the customer's (no input event, as a textarea). */
const setByValue = Annotation.define<boolean>();

/**
 * `<cp-code-editor>`: the transformation's JavaScript in CodeMirror 6, loaded on demand:
 * highlighting, bracket matching, completion of `webhook.` and of the payload's fields, parse
 * errors marked as the customer types and the last run's error where it happened. Tab indents;
 * Escape then Tab (or Shift+Tab) moves focus on, so keyboard users are never trapped.
 */
export class CodeEditor extends HTMLElement {
  readonly #view: EditorView;
  readonly #status: HTMLElement;
  readonly #label = new Compartment();
  readonly #phrases = new Compartment();
  #phrasesSet: Record<string, string> = {};
  #schemas: readonly unknown[] = [];
  #runtimeError: RuntimeError | null = null;
  #syntaxMessage: (at: Position) => string = ({ line, column }) => `${line}:${column}`;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open', delegatesFocus: true });
    root.adoptedStyleSheets = [sheet()];
    this.#status = document.createElement('p');
    this.#status.className = 'status';
    this.#status.setAttribute('part', 'status');
    this.#status.setAttribute('aria-live', 'polite');
    this.#view = new EditorView({
      root,
      parent: root,
      state: EditorState.create({ extensions: this.#extensions() }),
    });
    root.append(this.#status);
  }

  #extensions() {
    return [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightActiveLine(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      closeBrackets(),
      // The language alone: its own completions (snippets, local names) would sit beside webhook's.
      new LanguageSupport(javascriptLanguage),
      autocompletion({ override: [webhookCompletion(() => this.#schemas)], icons: false }),
      problems(
        (at) => this.#syntaxMessage(at),
        (at) => {
          this.#status.textContent = at ? this.#syntaxMessage(at) : '';
        },
      ),
      // Escape hands Tab back to the page until another key is pressed (CodeMirror's own
      // Escape does so for two seconds only, which a slow machine or a slow hand may miss).
      EditorView.domEventObservers({
        keydown: (e, view) => {
          if (e.key === 'Escape') view.setTabFocusMode(true);
          else if (!['Tab', 'Shift', 'Control', 'Alt', 'Meta'].includes(e.key)) view.setTabFocusMode(false);
        },
        blur: (_e, view) => {
          view.setTabFocusMode(false);
        },
      }),
      // (autocompletion() binds its own keys, Enter and Escape, above these.)
      keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab]),
      EditorView.lineWrapping,
      EditorView.updateListener.of((update) => {
        const edited = update.transactions.some((tr) => tr.docChanged && !tr.annotation(setByValue));
        if (edited) this.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      }),
      this.#label.of([]),
      this.#phrases.of([]),
      EditorView.contentAttributes.of({ part: 'textarea' }),
      theme,
      // Last, so that the gutters it names are there: CodeMirror builds them with its view, and
      // builds the view anew when its words (the phrases) change.
      ViewPlugin.define((view) => {
        view.dom.querySelector('.cm-gutters')?.setAttribute('part', 'gutter');
        return {};
      }),
    ];
  }

  static get observedAttributes() {
    return ['label', 'describedby-text'];
  }

  attributeChangedCallback() {
    const label = this.getAttribute('label');
    const description = this.getAttribute('describedby-text');
    this.#view.dispatch({
      effects: this.#label.reconfigure(
        EditorView.contentAttributes.of({
          ...(label ? { 'aria-label': label } : {}),
          ...(description ? { 'aria-description': description } : {}),
        }),
      ),
    });
  }

  get value(): string {
    return this.#view.state.doc.toString();
  }

  /** Replaces the code, as a textarea's value does: no input event. */
  set value(code: string) {
    if (code === this.value) return;
    this.#view.dispatch({
      changes: { from: 0, to: this.#view.state.doc.length, insert: code },
      annotations: setByValue.of(true),
    });
  }

  /** The JSON Schemas of the payloads the code will see: `webhook.payload.` completes their fields. */
  set schemas(schemas: readonly unknown[]) {
    this.#schemas = schemas;
  }

  /** CodeMirror's own words in the customer's language, keyed by its English (`EditorState.phrases`). */
  set phrases(phrases: Record<string, string>) {
    if (JSON.stringify(phrases) === JSON.stringify(this.#phrasesSet)) return;
    this.#phrasesSet = phrases;
    this.#view.dispatch({ effects: this.#phrases.reconfigure(EditorState.phrases.of(phrases)) });
  }

  /** Says where a parse error is, in the customer's language. */
  set syntaxMessage(say: (at: Position) => string) {
    this.#syntaxMessage = say;
  }

  /** Where the last run failed (from the server's 422), or null: marked until the next run says otherwise. */
  set runtimeError(error: RuntimeError | null) {
    const same =
      error?.line === this.#runtimeError?.line &&
      error?.column === this.#runtimeError?.column &&
      error?.message === this.#runtimeError?.message;
    if (same) return;
    this.#runtimeError = error;
    showRuntimeError(this.#view, error);
  }
}

if (!customElements.get('cp-code-editor')) customElements.define('cp-code-editor', CodeEditor);

declare global {
  interface HTMLElementTagNameMap {
    'cp-code-editor': CodeEditor;
  }
}
