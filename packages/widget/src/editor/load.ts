/**
 * The code editor is its own chunk, loaded when the transformation step opens, so the first
 * load stays light.
 */
type EditorModule = typeof import('./code-editor.ts');

// One editor chunk per page (it defines a custom element, which is per page too). A failed load
// is not kept, so that the next try fetches again.
let loading: Promise<EditorModule> | undefined;
export const loadEditor = () => {
  loading ??= import('./code-editor.ts').catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
};
