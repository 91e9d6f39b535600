import type { Ui } from '../views/host.ts';

/**
 * CodeMirror's own words (`EditorState.phrases`, keyed by its English), in the picker's
 * language. Outside the editor chunk: the view builds them with its `t`.
 */
export const editorPhrases = (t: Ui['t']): Record<string, string> => ({
  'Control character': t('editorControlCharacter'),
  close: t('editorClose'),
  Diagnostics: t('editorDiagnostics'),
  'No diagnostics': t('editorNoDiagnostics'),
  Completions: t('editorCompletions'),
  'Selection deleted': t('editorSelectionDeleted'),
});
