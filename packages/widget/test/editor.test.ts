import { expect } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { ConnectorPicker } from '../src/connector-picker/connector-picker.ts';
import {
  connectorCard,
  focused,
  markedLines,
  one,
  type PickerOptions,
  picker,
  press,
  screenshot,
  text,
  typeCode,
  until,
  view,
  withControl,
} from './helpers.ts';

/** What the steps on the way are called, in the picker's language. */
const ENGLISH = { connector: 'Custom webhook', connect: 'Connect Custom webhook', events: 'Events', next: 'Next' };
const FRENCH = {
  connector: 'Webhook personnalisé',
  connect: 'Webhook personnalisé',
  events: 'Événements',
  next: 'Suivant',
};

/** A new Custom webhook's transformation step, with invoice.created chosen, the editor loaded. */
async function atTransformation(options: PickerOptions = {}, words = ENGLISH) {
  const { el, session } = await picker(options);
  connectorCard(el, words.connector)?.click();
  await view(el, words.connect);
  const url = one<HTMLInputElement>(el, '#f-url');
  if (url) url.value = session.hookUrl;
  one<HTMLFormElement>(el, 'form')?.requestSubmit();
  await view(el, words.events);
  const box = [...(el.shadowRoot?.querySelectorAll('label') ?? [])]
    .find((l) => text(l).startsWith('invoice.created'))
    ?.querySelector('input');
  box?.click();
  await press(el, words.next);
  await view(el, 'Transformation');
  await until(() => editorRoot(el)?.querySelector('.cm-line'), 'the editor loads');
  return el;
}

const editorRoot = (el: ConnectorPicker) => one(el, 'cp-code-editor')?.shadowRoot;
const content = (el: ConnectorPicker) => editorRoot(el)?.querySelector<HTMLElement>('.cm-content');
const editorValue = (el: ConnectorPicker) => (one(el, 'cp-code-editor') as HTMLElement & { value: string }).value;
const options = (el: ConnectorPicker) =>
  [...(editorRoot(el)?.querySelectorAll('.cm-tooltip-autocomplete li .cm-completionLabel') ?? [])].map(text);

/** The computed colour of the first token span showing exactly `token`. */
function colorOf(el: ConnectorPicker, token: string): string | undefined {
  const span = [...(editorRoot(el)?.querySelectorAll('.cm-line span') ?? [])].find((s) => text(s) === token);
  return span ? getComputedStyle(span).color : undefined;
}

