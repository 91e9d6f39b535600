// The picker's resolved theme (its --_* properties) inherits into this shadow root. A
// constructed sheet, not a <style>: a strict CSP (the App Portal page's nonce'd styles) refuses
// inline style elements, never adopted sheets. One sheet, built on first use, serves every editor.
let shared: CSSStyleSheet | undefined;
function sheet(): CSSStyleSheet {
  if (!shared) {
    shared = new CSSStyleSheet();
    shared.replaceSync(`
:host{display:flex;border:1px solid var(--_border,#8a94a6);border-radius:var(--_radius,8px);font:13px/1.5 var(--cp-font-mono,ui-monospace,monospace);background:var(--_bg,#fff);color:var(--_fg,inherit);overflow:hidden}
.g{padding:8px 6px;text-align:right;color:var(--_muted,#4f5b6d);user-select:none;white-space:pre;overflow:hidden;min-width:2.5em}
.g b{background:var(--_danger,#b42318);color:var(--_bg,#fff);border-radius:3px;font-weight:400}
textarea{flex:1;border:0;padding:8px;font:inherit;color:inherit;background:transparent;resize:vertical;min-height:14em;white-space:pre;tab-size:2;outline:none}
:host(:focus-within){outline:2px solid var(--_accent,#3b5bdb);outline-offset:2px}
`);
  }
  return shared;
}

/**
 * `<cp-code-editor>`: a plain-text code editor with line numbers and an error-line marker.
 * Dependency-free and loaded on demand. Tab indents; Escape then Tab moves focus on, so
 * keyboard users are never trapped.
 */
export class CodeEditor extends HTMLElement {
  static formAssociated = false;
  readonly #area: HTMLTextAreaElement;
  readonly #gutter: HTMLElement;
  #escaped = false;
  #errorLine = 0;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open', delegatesFocus: true });
    root.adoptedStyleSheets = [sheet()];
    root.innerHTML = `<div class="g" part="gutter" aria-hidden="true"></div><textarea part="textarea" spellcheck="false" autocapitalize="off" autocomplete="off"></textarea>`;
    this.#gutter = root.querySelector('.g') as HTMLElement;
    this.#area = root.querySelector('textarea') as HTMLTextAreaElement;
    this.#area.addEventListener('input', () => {
      this.#paint();
      this.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    });
    this.#area.addEventListener('scroll', () => {
      this.#gutter.scrollTop = this.#area.scrollTop;
    });
    this.#area.addEventListener('keydown', (e) => this.#key(e));
  }

  static get observedAttributes() {
    return ['label', 'describedby-text'];
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null) {
    if (name === 'label') this.#area.setAttribute('aria-label', value ?? '');
    if (name === 'describedby-text') this.#area.setAttribute('aria-description', value ?? '');
  }

  get value(): string {
    return this.#area.value;
  }

  set value(code: string) {
    if (code !== this.#area.value) this.#area.value = code;
    this.#paint();
  }

  /** Marks a line (1-based) as the one that failed; 0 clears it. */
  set errorLine(line: number) {
    this.#errorLine = line;
    this.#paint();
  }

  #key(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      this.#escaped = true;
      return;
    }
    if (e.key === 'Tab' && !this.#escaped && !e.shiftKey) {
      e.preventDefault();
      this.#area.setRangeText('  ', this.#area.selectionStart, this.#area.selectionEnd, 'end');
      this.#area.dispatchEvent(new Event('input'));
    }
    this.#escaped = false;
  }

  #paint() {
    const lines = this.#area.value.split('\n').length;
    this.#gutter.innerHTML = Array.from({ length: lines }, (_, i) =>
      i + 1 === this.#errorLine ? `<b>${i + 1}</b>` : String(i + 1),
    ).join('\n');
  }
}

if (!customElements.get('cp-code-editor')) customElements.define('cp-code-editor', CodeEditor);

/** A line diff (longest common subsequence) of two texts: ' ' kept, '-' removed, '+' added. */
export function diffLines(before: string, after: string): [' ' | '-' | '+', string][] {
  const a = before.split('\n');
  const b = after.split('\n');
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  const at = (i: number, j: number) => lcs[i * width + j] as number;
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const out: [' ' | '-' | '+', string][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push([' ', a[i] as string]);
      i++;
      j++;
    } else if (j >= b.length || (i < a.length && at(i + 1, j) >= at(i, j + 1))) {
      out.push(['-', a[i++] as string]);
    } else {
      out.push(['+', b[j++] as string]);
    }
  }
  return out;
}

declare global {
  interface HTMLElementTagNameMap {
    'cp-code-editor': CodeEditor;
  }
}
