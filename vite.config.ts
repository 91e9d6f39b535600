import { defineConfig, type UserConfig } from 'vite';

// The widget is built from one source into (`vite build --mode …`):
// - esm: modules for bundler users, with `lit` left as a bare import they share, the code
//   editor split into a chunk of its own;
// - script: one self-registering classic script with Lit inlined, for a plain <script> tag;
// - editor: the code editor as connector-picker-editor.js, which the script loads on demand.
const widget = 'packages/widget';

// `npm test` builds quietly: warnings and errors only.
const logLevel: UserConfig['logLevel'] = process.env.PATCHBAY_BUILD_QUIET ? 'warn' : 'info';

/** One file in dist/, beside the others, for pages that load it by URL. */
const classic = (entry: string, file: string, format: 'iife' | 'es', external: RegExp[]): UserConfig => ({
  logLevel,
  build: {
    outDir: `${widget}/dist`,
    emptyOutDir: false,
    // Maps are built for debugging here; the packages ship none, so no comment points at one.
    sourcemap: 'hidden',
    lib: { entry, name: 'PatchbayConnectorPicker', formats: [format], fileName: () => file },
    rolldownOptions: { external },
  },
});

export default defineConfig(({ mode }) => {
  if (mode === 'esm') {
    return {
      logLevel,
      build: {
        outDir: `${widget}/dist/esm`,
        emptyOutDir: true,
        sourcemap: 'hidden',
        minify: false,
        lib: {
          entry: { index: `${widget}/src/index.ts`, define: `${widget}/src/define.ts` },
          formats: ['es'],
        },
        // @lit/task imports @lit/reactive-element: external like lit itself, or the ESM build carries a second copy.
        rolldownOptions: { external: [/^lit/, /^@lit\/reactive-element/] },
      },
    };
  }
  if (mode === 'script') {
    // The script swaps in a loader for connector-picker-editor.js, so the editor stays out of it.
    return classic(`${widget}/src/script.ts`, 'connector-picker.js', 'iife', [/code-editor\.ts$/]);
  }
  if (mode === 'editor') return classic(`${widget}/src/editor/code-editor.ts`, 'connector-picker-editor.js', 'es', []);
  throw new Error(`vite.config.ts: use --mode esm, script or editor (got "${mode}")`);
});