describe('the transformation editor', () => {
  it('highlights the JavaScript and matches brackets, in both themes', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const el = await atTransformation({ theme });
      await typeCode(
        el,
        'function handler(webhook) {\n  // keep it\n  webhook.payload = { n: 42, s: "x" };\n  return webhook;\n}\n',
      );
      await until(() => colorOf(el, 'function'), 'the keyword is a token of its own');
      const plain = getComputedStyle(content(el) as HTMLElement).color;
      const colors = ['function', '// keep it', '42', '"x"'].map((token) => colorOf(el, token));
      expect(
        colors.every((c) => c && c !== plain),
        `${colors.join(', ')} against ${plain}`,
      ).to.equal(true);
      expect(new Set(colors).size, colors.join(', ')).to.equal(4);
      // On the opening brace at the end of line 1, its partner on the last line is marked too.
      content(el)?.focus();
      await withControl('Home');
      await sendKeys({ press: 'End' });
      await until(() => (editorRoot(el)?.querySelectorAll('.cm-matchingBracket').length ?? 0) === 2, 'both braces');
      // Its parts, for the vendor's styles: the view has set CodeMirror's words by now, which rebuilds the gutters.
      expect(editorRoot(el)?.querySelector('.cm-gutters')?.getAttribute('part')).to.equal('gutter');
      expect(content(el)?.getAttribute('part')).to.equal('textarea');
      await screenshot(`editor-highlighting-${theme}`);
      el.remove();
    }
  });

  it('marks a parse error at its line and column as the customer types, and clears it when fixed', async () => {
    const el = await atTransformation();
    await typeCode(el, 'function handler(webhook) {\n  return webhook +;\n}\n');
    await until(() => markedLines(el).includes(2), 'the parse error marked on line 2');
    const status = editorRoot(el)?.querySelector('[part="status"]');
    expect(text(status)).to.equal('Syntax error at line 2, column 19');
    expect(status?.getAttribute('aria-live')).to.equal('polite');
    await screenshot('editor-parse-error');
    await typeCode(el, 'function handler(webhook) {\n  return webhook;\n}\n');
    await until(() => markedLines(el).length === 0 && text(status) === '', 'the mark goes once the code parses');
  });

  it('marks where the last run failed, and says the position once (at 375 px, both themes)', async () => {
    await setViewport({ width: 375, height: 800 });
    try {
      for (const theme of ['light', 'dark'] as const) await runtimeError(theme);
    } finally {
      await setViewport({ width: 900, height: 900 });
    }
  });

  async function runtimeError(theme: 'light' | 'dark') {
    const el = await atTransformation({ theme });
    await typeCode(el, 'function handler(webhook) {\n  const p = webhook.payload;\n  return p.nobody.email;\n}\n');
    await press(el, 'Run test');
    await until(() => markedLines(el).includes(3), 'the failing line marked');
    const alert = text(one(el, '[part~="panel"] [role="alert"]'));
    expect(alert).to.match(/^Your code failed at line 3, column \d+: TypeError: Cannot read properties of undefined/);
    expect(alert.match(/line 3/g)?.length, alert).to.equal(1);
    const marked = editorRoot(el)?.querySelector('.cm-lintRange-error');
    expect(text(marked)).to.equal('email');
    // A stray brace typed at the end: the run's mark stays where it was, the parse error joins it.
    content(el)?.focus();
    await withControl('End');
    await sendKeys({ type: '}' });
    await until(() => markedLines(el).join() === '3,5', 'a parse error beside it');
    await screenshot(`editor-errors-375-${theme}`);
    // Replacing the failing code drops the run's mark: it would point at other code.
    await typeCode(el, 'function handler(webhook) {\n  return webhook;\n}\n');
    await until(() => markedLines(el).length === 0, 'no mark left');
    el.remove();
  }

  it('completes webhook fields and the payload fields of the chosen event types', async () => {
    const el = await atTransformation();
    await typeCode(el, 'function handler(webhook) {\n  return webhook;\n}\n');
    content(el)?.focus();
    await withControl('Home');
    await sendKeys({ press: 'End' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ type: 'webhook.' });
    await until(() => options(el).includes('payload'), 'webhook fields offered');
    expect(options(el)).to.include.members(['method', 'url', 'payload', 'headers', 'cancel', 'eventType', 'env']);
    // Typed out rather than taken with Enter: CodeMirror ignores an Enter that comes too soon
    // after the list changed (so a quick Enter makes a new line), which a test cannot time.
    await sendKeys({ type: 'payload.' });
    await until(() => options(el).includes('customer_name'), "invoice.created's schema fields offered");
    expect(options(el)).to.include.members(['amount', 'customer_name', 'status', 'lines']);
    await screenshot('editor-completion');
    await sendKeys({ type: 'lines[0].' });
    await until(() => options(el).includes('sku'), 'the fields of an array item');
    expect(options(el)).to.have.members(['quantity', 'sku']);
    await sendKeys({ type: 'sk' });
    await until(() => options(el).join() === 'sku', 'narrowed as typed');
  });

  it('speaks the customer’s language: the parse error and the problems panel in French', async () => {
    const el = await atTransformation({ locale: 'fr' }, FRENCH);
    await typeCode(el, 'function handler(webhook) {\n  return webhook +;\n}\n');
    const status = () => text(editorRoot(el)?.querySelector('[part="status"]'));
    await until(() => status() === 'Erreur de syntaxe à la ligne 2, colonne 19', 'the parse error, in French');
    await sendKeys({ down: 'Shift' });
    await withControl('KeyM');
    await sendKeys({ up: 'Shift' });
    await until(() => editorRoot(el)?.querySelector('.cm-panel-lint'), 'the problems panel');
    const panel = editorRoot(el)?.querySelector('.cm-panel-lint');
    expect(panel?.querySelector('[role="listbox"]')?.getAttribute('aria-label')).to.equal('Problèmes dans le code');
    expect(panel?.querySelector('button[name="close"]')?.getAttribute('aria-label')).to.equal('Fermer');
    expect(text(panel?.querySelector('[role="option"]'))).to.equal('Erreur de syntaxe à la ligne 2, colonne 19');
    await screenshot('editor-problems-panel-fr');
  });

  it('fires input for the customer’s edits only, not when its value is set', async () => {
    const el = await atTransformation();
    const editor = one(el, 'cp-code-editor') as HTMLElement & { value: string };
    let inputs = 0;
    editor.addEventListener('input', () => inputs++);
    editor.value = 'function handler(webhook) {\n  return webhook;\n}\n';
    expect(inputs).to.equal(0);
    await typeCode(el, 'function handler(w) {\n  return w;\n}\n');
    expect(inputs).to.equal(1);
    expect(editor.value).to.equal('function handler(w) {\n  return w;\n}\n');
  });

  it('keeps Tab for indenting; Escape then Tab moves focus on', async () => {
    const el = await atTransformation();
    await typeCode(el, 'function handler(webhook) {\nreturn webhook;\n}\n');
    content(el)?.focus();
    await withControl('Home');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Tab' });
    expect(editorValue(el)).to.contain('\n  return webhook;');
    expect(focused()?.closest('.cm-content')).to.not.equal(null, 'Tab indented and stayed');
    await sendKeys({ press: 'Escape' });
    await sendKeys({ press: 'Tab' });
    expect(focused()?.closest('.cm-content')).to.equal(null, 'Escape then Tab left the editor');
    expect(editorValue(el)).to.contain('\n  return webhook;', 'and changed nothing');
    // Back in, a plain Tab indents again: Escape lasted one key.
    content(el)?.focus();
    await sendKeys({ press: 'Escape' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Tab' });
    expect(focused()?.closest('.cm-content')).to.not.equal(null);
  });
});
