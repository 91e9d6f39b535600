/**
 * The code editor is its own chunk, loaded when the transformation step opens, so the first
 * load stays light. The ESM build lets the bundler split it; the script-tag bundle replaces
 * the loader with one that fetches `connector-picker-editor.js` beside itself.
 */
type EditorModule = typeof import('./code-editor.ts');

let loader: () => Promise<EditorModule> = () => import('./code-editor.ts');

export const setEditorLoader = (load: () => Promise<EditorModule>) => {
  loader = load;
};

// One editor chunk per page (it defines a custom element, which is per page too). A failed load
// is not kept, so that the next try fetches again.
let loading: Promise<EditorModule> | undefined;
export const loadEditor = () => {
  loading ??= loader().catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
};
