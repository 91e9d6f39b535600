import { ensureSyntaxTree } from '@codemirror/language';
import { type Diagnostic, forceLinting, linter, lintGutter, lintKeymap } from '@codemirror/lint';
import { type EditorState, type Extension, MapMode, StateEffect, StateField } from '@codemirror/state';
import { type EditorView, keymap } from '@codemirror/view';

/** A place in the code, 1-based as the engine and the 422 say it. */
export interface Position {
  line: number;
  column: number;
}

/** Where the last run failed, and the engine's message. */
export interface RuntimeError extends Position {
  message: string;
}

// How long typing pauses before the code is parsed again for errors.
const PARSE_DELAY_MS = 400;
// Parsing is incremental; the whole document is waited for at most this long per check.
const PARSE_BUDGET_MS = 100;

const setRuntime = StateEffect.define<Diagnostic | null>();

/**
 * The last run's error, moved along as the code around it is edited, until the next run says
 * otherwise or the marked text itself is edited (then the mark would point at other code).
 */
const runtime = StateField.define<Diagnostic | null>({
  create: () => null,
  update(value, tr) {
    for (const effect of tr.effects) if (effect.is(setRuntime)) return effect.value;
    if (!value || !tr.docChanged) return value;
    const from = tr.changes.mapPos(value.from, 1, MapMode.TrackDel);
    const to = tr.changes.mapPos(value.to, -1, MapMode.TrackDel);
    return from === null || to === null || to <= from ? null : { ...value, from, to };
  },
});

/** The offset of a 1-based line and column, kept inside the document. */
function offsetOf(state: EditorState, { line, column }: Position): number {
  const at = state.doc.line(Math.min(Math.max(line, 1), state.doc.lines));
  return Math.min(at.from + Math.max(column - 1, 0), at.to);
}

function positionOf(state: EditorState, offset: number): Position {
  const line = state.doc.lineAt(offset);
  return { line: line.number, column: offset - line.from + 1 };
}

/** The first place the JavaScript parser could not read: one mistake often leaves several error nodes after it. */
function firstParseError(state: EditorState): number | null {
  const tree = ensureSyntaxTree(state, state.doc.length, PARSE_BUDGET_MS);
  let found: number | null = null;
  tree?.iterate({
    enter: (node) => {
      if (found !== null) return false;
      if (node.type.isError) found = node.from;
      return undefined;
    },
  });
  return found;
}

/** A diagnostic over the word at `from` (or one character), so the mark is visible even at a line's end. */
function marked(state: EditorState, from: number, message: string): Diagnostic {
  const word = state.wordAt(from);
  const line = state.doc.lineAt(from);
  const start = word?.from ?? (from === line.to && from > line.from ? from - 1 : from);
  const end = word?.to ?? Math.min(start + 1, line.to);
  return { from: start, to: Math.max(end, start), severity: 'error', message };
}

/**
 * Parse errors, found in the editor's own syntax tree as the customer types (debounced), and
 * the runtime error of the last run, which the view hands over from the server's 422.
 * `onParse` hears where the first parse error is (or null), for the editor's own status line.
 */
export function problems(syntaxMessage: (at: Position) => string, onParse: (at: Position | null) => void): Extension {
  return [
    runtime,
    linter(
      (view) => {
        const { state } = view;
        const found: Diagnostic[] = [];
        const parse = firstParseError(state);
        const at = parse === null ? null : positionOf(state, parse);
        onParse(at);
        if (parse !== null && at) found.push(marked(state, parse, syntaxMessage(at)));
        const error = state.field(runtime);
        if (error) found.push(error);
        return found;
      },
      {
        delay: PARSE_DELAY_MS,
        needsRefresh: (update) => update.transactions.some((tr) => tr.effects.some((e) => e.is(setRuntime))),
      },
    ),
    lintGutter(),
    keymap.of(lintKeymap),
  ];
}

/** Marks where the last run failed (null clears it), at once rather than after the typing pause. */
export function showRuntimeError(view: EditorView, error: RuntimeError | null): void {
  const { state } = view;
  view.dispatch({ effects: setRuntime.of(error && marked(state, offsetOf(state, error), error.message)) });
  forceLinting(view);
}
