import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags } from '@lezer/highlight';

// The picker's resolved theme (its --_* properties, fed by the public --cp-* ones) inherits into
// the editor's shadow root, so one theme serves light and dark. The few token colours no --cp-*
// property names are light-dark() pairs: the picker sets color-scheme with its theme. Every
// colour here is checked for 4.5:1 on the editor's background by contrast.test.ts in both themes.
const number = 'light-dark(#8a4b00, #f5b971)';
const fn = 'light-dark(#6b2fa3, #d0a8ff)';
const selection = 'color-mix(in srgb, var(--_accent) 28%, transparent)';

const look = EditorView.theme({
  '&': {
    color: 'var(--_fg)',
    backgroundColor: 'var(--_bg)',
    font: '13px/1.5 var(--cp-font-mono, ui-monospace, monospace)',
    flex: '1',
  },
  // The height of a dozen lines even when empty, the gutter alongside; a panel (the problems)
  // then sits below the code, not in the middle of the box.
  '.cm-content, .cm-gutter': { minHeight: '14em' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { fontFamily: 'inherit', lineHeight: 'inherit' },
  '.cm-content': { caretColor: 'var(--_fg)', padding: '8px 0' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--_fg)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection':
    { backgroundColor: selection },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--_fg) 5%, transparent)' },
  '.cm-gutters': {
    backgroundColor: 'var(--_surface)',
    color: 'var(--_muted)',
    borderRight: '1px solid var(--_border)',
    textAlign: 'right',
  },
  '.cm-activeLineGutter': {
    backgroundColor: 'color-mix(in srgb, var(--_fg) 8%, var(--_surface))',
    color: 'var(--_fg)',
  },
  '&.cm-focused .cm-matchingBracket': {
    backgroundColor: 'color-mix(in srgb, var(--_accent) 22%, transparent)',
    outline: '1px solid var(--_accent-text)',
  },
  '&.cm-focused .cm-nonmatchingBracket': { color: 'var(--_danger)', outline: '1px solid var(--_danger)' },
  '.cm-tooltip': {
    backgroundColor: 'var(--_surface)',
    color: 'var(--_fg)',
    border: '1px solid var(--_border)',
    borderRadius: 'var(--_radius)',
  },
  '.cm-tooltip-autocomplete > ul': { fontFamily: 'inherit' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': {
    backgroundColor: 'var(--_accent)',
    color: 'var(--_on-accent)',
  },
  '.cm-completionDetail': { color: 'inherit', opacity: '1', fontStyle: 'italic' },
  '.cm-completionMatchedText': { textDecoration: 'underline' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--_danger)' },
  '.cm-lintRange-error': { backgroundColor: 'color-mix(in srgb, var(--_danger) 14%, transparent)' },
  '.cm-panels': { backgroundColor: 'var(--_surface)', color: 'var(--_fg)' },
  '.cm-panels-bottom': { borderTop: '1px solid var(--_border)' },
  '.cm-panel.cm-panel-lint ul [aria-selected]': { backgroundColor: 'var(--_accent)', color: 'var(--_on-accent)' },
  '.cm-panel.cm-panel-lint button': { color: 'var(--_fg)' },
});

const tokens = HighlightStyle.define([
  {
    tag: [
      tags.keyword,
      tags.controlKeyword,
      tags.definitionKeyword,
      tags.moduleKeyword,
      tags.operatorKeyword,
      tags.self,
    ],
    color: 'var(--_accent-text)',
    fontWeight: '600',
  },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], color: 'var(--_ok)' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: number },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: fn },
  { tag: tags.definition(tags.variableName), fontWeight: '600' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--_muted)', fontStyle: 'italic' },
  { tag: [tags.operator, tags.punctuation, tags.bracket], color: 'var(--_muted)' },
  { tag: tags.invalid, color: 'var(--_danger)' },
]);

/** The editor's look, from the picker's theme. */
export const theme = [look, syntaxHighlighting(tokens)];
